using IsoBuild.Hybrid;
using IsoBuild.Layout;
using IsoBuild.Spec;

namespace IsoBuild.Writing;

/// <summary>
/// Writes what a <see cref="SystemAreaPlan"/> decided: the MBR (code patched in its style, disk signature, the four
/// slots), the primary GPT after it and the backup GPT in the last sectors of the image. Disk signature and GUIDs
/// come from the layout's identity hash unless the spec gives the disk GUID.
/// </summary>
internal static class SystemAreaWriter
{
    public static void Write(Span<byte> systemArea, ImageLayout layout, SystemAreaPlan plan, ReadOnlySpan<byte> code)
    {
        MasterBootRecord.CodeStyle style = plan.Spec.CodeStyle switch
        {
            MbrCodeStyle.Isohybrid => MasterBootRecord.CodeStyle.Isohybrid,
            MbrCodeStyle.Grub2 => MasterBootRecord.CodeStyle.Grub2,
            _ => MasterBootRecord.CodeStyle.None,
        };
        LayoutNode? target = plan.Spec.CodeStyle == MbrCodeStyle.Isohybrid ? plan.Boot.FirstBiosImage : plan.Boot.FirstImage;
        bool table = plan.Spec.IsohybridTable || plan.Spec.ProtectiveLabel || plan.HasGpt || plan.Appended.Count > 0 || plan.Spec.ForceBootable
            || plan.Spec.PartitionOffset > 0 || plan.Spec.MbrEntries is not null;
        MbrPartition[] slots = table ? plan.MbrPartitions(layout) : [];
        MasterBootRecord.Write(systemArea, code, style, target?.DataExtent ?? 0, plan.Spec.DiskSignature ?? HybridDisk.DiskSignature(layout), slots);
        if (!plan.HasGpt)
            return;
        Guid disk = DiskId(layout, plan);
        int count = PartitionEntryPlan.GptEntryCount(plan.Spec);
        ulong arraySector = PartitionEntryPlan.GptEntriesSector(plan.Spec);
        byte[] entries = GuidPartitionTable.EntryArray(plan.GptPartitions(layout, disk), count);
        ulong sectors = (ulong)layout.TotalSectors * 4;
        GuidPartitionTable.WriteHeader(systemArea[(int)(GuidPartitionTable.PrimaryHeaderSector * GuidPartitionTable.SectorSize)..], primary: true, sectors, disk, entries, count, arraySector);
        entries.CopyTo(systemArea[(int)(arraySector * GuidPartitionTable.SectorSize)..]);
    }

    /// <summary>The last sectors of the image: backup entry array, then header.</summary>
    public static byte[] Backup(ImageLayout layout, SystemAreaPlan plan)
    {
        Guid disk = DiskId(layout, plan);
        int count = PartitionEntryPlan.GptEntryCount(plan.Spec);
        byte[] backup = new byte[GuidPartitionTable.BackupSectorsFor(count) * GuidPartitionTable.SectorSize];
        byte[] entries = GuidPartitionTable.EntryArray(plan.GptPartitions(layout, disk), count);
        entries.CopyTo(backup, 0);
        GuidPartitionTable.WriteHeader(backup.AsSpan(entries.Length), primary: false, (ulong)layout.TotalSectors * 4, disk, entries, count, PartitionEntryPlan.GptEntriesSector(plan.Spec));
        return backup;
    }

    private static Guid DiskId(ImageLayout layout, SystemAreaPlan plan) => plan.Spec.GptDiskGuid ?? HybridDisk.DiskId(layout);
}
