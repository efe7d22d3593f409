using IsoBuild.ElTorito;
using IsoBuild.Hybrid;
using IsoBuild.Spec;

namespace IsoBuild.Layout;

/// <summary>
/// One entry of <see cref="BootSpec.Entries"/> checked against the tree: its file (null when it is an appended
/// partition) and the media type and system type its emulation gives the catalog.
/// </summary>
internal sealed record PlannedBootEntry(ElToritoEntry Spec, LayoutNode? Node, byte MediaType, byte SystemType)
{
    /// <summary>El Torito 2.2 media types of the three floppy sizes, by image length.</summary>
    private static readonly (long Length, byte MediaType)[] s_floppies = [(1200 * 1024, 1), (1440 * 1024, 2), (2880 * 1024, 3)];

    /// <summary>The catalog holds one sector: the validation entry, the default entry and a section header and entry for each further one.</summary>
    public const int MaxEntries = (BootCatalog.Size / BootCatalog.EntrySize - 2) / 2 + 1;

    public static PlannedBootEntry Resolve(ElToritoEntry entry, BootSpec boot, LayoutDirectory root)
    {
        int count = (boot.BiosImage is null ? 0 : 1) + (boot.EfiImage is null ? 0 : 1) + boot.Entries.Count;
        if (count > MaxEntries)
            Throw(entry, $"the image has {count} El Torito entries, more than the {MaxEntries} one catalog sector holds");
        if ((entry.Image is null) == (entry.AppendedPartition is null))
            Throw(entry, "give the boot image either as a path in the image or as an appended partition, not both or neither");
        if (entry.LoadSize is < 0 or > ushort.MaxValue)
            Throw(entry, $"its load size {entry.LoadSize} is out of range: give 0 to 65535 sectors of 512 bytes");
        if (entry.AppendedPartition is { } number)
        {
            if (entry.Emulation != BootEmulation.NoEmulation)
                Throw(entry, $"appended partition {number} can only boot without emulation");
            if (boot.SystemArea?.AppendedPartitions.Any(p => p.Number == number) != true)
                Throw(entry, $"it boots appended partition {number}, which {ImageSetting.AppendedPartitions.Named()} does not give");
            if (entry.BootInfoTable || entry.Grub2BootInfo)
                Throw(entry, $"appended partition {number} lies outside the volume: it cannot get a boot info table or GRUB2 boot info");
            return new PlannedBootEntry(entry, null, BootEntry.NoEmulation, 0);
        }
        LayoutNode node = BootPlan.Find(root, entry.Image, ImageSetting.BootEntries)!;
        long length = node.Length;
        if (length == 0 || (entry.BootInfoTable && length < BootImagePatch.InfoTableEnd) || (entry.Grub2BootInfo && length < BootImagePatch.Grub2InfoOffset + 8)
            || ((entry.BootInfoTable || entry.Grub2BootInfo) && length > BootPlan.MaxPatchedImageLength))
        {
            IsoBuildException.Throw(ErrorCodes.BootImageSize,
                $"The boot image '{node.ImagePath}' ({length} bytes) is not a boot image the options fit: a boot info table needs 64 bytes, GRUB2 boot info 2556, and patched images are at most 32 MiB. Check {ImageSetting.BootEntries.Named()}.");
        }
        switch (entry.Emulation)
        {
            case BootEmulation.Floppy:
                (long _, byte media) = s_floppies.FirstOrDefault(f => f.Length == length);
                if (media == 0)
                {
                    IsoBuildException.Throw(ErrorCodes.BootImageSize,
                        $"The floppy emulation boot image '{node.ImagePath}' is {length} bytes: it must be exactly 1.2, 1.44 or 2.88 MB (1228800, 1474560 or 2949120 bytes). Use no emulation for other images ({ImageSetting.BootEntries.Named()}).");
                }
                return new PlannedBootEntry(entry, node, media, 0);
            case BootEmulation.HardDisk:
                return new PlannedBootEntry(entry, node, BootEntry.HardDiskEmulation, HardDiskPartitionType(node));
            default:
                return new PlannedBootEntry(entry, node, BootEntry.NoEmulation, 0);
        }
    }

    /// <summary>The catalog entry, once the image's place is known.</summary>
    public BootCatalogEntry CatalogEntry(uint block, long length)
    {
        int sectors;
        if (Spec.LoadSize is { } given)
            sectors = given;
        else if (Spec.Emulation != BootEmulation.NoEmulation)
            sectors = 1;
        else
        {
            // xorriso: an EFI image loads whole (by 512-byte sectors), a BIOS image by whole 2048-byte blocks; an
            // appended partition by its blocks. Beyond 65535 an EFI entry says 0 (read to the end of the medium).
            long whole = Node is null || Spec.Platform != ElToritoEntry.PlatformEfi ? (long)ImageLayout.Sectors(length) * 4 : (length + 511) / 512;
            sectors = whole <= ushort.MaxValue ? (int)whole : Spec.Platform == ElToritoEntry.PlatformEfi ? 0 : ushort.MaxValue;
        }
        return new BootCatalogEntry(Spec.Platform, block, (ushort)sectors, Spec.LoadSegment, MediaType, SystemType, Spec.Bootable);
    }

    /// <summary>El Torito 2.2: a hard-disk image's system type is the type of the one partition of its MBR.</summary>
    private static byte HardDiskPartitionType(LayoutNode node)
    {
        byte[] mbr = new byte[MasterBootRecord.Size];
        int read;
        using (Stream s = node.Entry!.Content!.OpenRead())
            read = s.ReadAtLeast(mbr, mbr.Length, throwOnEndOfStream: false);
        MbrPartition[] used = read < mbr.Length || !MasterBootRecord.HasSignature(mbr) ? []
            : [.. Enumerable.Range(0, MasterBootRecord.PartitionCount).Select(i => MasterBootRecord.ReadPartition(mbr, i)).Where(p => !p.IsEmpty)];
        if (used.Length != 1)
        {
            IsoBuildException.Throw(ErrorCodes.HardDiskImageInvalid,
                $"The hard-disk emulation boot image '{node.ImagePath}' needs an MBR with exactly one partition; it has {(read < mbr.Length || !MasterBootRecord.HasSignature(mbr) ? "no MBR" : $"{used.Length} partitions")}. Use no emulation for other images ({ImageSetting.BootEntries.Named()}).");
        }
        return used[0].Type;
    }

    private static void Throw(ElToritoEntry entry, string why) =>
        IsoBuildException.Throw(ErrorCodes.BootEntryInvalid,
            $"The El Torito entry for '{entry.Image ?? $"appended partition {entry.AppendedPartition}"}' cannot be made: {why} ({ImageSetting.BootEntries.Named()}).");
}
