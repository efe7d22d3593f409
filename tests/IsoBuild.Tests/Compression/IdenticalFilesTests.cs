using System.Globalization;
using IsoBuild.Content;
using IsoBuild.Layout;
using IsoBuild.Reading;
using IsoBuild.Spec;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Compression;

/// <summary>
/// Identical files stored once (<see cref="ImageSpec.Deduplicate"/>, on by default) and hard links kept as hard
/// links: 100 copies of a 1 MB file make an image of about 1 MB of data whose copies every reader extracts right; the
/// first file in image order owns the extent; only files whose size another shares are read (and read whole again
/// only when the fingerprints of their starts agree too); the bytes are the same
/// twice and from a perturbed copy of the tree.
/// </summary>
[Trait(Category.Name, Category.External)]
public sealed class IdenticalFilesTests : IClassFixture<IdenticalFilesTests.Copies>
{
    private const int CopyCount = 100;
    private const int CopyLength = 1_000_000;

    private readonly Copies _copies;

    public IdenticalFilesTests(Copies copies) => _copies = copies;

    /// <summary>100 copies of one 1 MB file in two directories, a lone file of another size, and the image of them.</summary>
    public sealed class Copies : IDisposable
    {
        public Copies()
        {
            Source = Dir.CreateDirectory("src");
            Content = CompressionCorpus.Random(CopyLength, 42);
            for (int i = 0; i < CopyCount; i++)
            {
                string dir = Path.Combine(Source, i % 2 == 0 ? "even" : "odd");
                Directory.CreateDirectory(dir);
                File.WriteAllBytes(Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"copy-{i:D3}.bin")), Content);
            }
            File.WriteAllText(Path.Combine(Source, "readme.txt"), "one hundred copies");
            Result = Images.Pack(Source, Image = Dir.Combine("copies.iso"));
        }

        public TempDirectory Dir { get; } = new("identical-files");
        public string Source { get; }
        public byte[] Content { get; }
        public string Image { get; }
        public ImageBuildResult Result { get; }

        public void Dispose() => Dir.Dispose();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_patched_boot_image_shares_its_extent_with_no_copy_of_it(bool asEntry)
    {
        // A boot image and a byte-identical copy: the image's copy in the image gets a boot info table, the other
        // file must keep its own bytes, whether the image is the shorthand BIOS image or an El Torito entry's.
        byte[] boot = CompressionCorpus.Random(8192, 7);
        ImageSpec spec = new ImageSpecBuilder("/").AddBytes("boot/boot.img", boot).AddBytes("copy/boot.img", boot).Build();
        spec = spec with
        {
            Boot = asEntry
                ? new BootSpec { Entries = [new ElToritoEntry { Image = "boot/boot.img", BootInfoTable = true }] }
                : new BootSpec { BiosImage = "boot/boot.img", BootInfoTable = true },
        };
        string image = _copies.Dir.Combine($"boot-copy-{asEntry}.iso");
        ImageBuildResult result = IsoImageBuilder.Build(spec, image);
        Assert.Equal(0, result.SharedFiles);
        using IsoImageReader reader = IsoImageReader.Open(image);
        Assert.Equal(boot, ReadAll(reader.Find("/copy/boot.img")!));
        Assert.NotEqual(boot, ReadAll(reader.Find("/boot/boot.img")!));
    }

    private static byte[] ReadAll(IsoEntry entry)
    {
        using Stream s = entry.OpenRead();
        using var copy = new MemoryStream();
        s.CopyTo(copy);
        return copy.ToArray();
    }

    [Fact]
    public void A_hundred_copies_of_a_megabyte_take_about_a_megabyte()
    {
        // 1 MB of data, the metadata of 101 files and the 300 KiB of padding: well under 1.5 MB.
        Assert.InRange(_copies.Result.Size, CopyLength, 1_500_000);
        Assert.Equal(CopyCount - 1, _copies.Result.SharedFiles);
        Assert.Equal((CopyCount - 1) * 489L * 2048, _copies.Result.SharedBytes);
        Assert.Contains("; 99 files stored once (94.6 MiB saved)", _copies.Result.Summary, StringComparison.Ordinal);

        string separate = _copies.Dir.Combine("separate.iso");
        ImageBuildResult plain = Images.Pack(_copies.Source, separate, s => s with { Deduplicate = false });
        Assert.True(plain.Size > CopyCount * (long)CopyLength, plain.Summary);
        Assert.Equal(0, plain.SharedFiles);
    }

    [Fact]
    public void Every_record_points_at_the_extent_of_the_first_copy_in_image_order()
    {
        foreach (IsoNamespace names in new[] { IsoNamespace.RockRidge, IsoNamespace.Joliet, IsoNamespace.Iso9660 })
        {
            using IsoImageReader reader = IsoImageReader.Open(_copies.Image, names);
            List<IsoEntry> copies = [.. reader.EnumerateDescendants().Where(e => e.Kind == EntryKind.File && e.Length == CopyLength)];
            Assert.Equal(CopyCount, copies.Count);
            Assert.Single(copies.Select(c => c.Extents[0].Lba).Distinct());
            // The tree is laid out depth first: /even before /odd, so /even/copy-000.bin owns the data.
            uint readme = reader.Find(names == IsoNamespace.Iso9660 ? "README.TXT" : "readme.txt")!.Extents[0].Lba;
            Assert.True(copies[0].Extents[0].Lba < readme);
        }
        Assert.Empty(IsoImageVerifier.Verify(_copies.Image));
    }

    [Fact]
    public void Every_reader_extracts_every_copy()
    {
        var expected = TreeSnapshot.Take(_copies.Source, withModes: false);
        string ours = _copies.Dir.Combine("ours");
        using (IsoImageReader reader = IsoImageReader.Open(_copies.Image))
            IsoImageExtractor.Extract(reader, [], ours);
        TreeSnapshot.AssertEqual(expected, TreeSnapshot.Take(ours, withModes: false), "IsoBuild");

        string osirrox = _copies.Dir.Combine("osirrox");
        ExternalTool.Run("xorriso", "-osirrox", "on", "-indev", _copies.Image, "-extract", "/", osirrox).EnsureSuccess();
        TreeSnapshot.AssertEqual(expected, TreeSnapshot.Take(osirrox, withModes: false), "osirrox");

        string bsdtar = _copies.Dir.CreateDirectory("bsdtar");
        ExternalTool.Run("bsdtar", "-x", "-f", _copies.Image, "-C", bsdtar).EnsureSuccess();
        TreeSnapshot.AssertEqual(expected, TreeSnapshot.Take(bsdtar, withModes: false), "bsdtar");

        // 7-Zip reads Joliet names.
        string sevenZip = _copies.Dir.Combine("7zz");
        ExternalTool.Run("7zz", "x", "-y", "-o" + sevenZip, _copies.Image).EnsureSuccess();
        TreeSnapshot.AssertEqual(expected, TreeSnapshot.Take(sevenZip, withModes: false), "7-Zip");

        // isoinfo reads each file through its own record.
        string isoinfo = ExternalTool.Require("isoinfo");
        string sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(_copies.Content));
        foreach (string path in new[] { "/even/copy-000.bin", "/odd/copy-099.bin", "/even/copy-050.bin" })
        {
            string piped = ExternalTool.Run("sh", "-c", $"'{isoinfo}' -R -i '{_copies.Image}' -x {path} | sha256sum").EnsureSuccess().StandardOutput;
            Assert.StartsWith(sha256, piped, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Only_files_whose_size_another_file_shares_are_read_and_only_alike_ones_twice()
    {
        var opened = new Dictionary<string, int>(StringComparer.Ordinal);
        ImageEntry Counted(string path, byte[] content) => new(path, EntryKind.File, ContentSource.FromStream(() =>
        {
            lock (opened)
                opened[path] = opened.GetValueOrDefault(path) + 1;
            return new MemoryStream(content, writable: false);
        }, content.Length, path));
        var spec = new ImageSpec
        {
            Entries =
            [
                Counted("a.bin", [1, 2, 3, 4]),
                Counted("b.bin", [1, 2, 3, 4]),
                Counted("c.bin", [9, 9, 9, 9]),
                Counted("unique.bin", [1, 2, 3, 4, 5]),
                Counted("empty-1", []),
                Counted("empty-2", []),
            ],
        };
        using ContentPlan plan = ContentPlan.Prepare(spec, spoolDirectory: null);
        // c.bin is read once, for its fingerprint; a.bin and b.bin, whose fingerprints agree, once more for their SHA-256.
        Assert.Equal(["a.bin", "b.bin", "c.bin"], opened.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([2, 2, 1], opened.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => o.Value));
        Assert.NotNull(plan.DataGroup(spec.Entries[0]));
        Assert.Equal(plan.DataGroup(spec.Entries[0]), plan.DataGroup(spec.Entries[1]));
        Assert.Null(plan.DataGroup(spec.Entries[2]));
        Assert.Null(plan.DataGroup(spec.Entries[3]));

        ImageLayout layout = ImageLayout.Create(spec, plan);
        LayoutNode a = layout.Files.Single(f => f.Path == "a.bin"), b = layout.Files.Single(f => f.Path == "b.bin");
        Assert.Same(a, b.DataOwner);
        Assert.Equal(a.DataExtent, b.DataExtent);
        Assert.NotEqual(a.Serial, b.Serial);
        Assert.Equal(1u, b.LinkCount);
    }

    [Fact]
    public void Files_that_agree_in_their_first_64_KiB_only_are_told_apart_by_their_whole_bytes()
    {
        // Four files of one size past the fingerprint's 64 KiB, all with the same start: two identical, two that
        // differ from them (and from each other) in their last byte only.
        byte[] same = CompressionCorpus.Random(200_000, 3);
        byte[] Tail(byte last)
        {
            byte[] copy = (byte[])same.Clone();
            copy[^1] = last;
            return copy;
        }
        var spec = new ImageSpec
        {
            Entries =
            [
                new("a.bin", EntryKind.File, ContentSource.FromStream(() => new MemoryStream(same), same.Length)),
                new("b.bin", EntryKind.File, ContentSource.FromStream(() => new MemoryStream(Tail((byte)(same[^1] + 1))), same.Length)),
                new("c.bin", EntryKind.File, ContentSource.FromStream(() => new MemoryStream(same), same.Length)),
                new("d.bin", EntryKind.File, ContentSource.FromStream(() => new MemoryStream(Tail((byte)(same[^1] + 2))), same.Length)),
            ],
        };
        using ContentPlan plan = ContentPlan.Prepare(spec, spoolDirectory: null);
        Assert.NotNull(plan.DataGroup(spec.Entries[0]));
        Assert.Equal(plan.DataGroup(spec.Entries[0]), plan.DataGroup(spec.Entries[2]));
        Assert.Null(plan.DataGroup(spec.Entries[1]));
        Assert.Null(plan.DataGroup(spec.Entries[3]));
    }

    [Fact]
    public void Hard_links_stay_hard_links_with_one_extent_one_serial_number_and_their_link_count()
    {
        using var t = new TempDirectory("hard-links");
        string src = t.CreateDirectory("src");
        Directory.CreateDirectory(Path.Combine(src, "sub"));
        byte[] content = CompressionCorpus.Random(50_000, 1);
        File.WriteAllBytes(Path.Combine(src, "original.bin"), content);
        ExternalTool.Run("ln", Path.Combine(src, "original.bin"), Path.Combine(src, "sub", "link.bin")).EnsureSuccess();
        ExternalTool.Run("ln", Path.Combine(src, "original.bin"), Path.Combine(src, "z-link.bin")).EnsureSuccess();
        File.WriteAllBytes(Path.Combine(src, "copy.bin"), content);
        File.WriteAllBytes(Path.Combine(src, "copy-2.bin"), content);

        foreach (bool deduplicate in new[] { true, false })
        {
            ImageSpec spec = new ImageSpecBuilder(src).AddSource(".").Build() with { Deduplicate = deduplicate };
            ImageLayout layout = ImageLayout.Create(spec);
            LayoutNode Node(string path) => layout.Files.Single(f => f.Path == path);
            LayoutNode original = Node("original.bin"), link = Node("sub/link.bin"), zLink = Node("z-link.bin");
            LayoutNode copy = Node("copy.bin"), copy2 = Node("copy-2.bin");
            Assert.Equal([3u, 3u, 3u], new[] { original.LinkCount, link.LinkCount, zLink.LinkCount });
            // Image order is the tree depth first: copy-2.bin, copy.bin, original.bin, sub/link.bin, z-link.bin.
            Assert.Equal(original.Serial, link.Serial);
            Assert.Equal(original.Serial, zLink.Serial);
            Assert.Null(original.DataOwner);
            Assert.Same(original, link.DataOwner);
            Assert.Same(original, zLink.DataOwner);
            Assert.Equal(1u, copy.LinkCount);
            Assert.NotEqual(original.Serial, copy.Serial);
            // The identical copies share one extent when identical files are stored once; the hard-linked file keeps
            // its own, so that readers restoring hard links from the extent link its names and nothing else.
            Assert.Same(deduplicate ? copy2 : null, copy.DataOwner);
            Assert.Equal(copy2.DataExtent + (deduplicate ? 25u : 50u), original.DataExtent);
        }

        string image = t.Combine("links.iso");
        Images.Pack(src, image);
        string extracted = t.CreateDirectory("bsdtar");
        ExternalTool.Run("bsdtar", "-x", "-f", image, "-C", extracted).EnsureSuccess();
        string Stat(string path) => ExternalTool.Run("stat", "-c", "%i %h", Path.Combine(extracted, path)).EnsureSuccess().StandardOutput.Trim();
        string[] inode = Stat("original.bin").Split(' ');
        Assert.Equal("3", inode[1]);
        Assert.Equal(Stat("original.bin"), Stat("sub/link.bin"));
        Assert.Equal(Stat("original.bin"), Stat("z-link.bin"));
        Assert.Equal("1", Stat("copy.bin").Split(' ')[1]);
        Assert.Equal("1", Stat("copy-2.bin").Split(' ')[1]);
        TreeSnapshot.AssertEqual(TreeSnapshot.Take(src, withModes: false), TreeSnapshot.Take(extracted, withModes: false), "bsdtar");
        // isoinfo shows the Rock Ridge link count.
        string listing = ExternalTool.Run("isoinfo", "-R", "-l", "-i", image).EnsureSuccess().StandardOutput;
        Assert.Contains(listing.Split('\n'), l => l.Contains("original.bin", StringComparison.Ordinal) && l.TrimStart().StartsWith("-rw-r--r--   3", StringComparison.Ordinal));
        Assert.Empty(IsoImageVerifier.Verify(image));
    }

    [Fact]
    public void The_bytes_are_the_same_twice_and_from_a_perturbed_copy_with_hard_links_elsewhere()
    {
        using var t = new TempDirectory("identical-determinism");
        string src = t.CreateDirectory("src");
        TestTrees.CreateVaried(src, seed: 3);
        byte[] blob = CompressionCorpus.Text(200_000, 9);
        foreach (string name in new[] { "a/one.txt", "b/two.txt", "c/three.txt" })
        {
            Directory.CreateDirectory(Path.Combine(src, Path.GetDirectoryName(name)!));
            File.WriteAllBytes(Path.Combine(src, name), blob);
        }
        ExternalTool.Run("ln", Path.Combine(src, "a", "one.txt"), Path.Combine(src, "a", "one-link.txt")).EnsureSuccess();
        ImageSpec Options(ImageSpec s) => s with { Zisofs = new ZisofsSpec(), Md5 = true };
        byte[] first = Pack(src, t.Combine("first.iso"), Options);
        Assert.Equal(first, Pack(src, t.Combine("second.iso"), Options));

        // Another place, created in reverse order with other times and modes, the hard link made the other way round.
        string copy = t.CreateDirectory("elsewhere", "copy");
        Zisofs.ZisofsPackTests.PerturbedCopy(src, copy);
        File.Delete(Path.Combine(copy, "a", "one.txt"));
        ExternalTool.Run("ln", Path.Combine(copy, "a", "one-link.txt"), Path.Combine(copy, "a", "one.txt")).EnsureSuccess();
        Assert.Equal(first, Pack(copy, t.Combine("perturbed.iso"), Options));

        static byte[] Pack(string source, string output, Func<ImageSpec, ImageSpec> options)
        {
            ImageBuildResult result = Images.Pack(source, output, options);
            Assert.Equal(2, result.SharedFiles);
            return File.ReadAllBytes(output);
        }
    }
}
