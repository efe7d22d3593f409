using IsoBuild.ElTorito;

namespace IsoBuild.Tests.ElTorito;

public class BootEntryTests
{
    [Fact]
    public void IsoBuild_entries_are_bootable_no_emulation_images_at_the_default_segment()
    {
        byte[] e = new byte[32];
        BootEntry.NoEmulationImage(0x01020304, 4).Write(e);
        Assert.Equal(new byte[] { 0x88, 0, 0, 0, 0, 0, 4, 0, 4, 3, 2, 1 }, e[..12]);
        Assert.All(e[12..], b => Assert.Equal(0, b));
    }

    public static TheoryData<byte, byte, ushort, byte, ushort, uint, byte, byte[]?> Entries => new()
    {
        { BootEntry.Bootable, BootEntry.NoEmulation, 0, 0, 4, 37, 0, null },
        { BootEntry.NotBootable, BootEntry.HardDiskEmulation, 0x07C0, 0x0C, ushort.MaxValue, uint.MaxValue, 0, null },
        { BootEntry.Bootable, 2 | BootEntry.ExtensionFollows, 0x1000, 0, 1, 0, 1, [1, 2, 3] },
        { BootEntry.Bootable, 3, 0, 0, 1, 0, 0xFF, Enumerable.Range(1, 19).Select(i => (byte)i).ToArray() },
    };

    [Theory]
    [MemberData(nameof(Entries))]
    public void Every_field_reads_back_as_written(byte indicator, byte media, ushort segment, byte systemType, ushort count, uint lba, byte criteriaType, byte[]? criteria)
    {
        var written = new BootEntry(indicator, media, segment, systemType, count, lba, criteriaType, criteria);
        byte[] e = new byte[32];
        written.Write(e);
        BootEntry read = BootEntry.Read(e);
        Assert.Equal(written.Indicator, read.Indicator);
        Assert.Equal(written.MediaType, read.MediaType);
        Assert.Equal(written.LoadSegment, read.LoadSegment);
        Assert.Equal(written.SystemType, read.SystemType);
        Assert.Equal(written.SectorCount, read.SectorCount);
        Assert.Equal(written.LoadRba, read.LoadRba);
        Assert.Equal(written.SelectionCriteriaType, read.SelectionCriteriaType);
        Assert.Equal(criteria is null ? null : criteria.Concat(new byte[19 - criteria.Length]).ToArray(), read.SelectionCriteria);
        Assert.Equal(written.IsBootable, read.IsBootable);
        Assert.Equal(media & 0x0F, read.Emulation);
        Assert.Equal((media & 0x20) != 0, read.HasExtension);
    }

    [Fact]
    public void A_hand_made_hard_disk_entry_reads_as_El_Torito_describes_it()
    {
        // Bootable, hard disk emulation with an extension following, segment 0x07C0, system type 0x06 (FAT16),
        // 1 sector, image at sector 0x1234, selection criteria type 1 with "EN".
        byte[] e = [0x88, 0x24, 0xC0, 0x07, 0x06, 0x00, 0x01, 0x00, 0x34, 0x12, 0x00, 0x00, 0x01, (byte)'E', (byte)'N', .. new byte[17]];
        BootEntry r = BootEntry.Read(e);
        Assert.True(r.IsBootable);
        Assert.Equal(4, r.Emulation);
        Assert.True(r.HasExtension);
        Assert.Equal(0x07C0, r.LoadSegment);
        Assert.Equal(0x06, r.SystemType);
        Assert.Equal(1, r.SectorCount);
        Assert.Equal(0x1234u, r.LoadRba);
        Assert.Equal(1, r.SelectionCriteriaType);
        Assert.Equal("EN"u8.ToArray(), r.SelectionCriteria![..2]);
    }
}
