using IsoBuild.Hybrid;

namespace IsoBuild.Tests.Hybrid;

public class MbrPartitionTests
{
    [Theory]
    [InlineData(true, 0x17, 0u, 1000u)]
    [InlineData(false, 0xEE, 1u, uint.MaxValue)]
    [InlineData(false, 0xEF, 4u * 37, 2880u)]
    [InlineData(true, 0x0C, uint.MaxValue, 0u)]
    public void Entries_read_back_as_written(bool active, byte type, uint first, uint count)
    {
        var written = new MbrPartition(active, type, first, count);
        byte[] e = new byte[16];
        written.Write(e);
        MbrPartition read = MbrPartition.Read(e);
        Assert.Equal(written, read);
        Assert.Equal(active, read.Active);
        Assert.Equal(count == 0, read.IsEmpty);
    }

    [Fact]
    public void Recorded_CHS_addresses_are_kept_as_recorded()
    {
        var odd = new MbrPartition(0x7F, new ChsAddress(3, 2, 1), 0x83, new ChsAddress(1023, 254, 63), 100, 200);
        byte[] e = new byte[16];
        odd.Write(e);
        Assert.Equal(odd, MbrPartition.Read(e));
    }

    [Fact]
    public void A_hand_made_entry_reads_as_the_MBR_layout_describes_it()
    {
        // Active, CHS 0/0/1 to 1023/254/63, type 0x17, sectors 0 .. 0x00100000.
        byte[] e = [0x80, 0x00, 0x01, 0x00, 0x17, 0xFE, 0xFF, 0xFF, 0, 0, 0, 0, 0x00, 0x00, 0x10, 0x00];
        MbrPartition p = MbrPartition.Read(e);
        Assert.True(p.Active);
        Assert.Equal(new ChsAddress(0, 0, 1), p.FirstChs);
        Assert.Equal(0x17, p.Type);
        Assert.Equal(ChsAddress.BeyondReach, p.LastChs);
        Assert.Equal(0u, p.FirstSector);
        Assert.Equal(0x00100000u, p.SectorCount);
        Assert.False(p.IsEmpty);
    }
}
