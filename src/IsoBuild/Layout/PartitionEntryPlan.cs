using IsoBuild.Hybrid;
using IsoBuild.Spec;

namespace IsoBuild.Layout;

/// <summary>
/// The MBR and GPT entries a <see cref="SystemAreaSpec"/> tells one by one (<see cref="SystemAreaSpec.MbrEntries"/>,
/// <see cref="SystemAreaSpec.GptEntries"/>), resolved for a layout: every bound rule becomes a sector, everything
/// else of an entry (status, type, CHS kept as given, GUIDs, name, attributes) is written as told.
/// </summary>
internal static class PartitionEntryPlan
{
    /// <summary>The first sector a GPT entry array may start at (after the header) and the sector it must end before (the system area's end).</summary>
    private const int FirstArraySector = 2;
    private const int SystemAreaSectors512 = (int)ImageLayout.SystemAreaSectors * ImageLayout.SectorSize / GuidPartitionTable.SectorSize;

    /// <summary>The entries of the GPT's array: the spec's count, else 128.</summary>
    public static int GptEntryCount(SystemAreaSpec area) => area.GptEntryCount ?? GuidPartitionTable.EntryCount;

    /// <summary>The primary entry array's first sector: the spec's, else 2.</summary>
    public static ulong GptEntriesSector(SystemAreaSpec area) => (ulong)(area.GptEntriesSector ?? FirstArraySector);

    /// <summary>The checks that need only the spec.</summary>
    public static void Check(SystemAreaSpec area)
    {
        if (area.MbrEntries is { } mbr)
        {
            var slots = new HashSet<int>();
            foreach (MbrEntry e in mbr)
            {
                if (e.Slot is < 1 or > MasterBootRecord.PartitionCount || !slots.Add(e.Slot))
                    Throw($"MBR entry slot {e.Slot} is {(e.Slot is < 1 or > 4 ? "out of range: give 1 to 4" : "given twice")}");
                if (e.ChsHeads is < 0 or > 255 || e.ChsSectorsPerTrack is < 1 or > 63)
                    Throw($"MBR entry {e.Slot}: a CHS geometry of {e.ChsHeads} heads and {e.ChsSectorsPerTrack} sectors is out of range (heads 1–255, sectors 1–63)");
                if (e.FirstChs is < 0 or > 0xFFFFFF || e.LastChs is < 0 or > 0xFFFFFF)
                    Throw($"MBR entry {e.Slot}: a kept CHS address must fit 3 bytes");
                CheckBounds($"MBR entry {e.Slot}", e.Extent, -1);
            }
        }
        if (area.GptEntries is { } gpt)
        {
            int count = GptEntryCount(area);
            int first = area.GptEntriesSector ?? FirstArraySector;
            if (count < 1 || count % 4 != 0 || first < FirstArraySector || first + GuidPartitionTable.ArraySectors(count) > SystemAreaSectors512)
                Throw($"a GPT entry array of {count} entries from sector {first} does not fit the system area (a multiple of 4 entries, from sector 2, ending by sector 64)");
            if (gpt.Count > count)
                Throw($"{gpt.Count} GPT entries do not fit an array of {count}");
            for (int i = 0; i < gpt.Count; i++)
            {
                if (gpt[i].Name.Length > GptPartition.NameLength / 2)
                    Throw($"GPT entry {i + 1}'s name '{gpt[i].Name}' is longer than 36 UTF-16 code units");
                CheckBounds($"GPT entry {i + 1}", gpt[i].Extent, i);
            }
        }
    }

    private static void CheckBounds(string what, PartitionExtent extent, int index)
    {
        foreach (PartitionBound b in new[] { extent.Start, extent.End })
        {
            if (b.Anchor is PartitionAnchor.FileStart or PartitionAnchor.FileEnd && string.IsNullOrEmpty(b.Path))
                Throw($"{what}: a bound at a file names no file");
            if (b.Anchor is PartitionAnchor.AppendedStart or PartitionAnchor.AppendedEnd && b.Number is < 1 or > MasterBootRecord.PartitionCount)
                Throw($"{what}: appended partition {b.Number} is out of range (1 to 4)");
            if (b.Anchor == PartitionAnchor.EntryEnd && (b.Number < 0 || b.Number >= index))
                Throw($"{what}: a bound after entry {b.Number} must name an earlier entry of the same GPT");
        }
    }

    /// <summary>The four MBR slots as the spec tells them.</summary>
    public static MbrPartition[] Mbr(SystemAreaPlan plan, ImageLayout layout, IReadOnlyList<MbrEntry> entries)
    {
        var slots = new MbrPartition[MasterBootRecord.PartitionCount];
        foreach (MbrEntry e in entries)
        {
            string what = $"MBR entry {e.Slot}";
            (long first, long end) = Resolve(what, e.Extent, plan, layout, []);
            if (end > uint.MaxValue || end - first > uint.MaxValue)
                Throw($"{what} ({e.Extent}) ends at sector {end}, beyond what an MBR entry can address");
            uint heads = (uint)(e.ChsHeads == 0 ? plan.Heads : e.ChsHeads);
            uint sectors = (uint)e.ChsSectorsPerTrack;
            ChsAddress firstChs = e.FirstChs is int f ? ChsAddress.Read(Bytes(f)) : ChsAddress.FromLba((uint)first, heads, sectors);
            ChsAddress lastChs = e.LastChs is int l ? ChsAddress.Read(Bytes(l)) : ChsAddress.FromLba((uint)(first + Math.Max(end - first, 1) - 1), heads, sectors);
            slots[e.Slot - 1] = new MbrPartition(e.Status, firstChs, e.Type, lastChs, (uint)first, (uint)(end - first));
        }
        return slots;
    }

    /// <summary>A CHS address's 3 recorded bytes from their packed form (first byte lowest).</summary>
    private static byte[] Bytes(int packed) => [(byte)packed, (byte)(packed >> 8), (byte)(packed >> 16)];

    /// <summary>The 3 recorded bytes of a CHS address in their packed form (first byte lowest), as <see cref="MbrEntry.FirstChs"/> keeps them.</summary>
    public static int Pack(ChsAddress chs)
    {
        Span<byte> b = stackalloc byte[ChsAddress.Size];
        chs.Write(b);
        return b[0] | (b[1] << 8) | (b[2] << 16);
    }

    /// <summary>The GPT entries as the spec tells them, in array order.</summary>
    public static List<GptPartition> Gpt(SystemAreaPlan plan, ImageLayout layout, IReadOnlyList<GptEntry> entries, Guid diskId)
    {
        var resolved = new List<(long First, long End)>();
        var partitions = new List<GptPartition>();
        ulong lastUsable = GuidPartitionTable.LastUsableSector((ulong)layout.TotalSectors * 4, GptEntryCount(plan.Spec));
        for (int i = 0; i < entries.Count; i++)
        {
            GptEntry e = entries[i];
            (long first, long end) = Resolve($"GPT entry {i + 1}", e.Extent, plan, layout, resolved);
            resolved.Add((first, end));
            ulong last = Math.Min((ulong)Math.Max(end - 1, first), lastUsable);
            partitions.Add(new GptPartition(e.Type, e.Id ?? SystemAreaPlan.PartitionGuid(diskId, i + 1), (ulong)first, last, e.Name, e.Attributes));
        }
        return partitions;
    }

    private static (long First, long End) Resolve(string what, PartitionExtent extent, SystemAreaPlan plan, ImageLayout layout, List<(long First, long End)> earlier)
    {
        long first = Sector(what, extent.Start, plan, layout, earlier);
        long end = Sector(what, extent.End, plan, layout, earlier);
        if (first < 0 || end < first)
            Throw($"{what} ({extent}) resolves to sectors {first}..{end}, which is no extent");
        return (first, end);
    }

    private static long Sector(string what, PartitionBound bound, SystemAreaPlan plan, ImageLayout layout, List<(long First, long End)> earlier)
    {
        long anchor = bound.Anchor switch
        {
            PartitionAnchor.ImageStart => 0,
            PartitionAnchor.VolumeEnd => (long)layout.VolumeSectors * 4,
            PartitionAnchor.ImageEnd => (long)layout.TotalSectors * 4,
            PartitionAnchor.FileStart => (long)File(what, bound, layout).DataExtent * 4,
            PartitionAnchor.FileEnd => FileEnd(File(what, bound, layout)),
            PartitionAnchor.AppendedStart => (long)Appended(what, bound, plan).Block * 4,
            PartitionAnchor.AppendedEnd => ((long)Appended(what, bound, plan).Block + Appended(what, bound, plan).Blocks) * 4,
            PartitionAnchor.EntryEnd => earlier[bound.Number].End,
            _ => throw new ArgumentOutOfRangeException(nameof(bound)),
        };
        return checked(anchor + bound.Offset);
    }

    private static long FileEnd(LayoutNode node) => (long)node.DataExtent * 4 + (node.Length + GuidPartitionTable.SectorSize - 1) / GuidPartitionTable.SectorSize;

    private static LayoutNode File(string what, PartitionBound bound, ImageLayout layout)
    {
        LayoutNode node = BootPlan.Find(layout.Root, bound.Path!, ImageSetting.SystemArea)!;
        if (node.Kind != EntryKind.File)
            Throw($"{what}: '{bound.Path}' is not a file");
        return node;
    }

    private static PlacedPartition Appended(string what, PartitionBound bound, SystemAreaPlan plan) =>
        plan.Appended.FirstOrDefault(p => p.Spec.Number == bound.Number)
        ?? throw new IsoBuildException(ErrorCodes.SystemAreaInvalid,
            $"The system area cannot be made: {what} is bounded by appended partition {bound.Number}, which the image does not have ({ImageSetting.SystemArea.Named()}).");

    /// <summary>What the explicit entries contribute to the image's identity; empty when none are told (older images stay the same).</summary>
    public static string Identity(SystemAreaSpec area)
    {
        if (area.DiskSignature is null && area.MbrEntries is null && area.GptEntries is null && area.GptEntriesSector is null && area.GptEntryCount is null)
            return string.Empty;
        return string.Join('|', area.DiskSignature,
            area.MbrEntries is null ? "-" : string.Join(';', area.MbrEntries.Select(e => $"{e.Slot}:{e.Status}:{e.Type}:{e.Extent}:{e.ChsHeads}:{e.ChsSectorsPerTrack}:{e.FirstChs}:{e.LastChs}")),
            area.GptEntries is null ? "-" : string.Join(';', area.GptEntries.Select(e => $"{e.Type}:{e.Id}:{e.Name}:{e.Attributes}:{e.Extent}")),
            area.GptEntriesSector, area.GptEntryCount);
    }

    private static void Throw(string why) =>
        IsoBuildException.Throw(ErrorCodes.SystemAreaInvalid, $"The system area cannot be made: {why} ({ImageSetting.SystemArea.Named()}).");
}
