using System.Buffers.Binary;
using IsoBuild.ElTorito;
using IsoBuild.Hybrid;
using IsoBuild.Reading;
using IsoBuild.Sectors;
using IsoBuild.Spec;

namespace IsoBuild.Editing;

/// <summary>
/// A base image's boot setup as the engine's boot model: every El Torito entry with all its fields (floppy and hard
/// disk emulation, load segment and size, the bootable flag, boot images that are files of the tree or appended
/// partitions after the volume), and the system area as the recipe that made it (MBR code and its style, the
/// isohybrid or protective table with the partition type and active flag the base has, cylinder alignment, appended
/// partitions copied from the base file, a GPT whose EFI partition is a file of the tree).
/// </summary>
/// <remarks>
/// The recipe decides what follows the volume (cylinder padding, appended partitions, trailing zeros) and how the MBR
/// code is patched; the MBR and GPT entries, the disk signature and the GUIDs are carried one by one
/// (<see cref="BasePartitionTables"/>), so partitions that cover the volume or a file follow them when they move or
/// grow and all else stays as it was. An Apple partition map or HFS+ volume (grub-mkrescue's Mac side) is an error
/// unless the edit drops it; so is a partition entry no rule can follow.
/// </remarks>
internal static class BaseBootSetup
{
    private const int Block = 512;
    private const int BlocksPerSector = ImageSource.SectorSize / Block;

    /// <summary>What of the base the new image cannot carry (an Apple partition map, HFS+), by name; empty when everything is carried.</summary>
    public static List<string> Uncarried(IsoImageReader image)
    {
        var parts = new List<string>();
        if (image.PartitionTable.HasApplePartitionMap)
            parts.Add("an Apple partition map");
        if (image.PartitionTable.HasHfsPlus)
            parts.Add("an HFS+ volume");
        return parts;
    }

    public static BootSpec? Read(IsoImageReader image, Dictionary<uint, string> pathBySector, string? catalogPath, string origin,
        out IReadOnlyList<string> uncarriedPartitions)
    {
        uncarriedPartitions = [];
        if (image.BootCatalog is not { Entries.Count: > 0 } catalog)
            return null;
        // With a partition offset the first descriptor states the whole image; the partition's tells where the volume ends.
        int offset = image.PartitionTable.PartitionOffset;
        uint volumeEnd = offset > 0 ? (uint)offset + image.PartitionTable.PartitionVolumeSectors : image.Volume.VolumeSectors;
        byte[] mbr = image.ReadMasterBootRecord();
        bool hasMbr = MasterBootRecord.HasSignature(mbr);
        MbrPartition[] slots = hasMbr ? [.. Enumerable.Range(0, MasterBootRecord.PartitionCount).Select(i => MasterBootRecord.ReadPartition(mbr, i))] : [];
        bool Used(MbrPartition p) => p.SectorCount > 0 && (p.Type != 0 || p.Active);

        // Partitions that start after the volume are appended partitions: copied from the base file as they are.
        var appended = new List<AppendedPartition>();
        var appendedAt = new Dictionary<int, (long First, long Count)>();
        void Append(string table, int number, PartitionType type, long first, long count)
        {
            if (first % BlocksPerSector != 0 || (first + count) * Block > image.Length)
            {
                IsoBuildException.Throw(ErrorCodes.BaseImageEntryUnusable,
                    $"{table} partition {number} of '{origin}' (sectors {first}–{first + count - 1}) lies after the volume but not on a 2048-byte block or not within the file, so it cannot be carried into the new image.");
            }
            appended.Add(new AppendedPartition(number, type, new BaseImageRangeContentSource(image, (uint)(first / BlocksPerSector), count * Block, $"partition {number}")));
            appendedAt[number] = (first, count);
        }
        for (int i = 0; i < slots.Length; i++)
        {
            MbrPartition p = slots[i];
            if (!Used(p) || p.Type == MasterBootRecord.TypeProtectiveGpt || p.FirstSector < (long)volumeEnd * BlocksPerSector)
                continue;
            Append("MBR", i + 1, new PartitionType(p.Type), p.FirstSector, p.SectorCount);
        }
        // xorriso's -appended_part_as_gpt (Ubuntu, Fedora) lists them in the GPT only, named AppendedN; an El Torito
        // image there marks one too. Gaps after them (Gap1, the -pad zeros) stay gaps, carried by the tables' rules.
        bool appendedInGpt = false;
        if (appended.Count == 0)
        {
            foreach (IsoPartition p in image.PartitionTable.Gpt)
            {
                bool named = p.Name is { } name && name == $"Appended{p.Index}";
                bool booted = p.FirstSector % BlocksPerSector == 0 && catalog.Entries.Any(e => (long)e.LoadLba * BlocksPerSector == p.FirstSector);
                if (p.FirstSector < (long)volumeEnd * BlocksPerSector || p.Index > MasterBootRecord.PartitionCount || !(named || booted)
                    || !Guid.TryParse(p.Type, out Guid type))
                {
                    continue;
                }
                Append("GPT", p.Index, PartitionType.Of(type), p.FirstSector, p.SectorCount);
                appendedInGpt = true;
            }
        }

        var entries = new List<ElToritoEntry>();
        foreach (IsoBootEntry e in catalog.Entries)
        {
            int? partition = null;
            string? path = pathBySector.GetValueOrDefault(e.LoadLba);
            if (path is null)
            {
                partition = appended.FirstOrDefault(a => appendedAt[a.Number].First == (long)e.LoadLba * BlocksPerSector)?.Number;
                if (partition is null)
                {
                    IsoBuildException.Throw(ErrorCodes.BaseImageEntryUnusable,
                        $"The {e.Platform} boot image of '{origin}' (El Torito entry {e.Index}, sector {e.LoadLba}) is neither a file in its tree nor an appended partition, so its boot setup cannot be carried into the new image.");
                }
            }
            (bool table, bool grub2) = path is null ? (false, false) : Patches(image, path, e.LoadLba);
            entries.Add(new ElToritoEntry
            {
                Platform = e.PlatformId,
                Image = path,
                AppendedPartition = partition,
                Emulation = (e.MediaType & 0x0F) switch
                {
                    0 => BootEmulation.NoEmulation,
                    >= 1 and <= 3 => BootEmulation.Floppy,
                    _ => BootEmulation.HardDisk,
                },
                LoadSegment = e.LoadSegment == 0x7C0 ? (ushort)0 : e.LoadSegment,
                LoadSize = e.SectorCount,
                BootInfoTable = table,
                Grub2BootInfo = grub2,
                Bootable = e.Bootable,
            });
        }
        SystemAreaSpec? area = null;
        if (hasMbr)
        {
            // The recipe places what follows the volume and patches the code; the tables themselves are carried entry by entry.
            area = SystemArea(image, mbr, slots, appended, appendedAt, pathBySector, catalog, volumeEnd) with { AppendedPartitionsInGpt = appendedInGpt };
            BasePartitionTables.Tables tables = BasePartitionTables.Read(image, mbr, appendedAt, slots, volumeEnd);
            area = area with
            {
                DiskSignature = tables.DiskSignature,
                MbrEntries = tables.Mbr,
                GptEntries = tables.Gpt,
                GptDiskGuid = tables.DiskGuid ?? area.GptDiskGuid,
                GptEntriesSector = tables.GptEntriesSector,
                GptEntryCount = tables.GptEntryCount,
                PartitionOffset = offset,
            };
            uncarriedPartitions = tables.Uncarried;
        }
        return new BootSpec
        {
            CatalogPath = catalogPath ?? BootSpec.DefaultCatalogPath,
            HideCatalog = catalogPath is null,
            Entries = entries,
            SystemArea = area,
        };
    }

    /// <summary>Which patches the base's copy of a boot image carries (so the new copy gets them for its new place).</summary>
    private static (bool BootInfoTable, bool Grub2BootInfo) Patches(IsoImageReader image, string path, uint lba)
    {
        byte[] head = new byte[BootImagePatch.Grub2InfoOffset + 8];
        int read = 0;
        if (image.Find(path) is { Kind: EntryKind.File } file)
        {
            using Stream s = file.OpenRead();
            read = s.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        bool table = read >= 16 && BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(8)) == 16 && BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(12)) == lba;
        bool grub2 = read == head.Length && BinaryPrimitives.ReadUInt64LittleEndian(head.AsSpan(BootImagePatch.Grub2InfoOffset)) == (ulong)lba * 4 + 5;
        return (table, grub2);
    }

    /// <summary>Where the base's backup GPT begins (the sector after the last usable one), when it ends the file.</summary>
    private static long? BackupGptStart(IsoImageReader image)
    {
        if (!image.PartitionTable.HasGpt || image.Length < 2 * Block)
            return null;
        byte[] head = new byte[2 * Block];
        image.Source.ReadExactly(0, head, ErrorCodes.NotAnImage, "the system area");
        ReadOnlySpan<byte> sector = head.AsSpan(Block);
        if (!GptHeader.HasSignature(sector) || !GptHeader.CrcMatches(sector))
            return null;
        GptHeader h = GptHeader.Read(sector);
        return h.AlternateLba == (ulong)(image.Length / Block - 1) ? ((long)h.LastUsableLba + 1) * Block : null;
    }

    /// <summary>The recipe of the base's system area, read back from its MBR (and GPT).</summary>
    private static SystemAreaSpec SystemArea(IsoImageReader image, byte[] mbr, MbrPartition[] slots, List<AppendedPartition> appended,
        Dictionary<int, (long First, long Count)> appendedAt, Dictionary<uint, string> pathBySector, IsoBootCatalog catalog, uint volumeEnd)
    {
        // No code is null, not an empty block (a null array would convert to an empty ReadOnlyMemory).
        ReadOnlyMemory<byte>? code = mbr.AsSpan(0, MasterBootRecord.CodeSize).IndexOfAnyExcept((byte)0) >= 0 ? mbr.AsMemory(0, MasterBootRecord.CodeSize) : (ReadOnlyMemory<byte>?)null;
        IsoBootEntry? firstBios = catalog.Entries.FirstOrDefault(e => e.PlatformId == 0);
        MbrCodeStyle style = MbrCodeStyle.None;
        if (code is not null)
        {
            // GRUB2's style addresses the catalog's first image, isohybrid's the first BIOS image.
            if (BinaryPrimitives.ReadUInt64LittleEndian(mbr.AsSpan(MasterBootRecord.BootImageAddressOffset)) == (ulong)catalog.Entries[0].LoadLba * 4 + 4)
                style = MbrCodeStyle.Grub2;
            else if (firstBios is not null && MasterBootRecord.ReadCodeStyle(mbr, firstBios.LoadLba) == MasterBootRecord.CodeStyle.Isohybrid)
                style = MbrCodeStyle.Isohybrid;
        }
        // Zeros after the last appended partition (xorriso's -pad) stay after it; a backup GPT behind them is made anew.
        long appendedEnd = appendedAt.Count == 0 ? 0 : appendedAt.Values.Max(a => (a.First + a.Count) * Block);
        long padEnd = Math.Min(image.Length, BackupGptStart(image) ?? long.MaxValue);
        int trailing = appended.Count > 0 && padEnd > appendedEnd ? (int)Math.Min((padEnd - appendedEnd) / ImageSource.SectorSize, int.MaxValue) : 0;
        var area = new SystemAreaSpec { MbrCode = code, CodeStyle = style, AppendedPartitions = appended, TrailingPaddingBlocks = trailing };
        MbrPartition first = slots[0];
        bool anyActive = slots.Any(p => p.Active);
        IsoPartitionTable table = image.PartitionTable;
        // A valid GPT stands behind a protective 0xEE entry; an isohybrid table's GPT (archiso) is read as isohybrid below.
        if (table.HasGpt && slots.Any(p => p.Type == MasterBootRecord.TypeProtectiveGpt))
        {
            // A valid GPT whose EFI partition is a file of the tree (grub-mkrescue's, xorriso -efi-boot-part).
            IsoPartition? esp = table.Gpt.FirstOrDefault(p => string.Equals(p.Type, PartitionType.EfiSystemGuid.ToString("D"), StringComparison.OrdinalIgnoreCase));
            string? espPath = esp is not null && esp.FirstSector % BlocksPerSector == 0 ? pathBySector.GetValueOrDefault((uint)(esp.FirstSector / BlocksPerSector)) : null;
            return area with { EfiBootPartition = espPath, ProtectiveLabel = espPath is null, CylinderAlign = false };
        }
        // With a partition offset, partition 1 starts there; xorriso's plain table for the offset is type 0xCD.
        uint isoStart = (uint)image.PartitionTable.PartitionOffset * BlocksPerSector;
        if (first.SectorCount > 0 && first.FirstSector == isoStart && (first.Type != 0 || first.Active) && (isoStart == 0 || first.Type != 0xCD))
        {
            // An isohybrid table: partition 1 from sector 0 stands for the volume; padded to cylinders when what
            // follows the volume (the first appended partition, else the end of the file) begins on a 1 MiB boundary.
            long padded = appendedAt.Count > 0 ? appendedAt.Values.Min(a => a.First) * Block : image.Length;
            bool cylinders = padded % (64 * 32 * Block) == 0 && padded >= (long)volumeEnd * ImageSource.SectorSize;
            return area with
            {
                IsohybridTable = true,
                IsoPartitionType = first.Type == 0x17 ? null : new PartitionType(first.Type),
                ForceBootable = first.Active,
                CylinderAlign = cylinders,
            };
        }
        if (first.SectorCount > 0 && (first.FirstSector == 1 || (isoStart > 0 && first.FirstSector == isoStart && first.Active)))
        {
            // A protective label (xorriso --protective-msdos-label): partition 1 from sector 1 over the rest.
            return area with
            {
                ProtectiveLabel = true,
                IsoPartitionType = first.Type == 0xCD ? null : new PartitionType(first.Type),
                ForceBootable = anyActive,
                CylinderAlign = false,
            };
        }
        return area with { ForceBootable = anyActive, CylinderAlign = false };
    }
}
