using IsoBuild.Iso9660;

namespace IsoBuild.Tests.Iso9660;

public class BothEndianTests
{
    [Fact]
    public void UInt32_is_written_little_then_big_endian()
    {
        byte[] b = new byte[8];
        BothEndian.WriteUInt32(b, 0x11223344);
        Assert.Equal(new byte[] { 0x44, 0x33, 0x22, 0x11, 0x11, 0x22, 0x33, 0x44 }, b);
        Assert.Equal(0x11223344u, BothEndian.ReadUInt32(b, out bool ok));
        Assert.True(ok);
    }

    [Fact]
    public void UInt16_is_written_little_then_big_endian()
    {
        byte[] b = new byte[4];
        BothEndian.WriteUInt16(b, 0x0102);
        Assert.Equal(new byte[] { 0x02, 0x01, 0x01, 0x02 }, b);
        Assert.Equal((ushort)0x0102, BothEndian.ReadUInt16(b, out bool ok));
        Assert.True(ok);
    }

    [Fact]
    public void Disagreeing_halves_are_reported()
    {
        byte[] b = [1, 0, 0, 0, 0, 0, 0, 2];
        BothEndian.ReadUInt32(b, out bool ok);
        Assert.False(ok);
    }
}
