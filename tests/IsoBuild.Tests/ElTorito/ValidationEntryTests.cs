using IsoBuild.ElTorito;

namespace IsoBuild.Tests.ElTorito;

public class ValidationEntryTests
{
    [Theory]
    [InlineData(BootCatalog.PlatformBios, "")]
    [InlineData(BootCatalog.PlatformEfi, "ISOBUILD")]
    [InlineData(BootCatalog.PlatformPowerPc, "ABCDEFGHIJKLMNOPQRSTUVWX")] // 24 characters: the whole field
    [InlineData(0xFF, "\u007F~")]
    public void Entries_read_back_as_written_with_a_sound_checksum(byte platform, string id)
    {
        byte[] entry = new byte[32];
        var written = new ValidationEntry(platform, id);
        written.Write(entry);
        Assert.True(ValidationEntry.IsKeyed(entry));
        Assert.True(ValidationEntry.ChecksumMatches(entry));
        Assert.Equal(written, ValidationEntry.Read(entry));
    }

    [Fact]
    public void A_longer_id_string_is_cut_to_its_field()
    {
        byte[] entry = new byte[32];
        new ValidationEntry(0, new string('A', 30)).Write(entry);
        Assert.Equal(new string('A', 24), ValidationEntry.Read(entry).IdString);
        Assert.True(ValidationEntry.ChecksumMatches(entry));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(28)]
    [InlineData(29)]
    public void A_changed_byte_breaks_the_checksum(int offset)
    {
        byte[] entry = new byte[32];
        new ValidationEntry(0, "X").Write(entry);
        entry[offset] ^= 0x01;
        Assert.False(ValidationEntry.ChecksumMatches(entry));
    }

    [Theory]
    [InlineData(0, 0x02)]
    [InlineData(30, 0x54)]
    [InlineData(31, 0xAB)]
    public void Header_id_and_key_bytes_are_checked(int offset, byte value)
    {
        byte[] entry = new byte[32];
        new ValidationEntry(0).Write(entry);
        entry[offset] = value;
        Assert.False(ValidationEntry.IsKeyed(entry));
    }

    [Fact]
    public void A_hand_made_entry_reads_as_El_Torito_describes_it()
    {
        // Header 01, platform 80x86, id "TEST", key 55 AA, and the checksum that makes the words sum to zero.
        byte[] entry = new byte[32];
        entry[0] = 0x01;
        "TEST"u8.CopyTo(entry.AsSpan(4));
        entry[30] = 0x55;
        entry[31] = 0xAA;
        // Words: 0x0001 + 0x4554 ("TE") + 0x5453 ("ST") + 0xAA55 = 0x1_43FD; the checksum is 0x10000 - 0x43FD = 0xBC03.
        entry[28] = 0x03;
        entry[29] = 0xBC;
        Assert.True(ValidationEntry.IsKeyed(entry));
        Assert.True(ValidationEntry.ChecksumMatches(entry));
        Assert.Equal(new ValidationEntry(BootCatalog.PlatformBios, "TEST"), ValidationEntry.Read(entry));
    }
}
