using IsoBuild.Reading;
using IsoBuild.Testing;
using IsoBuild.Tests.Compression;
using IsoBuild.Zisofs;

namespace IsoBuild.Tests.Zisofs;

/// <summary>
/// Images holding zisofs files: ours (compressed by <see cref="ZisofsCompressor"/>, marked by <c>xorriso -as mkisofs
/// -z</c> as it marks mkzftree's) are extracted identically by osirrox, bsdtar and our reader; and our reader
/// decompresses what xorriso compresses itself, zisofs and zisofs2.
/// </summary>
[Trait(Category.Name, Category.External)]
public sealed class ZisofsImageTests : IClassFixture<ZisofsImageTests.Trees>
{
    private readonly Trees _trees;

    public ZisofsImageTests(Trees trees) => _trees = trees;

    /// <summary>A tree of compressible and incompressible files, and the same tree with ours compressed.</summary>
    public sealed class Trees : IDisposable
    {
        public Trees()
        {
            Plain = Dir.CreateDirectory("plain");
            Compressed = Dir.CreateDirectory("compressed");
            byte[] holes = CompressionCorpus.Text(400_000, 1);
            Array.Clear(holes, 40_000, 100_000);
            var files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
            {
                ["docs/text.txt"] = CompressionCorpus.Text(300_000, 2),
                ["docs/holes.txt"] = holes,
                ["data/records.bin"] = CompressionCorpus.Records(500_000, 3),
                ["data/zeros.img"] = new byte[1_000_000],
                ["data/random.bin"] = CompressionCorpus.Random(300_000, 4),
                ["data/mixed.bin"] = CompressionCorpus.All["mixed-128kib"],
                ["small.txt"] = "a small file"u8.ToArray(),
                ["empty"] = [],
                ["block-32k.txt"] = CompressionCorpus.Text(32 * 1024, 5),
                ["block-32k-plus-1.txt"] = CompressionCorpus.Text(32 * 1024 + 1, 6),
            };
            foreach ((string path, byte[] content) in files)
            {
                Write(Plain, path, content);
                byte[] zisofs = ZisofsCompressor.Compress(content);
                ZisofsCompressedFile result = ZisofsCompressor.Compress(new MemoryStream(content), content.Length, Stream.Null);
                Assert.Equal(zisofs.Length, result.CompressedLength);
                if (result.SavesSpace)
                {
                    Write(Compressed, path, zisofs);
                    CompressedLengths[path] = zisofs.Length;
                }
                else
                {
                    Write(Compressed, path, content);
                }
            }
            Image = ForeignImages.Xorriso(Compressed, Dir.Combine("ours-z.iso"), extra: ["-z"]);
        }

        public TempDirectory Dir { get; } = new("zisofs-image");
        public string Plain { get; }
        public string Compressed { get; }
        public string Image { get; }

        /// <summary>The files stored compressed, with their zisofs sizes.</summary>
        public Dictionary<string, long> CompressedLengths { get; } = new(StringComparer.Ordinal);

        private static void Write(string root, string path, byte[] content)
        {
            string full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, content);
        }

        public void Dispose() => Dir.Dispose();
    }

    [Fact]
    public void The_tree_holds_both_kinds_of_files()
    {
        Assert.Contains("docs/text.txt", _trees.CompressedLengths.Keys);
        Assert.Contains("data/zeros.img", _trees.CompressedLengths.Keys);
        Assert.DoesNotContain("data/random.bin", _trees.CompressedLengths.Keys);
        Assert.DoesNotContain("small.txt", _trees.CompressedLengths.Keys);
    }

    [Fact]
    public void Osirrox_extracts_our_compressed_files_as_they_were()
    {
        string target = _trees.Dir.Combine("osirrox");
        ExternalTool.Run("xorriso", "-osirrox", "on", "-indev", _trees.Image, "-extract", "/", target).EnsureSuccess();
        TreeSnapshot.AssertEqual(TreeSnapshot.Take(_trees.Plain, withModes: false), TreeSnapshot.Take(target, withModes: false), "osirrox");
    }

    [Fact]
    public void Bsdtar_extracts_our_compressed_files_as_they_were()
    {
        string target = _trees.Dir.CreateDirectory("bsdtar");
        ExternalTool.Run("bsdtar", "-x", "-f", _trees.Image, "-C", target).EnsureSuccess();
        TreeSnapshot.AssertEqual(TreeSnapshot.Take(_trees.Plain, withModes: false), TreeSnapshot.Take(target, withModes: false), "bsdtar");
    }

    [Fact]
    public void Our_reader_extracts_our_compressed_files_as_they_were_and_shows_both_sizes()
    {
        string target = _trees.Dir.Combine("ours");
        using (IsoImageReader reader = IsoImageReader.Open(_trees.Image))
        {
            IsoImageExtractor.Extract(reader, [], target);
            foreach (IsoEntry file in reader.EnumerateDescendants().Where(e => e.Kind == IsoBuild.Spec.EntryKind.File))
            {
                string path = file.Path.TrimStart('/');
                Assert.Equal(new FileInfo(Path.Combine(_trees.Plain, path)).Length, file.Length);
                bool compressed = _trees.CompressedLengths.TryGetValue(path, out long stored);
                Assert.Equal(compressed, file.IsCompressed);
                Assert.Equal(compressed ? stored : file.Length, file.StoredLength);
            }
        }
        TreeSnapshot.AssertEqual(TreeSnapshot.Take(_trees.Plain, withModes: false), TreeSnapshot.Take(target, withModes: false), "IsoBuild");
    }

    [Fact]
    public void Joliet_names_show_the_compressed_bytes()
    {
        // Only Rock Ridge carries ZF: through Joliet (as Windows reads the image) a compressed file is its zisofs data.
        using IsoImageReader reader = IsoImageReader.Open(_trees.Image, IsoNamespace.Joliet);
        IsoEntry text = reader.Find("docs/text.txt")!;
        Assert.False(text.IsCompressed);
        Assert.Equal(_trees.CompressedLengths["docs/text.txt"], text.Length);
        using Stream s = text.OpenRead();
        Assert.True(ZisofsHeader.HasMagic(ZisofsCompressorTests.ReadAll(s)));
    }

    [Fact]
    public void Diff_compares_uncompressed_content()
    {
        string plainImage = ForeignImages.Xorriso(_trees.Plain, _trees.Dir.Combine("plain.iso"));
        using IsoImageReader a = IsoImageReader.Open(plainImage);
        using IsoImageReader b = IsoImageReader.Open(_trees.Image);
        IsoImageDifference difference = IsoImageComparer.Compare(a, b);
        Assert.Empty(difference.Added);
        Assert.Empty(difference.Removed);
        Assert.DoesNotContain(difference.Changed, c => c.Changes.Contains("content"));
    }

    [Theory]
    [InlineData("block_size=32k")]
    [InlineData("block_size=128k")]
    [InlineData("version_2=on:block_size_v2=256k")]
    [InlineData("version_2=on:susp_z2=on:block_size_v2=1m")]
    public void Our_reader_decompresses_what_xorriso_compresses(string zisofsOptions)
    {
        string image = _trees.Dir.Combine($"xorriso-{zisofsOptions.Replace(':', '-').Replace('=', '-')}.iso");
        ExternalTool.Run("xorriso", "-outdev", image, "-zisofs", zisofsOptions, "-map", _trees.Plain, "/",
            "-find", "/", "-type", "f", "-exec", "set_filter", "--zisofs", "--").EnsureSuccess();
        using IsoImageReader reader = IsoImageReader.Open(image);
        IsoEntry text = reader.Find("docs/text.txt")!;
        Assert.True(text.IsCompressed);
        Assert.True(text.StoredLength < text.Length);
        string target = _trees.Dir.Combine("from-" + Path.GetFileNameWithoutExtension(image));
        IsoImageExtractor.Extract(reader, [], target);
        TreeSnapshot.AssertEqual(TreeSnapshot.Take(_trees.Plain, withModes: false), TreeSnapshot.Take(target, withModes: false), zisofsOptions);
    }

    [Fact]
    public void A_damaged_compressed_file_is_named()
    {
        byte[] image = File.ReadAllBytes(_trees.Image);
        IsoExtent extent;
        using (IsoImageReader reader = IsoImageReader.Open(_trees.Image))
            extent = reader.Find("docs/text.txt")!.Extents[0];
        image[extent.Lba * 2048L + 5000] ^= 0x55;
        string damaged = _trees.Dir.Combine("damaged.iso");
        File.WriteAllBytes(damaged, image);
        using IsoImageReader r = IsoImageReader.Open(damaged);
        using Stream s = r.Find("docs/text.txt")!.OpenRead();
        IsoBuildException e = Assert.Throws<IsoBuildException>(() => s.CopyTo(Stream.Null));
        Assert.Equal(ErrorCodes.ZisofsDamaged, e.Code);
        Assert.Contains("/docs/text.txt", e.Message, StringComparison.Ordinal);
        // verify inflates every compressed file: zlib's Adler-32 of each block is a checksum too.
        string problem = Assert.Single(IsoImageVerifier.Verify(damaged)).ToString();
        Assert.StartsWith(ErrorCodes.ZisofsDamaged, problem, StringComparison.Ordinal);
        Assert.Contains("/docs/text.txt", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_passes_the_sound_image_and_info_counts_its_compressed_files()
    {
        Assert.Empty(IsoImageVerifier.Verify(_trees.Image));
        using IsoImageReader reader = IsoImageReader.Open(_trees.Image);
        IsoChecksumSummary found = EmbeddedChecksums.Find(reader);
        Assert.Equal(_trees.CompressedLengths.Count, found.CompressedFiles);
        Assert.True(found.Any);
    }
}
