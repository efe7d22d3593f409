using IsoBuild.Reading;
using IsoBuild.Spec;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Reading;

/// <summary>Hostile and damaged images: extraction never writes outside its directory, loops and damage give coded errors.</summary>
public sealed class HostileImageTests
{
    /// <summary>
    /// An image whose Rock Ridge names are "..", "/evil-abs0" and "../evil-nm", whose links point outside (directly,
    /// absolutely and through another link), with a link and a directory of the same name, and a file under a
    /// directory that is a symbolic link to outside in the target.
    /// </summary>
    private static string HostileImage(TempDirectory dir)
    {
        ImageSpec spec = new ImageSpecBuilder(dir.Path)
            .AddBytes("qq/evil1.txt", "escaped via .."u8.ToArray())
            .AddBytes("zzzzzzzzzz", "absolute name"u8.ToArray())
            .AddBytes("nnnnnnnnnn", "name with a slash"u8.ToArray())
            .AddSymlink("link-up", "../../../../../../../../etc")
            .AddSymlink("link-abs", "/etc/passwd")
            .AddSymlink("chain", "link-up/passwd")
            .AddSymlink("d", "..")
            .AddBytes("x/pwn.txt", "under the link's name"u8.ToArray())
            .AddBytes("sub/through.txt", "through a link in the target"u8.ToArray())
            .AddBytes("hello.txt", "hello"u8.ToArray())
            .AddSymlink("inside", "hello.txt")
            .AddSymlink("bin/inside-up", "../hello.txt")
            .Build() with { Joliet = false };
        string path = dir.Combine("hostile.iso");
        IsoImageBuilder.Build(spec, path);
        byte[] image = File.ReadAllBytes(path);
        ImageBytes.RenameRockRidge(image, "qq", "..");
        ImageBytes.RenameRockRidge(image, "zzzzzzzzzz", "/evil-abs0");
        ImageBytes.RenameRockRidge(image, "nnnnnnnnnn", "../evil-nm");
        ImageBytes.RenameRockRidge(image, "x", "d");
        File.WriteAllBytes(path, image);
        return path;
    }

    [Fact]
    public void Extracting_a_hostile_image_writes_nothing_outside_the_target_and_lists_what_it_refused()
    {
        using var dir = new TempDirectory("hostile");
        string image = HostileImage(dir);
        string sandbox = dir.CreateDirectory("sandbox");
        string outside = dir.CreateDirectory("sandbox", "outside");
        string target = dir.CreateDirectory("sandbox", "out");
        Directory.CreateSymbolicLink(Path.Combine(target, "sub"), outside);

        using IsoImageReader reader = IsoImageReader.Open(image);
        IsoExtractResult result = IsoImageExtractor.Extract(reader, [], target);

        Assert.Equal(["out", "outside"], Directory.EnumerateFileSystemEntries(sandbox).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        Assert.False(File.Exists("/evil-abs0"));
        Assert.False(File.Exists(Path.Combine(dir.Path, "evil-nm")) || File.Exists(Path.Combine(sandbox, "evil-nm")));
        Assert.False(File.Exists(Path.Combine(sandbox, "evil1.txt")));

        string refused = string.Join('\n', result.Refused);
        foreach (string path in new[] { "/..", "//evil-abs0", "/../evil-nm", "/link-up", "/link-abs", "/chain", "/sub", "/d" })
            Assert.Contains(path + ":", refused, StringComparison.Ordinal);
        // What is safe arrives.
        Assert.Equal("hello", File.ReadAllText(Path.Combine(target, "hello.txt")));
        Assert.Equal("hello.txt", new FileInfo(Path.Combine(target, "inside")).LinkTarget);
        Assert.Equal("../hello.txt", new FileInfo(Path.Combine(target, "bin", "inside-up")).LinkTarget);
        Assert.Equal("under the link's name", File.ReadAllText(Path.Combine(target, "d", "pwn.txt")));
        Assert.Null(new FileInfo(Path.Combine(target, "d")).LinkTarget);
    }

    [Fact]
    public void A_directory_that_points_to_its_ancestor_is_a_loop_error()
    {
        using var dir = new TempDirectory("loop");
        ImageSpec spec = new ImageSpecBuilder(dir.Path).AddBytes("A/B/C.TXT", "c"u8.ToArray()).Build() with { Joliet = false, RockRidge = false };
        string path = dir.Combine("loop.iso");
        IsoImageBuilder.Build(spec, path);
        byte[] image = File.ReadAllBytes(path);
        uint root = ImageBytes.Extent(image, 16 * ImageBytes.Sector + 156);
        ImageBytes.SetExtent(image, ImageBytes.Record(image, "B"), root);
        File.WriteAllBytes(path, image);

        using IsoImageReader reader = IsoImageReader.Open(path);
        var e = Assert.Throws<IsoBuildException>(() => reader.EnumerateDescendants().ToList());
        Assert.Equal(ErrorCodes.DirectoryLoop, e.Code);
        Assert.Contains(IsoImageVerifier.Verify(path).Select(p => p.ToString()).ToList(), p => p.StartsWith(ErrorCodes.DirectoryLoop, StringComparison.Ordinal));
    }

    [Fact]
    public void Continuation_areas_that_loop_are_an_error()
    {
        using var dir = new TempDirectory("ce-loop");
        // A 6000-character link target needs a record's own CE and one more in its first continuation area.
        string target = string.Join('/', Enumerable.Repeat(new string('t', 200), 30));
        ImageSpec spec = new ImageSpecBuilder(dir.Path).AddSymlink("long", target).Build() with { Joliet = false };
        string path = dir.Combine("ce.iso");
        IsoImageBuilder.Build(spec, path);
        using (IsoImageReader good = IsoImageReader.Open(path))
            Assert.Equal(target, good.Find("long")!.LinkTarget);

        byte[] image = File.ReadAllBytes(path);
        byte[] ce = [(byte)'C', (byte)'E', 28, 1];
        // Find a CE whose area holds another CE, and point that one back at the area that holds it.
        bool patched = false;
        for (int at = image.AsSpan().IndexOf(ce); at >= 0 && !patched; at = image.AsSpan(at + 1).IndexOf(ce) is int n and >= 0 ? at + 1 + n : -1)
        {
            int area = (int)ImageBytes.Extent(image, at + 2) * ImageBytes.Sector + (int)BitConverter.ToUInt32(image, at + 12);
            int length = (int)BitConverter.ToUInt32(image, at + 20);
            int inner = image.AsSpan(area, length).IndexOf(ce);
            if (inner < 0)
                continue;
            image.AsSpan(at + 4, 16).CopyTo(image.AsSpan(area + inner + 4));
            patched = true;
        }
        Assert.True(patched, "no chained continuation areas were written");
        File.WriteAllBytes(path, image);

        using IsoImageReader reader = IsoImageReader.Open(path);
        var e = Assert.Throws<IsoBuildException>(() => reader.Root.GetChildren());
        Assert.Equal(ErrorCodes.MalformedSystemUse, e.Code);
        Assert.Contains("loop", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dates_that_are_not_dates_read_as_missing()
    {
        using var dir = new TempDirectory("dates");
        ImageSpec spec = new ImageSpecBuilder(dir.Path).AddBytes("A.TXT", "a"u8.ToArray()).Build() with { Joliet = false, RockRidge = false };
        string path = dir.Combine("dates.iso");
        IsoImageBuilder.Build(spec, path);
        byte[] image = File.ReadAllBytes(path);
        "9999123123595999"u8.CopyTo(image.AsSpan(16 * ImageBytes.Sector + 813));
        image[16 * ImageBytes.Sector + 813 + 16] = 0x7F; // +31:45 from GMT: no such offset
        int record = ImageBytes.Record(image, "A.TXT;1");
        image[record + 18 + 1] = 13; // month 13
        File.WriteAllBytes(path, image);

        using IsoImageReader reader = IsoImageReader.Open(path);
        Assert.Null(reader.Volume.Created);
        Assert.NotNull(reader.Volume.Modified);
        Assert.Null(reader.Find("A.TXT")!.ModifiedTime);
    }

    [Fact]
    public void Random_damage_to_the_metadata_gives_coded_errors_or_readable_images_never_other_failures()
    {
        using var dir = new TempDirectory("fuzz");
        string source = dir.CreateDirectory("src");
        TestTrees.CreateVaried(source, withLongNames: true);
        File.Delete(Path.Combine(source, "data", "random-3mb.bin"));
        string path = Images.Pack(source, dir.Combine("good.iso")).OutputPath!;
        byte[] good = File.ReadAllBytes(path);
        using IsoImageReader clean = IsoImageReader.Open(path);
        int metadataEnd = (int)clean.Find("sizes")!.GetChildren().Min(e => e.Extents.Count > 0 ? e.Extents[0].Lba : uint.MaxValue) * ImageBytes.Sector;
        var random = new Random(1234);
        string damaged = dir.Combine("damaged.iso");
        int coded = 0;
        for (int round = 0; round < 150; round++)
        {
            byte[] image = (byte[])good.Clone();
            for (int k = 0; k < 1 + round % 8; k++)
                image[random.Next(16 * ImageBytes.Sector, metadataEnd)] = (byte)random.Next(256);
            File.WriteAllBytes(damaged, image);
            try
            {
                using IsoImageReader reader = IsoImageReader.Open(damaged);
                foreach (IsoEntry e in reader.EnumerateDescendants())
                {
                    if (e.Kind == EntryKind.File)
                    {
                        using Stream s = e.OpenRead();
                        s.CopyTo(Stream.Null);
                    }
                }
                _ = reader.BootCatalog;
                _ = reader.PartitionTable;
            }
            catch (IsoBuildException e)
            {
                Assert.StartsWith("ISO02", e.Code, StringComparison.Ordinal);
                coded++;
            }
            Assert.All(IsoImageVerifier.Verify(damaged).Select(p => p.ToString()).ToList(), p => Assert.StartsWith("ISO02", p, StringComparison.Ordinal));
        }
        Assert.True(coded > 0, "no damage was ever detected: the damage does not reach the metadata");
    }
}
