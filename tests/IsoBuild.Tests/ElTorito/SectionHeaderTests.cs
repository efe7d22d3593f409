using IsoBuild.ElTorito;

namespace IsoBuild.Tests.ElTorito;

public class SectionHeaderTests
{
    [Theory]
    [InlineData(false, BootCatalog.PlatformEfi, 1, "")]
    [InlineData(true, BootCatalog.PlatformBios, ushort.MaxValue, "UEFI")]
    [InlineData(true, 0x7F, 0, "ABCDEFGHIJKLMNOPQRSTUVWXYZ01")] // 28 characters: the whole field
    public void Headers_read_back_as_written(bool final, byte platform, ushort count, string id)
    {
        var written = new SectionHeader(final, platform, count, id);
        byte[] e = new byte[32];
        written.Write(e);
        Assert.Equal(final ? 0x91 : 0x90, e[0]);
        Assert.True(SectionHeader.TryRead(e, out SectionHeader read));
        Assert.Equal(written, read);
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x88)]
    [InlineData(0x44)]
    [InlineData(0x92)]
    public void Other_entries_are_no_section_header(byte indicator)
    {
        byte[] e = new byte[32];
        e[0] = indicator;
        Assert.False(SectionHeader.TryRead(e, out _));
    }

    [Fact]
    public void A_hand_made_header_reads_as_El_Torito_describes_it()
    {
        // Final header, platform EFI, 2 entries, id "x".
        byte[] e = [0x91, 0xEF, 0x02, 0x00, (byte)'x', .. new byte[27]];
        Assert.True(SectionHeader.TryRead(e, out SectionHeader h));
        Assert.Equal(new SectionHeader(true, 0xEF, 2, "x"), h);
    }
}
