using IsoBuild.Hybrid;

namespace IsoBuild.Tests.Hybrid;

public class ChsAddressTests
{
    [Theory]
    [InlineData(0u, 0, 0, 1)]
    [InlineData(62u, 0, 0, 63)]
    [InlineData(63u, 0, 1, 1)]
    [InlineData(255u * 63, 1, 0, 1)]
    [InlineData(1024u * 255 * 63 - 1, 1023, 254, 63)] // the last sector CHS reaches
    public void Sectors_map_to_255_heads_and_63_sectors_a_track(uint lba, int cylinder, int head, int sector) =>
        Assert.Equal(new ChsAddress((ushort)cylinder, (byte)head, (byte)sector), ChsAddress.FromLba(lba));

    [Theory]
    [InlineData(1024u * 255 * 63)]
    [InlineData(uint.MaxValue)]
    public void Sectors_beyond_cylinder_1023_are_FE_FF_FF(uint lba)
    {
        byte[] chs = new byte[3];
        ChsAddress.FromLba(lba).Write(chs);
        Assert.Equal(new byte[] { 0xFE, 0xFF, 0xFF }, chs);
    }

    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(1023, 254, 63)]
    [InlineData(300, 17, 5)]  // cylinder bits 8-9 go to the sector byte's top bits
    [InlineData(512, 255, 63)]
    public void Addresses_read_back_as_written(int cylinder, int head, int sector)
    {
        var chs = new ChsAddress((ushort)cylinder, (byte)head, (byte)sector);
        byte[] b = new byte[3];
        chs.Write(b);
        Assert.Equal(chs, ChsAddress.Read(b));
    }

    [Fact]
    public void A_hand_made_address_reads_as_the_MBR_layout_describes_it()
    {
        // Head 0x20, sector 0x21 with cylinder bits 8-9 = 01, cylinder low 0x10: cylinder 0x110.
        Assert.Equal(new ChsAddress(0x110, 0x20, 0x21), ChsAddress.Read([0x20, 0x61, 0x10]));
    }
}
