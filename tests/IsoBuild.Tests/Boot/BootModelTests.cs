using System.Buffers.Binary;
using IsoBuild.ElTorito;
using IsoBuild.Hybrid;
using IsoBuild.Layout;
using IsoBuild.Spec;

namespace IsoBuild.Tests.Boot;

/// <summary>
/// The boot and system-area model (<see cref="BootSpec.Entries"/>, <see cref="SystemAreaSpec"/>, hiding, sort
/// weights): each choice read back from the bytes it writes.
/// </summary>
public class BootModelTests
{
    private static readonly DateTimeOffset s_time = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private static ImageEntry File(string path, int length, byte fill = 0x11) =>
        new(path, EntryKind.File, ContentSource.FromBytes(Enumerable.Repeat(fill, length).ToArray()));

    private static byte[] Build(ImageSpec spec)
    {
        using var stream = new MemoryStream();
        IsoImageBuilder.Write(spec, stream);
        return stream.ToArray();
    }

    private static ImageSpec Spec(BootSpec boot, params ImageEntry[] entries) => new() { Entries = entries, Timestamp = s_time, Boot = boot };

    private static List<(byte Platform, BootEntry Entry)> Catalog(byte[] image)
    {
        Assert.True(BootRecord.TryRead(image.AsSpan(17 * 2048, 2048), out uint catalog));
        ReadOnlySpan<byte> c = image.AsSpan((int)catalog * 2048, 2048);
        var entries = new List<(byte, BootEntry)> { (c[1], BootEntry.Read(c[32..])) };
        for (int offset = 64; SectionHeader.TryRead(c[offset..], out SectionHeader header); offset += 64)
            entries.Add((header.PlatformId, BootEntry.Read(c[(offset + 32)..])));
        return entries;
    }

    [Fact]
    public void Entries_of_every_emulation_and_platform_are_written_in_order()
    {
        byte[] hardDisk = new byte[4096];
        MasterBootRecord.Write(hardDisk, [], MasterBootRecord.CodeStyle.None, 0, 1, [new MbrPartition(true, 0x06, 63, 1000)]);
        byte[] image = Build(Spec(new BootSpec
        {
            Entries =
            [
                new ElToritoEntry { Image = "floppy.img", Emulation = BootEmulation.Floppy },
                new ElToritoEntry { Image = "disk.img", Emulation = BootEmulation.HardDisk, LoadSegment = 0x1000 },
                new ElToritoEntry { Image = "loader.bin", LoadSize = 8, Bootable = false },
                new ElToritoEntry { Image = "efi.img", Platform = ElToritoEntry.PlatformEfi },
                new ElToritoEntry { Image = "ppc.bin", Platform = ElToritoEntry.PlatformPowerPc },
            ],
        }, File("floppy.img", 1474560), new ImageEntry("disk.img", EntryKind.File, ContentSource.FromBytes(hardDisk)),
            File("loader.bin", 5000), File("efi.img", 70000), File("ppc.bin", 100)));

        List<(byte Platform, BootEntry Entry)> catalog = Catalog(image);
        Assert.Equal([0x00, 0x00, 0x00, 0xEF, 0x01], catalog.Select(e => e.Platform));
        Assert.Equal(2, catalog[0].Entry.MediaType); // 1.44 MB floppy
        Assert.Equal(1, catalog[0].Entry.SectorCount);
        Assert.Equal(BootEntry.HardDiskEmulation, catalog[1].Entry.MediaType);
        Assert.Equal(0x06, catalog[1].Entry.SystemType);
        Assert.Equal(0x1000, catalog[1].Entry.LoadSegment);
        Assert.Equal(8, catalog[2].Entry.SectorCount);
        Assert.False(catalog[2].Entry.IsBootable);
        Assert.Equal((70000 + 511) / 512, catalog[3].Entry.SectorCount); // EFI: its sectors
        Assert.Equal(4, catalog[4].Entry.SectorCount); // other no-emulation: whole 2048-byte blocks
    }

    [Theory]
    [InlineData(BootEmulation.Floppy, 1440 * 1024 + 1, ErrorCodes.BootImageSize)]
    [InlineData(BootEmulation.HardDisk, 4096, ErrorCodes.HardDiskImageInvalid)]
    public void An_emulated_image_that_does_not_fit_its_emulation_is_refused(BootEmulation emulation, int length, string code)
    {
        var e = Assert.Throws<IsoBuildException>(() => Build(Spec(new BootSpec { Entries = [new ElToritoEntry { Image = "a.img", Emulation = emulation }] }, File("a.img", length))));
        Assert.Equal(code, e.Code);
    }

    [Fact]
    public void A_hidden_catalog_and_hidden_files_keep_their_data_but_leave_the_trees()
    {
        ImageSpec spec = Spec(new BootSpec { Entries = [new ElToritoEntry { Image = "boot.bin" }], HideCatalog = true },
            File("boot.bin", 2048) with { HiddenFrom = HiddenFrom.All }, File("only-joliet.txt", 10) with { HiddenFrom = HiddenFrom.Iso9660 },
            File("only-iso.txt", 10) with { HiddenFrom = HiddenFrom.Joliet }, File("both.txt", 10));
        ImageLayout layout = ImageLayout.Create(spec);
        Assert.Equal(["BOTH.TXT;1", "ONLY_ISO.TXT;1"], layout.Root.IsoOrder.Select(n => n.IsoId));
        Assert.Equal(["both.txt;1", "only-joliet.txt;1"], layout.Root.JolietOrder.Select(n => n.JolietId));
        Assert.Contains(layout.Files, f => f.Path == "boot.bin");
        Assert.Contains(layout.Files, f => f.Path == "boot.catalog");
        byte[] image = Build(spec);
        Assert.Equal(layout.Files.Single(f => f.Path == "boot.bin").DataExtent, Catalog(image)[0].Entry.LoadRba);
    }

    [Fact]
    public void Sort_weights_put_heavier_files_first_and_keep_the_tree_order_among_equals()
    {
        ImageLayout layout = ImageLayout.Create(new ImageSpec
        {
            Entries = [File("a", 10, 1), File("b", 10, 2) with { SortWeight = 5 }, File("c", 10, 3), File("d", 10, 4) with { SortWeight = -1 }, File("e", 10, 5) with { SortWeight = 5 }],
            Timestamp = s_time,
        });
        Assert.Equal(["b", "e", "a", "c", "d"], layout.Files.Select(f => f.Path));
        Assert.True(layout.Files.Single(f => f.Path == "b").DataExtent < layout.Files.Single(f => f.Path == "a").DataExtent);
    }

    [Fact]
    public void An_appended_partition_follows_the_volume_and_an_entry_can_boot_it()
    {
        byte[] esp = Enumerable.Repeat((byte)0xE5, 5000).ToArray();
        ImageSpec spec = Spec(new BootSpec
        {
            Entries = [new ElToritoEntry { Platform = ElToritoEntry.PlatformEfi, AppendedPartition = 2 }],
            SystemArea = new SystemAreaSpec
            {
                AppendedPartitions = [new AppendedPartition(2, new PartitionType(0xEF), ContentSource.FromBytes(esp))],
                ForceBootable = true,
            },
        }, File("readme.txt", 100));
        ImageLayout layout = ImageLayout.Create(spec);
        byte[] image = Build(spec);
        Assert.Equal(layout.TotalBytes, image.Length);
        uint start = layout.VolumeSectors;
        Assert.Equal(esp, image.AsSpan((int)start * 2048, esp.Length).ToArray());
        // The volume ends before the partition: the primary volume descriptor's volume space size.
        Assert.Equal(start, BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(16 * 2048 + 80)));
        (byte platform, BootEntry entry) = Catalog(image)[0];
        Assert.Equal(0xEF, platform);
        Assert.Equal(start, entry.LoadRba);
        Assert.Equal(3 * 4, entry.SectorCount); // 5000 bytes: 3 blocks
        MbrPartition p1 = MasterBootRecord.ReadPartition(image, 0), p2 = MasterBootRecord.ReadPartition(image, 1);
        Assert.Equal((0x83, 0u, layout.VolumeSectors * 4), (p1.Type, p1.FirstSector, p1.SectorCount));
        Assert.True(p1.Active); // --mbr-force-bootable
        Assert.Equal((0xEF, start * 4, 12u), (p2.Type, p2.FirstSector, p2.SectorCount));
    }

    [Fact]
    public void Appended_partitions_in_a_GPT_get_a_protective_MBR_and_a_valid_table_at_both_ends()
    {
        ImageSpec spec = Spec(new BootSpec
        {
            SystemArea = new SystemAreaSpec
            {
                AppendedPartitions = [new AppendedPartition(2, PartitionType.Of(PartitionType.EfiSystemGuid), ContentSource.FromBytes(new byte[4096]))],
                AppendedPartitionsInGpt = true,
            },
        }, File("readme.txt", 100));
        ImageLayout layout = ImageLayout.Create(spec);
        byte[] image = Build(spec);
        MbrPartition p1 = MasterBootRecord.ReadPartition(image, 0);
        Assert.Equal((MasterBootRecord.TypeProtectiveGpt, 1u, (uint)(image.Length / 512 - 1)), (p1.Type, p1.FirstSector, p1.SectorCount));
        GptHeader primary = GptHeader.Read(image.AsSpan(512, 512));
        GptHeader backup = GptHeader.Read(image.AsSpan(image.Length - 512, 512));
        Assert.Equal((ulong)(image.Length / 512 - 1), primary.AlternateLba);
        Assert.Equal(primary.DiskGuid, backup.DiskGuid);
        GptPartition gap = GptPartition.Read(image.AsSpan(1024, 128)), appended = GptPartition.Read(image.AsSpan(1024 + 128, 128));
        Assert.Equal(("Gap0", 64ul, layout.VolumeSectors * 4ul - 1), (gap.Name, gap.FirstSector, gap.LastSector));
        Assert.Equal(("Appended2", PartitionType.EfiSystemGuid, layout.VolumeSectors * 4ul), (appended.Name, appended.Type, appended.FirstSector));
        Assert.Equal(Build(spec), image); // ids from the identity hash: the same twice
    }

    [Fact]
    public void An_isohybrid_table_marks_the_chosen_image_and_pads_to_whole_cylinders()
    {
        byte[] code = new byte[432];
        code[0] = 0xEB;
        ImageSpec spec = Spec(new BootSpec
        {
            Entries =
            [
                new ElToritoEntry { Image = "isolinux.bin", LoadSize = 4 },
                new ElToritoEntry { Image = "efi.img", Platform = ElToritoEntry.PlatformEfi, MarkInPartitionTable = true },
            ],
            SystemArea = new SystemAreaSpec { MbrCode = code, CodeStyle = MbrCodeStyle.Isohybrid, IsohybridTable = true },
        }, File("isolinux.bin", 4096), File("efi.img", 40000));
        ImageLayout layout = ImageLayout.Create(spec);
        byte[] image = Build(spec);
        Assert.Equal(0u, layout.VolumeSectors % 512); // 64 heads × 32 sectors × 512 bytes = 512 blocks
        Assert.Equal(0xEB, image[0]);
        LayoutNode isolinux = layout.Files.Single(f => f.Path == "isolinux.bin"), efi = layout.Files.Single(f => f.Path == "efi.img");
        Assert.Equal(isolinux.DataExtent * 4, BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(432)));
        MbrPartition p1 = MasterBootRecord.ReadPartition(image, 0), p2 = MasterBootRecord.ReadPartition(image, 1);
        Assert.Equal((true, (byte)0x00, 0u, layout.VolumeSectors * 4), (p1.Active, p1.Type, p1.FirstSector, p1.SectorCount));
        Assert.Equal((MasterBootRecord.TypeEfiSystem, efi.DataExtent * 4, (40000u + 511) / 512), (p2.Type, p2.FirstSector, p2.SectorCount));
        Assert.Equal(["ISOHybrid", "ISOHybrid1"], Enumerable.Range(0, 2).Select(i => GptPartition.Read(image.AsSpan(1024 + i * 128, 128)).Name));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(-16)]
    public void A_partition_offset_between_1_and_15_or_negative_is_refused(int offset)
    {
        var e = Assert.Throws<IsoBuildException>(() => Build(Spec(new BootSpec { SystemArea = new SystemAreaSpec { PartitionOffset = offset } }, File("a", 1))));
        Assert.Equal(ErrorCodes.PartitionOffsetInvalid, e.Code);
        Assert.Contains("from 16", e.Message, StringComparison.Ordinal);
    }
}
