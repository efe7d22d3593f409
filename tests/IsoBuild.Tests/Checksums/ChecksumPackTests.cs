using IsoBuild.Checksums;
using IsoBuild.Reading;
using IsoBuild.Spec;
using IsoBuild.Testing;
using IsoBuild.Tests.Compression;

namespace IsoBuild.Tests.Checksums;

/// <summary>
/// Images packed with checksums inside and beside them: <c>checkisomd5</c> passes our implanted image and fails it
/// after one flipped byte, <c>xorriso -check_md5</c> passes our tagged image and fails it after one flipped byte, our
/// verify agrees with both and names the damaged file; <c>sha256sum -c</c> checks the file beside the image; the
/// bytes are the same twice and from a perturbed copy of the tree; edit computes the checksums anew.
/// </summary>
[Trait(Category.Name, Category.External)]
public sealed class ChecksumPackTests : IClassFixture<ChecksumPackTests.Tree>
{
    private readonly Tree _tree;

    public ChecksumPackTests(Tree tree) => _tree = tree;

    /// <summary>A tree with text, random data, identical files, a hard link, an empty file and nested directories.</summary>
    public sealed class Tree : IDisposable
    {
        public Tree()
        {
            Source = Dir.CreateDirectory("src");
            TestTrees.CreateVaried(Source, seed: 5);
            Directory.CreateDirectory(Path.Combine(Source, "data", "deeper"));
            File.WriteAllBytes(Path.Combine(Source, "data", "text.txt"), CompressionCorpus.Text(400_000, 1));
            File.WriteAllBytes(Path.Combine(Source, "data", "random.bin"), CompressionCorpus.Random(300_000, 2));
            File.WriteAllBytes(Path.Combine(Source, "data", "deeper", "same-as-random.bin"), CompressionCorpus.Random(300_000, 2));
            File.WriteAllBytes(Path.Combine(Source, "data", "empty"), []);
            ExternalTool.Run("ln", Path.Combine(Source, "data", "text.txt"), Path.Combine(Source, "data", "text-link.txt")).EnsureSuccess();
        }

        public TempDirectory Dir { get; } = new("checksum-pack");
        public string Source { get; }

        public void Dispose() => Dir.Dispose();
    }

    private string Pack(string name, Func<ImageSpec, ImageSpec> options, out ImageBuildResult result)
    {
        string image = _tree.Dir.Combine(name);
        result = Images.Pack(_tree.Source, image, options);
        return image;
    }

    private string Pack(string name, Func<ImageSpec, ImageSpec> options) => Pack(name, options, out _);

    /// <summary>Flips one bit of the byte in the middle of <paramref name="path"/>'s data in the image.</summary>
    private static void FlipFileByte(string image, string path)
    {
        IsoExtent extent;
        long length;
        using (IsoImageReader reader = IsoImageReader.Open(image))
        {
            IsoEntry file = reader.Find(path)!;
            (extent, length) = (file.Extents[0], file.StoredLength);
        }
        using FileStream s = File.Open(image, FileMode.Open, FileAccess.ReadWrite);
        s.Position = extent.Lba * 2048L + length / 2;
        int b = s.ReadByte();
        s.Position--;
        s.WriteByte((byte)(b ^ 0x01));
    }

    private static ToolResult CheckMd5(string image) =>
        ExternalTool.Run("xorriso", "-md5", "on", "-indev", image, "-check_md5", "FAILURE", "--", "-check_md5_r", "FAILURE", "/", "--");

    [Fact]
    public void Checkisomd5_passes_the_implanted_image_and_fails_it_after_one_flipped_byte_and_verify_agrees()
    {
        string image = Pack("implanted.iso", s => s with { ImplantMd5 = true });
        using (FileStream s = File.OpenRead(image))
            Assert.NotNull(IsoMd5Sum.ReadRecord(s));
        ToolResult good = ExternalTool.Run("checkisomd5", "--verbose", image);
        Assert.True(good.ExitCode == 0, good.AllOutput);
        Assert.Contains("PASS", good.AllOutput, StringComparison.Ordinal);
        Assert.Empty(IsoImageVerifier.Verify(image));

        FlipFileByte(image, "/data/random.bin");
        ToolResult bad = ExternalTool.Run("checkisomd5", "--verbose", image);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("FAIL", bad.AllOutput, StringComparison.Ordinal);
        List<string> problems = [.. IsoImageVerifier.Verify(image).Select(p => p.ToString())];
        Assert.Contains(problems, p => p.StartsWith(ErrorCodes.ImplantedMd5Mismatch, StringComparison.Ordinal) && p.Contains("fragment", StringComparison.Ordinal));
    }

    [Fact]
    public void A_small_image_gets_the_size_an_isomd5sum_checksum_needs()
    {
        using var t = new TempDirectory("small-implant");
        File.WriteAllText(Path.Combine(t.CreateDirectory("src"), "hello.txt"), "hello");
        string plain = t.Combine("plain.iso"), implanted = t.Combine("implanted.iso");
        Images.Pack(t.Combine("src"), plain);
        Images.Pack(t.Combine("src"), implanted, s => s with { ImplantMd5 = true });
        Assert.True(new FileInfo(plain).Length < 700_000);
        Assert.Equal(351 * 2048, new FileInfo(implanted).Length);
        ToolResult check = ExternalTool.Run("checkisomd5", "--verbose", implanted);
        Assert.True(check.ExitCode == 0, check.AllOutput);
        Assert.Empty(IsoImageVerifier.Verify(implanted));
    }

    [Fact]
    public void Xorriso_check_md5_passes_the_tagged_image_and_fails_it_after_one_flipped_byte_and_verify_agrees()
    {
        string image = Pack("tagged.iso", s => s with { Md5 = true, Zisofs = new ZisofsSpec() });
        ToolResult good = CheckMd5(image);
        Assert.True(good.ExitCode == 0, good.AllOutput);
        Assert.Contains("Ok, session data match recorded md5", good.AllOutput, StringComparison.Ordinal);
        Assert.Contains("File contents and their MD5 checksums match", good.AllOutput, StringComparison.Ordinal);
        string media = ExternalTool.Run("xorriso", "-md5", "on", "-indev", image, "-check_media", "--").EnsureSuccess().AllOutput;
        Assert.Contains("+ md5_match", media, StringComparison.Ordinal);
        Assert.Empty(IsoImageVerifier.Verify(image));
        using (IsoImageReader reader = IsoImageReader.Open(image))
        {
            IsoChecksumSummary found = EmbeddedChecksums.Find(reader);
            Assert.Equal(3, found.Md5Tags.Count);
            Assert.True(found.ChecksumArray);
            Assert.Equal(reader.EnumerateDescendants().Count(e => e.Kind == EntryKind.File), found.FilesWithMd5);
            Assert.True(found.CompressedFiles > 0);
        }

        FlipFileByte(image, "/data/random.bin");
        ToolResult bad = CheckMd5(image);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("MD5 MISMATCH", bad.AllOutput, StringComparison.Ordinal);
        List<string> problems = [.. IsoImageVerifier.Verify(image).Select(p => p.ToString())];
        // The file and the one stored with it are named; the session tag no longer matches.
        Assert.Contains(problems, p => p.StartsWith(ErrorCodes.FileChecksumMismatch, StringComparison.Ordinal) && p.Contains("'/data/random.bin'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(ErrorCodes.FileChecksumMismatch, StringComparison.Ordinal) && p.Contains("'/data/deeper/same-as-random.bin'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(ErrorCodes.ChecksumMismatch, StringComparison.Ordinal) && p.Contains("libisofs_checksum_tag_v1", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("'/data/text.txt'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_damaged_compressed_file_fails_its_MD5_and_its_zlib_check()
    {
        string image = Pack("tagged-compressed.iso", s => s with { Md5 = true, Zisofs = new ZisofsSpec() });
        FlipFileByte(image, "/data/text.txt");
        Assert.NotEqual(0, CheckMd5(image).ExitCode);
        List<string> problems = [.. IsoImageVerifier.Verify(image).Select(p => p.ToString())];
        Assert.Contains(problems, p => p.StartsWith(ErrorCodes.FileChecksumMismatch, StringComparison.Ordinal) && p.Contains("'/data/text.txt'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(ErrorCodes.ZisofsDamaged, StringComparison.Ordinal) && p.Contains("/data/text.txt", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_hybrid_image_that_boots_carries_its_checksums_with_its_boot_images_as_they_are(bool md5)
    {
        using var t = new TempDirectory("hybrid-checksums");
        string src = t.CreateDirectory("src");
        ZisofsPackFiles(src);
        Directory.CreateDirectory(Path.Combine(src, "boot"));
        File.WriteAllBytes(Path.Combine(src, "boot", "boot.img"), [.. Enumerable.Range(0, 8192).Select(i => (byte)(i / 64))]);
        string efi = t.CreateDirectory("efi", "EFI", "BOOT");
        File.WriteAllBytes(Path.Combine(efi, "BOOTX64.EFI"), new byte[20_000]);
        string mbr = t.Combine("mbr.bin");
        File.WriteAllBytes(mbr, [.. Enumerable.Range(0, 440).Select(i => (byte)(i * 5))]);
        string image = t.Combine("hybrid.iso");
        Images.Pack(src, image, s => s with
        {
            Entries = [.. s.Entries, new ImageEntry("efiboot.img", EntryKind.File, FatImageContent.FromDirectory(t.Combine("efi"), s.Timestamp))],
            Boot = new BootSpec { BiosImage = "boot/boot.img", BootInfoTable = true, EfiImage = "efiboot.img", Grub2Mbr = mbr, Gpt = true },
            Zisofs = new ZisofsSpec(),
            Md5 = md5,
            ImplantMd5 = !md5,
        });
        Assert.Empty(IsoImageVerifier.Verify(image));
        ToolResult check = md5 ? CheckMd5(image) : ExternalTool.Run("checkisomd5", image);
        Assert.True(check.ExitCode == 0, check.AllOutput);
        using IsoImageReader reader = IsoImageReader.Open(image);
        Assert.False(reader.Find("boot/boot.img")!.IsCompressed);
        Assert.False(reader.Find("efiboot.img")!.IsCompressed);
        Assert.True(reader.Find("text.txt")!.IsCompressed);
        Assert.Equal(reader.Find("efiboot.img")!.Extents[0].Lba, reader.BootCatalog!.Entries.Single(e => e.PlatformId == 0xEF).LoadLba);
        Assert.True(reader.PartitionTable.HasGpt);
    }

    private static void ZisofsPackFiles(string root)
    {
        File.WriteAllBytes(Path.Combine(root, "text.txt"), CompressionCorpus.Text(200_000, 3));
        File.WriteAllBytes(Path.Combine(root, "text-copy.txt"), CompressionCorpus.Text(200_000, 3));
        File.WriteAllBytes(Path.Combine(root, "random.bin"), CompressionCorpus.Random(100_000, 4));
    }

    [Fact]
    public void Sha256sum_checks_the_file_beside_the_image()
    {
        string image = Pack("summed.iso", s => s with { Sha256 = true }, out ImageBuildResult result);
        Assert.Equal(image + ".sha256", result.Sha256File);
        ExternalTool.Run("sha256sum", ["-c", "summed.iso.sha256"], workingDirectory: _tree.Dir.Path).EnsureSuccess();
        FlipFileByte(image, "/data/text.txt");
        Assert.NotEqual(0, ExternalTool.Run("sha256sum", ["-c", "summed.iso.sha256"], workingDirectory: _tree.Dir.Path).ExitCode);
    }

    [Fact]
    public void The_bytes_are_the_same_twice_and_from_a_perturbed_copy_of_the_tree()
    {
        foreach ((string name, Func<ImageSpec, ImageSpec> options) in new (string, Func<ImageSpec, ImageSpec>)[]
        {
            ("md5", s => s with { Md5 = true }),
            ("implant", s => s with { ImplantMd5 = true, Sha256 = true }),
        })
        {
            byte[] first = File.ReadAllBytes(Pack(name + "-1.iso", options));
            Assert.Equal(first, File.ReadAllBytes(Pack(name + "-2.iso", options)));
            string copy = _tree.Dir.CreateDirectory("perturbed-" + name, "copy");
            Zisofs.ZisofsPackTests.PerturbedCopy(_tree.Source, copy);
            File.Delete(Path.Combine(copy, "data", "text-link.txt"));
            ExternalTool.Run("ln", Path.Combine(copy, "data", "text.txt"), Path.Combine(copy, "data", "text-link.txt")).EnsureSuccess();
            string other = _tree.Dir.Combine(name + "-perturbed.iso");
            Images.Pack(copy, other, options);
            Assert.Equal(first, File.ReadAllBytes(other));
        }
    }

    [Fact]
    public void The_two_MD5_schemes_exclude_each_other_and_MD5_records_need_Rock_Ridge()
    {
        string output = _tree.Dir.Combine("refused.iso");
        ImageSpec spec = new ImageSpecBuilder(_tree.Source).AddSource(".").Build();
        Assert.Equal(ErrorCodes.ChecksumSchemesExclusive,
            Assert.Throws<IsoBuildException>(() => IsoImageBuilder.Build(spec with { Md5 = true, ImplantMd5 = true }, output)).Code);
        Assert.Equal(ErrorCodes.NeedsRockRidge,
            Assert.Throws<IsoBuildException>(() => IsoImageBuilder.Build(spec with { Md5 = true, RockRidge = false, Entries = [.. spec.Entries.Where(e => e.Kind != EntryKind.Symlink)] }, output)).Code);
        Assert.False(File.Exists(output));
        // isomd5sum needs no Rock Ridge.
        Images.Pack(_tree.Source, output, s => s with { ImplantMd5 = true, RockRidge = false, Entries = [.. s.Entries.Where(e => e.Kind != EntryKind.Symlink)] });
        Assert.Equal(0, ExternalTool.Run("checkisomd5", output).ExitCode);
    }

    [Fact]
    public void Edit_computes_the_base_images_checksums_anew()
    {
        using var t = new TempDirectory("edit-checksums");
        File.WriteAllText(t.Combine("added.txt"), "added by edit");
        foreach ((string scheme, Func<ImageSpec, ImageSpec> options) in new (string, Func<ImageSpec, ImageSpec>)[]
        {
            ("md5", s => s with { Md5 = true, Zisofs = new ZisofsSpec() }),
            ("implant", s => s with { ImplantMd5 = true }),
        })
        {
            string baseImage = Pack("base-" + scheme + ".iso", options);
            string edited = t.Combine("edited-" + scheme + ".iso");
            ImageSpec spec;
            using (IsoImageReader reader = IsoImageReader.Open(baseImage))
            {
                var builder = new ImageSpecBuilder(t.Path);
                IsoBuild.Editing.BaseImage.AddImage(builder, reader);
                builder.ReplaceExisting = true;
                builder.AddSource("extra/added.txt=added.txt");
                spec = builder.Build();
                Assert.Equal(scheme == "md5", spec.Md5);
                Assert.Equal(scheme == "md5", spec.Zisofs is not null);
                Assert.Equal(scheme == "implant", spec.ImplantMd5);
                IsoImageBuilder.Build(spec, edited);
            }
            Assert.Empty(IsoImageVerifier.Verify(edited));
            if (scheme == "md5")
            {
                ToolResult check = CheckMd5(edited);
                Assert.True(check.ExitCode == 0, check.AllOutput);
                using IsoImageReader reader = IsoImageReader.Open(edited);
                Assert.True(reader.Find("data/text.txt")!.IsCompressed);
                Assert.Equal(reader.EnumerateDescendants().Count(e => e.Kind == EntryKind.File), EmbeddedChecksums.Find(reader).FilesWithMd5);
            }
            else
            {
                ToolResult check = ExternalTool.Run("checkisomd5", edited);
                Assert.True(check.ExitCode == 0, check.AllOutput);
            }
        }
    }
}
