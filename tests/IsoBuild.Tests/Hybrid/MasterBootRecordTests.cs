using System.Buffers.Binary;
using IsoBuild.Hybrid;

namespace IsoBuild.Tests.Hybrid;

public class MasterBootRecordTests
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

    [Theory]
    [InlineData((int)MasterBootRecord.CodeStyle.None)]
    [InlineData((int)MasterBootRecord.CodeStyle.Isohybrid)]
    [InlineData((int)MasterBootRecord.CodeStyle.Grub2)]
    public void What_is_written_reads_back(int codeStyle)
    {
        var style = (MasterBootRecord.CodeStyle)codeStyle;
        MbrPartition[] partitions = [new(false, 0xEE, 1, 99_999), new(false, 0xEF, 148, 2880), new(true, 0x17, 0, 100_000), new(false, 0x0C, 5, 6)];
        byte[] mbr = new byte[512];
        MasterBootRecord.Write(mbr, [0xFA, 0x31, 0xC0], style, 0x4000_0001, 0xCAFEBABE, partitions);
        Assert.True(MasterBootRecord.HasSignature(mbr));
        Assert.Equal(0xCAFEBABEu, MasterBootRecord.ReadDiskSignature(mbr));
        Assert.Equal(style, MasterBootRecord.ReadCodeStyle(mbr, 0x4000_0001));
        for (int i = 0; i < 4; i++)
            Assert.Equal(partitions[i], MasterBootRecord.ReadPartition(mbr, i));
    }

    [Fact]
    public void Slots_not_written_read_as_empty_and_a_sector_without_55AA_has_no_MBR()
    {
        byte[] mbr = new byte[512];
        Assert.False(MasterBootRecord.HasSignature(mbr));
        MasterBootRecord.Write(mbr, [], MasterBootRecord.CodeStyle.None, 0, 0, [new MbrPartition(true, 0x17, 0, 10)]);
        Assert.True(MasterBootRecord.HasSignature(mbr));
        Assert.All(Enumerable.Range(1, 3), i => Assert.True(MasterBootRecord.ReadPartition(mbr, i).IsEmpty));
    }
}
