using IsoBuild.RockRidge;

namespace IsoBuild.Tests.RockRidge;

public class PosixAttributesEntryTests
{
    [Theory]
    [InlineData(0x81EDu, 1u, 0u, 0u, 42u)]
    [InlineData(0x41EDu, 3u, 1000u, 1000u, uint.MaxValue)]
    [InlineData(0xA1FFu, uint.MaxValue, uint.MaxValue, uint.MaxValue, null)] // RRIP 1.09: no serial number
    public void PX_reads_back_as_written(uint mode, uint links, uint uid, uint gid, uint? serial)
    {
        var written = new PosixAttributesEntry(mode, links, uid, gid, serial);
        byte[] px = written.Write();
        Assert.Equal(serial is null ? 36 : 44, px.Length);
        Assert.True(PosixAttributesEntry.TryRead(px, out PosixAttributesEntry read));
        Assert.Equal(written, read);
    }

    [Theory]
    [InlineData(42u)]
    [InlineData(null)]
    public void PX_written_over_other_bytes_is_the_entry_made(uint? serial)
    {
        var entry = new PosixAttributesEntry(0x81A4, 1, 0, 0, serial);
        Span<byte> written = stackalloc byte[64];
        written.Fill(0xEE);
        int length = entry.Write(written);
        Assert.Equal(entry.Write(), written[..length].ToArray());
        Assert.Equal(0xEE, written[length]);
    }

    [Fact]
    public void A_hand_made_PX_reads_as_RRIP_describes_it()
    {
        // Mode 0100644 (a regular file, rw-r--r--), 1 link, uid 0, gid 0, serial 7.
        byte[] px = [(byte)'P', (byte)'X', 44, 1,
            0xA4, 0x81, 0, 0, 0, 0, 0x81, 0xA4,
            1, 0, 0, 0, 0, 0, 0, 1,
            0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0,
            7, 0, 0, 0, 0, 0, 0, 7];
        Assert.True(PosixAttributesEntry.TryRead(px, out PosixAttributesEntry read));
        Assert.Equal(new PosixAttributesEntry(0x81A4, 1, 0, 0, 7), read);
    }

    [Fact]
    public void A_PX_holding_only_the_mode_reads_the_rest_as_zero()
    {
        Assert.True(PosixAttributesEntry.TryRead([(byte)'P', (byte)'X', 12, 1, 0xED, 0x41, 0, 0, 0, 0, 0x41, 0xED], out PosixAttributesEntry px));
        Assert.Equal(new PosixAttributesEntry(0x41ED, 0, 0, 0, null), px);
        Assert.False(PosixAttributesEntry.TryRead([(byte)'P', (byte)'X', 11, 1, 0, 0, 0, 0, 0, 0, 0], out _));
    }
}
