using IsoBuild.Fat;

namespace IsoBuild.Tests.Fat;

public class FatLongNameEntryTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("exactly13char")]
    [InlineData("A Long Name With Spaces.txt")]
    [InlineData("Ünïcødé 名前 😀.efi")]
    public void Names_split_into_entries_that_read_back(string name)
    {
        byte[] shortName = "ALONGN~1TXT"u8.ToArray();
        List<FatLongNameEntry> entries = FatLongNameEntry.Split(name, shortName).ToList();
        Assert.Equal((name.Length + 12) / 13, entries.Count);
        Assert.True(entries[0].IsLastPart);
        Assert.Equal(entries.Count, entries[0].Sequence);
        Assert.Equal(Enumerable.Range(1, entries.Count).Reverse(), entries.Select(e => e.Sequence));
        string joined = "";
        foreach (FatLongNameEntry written in entries)
        {
            byte[] e = new byte[32];
            written.Write(e);
            Assert.True(FatLongNameEntry.TryRead(e, out FatLongNameEntry read));
            Assert.Equal(written, read);
            joined = read.Text + joined;
        }
        Assert.Equal(name, joined);
        Assert.All(entries, e => Assert.Equal(FatLongNameEntry.ShortNameChecksum(shortName), e.Checksum));
    }

    [Fact]
    public void A_short_last_part_ends_with_zero_and_is_padded_with_FFFF()
    {
        byte[] e = new byte[32];
        new FatLongNameEntry(0x41, 0x12, "ab").Write(e);
        Assert.Equal(new byte[] { 0x41, (byte)'a', 0, (byte)'b', 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0, 0x12 }, e[..14]);
        Assert.All(e[14..26], b => Assert.Equal(0xFF, b));
        Assert.Equal(new byte[] { 0, 0, 0xFF, 0xFF, 0xFF, 0xFF }, e[26..]);
    }

    [Fact]
    public void The_checksum_is_the_one_the_FAT_specification_gives()
    {
        // Rotate right and add, over the 11 bytes of the short name.
        byte sum = 0;
        foreach (byte c in "README  TXT"u8)
            sum = (byte)((sum >> 1) + ((sum & 1) << 7) + c);
        Assert.Equal(sum, FatLongNameEntry.ShortNameChecksum("README  TXT"u8));
    }

    [Fact]
    public void A_short_entry_is_no_long_name_entry()
    {
        byte[] e = new byte[32];
        new FatDirectoryEntry("README  TXT", FatDirectoryEntry.AttributeArchive, 0, 0, null, null, null, 0, 0).Write(e);
        Assert.False(FatLongNameEntry.TryRead(e, out _));
    }
}
