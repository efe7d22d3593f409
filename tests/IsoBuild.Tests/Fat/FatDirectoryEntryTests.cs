using IsoBuild.Fat;

namespace IsoBuild.Tests.Fat;

public class FatDirectoryEntryTests
{
    public static TheoryData<string, byte, byte, byte, uint, uint> Entries => new()
    {
        { "README  TXT", FatDirectoryEntry.AttributeArchive, 0x18, 0, 2, 1234 },
        { "EFI        ", FatDirectoryEntry.AttributeDirectory, 0, 199, 0x0001_0002, 0 },  // a cluster above 65535 uses the high word
        { "BIG     BIN", FatDirectoryEntry.AttributeArchive, 0x08, 100, uint.MaxValue, uint.MaxValue },
        { "EFIBOOT    ", FatDirectoryEntry.AttributeVolumeLabel, 0, 0, 0, 0 },
    };

    [Theory]
    [MemberData(nameof(Entries))]
    public void Entries_read_back_as_written(string name, byte attributes, byte caseFlags, byte hundredths, uint cluster, uint size)
    {
        var written = new FatDirectoryEntry(name, attributes, caseFlags, hundredths,
            new DateTime(2024, 2, 29, 23, 59, 58), new DateTime(2024, 3, 1), new DateTime(2107, 12, 31, 0, 0, 0), cluster, size);
        byte[] e = new byte[32];
        written.Write(e);
        Assert.Equal(written, FatDirectoryEntry.Read(e));
    }

    [Fact]
    public void Times_keep_two_second_steps_and_the_earliest_date_is_1980()
    {
        var written = new FatDirectoryEntry("A          ", 0, 0, 0, new DateTime(1980, 1, 1, 0, 0, 1), null, new DateTime(1980, 1, 1, 0, 0, 0), 0, 0);
        byte[] e = new byte[32];
        written.Write(e);
        FatDirectoryEntry read = FatDirectoryEntry.Read(e);
        Assert.Equal(new DateTime(1980, 1, 1, 0, 0, 0), read.Created);
        Assert.Null(read.Accessed);
        Assert.Equal(new DateTime(1980, 1, 1), read.Modified);
    }

    [Fact]
    public void A_short_name_is_padded_with_spaces()
    {
        byte[] e = new byte[32];
        new FatDirectoryEntry("A", 0, 0, 0, null, null, null, 0, 0).Write(e);
        Assert.Equal("A          "u8.ToArray(), e[..11]);
    }

    [Fact]
    public void A_hand_made_entry_reads_as_the_FAT_specification_describes_it()
    {
        // "HELLO   TXT", archive, written 2023-07-08 09:10:12 (time 0x4946, date 0x56E8), cluster 3, 5 bytes.
        byte[] e = [.. "HELLO   TXT"u8, 0x20, 0, 0, 0x46, 0x49, 0xE8, 0x56, 0xE8, 0x56, 0, 0, 0x46, 0x49, 0xE8, 0x56, 3, 0, 5, 0, 0, 0];
        FatDirectoryEntry read = FatDirectoryEntry.Read(e);
        DateTime t = new(2023, 7, 8, 9, 10, 12);
        Assert.Equal(new FatDirectoryEntry("HELLO   TXT", FatDirectoryEntry.AttributeArchive, 0, 0, t, t.Date, t, 3, 5), read);
    }

    [Theory]
    [InlineData(0x0000)]            // not recorded
    [InlineData((13 << 5) | 1)]     // month 13
    [InlineData((2 << 5) | 30)]     // 30 February 1980
    public void Dates_that_are_no_dates_read_as_null(int date)
    {
        byte[] e = new byte[32];
        e[24] = (byte)date;
        e[25] = (byte)(date >> 8);
        Assert.Null(FatDirectoryEntry.Read(e).Modified);
    }
}
