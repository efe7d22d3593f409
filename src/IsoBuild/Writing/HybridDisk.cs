using System.Buffers.Binary;
using IsoBuild.Hybrid;
using IsoBuild.Layout;

namespace IsoBuild.Writing;

/// <summary>
/// The image as a disk (a USB stick): the MBR in the system area, and with a GPT its primary copy after the MBR and
/// its backup in the last sectors of the image's padding. The disk signature and GUIDs come from the layout's
/// identity hash, so they are stable for one spec and differ between specs.
/// </summary>
internal static class HybridDisk
{
    public static ulong DiskSectors(ImageLayout layout) => (ulong)layout.TotalSectors * 4;

    public static void WriteSystemArea(Span<byte> systemArea, ImageLayout layout, BootPlan plan, ReadOnlySpan<byte> code)
    {
        ulong disk = DiskSectors(layout);
        uint diskSectors32 = (uint)Math.Min(disk, uint.MaxValue);
        var partitions = new List<MbrPartition>();
        if (plan.Spec.Gpt)
        {
            partitions.Add(new MbrPartition(false, MasterBootRecord.TypeProtectiveGpt, 1, (uint)Math.Min(disk - 1, uint.MaxValue)));
        }
        else
        {
            partitions.Add(new MbrPartition(true, MasterBootRecord.TypeHybridIso, 0, diskSectors32));
            if (plan.Efi is { } efi)
                partitions.Add(new MbrPartition(false, MasterBootRecord.TypeEfiSystem, efi.DataExtent * 4u, (uint)Sectors512(efi.Length)));
        }
        MasterBootRecord.CodeStyle style = plan.Spec.Grub2Mbr is not null ? MasterBootRecord.CodeStyle.Grub2
            : plan.Spec.HybridMbr is not null ? MasterBootRecord.CodeStyle.Isohybrid : MasterBootRecord.CodeStyle.None;
        MasterBootRecord.Write(systemArea, code, style, plan.Bios?.DataExtent ?? 0, DiskSignature(layout), partitions);
        if (plan.Spec.Gpt)
        {
            byte[] entries = GuidPartitionTable.EntryArray(GptPartitions(layout, plan));
            GuidPartitionTable.WriteHeader(systemArea[(int)(GuidPartitionTable.PrimaryHeaderSector * GuidPartitionTable.SectorSize)..], primary: true, disk, DiskId(layout), entries);
            entries.CopyTo(systemArea[(int)(GuidPartitionTable.PrimaryEntriesSector * GuidPartitionTable.SectorSize)..]);
        }
    }

    /// <summary>The last <see cref="GuidPartitionTable.BackupSectors"/> sectors of the disk: backup entries, then header.</summary>
    public static byte[] Backup(ImageLayout layout, BootPlan plan)
    {
        byte[] backup = new byte[GuidPartitionTable.BackupSectors * GuidPartitionTable.SectorSize];
        byte[] entries = GuidPartitionTable.EntryArray(GptPartitions(layout, plan));
        entries.CopyTo(backup, 0);
        GuidPartitionTable.WriteHeader(backup.AsSpan(entries.Length), primary: false, DiskSectors(layout), DiskId(layout), entries);
        return backup;
    }

    private static List<GptPartition> GptPartitions(ImageLayout layout, BootPlan plan)
    {
        LayoutNode efi = plan.Efi!;
        ulong first = (ulong)efi.DataExtent * 4;
        return [new GptPartition(GuidPartitionTable.EfiSystemPartition, IdentityGuid(layout, 1), first, first + Sectors512(efi.Length) - 1, "EFI boot")];
    }

    private static ulong Sectors512(long bytes) => (ulong)((bytes + 511) / 512);

    public static Guid DiskId(ImageLayout layout) => IdentityGuid(layout, 0);

    public static uint DiskSignature(ImageLayout layout) => BinaryPrimitives.ReadUInt32LittleEndian(layout.IdentityHash.AsSpan(28));

    /// <summary>A version 4 (random-looking) GUID taken from the identity hash.</summary>
    private static Guid IdentityGuid(ImageLayout layout, int index)
    {
        Span<byte> b = stackalloc byte[16];
        layout.IdentityHash.AsSpan(index * 8, 16).CopyTo(b);
        b[7] = (byte)((b[7] & 0x0F) | 0x40);
        b[8] = (byte)((b[8] & 0x3F) | 0x80);
        return new Guid(b);
    }
}
