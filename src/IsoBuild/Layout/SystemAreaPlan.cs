using IsoBuild.Hybrid;
using IsoBuild.Spec;

namespace IsoBuild.Layout;

/// <summary>One appended partition placed after the volume: its node (the data to copy) and first 2048-byte block.</summary>
internal sealed record PlacedPartition(AppendedPartition Spec, LayoutNode Node, uint Block)
{
    public uint Blocks => ImageLayout.Sectors(Node.Length);
}

/// <summary>
/// What a <see cref="SystemAreaSpec"/> makes of an image, decided as xorriso decides it (see docs/boot.md): the
/// cylinder padding of the volume, the appended partitions behind it, the MBR entries, and the GPT (valid with a
/// protective MBR, or isohybrid's "actually invalid" one beside a hybrid MBR). A pure function of the layout.
/// </summary>
internal sealed class SystemAreaPlan
{
    /// <summary>xorriso's GPT attributes of the ISO, gap and marked-image entries: bit 60 (read-only) and bit 0 (required).</summary>
    public const ulong IsoAttributes = 0x1000000000000001;

    /// <summary>Where xorriso starts the first GPT entry: block 16, after the system area.</summary>
    public const ulong FirstEntrySector = 64;

    /// <summary>Blocks after the appended partitions for the backup GPT (33 sectors in whole blocks).</summary>
    public static readonly uint TrailerBlocks = (uint)((GuidPartitionTable.BackupSectors * GuidPartitionTable.SectorSize + ImageLayout.SectorSize - 1) / ImageLayout.SectorSize);

    private SystemAreaPlan(SystemAreaSpec spec, BootPlan boot)
    {
        Spec = spec;
        Boot = boot;
    }

    public SystemAreaSpec Spec { get; }
    public BootPlan Boot { get; }

    /// <summary>Zero blocks after the padding that round the volume up to whole cylinders.</summary>
    public uint CylinderPadding { get; private set; }

    /// <summary>MBR heads per cylinder (sectors per head is always 32): 64, raised for volumes beyond 1024 cylinders.</summary>
    public int Heads { get; private set; } = 64;

    public List<PlacedPartition> Appended { get; } = [];

    /// <summary>Blocks after the appended partitions that hold the backup GPT (0 when it fits in the padding).</summary>
    public uint TrailerSectors { get; private set; }

    public bool HybridGpt { get; private set; }
    public bool ValidGpt { get; private set; }
    public bool HasGpt => HybridGpt || ValidGpt || Spec.GptEntries is not null;

    /// <summary>The boot images marked for the partition tables (isohybrid GPT/MBR), in catalog order.</summary>
    public List<LayoutNode> Marked { get; } = [];

    public uint AppendedBlocks => (uint)Appended.Sum(p => p.Blocks);

    /// <summary>The checks that need only the spec and the tree; called while the boot plan is resolved.</summary>
    public static void Check(ImageSpec spec, SystemAreaSpec area, BootPlan plan, LayoutDirectory root)
    {
        CheckPartitionOffset(area, spec);
        var numbers = new HashSet<int>();
        foreach (AppendedPartition p in area.AppendedPartitions)
        {
            if (p.Number is < 1 or > MasterBootRecord.PartitionCount || !numbers.Add(p.Number))
                Throw($"appended partition number {p.Number} is {(p.Number is < 1 or > 4 ? "out of range: give 1 to 4" : "given twice")} ({ImageSetting.AppendedPartitions.Named()})");
        }
        if (plan.Entries.Any(e => e.Spec.MarkInPartitionTable) && !area.IsohybridTable)
            Throw("a boot image marked for the partition tables needs the isohybrid partition table");
        if (area.IsohybridTable && area.ProtectiveLabel)
            Throw("the isohybrid partition table and the protective label exclude each other: pick one");
        if (area.IsohybridTable && area.EfiBootPartition is not null)
            Throw($"the isohybrid partition table and {ImageSetting.EfiBootPartition.Named()} exclude each other: mark the EFI boot image instead");
        if (area.CodeStyle == MbrCodeStyle.Isohybrid && plan.FirstBiosImage is null)
            Throw($"isohybrid MBR code ({ImageSetting.MbrCode.Named()}) loads the first BIOS boot image: the image has none in its tree");
        if (area.CodeStyle == MbrCodeStyle.Grub2 && plan.FirstImage is null)
            Throw($"GRUB2 MBR code ({ImageSetting.MbrCode.Named()}) loads the first boot image, which must be a file inside the volume, not an appended partition");
        if (area.CodeStyle != MbrCodeStyle.None && area.MbrCode is null && area.MbrCodeFile is null)
            Throw($"an MBR code style without MBR code: give {ImageSetting.MbrCode.Named()}");
        if (area.EfiBootPartition is { } esp)
            plan.EfiBootPartition = BootPlan.Find(root, esp, ImageSetting.EfiBootPartition);
        PartitionEntryPlan.Check(area);
    }

    /// <summary>
    /// A partition offset is 0, or a block from 16 on (xorriso: "If the block address is non-zero then it must be at
    /// least 16"): the partition's system area and descriptors must not overlap the first set's.
    /// </summary>
    private static void CheckPartitionOffset(SystemAreaSpec area, ImageSpec spec)
    {
        int offset = area.PartitionOffset;
        if (offset is not 0 and (< PartitionVolume.MinOffset or > PartitionVolume.MaxOffset))
        {
            IsoBuildException.Throw(ErrorCodes.PartitionOffsetInvalid,
                $"{ImageSetting.PartitionOffset.Set(offset)} is out of range: give 0 (no partition), or a block from {PartitionVolume.MinOffset} to {PartitionVolume.MaxOffset} ({PartitionVolume.MinOffset} is what xorriso users pass).");
        }
        if (offset != 0 && spec.Md5)
        {
            IsoBuildException.Throw(ErrorCodes.PartitionOffsetInvalid,
                $"{ImageSetting.PartitionOffset.Set(offset)} and libisofs MD5 records ({ImageSetting.Md5.Named()}) cannot be combined yet: the records' addresses would differ between the volume and its partition. Leave one out.");
        }
    }

    /// <summary>What the system area contributes to the image's identity (content by length and kind; MBR code by hash elsewhere).</summary>
    public static string Identity(SystemAreaSpec? area) => area is null ? string.Empty : string.Join(',',
        area.CodeStyle, area.IsohybridTable, area.ProtectiveLabel, area.AppendedPartitionsInGpt, area.EfiBootPartition,
        area.IsoPartitionType, area.ForceBootable, area.CylinderAlign, area.PartitionOffset, area.GptDiskGuid, area.TrailingPaddingBlocks,
        string.Join(';', area.AppendedPartitions.Select(p => $"{p.Number}:{p.Type}:{p.Content.Length}"))) + PartitionEntryPlan.Identity(area);

    /// <summary>Places cylinder padding and appended partitions once the volume's sectors are known.</summary>
    public static SystemAreaPlan Create(ImageLayout layout, SystemAreaSpec area, BootPlan boot)
    {
        var plan = new SystemAreaPlan(area, boot);
        foreach (PlannedBootEntry entry in boot.Entries)
        {
            if (entry.Spec.MarkInPartitionTable && entry.Node is { } node && !plan.Marked.Contains(node))
                plan.Marked.Add(node);
        }
        uint volume = layout.PaddingStart + layout.Padding;
        if (area.CylinderAlign ?? area.IsohybridTable)
        {
            // 32 sectors a head; heads raised until the volume fits 1024 cylinders (xorriso adjusts the same way).
            int heads = 64;
            while (heads < 255 && (ulong)volume * 4 > 1024UL * (ulong)heads * 32)
                heads++;
            plan.Heads = heads;
            uint cylinderBlocks = (uint)(heads * 32 / 4);
            uint aligned = (volume + cylinderBlocks - 1) / cylinderBlocks * cylinderBlocks;
            plan.CylinderPadding = aligned - volume;
            volume = aligned;
        }
        uint next = volume;
        foreach (AppendedPartition p in area.AppendedPartitions.OrderBy(p => p.Number))
        {
            var node = new LayoutNode($"(appended partition {p.Number})", EntryKind.File, null,
                new ImageEntry($"(appended partition {p.Number})", EntryKind.File, p.Content));
            var placed = new PlacedPartition(p, node, next);
            node.PlaceData(next);
            plan.Appended.Add(placed);
            next = checked(next + placed.Blocks);
        }
        plan.HybridGpt = area.IsohybridTable && (plan.Marked.Count > 0 || (area.AppendedPartitionsInGpt && plan.Appended.Count > 0));
        plan.ValidGpt = !area.IsohybridTable && (boot.EfiBootPartition is not null || (area.AppendedPartitionsInGpt && plan.Appended.Count > 0));
        if (plan.HasGpt && plan.Appended.Count > 0)
            plan.TrailerSectors = area.GptEntryCount is int count ? ImageLayout.Sectors((long)GuidPartitionTable.BackupSectorsFor(count) * GuidPartitionTable.SectorSize) : TrailerBlocks;
        if (plan.Appended.Count > 0 && area.TrailingPaddingBlocks > 0)
            plan.TrailerSectors = checked(plan.TrailerSectors + (uint)area.TrailingPaddingBlocks);
        return plan;
    }

    /// <summary>Where appended partition <paramref name="number"/> lies: first block and length in bytes.</summary>
    public (uint Block, long Length) Place(int number)
    {
        PlacedPartition p = Appended.First(a => a.Spec.Number == number);
        return (p.Block, (long)p.Blocks * ImageLayout.SectorSize);
    }

    /// <summary>The four MBR slots (empty ones default).</summary>
    public MbrPartition[] MbrPartitions(ImageLayout layout)
    {
        if (Spec.MbrEntries is { } told)
            return PartitionEntryPlan.Mbr(this, layout, told);
        var slots = new MbrPartition[MasterBootRecord.PartitionCount];
        ulong total = (ulong)layout.TotalSectors * 4;
        ulong isoEnd = (ulong)layout.VolumeSectors * 4;
        // With a partition offset the partition that stands for the volume starts there (libisofs's iso_offset_partition_start).
        uint isoStart = (uint)Spec.PartitionOffset * 4;
        bool appendedInMbr = !Spec.AppendedPartitionsInGpt && Appended.Count > 0;
        static uint Clamp(ulong v) => (uint)Math.Min(v, uint.MaxValue);
        if (Spec.IsohybridTable)
        {
            byte type = Spec.IsoPartitionType?.Mbr ?? (Marked.Count > 0 ? (byte)0x00 : MasterBootRecord.TypeHybridIso);
            slots[0] = Entry(true, type, isoStart, Clamp((appendedInMbr || HasGpt ? isoEnd : total) - isoStart));
            int slot = 1;
            foreach (LayoutNode image in Marked.Take(MasterBootRecord.PartitionCount - 1))
            {
                slots[slot++] = new MbrPartition(MbrPartition.StatusInactive, ChsAddress.BeyondReach, MasterBootRecord.TypeEfiSystem, ChsAddress.BeyondReach,
                    image.DataExtent * 4, Clamp((ulong)(image.Length + 511) / 512));
            }
        }
        else if (HasGpt)
        {
            slots[0] = Entry(false, MasterBootRecord.TypeProtectiveGpt, 1, Clamp(total - 1));
        }
        else if (isoStart > 0)
        {
            // xorriso's "simple partition table" for an offset: 0xCD from the offset to the volume's end, active only
            // with the protective label (or below, for GRUB2 code and the forced flag).
            slots[0] = Entry(Spec.ProtectiveLabel, Spec.IsoPartitionType?.Mbr ?? 0xCD, isoStart, Clamp(isoEnd - isoStart));
        }
        else if (Spec.ProtectiveLabel)
        {
            slots[0] = Entry(true, Spec.IsoPartitionType?.Mbr ?? 0xCD, 1, Clamp((appendedInMbr ? isoEnd : total) - 1));
        }
        else if (appendedInMbr)
        {
            slots[0] = Entry(false, Spec.IsoPartitionType?.Mbr ?? 0x83, 0, Clamp(isoEnd));
        }
        if (appendedInMbr || (Spec.IsohybridTable && Appended.Count > 0))
        {
            foreach (PlacedPartition p in Appended)
                slots[p.Spec.Number - 1] = Entry(false, p.Spec.Type.Mbr, p.Block * 4, p.Blocks * 4);
        }
        // GRUB2's MBR code and the forced flag want an active entry: the first that is neither GPT's nor EFI's.
        if ((Spec.CodeStyle == MbrCodeStyle.Grub2 || Spec.ForceBootable) && !slots.Any(s => s.SectorCount > 0 && s.Active))
        {
            // Type 0x00 is a real entry here (isohybrid's partition 1 beside a marked image): used means it has sectors.
            int usable = Array.FindIndex(slots, s => s.SectorCount > 0 && s.Type is not (MasterBootRecord.TypeProtectiveGpt or MasterBootRecord.TypeEfiSystem));
            if (usable >= 0)
                slots[usable] = slots[usable] with { Status = MbrPartition.StatusActive };
            else if (Spec.ForceBootable && Array.FindIndex(slots, s => s.SectorCount == 0 && s.Type == 0) is int free and >= 0)
                slots[free] = new MbrPartition(MbrPartition.StatusActive, new ChsAddress(0, 0, 1), 0x00, new ChsAddress(0, 0, 1), 0, 1);
        }
        return slots;
    }

    /// <summary>An MBR entry with CHS addresses in the plan's geometry (<see cref="Heads"/> × 32), as xorriso writes them.</summary>
    private MbrPartition Entry(bool active, byte type, uint first, uint count) =>
        new(active ? MbrPartition.StatusActive : MbrPartition.StatusInactive, ChsAddress.FromLba(first, (uint)Heads, 32), type,
            ChsAddress.FromLba(first + Math.Max(count, 1) - 1, (uint)Heads, 32), first, count);

    /// <summary>The GPT entries in address order, with names as xorriso gives them.</summary>
    public List<GptPartition> GptPartitions(ImageLayout layout, Guid diskId)
    {
        if (Spec.GptEntries is { } told)
            return PartitionEntryPlan.Gpt(this, layout, told, diskId);
        var entries = new List<(Guid Type, ulong First, ulong Last, string Name, ulong Attributes)>();
        ulong isoEnd = (ulong)layout.VolumeSectors * 4;
        ulong lastUsable = GuidPartitionTable.LastUsableSector((ulong)layout.TotalSectors * 4);
        Guid isoType = Spec.IsoPartitionType?.Gpt ?? PartitionType.BasicDataGuid;
        ulong isoStart = (ulong)Spec.PartitionOffset * 4;
        if (HybridGpt)
        {
            entries.Add((isoType, isoStart, isoEnd - 1, "ISOHybrid", IsoAttributes));
            for (int i = 0; i < Marked.Count; i++)
            {
                ulong first = (ulong)Marked[i].DataExtent * 4;
                entries.Add((PartitionType.BasicDataGuid, first, first + (ulong)(Marked[i].Length + 511) / 512 - 1, $"ISOHybrid{i + 1}", IsoAttributes));
            }
        }
        else if (Boot.EfiBootPartition is { } esp)
        {
            ulong first = (ulong)esp.DataExtent * 4, last = first + (ulong)(esp.Length + 511) / 512 - 1;
            if (first > FirstEntrySector)
                entries.Add((PartitionType.BasicDataGuid, FirstEntrySector, first - 1, "Gap0", IsoAttributes));
            entries.Add((PartitionType.EfiSystemGuid, first, last, "EFI boot partition", IsoAttributes));
            if (last + 1 < isoEnd)
                entries.Add((PartitionType.BasicDataGuid, last + 1, isoEnd - 1, "Gap1", IsoAttributes));
        }
        else if (isoStart > 0)
        {
            // The partition the volume is at its offset: a real entry, named as xorriso names it.
            entries.Add((isoType, isoStart, isoEnd - 1, "ISO9660", IsoAttributes));
        }
        else
        {
            entries.Add((isoType, FirstEntrySector, isoEnd - 1, "Gap0", IsoAttributes));
        }
        foreach (PlacedPartition p in Appended)
        {
            if (p.Blocks > 0)
                entries.Add((p.Spec.Type.Gpt, (ulong)p.Block * 4, ((ulong)p.Block + p.Blocks) * 4 - 1, $"Appended{p.Spec.Number}", 0));
        }
        var partitions = new List<GptPartition>();
        foreach ((Guid type, ulong first, ulong last, string name, ulong attributes) in entries)
            partitions.Add(new GptPartition(type, PartitionGuid(diskId, partitions.Count + 1), first, Math.Min(last, lastUsable), name, attributes));
        return partitions;
    }

    /// <summary>Partition k's GUID: the disk GUID with byte 9 changed by k, as xorriso derives them.</summary>
    internal static Guid PartitionGuid(Guid disk, int k)
    {
        Span<byte> b = stackalloc byte[16];
        disk.TryWriteBytes(b);
        b[9] ^= (byte)k;
        b[10] ^= (byte)(k >> 8);
        return new Guid(b);
    }

    private static void Throw(string why) =>
        IsoBuildException.Throw(ErrorCodes.SystemAreaInvalid, $"The system area cannot be made: {why} ({ImageSetting.SystemArea.Named()}).");
}
