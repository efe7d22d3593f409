using IsoBuild.ElTorito;

namespace IsoBuild.Tests.ElTorito;

public class ExtensionEntryTests
{
    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 5)]
    [InlineData(true, 30)]
    public void Extensions_read_back_as_written(bool more, int criteriaLength)
    {
        byte[] criteria = Enumerable.Range(1, criteriaLength).Select(i => (byte)i).ToArray();
        byte[] e = new byte[32];
        new ExtensionEntry(more, criteria).Write(e);
        Assert.Equal(0x44, e[0]);
        Assert.True(ExtensionEntry.TryRead(e, out ExtensionEntry read));
        Assert.Equal(more, read.MoreFollow);
        Assert.Equal(criteria.Concat(new byte[30 - criteriaLength]), read.SelectionCriteria);
    }

    [Fact]
    public void A_hand_made_extension_reads_as_El_Torito_describes_it()
    {
        byte[] e = [0x44, 0x20, 0xAB, .. new byte[29]];
        Assert.True(ExtensionEntry.TryRead(e, out ExtensionEntry x));
        Assert.True(x.MoreFollow);
        Assert.Equal(0xAB, x.SelectionCriteria[0]);
        e[0] = 0x88;
        Assert.False(ExtensionEntry.TryRead(e, out _));
    }
}
