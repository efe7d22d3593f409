using IsoBuild.Layout;
using IsoBuild.Spec;
using IsoBuild.Testing;
using IsoBuild.Writing;

namespace IsoBuild.Tests.Writing;

public class SmallFileReaderTests
{
    /// <summary>A tree of <paramref name="count"/> files of different small sizes, and its layout's files in image order.</summary>
    private static (string Source, List<LayoutNode> Files) Tree(TempDirectory t, int count)
    {
        string src = t.CreateDirectory("src");
        for (int i = 0; i < count; i++)
        {
            byte[] data = new byte[1 + i * 997 % 70_000];
            new Random(i).NextBytes(data);
            File.WriteAllBytes(Path.Combine(src, $"f{i:D4}.bin"), data);
        }
        ImageLayout layout = ImageLayout.Create(new ImageSpecBuilder(src).AddSource(".").Build());
        return (src, [.. layout.Files.Where(SmallFileReader.Takes)]);
    }

    private static string SourceOf(LayoutNode file) => ((FileContentSource)file.Entry!.Content!).FullPath;

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(SmallFileReader.MaxLength - 1, true)]
    [InlineData(SmallFileReader.MaxLength, false)]
    public void Takes_non_empty_files_on_disk_below_the_limit(int length, bool taken)
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        File.WriteAllBytes(Path.Combine(src, "f.bin"), new byte[length]);
        ImageLayout layout = ImageLayout.Create(new ImageSpecBuilder(src).AddSource(".").Build());
        Assert.Equal(taken, SmallFileReader.Takes(layout.Files.Single()));
    }

    [Fact]
    public void Content_in_memory_is_not_taken()
    {
        var spec = new ImageSpec { Entries = [new ImageEntry("a", EntryKind.File, ContentSource.FromBytes(new byte[10]))] };
        Assert.False(SmallFileReader.Takes(ImageLayout.Create(spec).Files.Single()));
    }

    [Fact]
    public void Hands_over_every_file_in_order_with_its_bytes_across_many_batches()
    {
        using var t = new TempDirectory();
        (_, List<LayoutNode> files) = Tree(t, 300);
        using var reader = new SmallFileReader(files, whileWaiting: null, CancellationToken.None);
        foreach (LayoutNode file in files)
        {
            byte[] buffer = reader.Take(file);
            Assert.Equal(File.ReadAllBytes(SourceOf(file)), buffer.AsSpan(0, (int)file.Length).ToArray());
            reader.GiveBack(buffer);
        }
    }

    [Fact]
    public void Buffers_given_back_are_read_into_again()
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        for (int i = 0; i < 6000; i++)
            File.WriteAllBytes(Path.Combine(src, $"f{i:D4}.bin"), [(byte)i, (byte)(i >> 8), 1, 2, 3]);
        List<LayoutNode> files = [.. ImageLayout.Create(new ImageSpecBuilder(src).AddSource(".").Build()).Files.Where(SmallFileReader.Takes)];
        Assert.Equal(6000, files.Count);
        var seen = new HashSet<byte[]>(ReferenceEqualityComparer.Instance);
        using (var reader = new SmallFileReader(files, whileWaiting: null, CancellationToken.None))
        {
            foreach (LayoutNode file in files)
            {
                byte[] buffer = reader.Take(file);
                Assert.Equal(File.ReadAllBytes(SourceOf(file)), buffer.AsSpan(0, 5).ToArray());
                seen.Add(buffer);
                reader.GiveBack(buffer);
            }
        }
        // What can be in flight at once (the queued batches, the one being filled, the writer's) is a few thousand at
        // most: 6,000 files read into as many buffers would mean none came back.
        Assert.InRange(seen.Count, 1, 3000);
    }

    [Fact]
    public void A_file_that_changed_fails_when_the_writer_reaches_it_and_not_before()
    {
        using var t = new TempDirectory();
        (_, List<LayoutNode> files) = Tree(t, 100);
        File.AppendAllText(SourceOf(files[70]), "grown");
        using var reader = new SmallFileReader(files, whileWaiting: null, CancellationToken.None);
        for (int i = 0; i < 70; i++)
            reader.GiveBack(reader.Take(files[i]));
        var e = Assert.Throws<IsoBuildException>(() => reader.Take(files[70]));
        Assert.Equal(ErrorCodes.SourceChanged, e.Code);
        Assert.Contains(files[70].ImagePath, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Taking_a_file_out_of_order_is_a_bug_reported_as_such()
    {
        using var t = new TempDirectory();
        (_, List<LayoutNode> files) = Tree(t, 3);
        using var reader = new SmallFileReader(files, whileWaiting: null, CancellationToken.None);
        Assert.Throws<InvalidOperationException>(() => reader.Take(files[1]));
    }

    [Fact]
    public async Task Stopping_early_ends_the_reading_thread()
    {
        using var t = new TempDirectory();
        (_, List<LayoutNode> files) = Tree(t, 2000);
        var reader = new SmallFileReader(files, whileWaiting: null, CancellationToken.None);
        reader.GiveBack(reader.Take(files[0]));
        Task dispose = Task.Run(reader.Dispose);
        Task first = await Task.WhenAny(dispose, Task.Delay(TimeSpan.FromMinutes(1)));
        Assert.True(first == dispose, "Dispose did not return: the reading thread kept waiting for room.");
        await dispose;
    }

    [Fact]
    public void Cancellation_stops_a_waiting_writer()
    {
        using var t = new TempDirectory();
        (_, List<LayoutNode> files) = Tree(t, 5);
        using var cts = new CancellationTokenSource();
        using var reader = new SmallFileReader(files, whileWaiting: null, cts.Token);
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => reader.Take(files[0]));
    }
}
