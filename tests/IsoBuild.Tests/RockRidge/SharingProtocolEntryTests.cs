using IsoBuild.RockRidge;

namespace IsoBuild.Tests.RockRidge;

public class SharingProtocolEntryTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(255)]
    public void SP_reads_back_as_written(byte skip)
    {
        byte[] sp = new SharingProtocolEntry(skip).Write();
        Assert.Equal(SharingProtocolEntry.Length, sp.Length);
        Assert.True(SharingProtocolEntry.TryRead(sp, out SharingProtocolEntry read));
        Assert.Equal(skip, read.SkipLength);
    }

    [Fact]
    public void Hand_made_SP_entries_are_read_as_SUSP_describes_them()
    {
        Assert.True(SharingProtocolEntry.TryRead([(byte)'S', (byte)'P', 7, 1, 0xBE, 0xEF, 14], out SharingProtocolEntry sp));
        Assert.Equal(14, sp.SkipLength);
        Assert.False(SharingProtocolEntry.TryRead([(byte)'S', (byte)'P', 7, 1, 0xBE, 0xEE, 0], out _)); // wrong check bytes
        Assert.False(SharingProtocolEntry.TryRead([(byte)'S', (byte)'P', 6, 1, 0xBE, 0xEF], out _));    // too short
    }
}
