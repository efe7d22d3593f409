using IsoBuild.Hybrid;

namespace IsoBuild.Tests.Hybrid;

public class GptPartitionTests
{
    public static TheoryData<string, ulong> Names => new()
    {
        { "EFI boot", 0 },
        { "", GptPartition.AttributeLegacyBiosBootable },
        { "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", ulong.MaxValue }, // 36 UTF-16 code units: the whole field
        { "Système 😀", 1 },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Entries_read_back_as_written(string name, ulong attributes)
    {
        var written = new GptPartition(GuidPartitionTable.EfiSystemPartition, new Guid("0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0"), 34, ulong.MaxValue, name, attributes);
        byte[] e = new byte[128];
        written.Write(e);
        Assert.Equal(written, GptPartition.Read(e));
        Assert.False(GptPartition.Read(e).IsEmpty);
    }

    [Fact]
    public void A_longer_name_is_cut_to_36_code_units()
    {
        byte[] e = new byte[128];
        new GptPartition(Guid.Empty, Guid.Empty, 0, 0, new string('n', 40)).Write(e);
        Assert.Equal(new string('n', 36), GptPartition.Read(e).Name);
    }

    [Fact]
    public void An_all_zero_entry_is_empty()
    {
        GptPartition p = GptPartition.Read(new byte[128]);
        Assert.True(p.IsEmpty);
        Assert.Equal(string.Empty, p.Name);
    }

    [Fact]
    public void A_hand_made_entry_reads_as_UEFI_describes_it()
    {
        // EFI System partition type C12A7328-F81F-11D2-BA4B-00A0C93EC93B (mixed-endian on disk), sectors 2048..4095,
        // legacy BIOS bootable, name "A".
        byte[] e = new byte[128];
        byte[] type = [0x28, 0x73, 0x2A, 0xC1, 0x1F, 0xF8, 0xD2, 0x11, 0xBA, 0x4B, 0x00, 0xA0, 0xC9, 0x3E, 0xC9, 0x3B];
        type.CopyTo(e, 0);
        e[16] = 1;
        e[33] = 0x08;             // first 0x800
        e[40] = 0xFF; e[41] = 0x0F; // last 0xFFF
        e[48] = 0x04;
        e[56] = (byte)'A';
        GptPartition p = GptPartition.Read(e);
        Assert.Equal(GuidPartitionTable.EfiSystemPartition, p.Type);
        Assert.Equal(2048UL, p.FirstSector);
        Assert.Equal(4095UL, p.LastSector);
        Assert.Equal(GptPartition.AttributeLegacyBiosBootable, p.Attributes);
        Assert.Equal("A", p.Name);
    }
}
