using IsoBuild.Reading;
using IsoBuild.Spec;
using IsoBuild.Testing;
using IsoBuild.Tests.Compression;

namespace IsoBuild.Tests.Zisofs;

/// <summary>
/// Images packed with zisofs compression (<see cref="ImageSpec.Zisofs"/>, <c>--zisofs</c>): a tree of compressible
/// and incompressible files is smaller packed so, and osirrox, bsdtar and our reader extract it as it was; files that
/// do not shrink, small files, excluded files and boot images are stored as they are; the bytes are the same twice and
/// from a perturbed copy of the tree.
/// </summary>
[Trait(Category.Name, Category.External)]
public sealed class ZisofsPackTests : IClassFixture<ZisofsPackTests.Packed>
{
    private readonly Packed _packed;

    public ZisofsPackTests(Packed packed) => _packed = packed;

    /// <summary>The tree, packed plain and compressed.</summary>
    public sealed class Packed : IDisposable
    {
        public Packed()
        {
            Source = Dir.CreateDirectory("src");
            Create(Source);
            PlainResult = Images.Pack(Source, PlainImage = Dir.Combine("plain.iso"));
            Result = Images.Pack(Source, Image = Dir.Combine("zisofs.iso"), Compressed);
        }

        public TempDirectory Dir { get; } = new("zisofs-pack");
        public string Source { get; }
        public string PlainImage { get; }
        public string Image { get; }
        public ImageBuildResult PlainResult { get; }
        public ImageBuildResult Result { get; }

        public void Dispose() => Dir.Dispose();
    }

    /// <summary>Text, machine-like records, zeros, sparse text, random bytes, small files, a JPEG-like excluded file and a boot image.</summary>
    internal static void Create(string root)
    {
        byte[] holes = CompressionCorpus.Text(400_000, 1);
        Array.Clear(holes, 40_000, 100_000);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["docs/text.txt"] = CompressionCorpus.Text(300_000, 2),
            ["docs/holes.txt"] = holes,
            ["data/records.bin"] = CompressionCorpus.Records(500_000, 3),
            ["data/zeros.img"] = new byte[1_500_000],
            ["data/random.bin"] = CompressionCorpus.Random(300_000, 4),
            ["data/big-text.txt"] = CompressionCorpus.Text(3_000_000, 5),
            ["media/photo.jpg"] = CompressionCorpus.Text(100_000, 6),
            ["small.txt"] = "a small file"u8.ToArray(),
            ["exactly-2049.txt"] = CompressionCorpus.Text(2049, 7),
            ["empty"] = [],
            ["boot/loader.bin"] = new byte[64 * 1024],
        };
        foreach ((string path, byte[] content) in files)
        {
            string full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, content);
        }
    }

    /// <summary>Compression with JPEGs excluded, and a BIOS boot image (compressible zeros).</summary>
    internal static ImageSpec Compressed(ImageSpec spec) => spec with
    {
        Zisofs = new ZisofsSpec { Exclude = ["*.jpg"] },
        Boot = new BootSpec { BiosImage = "boot/loader.bin" },
    };

    [Fact]
    public void The_compressed_image_is_smaller_and_says_what_it_saved()
    {
        Assert.True(_packed.Result.Size < _packed.PlainResult.Size / 2, $"{_packed.Result.Size} vs {_packed.PlainResult.Size}");
        Assert.Equal(new FileInfo(_packed.Image).Length, _packed.Result.Size);
        // text, holes, records, zeros, big text and the 2049-byte text: compressed; the rest as they are.
        Assert.Equal(6, _packed.Result.CompressedFiles);
        Assert.True(_packed.Result.CompressedBytesSaved > 4_000_000, _packed.Result.CompressedBytesSaved.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("; 6 files compressed (", _packed.Result.Summary, StringComparison.Ordinal);
        Assert.Equal(0, _packed.PlainResult.CompressedFiles);
    }

    [Fact]
    public void Only_files_that_shrink_and_are_not_excluded_or_boot_images_are_compressed()
    {
        using IsoImageReader reader = IsoImageReader.Open(_packed.Image);
        var compressed = reader.EnumerateDescendants().Where(e => e.IsCompressed).Select(e => e.Path).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["/data/big-text.txt", "/data/records.bin", "/data/zeros.img", "/docs/holes.txt", "/docs/text.txt", "/exactly-2049.txt"], compressed);
        foreach (IsoEntry file in reader.EnumerateDescendants().Where(e => e.Kind == EntryKind.File && e.Path != "/" + BootSpec.DefaultCatalogPath))
        {
            Assert.Equal(new FileInfo(Path.Combine(_packed.Source, file.Path.TrimStart('/'))).Length, file.Length);
            Assert.True(file.IsCompressed ? file.StoredLength < file.Length : file.StoredLength == file.Length, file.Path);
        }
        // The boot image is the plain file the catalog points at, with its boot info table.
        IsoEntry loader = reader.Find("boot/loader.bin")!;
        Assert.Equal(reader.BootCatalog!.Entries[0].LoadLba, loader.Extents[0].Lba);
        Assert.Equal(64 * 1024, loader.StoredLength);
    }

    [Fact]
    public void Osirrox_extracts_the_tree_as_it_was()
    {
        string target = _packed.Dir.Combine("osirrox");
        ExternalTool.Run("xorriso", "-osirrox", "on", "-indev", _packed.Image, "-extract", "/", target).EnsureSuccess();
        AssertExtracted(target, "osirrox");
    }

    [Fact]
    public void Bsdtar_extracts_the_tree_as_it_was()
    {
        string target = _packed.Dir.CreateDirectory("bsdtar");
        ExternalTool.Run("bsdtar", "-x", "-f", _packed.Image, "-C", target).EnsureSuccess();
        AssertExtracted(target, "bsdtar");
    }

    [Fact]
    public void Our_reader_extracts_the_tree_as_it_was_and_verify_finds_it_sound()
    {
        string target = _packed.Dir.Combine("ours");
        using (IsoImageReader reader = IsoImageReader.Open(_packed.Image))
            IsoImageExtractor.Extract(reader, [], target);
        AssertExtracted(target, "IsoBuild");
        Assert.Empty(IsoImageVerifier.Verify(_packed.Image));
    }

    [Fact]
    public void Through_Joliet_a_compressed_file_is_its_zisofs_data()
    {
        using IsoImageReader reader = IsoImageReader.Open(_packed.Image, IsoNamespace.Joliet);
        IsoEntry text = reader.Find("docs/text.txt")!;
        Assert.False(text.IsCompressed);
        using Stream s = text.OpenRead();
        byte[] head = new byte[8];
        s.ReadExactly(head);
        Assert.True(IsoBuild.Zisofs.ZisofsHeader.HasMagic(head));
    }

    [Theory]
    [InlineData(64 * 1024)]
    [InlineData(128 * 1024)]
    public void Larger_blocks_read_back_with_xorriso_and_our_reader(int blockSize)
    {
        string image = _packed.Dir.Combine($"blocks-{blockSize}.iso");
        Images.Pack(_packed.Source, image, s => Compressed(s) with { Zisofs = new ZisofsSpec { BlockSize = blockSize } });
        using (IsoImageReader reader = IsoImageReader.Open(image))
        {
            IsoEntry text = reader.Find("data/big-text.txt")!;
            Assert.True(text.IsCompressed);
            Assert.Equal(System.Numerics.BitOperations.Log2((uint)blockSize), text.Zisofs!.Value.BlockShift);
            string ours = _packed.Dir.Combine($"ours-{blockSize}");
            IsoImageExtractor.Extract(reader, [], ours);
            AssertExtracted(ours, $"IsoBuild, {blockSize} bytes");
        }
        string target = _packed.Dir.Combine($"osirrox-{blockSize}");
        ExternalTool.Run("xorriso", "-osirrox", "on", "-indev", image, "-extract", "/", target).EnsureSuccess();
        AssertExtracted(target, $"osirrox, {blockSize} bytes");
    }

    [Fact]
    public void The_bytes_are_the_same_twice_and_from_a_perturbed_copy_of_the_tree()
    {
        string again = _packed.Dir.Combine("again.iso");
        Images.Pack(_packed.Source, again, Compressed);
        Assert.Equal(File.ReadAllBytes(_packed.Image), File.ReadAllBytes(again));

        string copy = _packed.Dir.CreateDirectory("perturbed", "elsewhere");
        PerturbedCopy(_packed.Source, copy);
        string other = _packed.Dir.Combine("perturbed.iso");
        Images.Pack(copy, other, Compressed);
        Assert.Equal(File.ReadAllBytes(_packed.Image), File.ReadAllBytes(other));
    }

    [Fact]
    public void Compression_needs_Rock_Ridge_and_a_block_size_the_kernel_reads()
    {
        ImageSpec spec = new ImageSpecBuilder(_packed.Source).AddSource(".").Build();
        string output = _packed.Dir.Combine("bad.iso");
        Assert.Equal(ErrorCodes.NeedsRockRidge,
            Assert.Throws<IsoBuildException>(() => IsoImageBuilder.Build(spec with { RockRidge = false, Zisofs = new ZisofsSpec() }, output)).Code);
        Assert.Equal(ErrorCodes.InvalidZisofsOption,
            Assert.Throws<IsoBuildException>(() => IsoImageBuilder.Build(spec with { Zisofs = new ZisofsSpec { BlockSize = 16384 } }, output)).Code);
        // UDF has no compressed files, and the MD5 superblock tag would end UDF's recognition sequence.
        Assert.Equal(ErrorCodes.NotWithUdf,
            Assert.Throws<IsoBuildException>(() => IsoImageBuilder.Build(spec with { Zisofs = new ZisofsSpec(), Udf = new UdfSpec() }, output)).Code);
        Assert.Equal(ErrorCodes.NotWithUdf,
            Assert.Throws<IsoBuildException>(() => IsoImageBuilder.Build(spec with { Md5 = true, Udf = new UdfSpec() }, output)).Code);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_packed.Dir.Path, "*.tmp"));
    }

    /// <summary>The extracted tree is the source tree, and the boot catalog the image adds.</summary>
    private void AssertExtracted(string target, string reader)
    {
        string catalog = Path.Combine(target, BootSpec.DefaultCatalogPath);
        Assert.True(File.Exists(catalog), reader + ": no boot catalog");
        File.Delete(catalog);
        TreeSnapshot.AssertEqual(TreeSnapshot.Take(_packed.Source, withModes: false), TreeSnapshot.Take(target, withModes: false), reader);
    }

    /// <summary>
    /// The tree copied in reverse order to another place, with other modification times and modes (executable files
    /// stay executable); links stay links, hard links become copies.
    /// </summary>
    internal static void PerturbedCopy(string from, string to)
    {
        var random = new Random(11);
        foreach (string path in Directory.EnumerateFileSystemEntries(from, "*", SearchOption.AllDirectories).OrderByDescending(p => p, StringComparer.Ordinal))
        {
            string dest = Path.Combine(to, Path.GetRelativePath(from, path));
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            var info = new FileInfo(path);
            if (info.LinkTarget is { } target)
            {
                File.CreateSymbolicLink(dest, target);
                continue;
            }
            if (Directory.Exists(path))
            {
                Directory.CreateDirectory(dest);
                continue;
            }
            File.Copy(path, dest);
            bool executable = (info.UnixFileMode & UnixFileMode.UserExecute) != 0;
            File.SetUnixFileMode(dest, executable ? (UnixFileMode)0b111_000_000 : (UnixFileMode)0b110_000_000);
        }
        foreach (string path in Directory.EnumerateFileSystemEntries(to, "*", SearchOption.AllDirectories).Where(p => new FileInfo(p).LinkTarget is null))
            File.SetLastWriteTimeUtc(path, new DateTime(1999, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(random.Next()));
    }
}
