using System.Buffers.Binary;
using IsoBuild.Hybrid;
using IsoBuild.Layout;
using IsoBuild.Reading;
using IsoBuild.Spec;

namespace IsoBuild.Tests.Boot;

/// <summary>
/// MBR and GPT entries told one by one (<see cref="SystemAreaSpec.MbrEntries"/>, <see cref="SystemAreaSpec.GptEntries"/>)
/// and the kept ids (<see cref="SystemAreaSpec.DiskSignature"/>, <see cref="SystemAreaSpec.GptDiskGuid"/>): each rule read
/// back from the bytes it writes, in two layouts where the files sit at different places.
/// </summary>
public class PartitionEntryTests
{
    private static readonly DateTimeOffset s_time = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Guid s_disk = new("11111111-2222-4333-8444-555555555555");
    private static readonly Guid s_id = new("AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE");

    private static ImageEntry File(string path, int length, byte fill = 0x11) =>
        new(path, EntryKind.File, ContentSource.FromBytes(Enumerable.Repeat(fill, length).ToArray()));

    /// <summary>An image with boot.bin and esp.img (5000 bytes), and <paramref name="before"/> bytes of a file that sorts before them.</summary>
    private static byte[] Build(SystemAreaSpec area, int before)
    {
        var entries = new List<ImageEntry> { File("boot.bin", 2048), File("esp.img", 5000, 0x22) };
        if (before > 0)
            entries.Add(File("a.bin", before, 0x33));
        var spec = new ImageSpec
        {
            Entries = entries,
            Timestamp = s_time,
            Boot = new BootSpec { Entries = [new ElToritoEntry { Image = "boot.bin" }], SystemArea = area },
        };
        using var stream = new MemoryStream();
        IsoImageBuilder.Write(spec, stream);
        return stream.ToArray();
    }

    private static uint Lba(byte[] image, string path)
    {
        using var reader = IsoImageReader.Open(new MemoryStream(image));
        return reader.Find(path)!.Extents[0].Lba;
    }

    private static uint VolumeSectors(byte[] image) => BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(16 * 2048 + 80));

    private static SystemAreaSpec Told => new()
    {
        DiskSignature = 0x0badf00d,
        GptDiskGuid = s_disk,
        MbrEntries =
        [
            new MbrEntry(1, 0x00, MasterBootRecord.TypeProtectiveGpt, new PartitionExtent(PartitionBound.Sector(1), PartitionBound.AfterImage())),
            new MbrEntry(3, 0x80, 0x83, new PartitionExtent(PartitionBound.StartOf("esp.img"), PartitionBound.EndOf("esp.img"))) { FirstChs = 0x563412, LastChs = 0xFFFFFE },
        ],
        GptEntries =
        [
            new GptEntry(PartitionType.BasicDataGuid, new PartitionExtent(PartitionBound.Sector(64), PartitionBound.StartOf("esp.img"))) { Name = "Gap0", Attributes = 0x1000000000000001 },
            new GptEntry(PartitionType.EfiSystemGuid, new PartitionExtent(PartitionBound.StartOf("esp.img"), PartitionBound.EndOf("esp.img"))) { Id = s_id, Name = "ESP ✓", Attributes = 1UL << 2 },
            new GptEntry(PartitionType.BasicDataGuid, new PartitionExtent(PartitionBound.AfterEntry(1), PartitionBound.AfterVolume(-48))) { Name = "Gap1" },
        ],
        GptEntriesSector = 20,
        GptEntryCount = 176,
    };

    [Theory]
    [InlineData(0)]
    [InlineData(100_000)]
    public void Every_rule_follows_what_it_names_and_everything_else_is_written_as_told(int before)
    {
        byte[] image = Build(Told, before);
        uint esp = Lba(image, "/esp.img");
        ulong disk = (ulong)image.Length / 512;

        Assert.Equal(0x0badf00du, MasterBootRecord.ReadDiskSignature(image));
        MbrPartition p1 = MasterBootRecord.ReadPartition(image, 0), p3 = MasterBootRecord.ReadPartition(image, 2);
        Assert.Equal((0x00, (byte)0xEE, 1u, (uint)disk - 1), (p1.Status, p1.Type, p1.FirstSector, p1.SectorCount));
        Assert.Equal(ChsAddress.FromLba(1, 64, 32), p1.FirstChs); // computed in the system area's geometry
        Assert.True(MasterBootRecord.ReadPartition(image, 1).IsEmpty);
        Assert.Equal((0x80, (byte)0x83, esp * 4, 10u), (p3.Status, p3.Type, p3.FirstSector, p3.SectorCount));
        Assert.Equal(new byte[] { 0x80, 0x12, 0x34, 0x56, 0x83, 0xFE, 0xFF, 0xFF }, image.AsSpan(446 + 32, 8).ToArray()); // CHS kept

        GptHeader header = GptHeader.Read(image.AsSpan(512, 512));
        Assert.True(GptHeader.CrcMatches(image.AsSpan(512, 512)));
        Assert.Equal((20ul, 176u, 64ul, s_disk), (header.PartitionEntriesLba, header.PartitionEntryCount, header.FirstUsableLba, header.DiskGuid));
        Assert.Equal(disk - 44 - 2, header.LastUsableLba);
        GptPartition Entry(int i) => GptPartition.Read(image.AsSpan(20 * 512 + i * 128, 128));
        Assert.Equal((64ul, (ulong)esp * 4 - 1, "Gap0"), (Entry(0).FirstSector, Entry(0).LastSector, Entry(0).Name));
        Assert.Equal(SystemAreaPlan.PartitionGuid(s_disk, 1), Entry(0).Id);
        Assert.Equal(((ulong)esp * 4, (ulong)esp * 4 + 9, "ESP ✓", s_id, 4ul), (Entry(1).FirstSector, Entry(1).LastSector, Entry(1).Name, Entry(1).Id, Entry(1).Attributes));
        Assert.Equal(((ulong)esp * 4 + 10, (ulong)VolumeSectors(image) * 4 - 49), (Entry(2).FirstSector, Entry(2).LastSector));
        Assert.True(Entry(3).IsEmpty);

        // The backup: header in the last sector, its 44-sector array right before it, same entries.
        GptHeader backup = GptHeader.Read(image.AsSpan((int)(disk - 1) * 512, 512));
        Assert.Equal((disk - 1, disk - 45, 176u, header.PartitionEntriesCrc), (backup.MyLba, backup.PartitionEntriesLba, backup.PartitionEntryCount, backup.PartitionEntriesCrc));
        Assert.Equal(image.AsSpan(20 * 512, 176 * 128).ToArray(), image.AsSpan((int)(disk - 45) * 512, 176 * 128).ToArray());
    }

    [Fact]
    public void The_rules_move_with_the_file()
    {
        byte[] small = Build(Told, 0), large = Build(Told, 100_000);
        Assert.NotEqual(Lba(small, "/esp.img"), Lba(large, "/esp.img"));
        Assert.Equal(Lba(large, "/esp.img") * 4, MasterBootRecord.ReadPartition(large, 2).FirstSector);
    }

    [Fact]
    public void The_disk_signature_and_the_disk_guid_are_written_as_given()
    {
        var area = new SystemAreaSpec { ProtectiveLabel = true, EfiBootPartition = "esp.img" };
        byte[] derived = Build(area, 0);
        byte[] kept = Build(area with { DiskSignature = 0x12345678, GptDiskGuid = s_disk }, 0);
        Assert.Equal(0x12345678u, MasterBootRecord.ReadDiskSignature(kept));
        Assert.Equal(s_disk, GptHeader.Read(kept.AsSpan(512, 512)).DiskGuid);
        Assert.NotEqual(MasterBootRecord.ReadDiskSignature(derived), MasterBootRecord.ReadDiskSignature(kept));
        Assert.Equal(derived.Length, kept.Length);
    }

    [Theory]
    [InlineData("slot")]
    [InlineData("earlier")]
    [InlineData("array")]
    [InlineData("file")]
    [InlineData("appended")]
    public void Entries_that_cannot_be_made_are_refused(string what)
    {
        var extent = PartitionExtent.Fixed(40, 8);
        SystemAreaSpec area = what switch
        {
            "slot" => new SystemAreaSpec { MbrEntries = [new MbrEntry(5, 0, 0x83, extent)] },
            "earlier" => new SystemAreaSpec { GptEntries = [new GptEntry(PartitionType.BasicDataGuid, new PartitionExtent(PartitionBound.AfterEntry(0), PartitionBound.AfterVolume()))] },
            "array" => new SystemAreaSpec { GptEntries = [new GptEntry(PartitionType.BasicDataGuid, extent)], GptEntriesSector = 40, GptEntryCount = 128 },
            "file" => new SystemAreaSpec { MbrEntries = [new MbrEntry(1, 0, 0x83, new PartitionExtent(PartitionBound.StartOf("missing.img"), PartitionBound.EndOf("missing.img")))] },
            _ => new SystemAreaSpec { MbrEntries = [new MbrEntry(1, 0, 0x83, new PartitionExtent(PartitionBound.StartOfAppended(2), PartitionBound.EndOfAppended(2)))] },
        };
        var e = Assert.Throws<IsoBuildException>(() => Build(area, 0));
        Assert.Equal(what == "file" ? ErrorCodes.BootImageNotInImage : ErrorCodes.SystemAreaInvalid, e.Code);
    }

    [Fact]
    public void A_gpt_array_of_any_size_round_trips_through_its_header()
    {
        byte[] entries = GuidPartitionTable.EntryArray([new GptPartition(PartitionType.EfiSystemGuid, s_id, 100, 199, "x", 1)], 176);
        Assert.Equal(44 * 512, entries.Length);
        byte[] sector = new byte[512];
        GuidPartitionTable.WriteHeader(sector, primary: true, 10_000, s_disk, entries, 176, 20);
        GptHeader h = GptHeader.Read(sector);
        Assert.True(GptHeader.CrcMatches(sector));
        Assert.Equal((1ul, 9_999ul, 64ul, 10_000ul - 46, 20ul, 176u, Crc32.Compute(entries)), (h.MyLba, h.AlternateLba, h.FirstUsableLba, h.LastUsableLba, h.PartitionEntriesLba, h.PartitionEntryCount, h.PartitionEntriesCrc));
        // The default array is the one the shorthand always wrote.
        byte[] classic = new byte[512], now = new byte[512];
        byte[] array = GuidPartitionTable.EntryArray([]);
        GuidPartitionTable.WriteHeader(classic, primary: false, 10_000, s_disk, array);
        GuidPartitionTable.WriteHeader(now, primary: false, 10_000, s_disk, array, GuidPartitionTable.EntryCount, GuidPartitionTable.PrimaryEntriesSector);
        Assert.Equal(classic, now);
        Assert.Equal((34ul, 10_000ul - 34, 10_000ul - 33), (GptHeader.Read(classic).FirstUsableLba, GptHeader.Read(classic).LastUsableLba, GptHeader.Read(classic).PartitionEntriesLba));
    }
}
