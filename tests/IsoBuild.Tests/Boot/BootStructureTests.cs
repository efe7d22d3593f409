using System.Buffers.Binary;
using IsoBuild.Fat;
using IsoBuild.Hybrid;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Boot;

public class BootStructureTests
{
    [Theory]
    [InlineData((int)MasterBootRecord.CodeStyle.Isohybrid, 148UL)]
    [InlineData((int)MasterBootRecord.CodeStyle.Grub2, 152UL)]
    public void MBR_code_finds_the_boot_image_where_its_style_expects(int codeStyle, ulong expected)
    {
        var style = (MasterBootRecord.CodeStyle)codeStyle;
        byte[] mbr = new byte[512];
        byte[] code = Enumerable.Repeat((byte)0x90, 512).ToArray();
        MasterBootRecord.Write(mbr, code, style, 37, 0x12345678, [new MbrPartition(true, 0x17, 0, 1000)]);
        ulong address = style == MasterBootRecord.CodeStyle.Grub2 ? BinaryPrimitives.ReadUInt64LittleEndian(mbr.AsSpan(432)) : BinaryPrimitives.ReadUInt32LittleEndian(mbr.AsSpan(432));
        Assert.Equal(expected, address);
        Assert.All(mbr[..432], b => Assert.Equal(0x90, b));
        Assert.Equal(0x12345678u, BinaryPrimitives.ReadUInt32LittleEndian(mbr.AsSpan(440)));
        Assert.Equal(0x80, mbr[446]);
        Assert.Equal(0x17, mbr[450]);
        Assert.Equal(1000u, BinaryPrimitives.ReadUInt32LittleEndian(mbr.AsSpan(458)));
        Assert.Equal(new byte[] { 0x55, 0xAA }, mbr[510..]);
    }

    [Fact]
    public void GPT_headers_carry_valid_CRCs_and_point_at_each_other()
    {
        byte[] entries = GuidPartitionTable.EntryArray([new GptPartition(GuidPartitionTable.EfiSystemPartition, Guid.NewGuid(), 100, 199, "EFI boot")]);
        byte[] primary = new byte[512];
        byte[] backup = new byte[512];
        Guid disk = Guid.NewGuid();
        GuidPartitionTable.WriteHeader(primary, primary: true, 10000, disk, entries);
        GuidPartitionTable.WriteHeader(backup, primary: false, 10000, disk, entries);
        foreach (byte[] h in new[] { primary, backup })
        {
            Assert.Equal("EFI PART"u8.ToArray(), h[..8]);
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(16));
            byte[] copy = h[..92];
            copy.AsSpan(16, 4).Clear();
            Assert.Equal(Crc32.Compute(copy), crc);
            Assert.Equal(Crc32.Compute(entries), BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(88)));
        }
        Assert.Equal(1UL, BinaryPrimitives.ReadUInt64LittleEndian(primary.AsSpan(24)));
        Assert.Equal(9999UL, BinaryPrimitives.ReadUInt64LittleEndian(primary.AsSpan(32)));
        Assert.Equal(9999UL, BinaryPrimitives.ReadUInt64LittleEndian(backup.AsSpan(24)));
        Assert.Equal(9999UL - 32, BinaryPrimitives.ReadUInt64LittleEndian(backup.AsSpan(72)));
        Assert.Equal(GuidPartitionTable.EfiSystemPartition, new Guid(entries.AsSpan(0, 16)));
    }

    [Fact]
    public void FAT_images_pass_fsck_and_read_back_with_mtools()
    {
        using var t = new TempDirectory("fat");
        var random = new Random(9);
        var files = new Dictionary<string, byte[]>
        {
            ["EFI/BOOT/BOOTX64.EFI"] = new byte[300_000],
            ["EFI/BOOT/grub.cfg"] = "set timeout=0\n"u8.ToArray(),
            ["A Long Name With Spaces.txt"] = "long"u8.ToArray(),
            ["empty.bin"] = [],
        };
        random.NextBytes(files["EFI/BOOT/BOOTX64.EFI"]);
        var entries = files.Select(kv => new FatEntry(kv.Key, false, kv.Value.Length, () => new MemoryStream(kv.Value))).Append(new FatEntry("EFI/empty-dir", true, 0, null));
        var builder = new FatImageBuilder(entries, new DateTimeOffset(2024, 3, 4, 5, 6, 8, TimeSpan.Zero));
        byte[] image = builder.Build();
        Assert.Equal(builder.Length, image.Length);
        Assert.True(FatBootSector.IsFat(image));
        string path = t.Combine("fat.img");
        File.WriteAllBytes(path, image);
        ExternalTool.Run("fsck.fat", "-n", path).EnsureSuccess();
        var env = new Dictionary<string, string?> { ["MTOOLS_SKIP_CHECK"] = "1" };
        foreach ((string name, byte[] content) in files)
        {
            string output = t.Combine("out-" + Path.GetFileName(name));
            ExternalTool.Run("mcopy", ["-n", "-i", path, "::/" + name, output], environment: env).EnsureSuccess();
            Assert.Equal(content, File.ReadAllBytes(output));
        }
        Assert.Contains("2024-03-04", ExternalTool.Run("mdir", ["-i", path, "::/EFI/BOOT"], environment: env).EnsureSuccess().StandardOutput, StringComparison.Ordinal);
        // The same entries give the same bytes.
        Assert.Equal(image, new FatImageBuilder(entries, new DateTimeOffset(2024, 3, 4, 5, 6, 8, TimeSpan.Zero)).Build());
    }

    [Fact]
    public void Non_FAT_bytes_are_not_FAT()
    {
        byte[] sector = new byte[512];
        Assert.False(FatBootSector.IsFat(sector));
        sector[510] = 0x55;
        sector[511] = 0xAA;
        Assert.False(FatBootSector.IsFat(sector));
    }
}
