using IsoBuild.Layout;
using IsoBuild.Spec;
using IsoBuild.Testing;
using IsoBuild.Writing;

namespace IsoBuild.Tests.Writing;

public class LargeFileCopierTests
{
    private const int Mib = 1 << 20;

    /// <summary>Large files of the given sizes (random bytes), and their layout's files in image order.</summary>
    private static (string Source, LayoutNode[] Files) Tree(TempDirectory t, params int[] sizes)
    {
        string src = t.CreateDirectory("src");
        for (int i = 0; i < sizes.Length; i++)
        {
            byte[] data = new byte[sizes[i]];
            new Random(i).NextBytes(data);
            File.WriteAllBytes(Path.Combine(src, $"f{i}.bin"), data);
        }
        ImageLayout layout = ImageLayout.Create(new ImageSpecBuilder(src).AddSource(".").Build());
        return (src, [.. layout.Files.Where(LargeFileCopier.Takes)]);
    }

    private static string SourceOf(LayoutNode file) => ((FileContentSource)file.Entry!.Content!).FullPath;

    private static long Place(LayoutNode file) => (long)file.DataExtent * ImageLayout.SectorSize;

    private static byte[] InImage(FileStream image, LayoutNode file)
    {
        byte[] data = new byte[file.Length];
        Assert.Equal(data.Length, RandomAccess.Read(image.SafeFileHandle, data, Place(file)));
        return data;
    }

    /// <summary>Copies ahead until there is nothing left, and tells how many pieces that took.</summary>
    private static int CopyAll(LargeFileCopier copier)
    {
        int pieces = 0;
        while (copier.CopyPiece())
            pieces++;
        return pieces;
    }

    [Theory]
    [InlineData(SmallFileReader.MaxLength - 1, false)]
    [InlineData(SmallFileReader.MaxLength, true)]
    public void Takes_files_on_disk_that_are_not_read_whole(int length, bool taken)
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        File.WriteAllBytes(Path.Combine(src, "f.bin"), new byte[length]);
        ImageLayout layout = ImageLayout.Create(new ImageSpecBuilder(src).AddSource(".").Build());
        Assert.Equal(taken, LargeFileCopier.Takes(layout.Files.Single()));
        var spec = new ImageSpec { Entries = [new ImageEntry("a", EntryKind.File, ContentSource.FromBytes(new byte[length]))] };
        Assert.False(LargeFileCopier.Takes(ImageLayout.Create(spec).Files.Single()));
    }

    [Fact]
    public void Copies_every_file_to_its_place_a_piece_at_a_time_and_hands_each_over_whole()
    {
        using var t = new TempDirectory();
        (_, LayoutNode[] files) = Tree(t, 300_000, 5 * Mib, 600_000);
        using var image = new FileStream(t.Combine("x.iso"), FileMode.Create, FileAccess.ReadWrite);
        using var copier = new LargeFileCopier(files, image);
        const long start = 7 * ImageLayout.SectorSize; // the image starts further into the output
        copier.Start(files[0], start + Place(files[0]));
        Assert.Equal(1 + 3 + 1, CopyAll(copier)); // 2 MiB a piece
        foreach (LayoutNode file in files)
        {
            byte[] data = new byte[file.Length];
            Assert.Equal(data.Length, RandomAccess.Read(image.SafeFileHandle, data, start + Place(file)));
            Assert.Equal(File.ReadAllBytes(SourceOf(file)), data);
            (long copied, FileStream? source) = copier.Take(file, start + Place(file));
            Assert.Equal(file.Length, copied);
            Assert.Null(source);
        }
    }

    [Fact]
    public void A_partly_copied_file_is_handed_over_with_its_source_and_copying_moves_on_to_the_next()
    {
        using var t = new TempDirectory();
        (_, LayoutNode[] files) = Tree(t, 5 * Mib, 300_000);
        using var image = new FileStream(t.Combine("x.iso"), FileMode.Create, FileAccess.ReadWrite);
        using var copier = new LargeFileCopier(files, image);
        copier.Start(files[0], Place(files[0]));
        Assert.True(copier.CopyPiece());
        (long copied, FileStream? source) = copier.Take(files[0], Place(files[0]));
        using (source)
        {
            Assert.Equal(2 * Mib, copied);
            Assert.NotNull(source);
        }
        Assert.Equal(1, CopyAll(copier)); // the second file; the first is the writer's now
        Assert.Equal(File.ReadAllBytes(SourceOf(files[1])), InImage(image, files[1]));
        Assert.Equal((files[1].Length, null), copier.Take(files[1], Place(files[1])));
    }

    [Fact]
    public void A_file_the_writer_reached_first_is_not_copied_ahead()
    {
        using var t = new TempDirectory();
        (_, LayoutNode[] files) = Tree(t, 300_000, 300_000);
        using var image = new FileStream(t.Combine("x.iso"), FileMode.Create, FileAccess.ReadWrite);
        using var copier = new LargeFileCopier(files, image);
        copier.Start(files[0], Place(files[0]));
        Assert.Equal((0, null), copier.Take(files[0], Place(files[0])));
        Assert.Equal(1, CopyAll(copier)); // the second file only
        Assert.All(InImage(image, files[0]), b => Assert.Equal(0, b));
        Assert.Equal(File.ReadAllBytes(SourceOf(files[1])), InImage(image, files[1]));
    }

    [Fact]
    public void A_file_that_grew_is_left_whole_to_the_writer_and_copying_ahead_stops()
    {
        using var t = new TempDirectory();
        (_, LayoutNode[] files) = Tree(t, 300_000, 300_000);
        File.AppendAllText(SourceOf(files[0]), "more");
        using var image = new FileStream(t.Combine("x.iso"), FileMode.Create, FileAccess.ReadWrite);
        using var copier = new LargeFileCopier(files, image);
        copier.Start(files[0], Place(files[0]));
        Assert.Equal(0, CopyAll(copier));
        Assert.Equal((0, null), copier.Take(files[0], Place(files[0])));
        Assert.Equal((0, null), copier.Take(files[1], Place(files[1])));
    }

    [Fact]
    public void A_file_that_got_shorter_keeps_what_is_in_place_and_copying_ahead_stops()
    {
        using var t = new TempDirectory();
        (_, LayoutNode[] files) = Tree(t, 5 * Mib, 300_000);
        using (var shorter = new FileStream(SourceOf(files[0]), FileMode.Open))
            shorter.SetLength(3 * Mib);
        using var image = new FileStream(t.Combine("x.iso"), FileMode.Create, FileAccess.ReadWrite);
        using var copier = new LargeFileCopier(files, image);
        copier.Start(files[0], Place(files[0]));
        Assert.Equal(2, CopyAll(copier)); // 2 MiB, then the last 1 MiB there is; then nothing
        Assert.Equal((3 * Mib, null), copier.Take(files[0], Place(files[0])));
        Assert.Equal((0, null), copier.Take(files[1], Place(files[1])));
    }

    [Fact]
    public void A_file_that_cannot_be_opened_stops_copying_ahead()
    {
        using var t = new TempDirectory();
        (_, LayoutNode[] files) = Tree(t, 300_000, 300_000);
        File.Delete(SourceOf(files[0]));
        using var image = new FileStream(t.Combine("x.iso"), FileMode.Create, FileAccess.ReadWrite);
        using var copier = new LargeFileCopier(files, image);
        copier.Start(files[0], Place(files[0]));
        Assert.False(copier.CopyPiece());
        Assert.Equal((0, null), copier.Take(files[0], Place(files[0])));
        Assert.Equal((0, null), copier.Take(files[1], Place(files[1])));
    }

    [Fact]
    public void A_writer_elsewhere_than_a_file_copied_ahead_is_refused()
    {
        using var t = new TempDirectory();
        (_, LayoutNode[] files) = Tree(t, 300_000);
        using var image = new FileStream(t.Combine("x.iso"), FileMode.Create, FileAccess.ReadWrite);
        using var copier = new LargeFileCopier(files, image);
        copier.Start(files[0], Place(files[0]));
        Assert.True(copier.CopyPiece());
        Assert.Throws<InvalidOperationException>(() => copier.Take(files[0], Place(files[0]) + ImageLayout.SectorSize));
    }

    [Fact]
    public async Task An_image_written_with_copying_ahead_equals_one_written_without()
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        var random = new Random(5);
        for (int i = 0; i < 600; i++) // small files first, for the writer to wait on, then large ones and small ones mixed
        {
            byte[] data = new byte[i % 50 == 49 ? 300_000 + i * 4099 : 1 + i * 977 % 30_000];
            random.NextBytes(data);
            File.WriteAllBytes(Path.Combine(src, $"f{i:D3}.bin"), data);
        }
        File.Copy(Path.Combine(src, "f049.bin"), Path.Combine(src, "same.bin")); // shares its extent
        ImageLayout layout = ImageLayout.Create(new ImageSpecBuilder(src).AddSource(".").Build());
        Assert.Contains(layout.Files, f => LargeFileCopier.Takes(f) && f.DataOwner is not null);

        using (var image = new FileStream(t.Combine("ahead.iso"), FileMode.Create, FileAccess.ReadWrite))
            ImageWriter.Write(layout, image);
        using var without = new MemoryStream();
        await ImageWriter.WriteAsync(layout, without);
        Assert.Equal(without.ToArray(), File.ReadAllBytes(t.Combine("ahead.iso")));
    }
}
