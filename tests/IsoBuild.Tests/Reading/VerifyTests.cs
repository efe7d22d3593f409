using System.Buffers.Binary;
using IsoBuild.Reading;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Reading;

/// <summary>verify passes sound images and names what is wrong with damaged copies.</summary>
[Trait(Category.Name, Category.External)]
public sealed class VerifyTests : IClassFixture<VerifyTests.GoodImages>
{
    private readonly GoodImages _images;

    public VerifyTests(GoodImages images) => _images = images;

    /// <summary>A small source tree, our image of it, and a bootable hybrid (El Torito BIOS + EFI, GPT) made by xorriso.</summary>
    public sealed class GoodImages : IDisposable
    {
        public GoodImages()
        {
            string src = Dir.CreateDirectory("src");
            TestTrees.CreateVaried(src);
            File.Delete(Path.Combine(src, "data", "random-3mb.bin"));
            Ours = Images.Pack(src, Dir.Combine("ours.iso")).OutputPath!;
            string boot = Dir.CreateDirectory("boot");
            File.WriteAllBytes(Path.Combine(boot, "bios.img"), new byte[2048]);
            byte[] efi = new byte[64 * 1024];
            new Random(3).NextBytes(efi);
            File.WriteAllBytes(Path.Combine(boot, "efi.img"), efi);
            File.WriteAllText(Path.Combine(boot, "readme.txt"), "bootable");
            Hybrid = ForeignImages.Xorriso(boot, Dir.Combine("hybrid.iso"), extra:
                ["-b", "bios.img", "-no-emul-boot", "-boot-load-size", "4", "-eltorito-alt-boot", "-e", "efi.img", "-no-emul-boot",
                 "-append_partition", "2", "0xef", Path.Combine(boot, "efi.img"), "-appended_part_as_gpt"]);
        }

        public TempDirectory Dir { get; } = new("verify");
        public string Ours { get; }
        public string Hybrid { get; }

        public void Dispose() => Dir.Dispose();
    }

    private string Damaged(string image, string name, Action<byte[]> damage)
    {
        byte[] bytes = File.ReadAllBytes(image);
        damage(bytes);
        string path = _images.Dir.Combine(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Sound_images_have_no_problems()
    {
        Assert.Empty(IsoImageVerifier.Verify(_images.Ours).Select(p => p.ToString()).ToList());
        Assert.Empty(IsoImageVerifier.Verify(_images.Hybrid).Select(p => p.ToString()).ToList());
        using IsoImageReader hybrid = IsoImageReader.Open(_images.Hybrid);
        Assert.Equal(["BIOS", "EFI"], hybrid.BootCatalog!.Entries.Select(e => e.Platform));
        Assert.True(hybrid.PartitionTable.HasGpt);
        Assert.Contains(hybrid.PartitionTable.Gpt, p => p.TypeName == "EFI System");
    }

    [Fact]
    public void A_truncated_image_is_reported()
    {
        string path = _images.Dir.Combine("truncated.iso");
        byte[] bytes = File.ReadAllBytes(_images.Ours);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        IReadOnlyList<string> problems = IsoImageVerifier.Verify(path).Select(p => p.ToString()).ToList();
        Assert.Contains(problems, p => p.StartsWith(ErrorCodes.DataOutsideImage, StringComparison.Ordinal) && p.Contains("truncated", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("beyond the end of the image", StringComparison.Ordinal));
    }

    [Fact]
    public void A_damaged_volume_descriptor_is_reported()
    {
        string inconsistent = Damaged(_images.Ours, "descriptor.iso", b => b[16 * ImageBytes.Sector + 84 + 3] ^= 0x40);
        Assert.Contains(IsoImageVerifier.Verify(inconsistent).Select(p => p.ToString()).ToList(), p => p.StartsWith(ErrorCodes.MalformedVolumeDescriptor, StringComparison.Ordinal) && p.Contains("volume space size", StringComparison.Ordinal));
        string noIdentifier = Damaged(_images.Ours, "no-cd001.iso", b => b[16 * ImageBytes.Sector + 1] = (byte)'X');
        Assert.Equal([ErrorCodes.NotAnImage], IsoImageVerifier.Verify(noIdentifier).Select(p => p.ToString()).ToList().Select(p => p[..7]));
    }

    [Fact]
    public void A_damaged_directory_record_is_reported()
    {
        string shortRecord = Damaged(_images.Ours, "record.iso", b => b[ImageBytes.Record(b, "ZERO.;1")] = 20);
        Assert.Contains(IsoImageVerifier.Verify(shortRecord).Select(p => p.ToString()).ToList(), p => p.StartsWith(ErrorCodes.MalformedDirectory, StringComparison.Ordinal) && p.Contains("20 bytes long", StringComparison.Ordinal));
        string farExtent = Damaged(_images.Ours, "extent.iso", b => ImageBytes.SetExtent(b, ImageBytes.Record(b, "ARCHIVE_TAR.GZ;1"), 900_000));
        Assert.Contains(IsoImageVerifier.Verify(farExtent).Select(p => p.ToString()).ToList(), p => p.Contains("the data of '/archive.tar.gz' (sectors 900000", StringComparison.Ordinal) && p.Contains("beyond the end", StringComparison.Ordinal));
        string overlap = Damaged(_images.Ours, "overlap.iso", b =>
        {
            int a = ImageBytes.Record(b, "SIZE_4096.BIN;1");
            int c = ImageBytes.Record(b, "SIZE_65537.BIN;1");
            ImageBytes.SetExtent(b, c, ImageBytes.Extent(b, a) + 1);
        });
        Assert.Contains(IsoImageVerifier.Verify(overlap).Select(p => p.ToString()).ToList(), p => p.Contains("overlaps", StringComparison.Ordinal));
    }

    [Fact]
    public void A_path_table_that_disagrees_with_the_tree_is_reported()
    {
        string path = Damaged(_images.Ours, "path-table.iso", b =>
        {
            uint table = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(16 * ImageBytes.Sector + 140));
            int second = (int)table * ImageBytes.Sector + 10; // the record after the root's
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(second + 2), 12345);
        });
        Assert.Contains(IsoImageVerifier.Verify(path).Select(p => p.ToString()).ToList(), p => p.Contains("path table", StringComparison.Ordinal) && p.Contains("12345", StringComparison.Ordinal));
    }

    [Fact]
    public void A_broken_boot_catalog_is_reported()
    {
        using IsoImageReader reader = IsoImageReader.Open(_images.Hybrid);
        uint catalog = reader.BootCatalog!.Lba;
        string path = Damaged(_images.Hybrid, "catalog.iso", b => b[catalog * ImageBytes.Sector + 5] ^= 0x5A);
        Assert.Contains(IsoImageVerifier.Verify(path).Select(p => p.ToString()).ToList(), p => p.StartsWith(ErrorCodes.MalformedBootCatalog, StringComparison.Ordinal) && p.Contains("checksum", StringComparison.Ordinal));
    }

    [Fact]
    public void Recorded_MD5_checksums_are_checked()
    {
        string source = _images.Dir.CreateDirectory("md5-src");
        File.WriteAllText(Path.Combine(source, "data.txt"), "checked by its MD5 tag");
        string image = ForeignImages.Xorriso(source, _images.Dir.Combine("md5.iso"), extra: ["--md5"]);
        Assert.Contains("libisofs_checksum_tag_v1", File.ReadAllText(image), StringComparison.Ordinal);
        Assert.Empty(IsoImageVerifier.Verify(image).Select(p => p.ToString()).ToList());
        string damaged = Damaged(image, "md5-damaged.iso", b => b[ImageBytes.IndexOf(b, "checked by"u8)] = (byte)'C');
        Assert.Contains(IsoImageVerifier.Verify(damaged).Select(p => p.ToString()).ToList(), p => p.StartsWith(ErrorCodes.ChecksumMismatch, StringComparison.Ordinal) && p.Contains("libisofs_checksum_tag_v1", StringComparison.Ordinal));
    }

    [Fact]
    public void Broken_GPT_CRCs_are_reported()
    {
        string header = Damaged(_images.Hybrid, "gpt-header.iso", b => b[512 + 40] ^= 1);
        Assert.Contains(IsoImageVerifier.Verify(header).Select(p => p.ToString()).ToList(), p => p.StartsWith(ErrorCodes.MalformedPartitionTable, StringComparison.Ordinal) && p.Contains("primary GPT header CRC", StringComparison.Ordinal));
        string entries = Damaged(_images.Hybrid, "gpt-entries.iso", b =>
        {
            long lba = BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(512 + 72));
            b[lba * 512 + 56] ^= 1; // a byte of the first partition's name
        });
        Assert.Contains(IsoImageVerifier.Verify(entries).Select(p => p.ToString()).ToList(), p => p.Contains("CRC of the primary GPT partition entries", StringComparison.Ordinal));
    }
}
