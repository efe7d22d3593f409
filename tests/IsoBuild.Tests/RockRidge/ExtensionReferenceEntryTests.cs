using IsoBuild.RockRidge;

namespace IsoBuild.Tests.RockRidge;

public class ExtensionReferenceEntryTests
{
    [Fact]
    public void RRIP_1_12_reads_back_as_written()
    {
        byte[] er = ExtensionReferenceEntry.RockRidge112.Write();
        Assert.Equal(ExtensionReferenceEntry.RockRidge112.Length, er.Length);
        Assert.True(er.Length <= SuspEntry.MaxLength);
        Assert.True(ExtensionReferenceEntry.TryRead(er, out ExtensionReferenceEntry read));
        Assert.Equal(ExtensionReferenceEntry.RockRidge112, read);
    }

    [Fact]
    public void An_entry_with_empty_texts_reads_back()
    {
        var written = new ExtensionReferenceEntry("X", "", "", 7);
        Assert.True(ExtensionReferenceEntry.TryRead(written.Write(), out ExtensionReferenceEntry read));
        Assert.Equal(written, read);
    }

    [Fact]
    public void A_hand_made_RRIP_1_09_entry_reads_as_SUSP_describes_it()
    {
        byte[] e = [(byte)'E', (byte)'R', 4 + 4 + 10 + 2 + 1, 1, 10, 2, 1, 1, .. "RRIP_1991A"u8, (byte)'D', (byte)'S', (byte)'S'];
        Assert.True(ExtensionReferenceEntry.TryRead(e, out ExtensionReferenceEntry er));
        Assert.Equal(new ExtensionReferenceEntry("RRIP_1991A", "DS", "S", 1), er);
    }

    [Fact]
    public void Texts_that_run_past_the_entry_are_cut_at_its_end()
    {
        byte[] e = [(byte)'E', (byte)'R', 12, 1, 200, 200, 200, 1, (byte)'A', (byte)'B', (byte)'C', (byte)'D'];
        Assert.True(ExtensionReferenceEntry.TryRead(e, out ExtensionReferenceEntry er));
        Assert.Equal(new ExtensionReferenceEntry("ABCD", "", "", 1), er);
        Assert.False(ExtensionReferenceEntry.TryRead([(byte)'E', (byte)'R', 7, 1, 0, 0, 0], out _));
    }
}
