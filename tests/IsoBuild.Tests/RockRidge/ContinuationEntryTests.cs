using IsoBuild.RockRidge;

namespace IsoBuild.Tests.RockRidge;

public class ContinuationEntryTests
{
    [Theory]
    [InlineData(20u, 100u, 300u)]
    [InlineData(uint.MaxValue, 2047u, 0u)]
    public void CE_reads_back_as_written(uint block, uint offset, uint length)
    {
        byte[] e = new byte[28];
        var written = new ContinuationEntry(block, offset, length);
        written.Write(e);
        Assert.True(ContinuationEntry.TryRead(e, out ContinuationEntry read));
        Assert.Equal(written, read);
    }

    [Fact]
    public void A_hand_made_CE_reads_as_SUSP_describes_it()
    {
        // Block 0x1D, offset 0x40, length 0x0123, each little-endian then big-endian.
        byte[] e =
        [
            (byte)'C', (byte)'E', 28, 1,
            0x1D, 0, 0, 0, 0, 0, 0, 0x1D,
            0x40, 0, 0, 0, 0, 0, 0, 0x40,
            0x23, 0x01, 0, 0, 0, 0, 0x01, 0x23,
        ];
        Assert.True(ContinuationEntry.TryRead(e, out ContinuationEntry ce));
        Assert.Equal(new ContinuationEntry(0x1D, 0x40, 0x123), ce);
        Assert.False(ContinuationEntry.TryRead(e.AsSpan(0, 27), out _));
    }
}
