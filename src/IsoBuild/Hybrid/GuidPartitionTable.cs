using System.Buffers.Binary;
using System.Text;

namespace IsoBuild.Hybrid;

/// <summary>One GPT partition, in 512-byte sectors (inclusive range).</summary>
internal readonly record struct GptPartition(Guid Type, Guid Id, ulong FirstSector, ulong LastSector, string Name);

/// <summary>
/// UEFI 2.x chapter 5 GUID partition table: primary header at sector 1 with its entry array from sector 2, backup
/// entry array and header in the last sectors of the disk; both with CRC-32s.
/// </summary>
internal static class GuidPartitionTable
{
    public const int SectorSize = 512;
    public const int EntryCount = 128;
    public const int EntrySize = 128;
    public const int EntryArraySectors = EntryCount * EntrySize / SectorSize; // 32
    public const int HeaderSize = 92;
    public const ulong PrimaryHeaderSector = 1;
    public const ulong PrimaryEntriesSector = 2;

    /// <summary>Sectors the backup needs at the end of the disk: the entry array and the header.</summary>
    public const int BackupSectors = EntryArraySectors + 1;

    public static readonly Guid EfiSystemPartition = new("C12A7328-F81F-11D2-BA4B-00A0C93EC93B");

    public static ulong FirstUsableSector => PrimaryEntriesSector + EntryArraySectors;

    public static ulong LastUsableSector(ulong diskSectors) => diskSectors - BackupSectors - 1;

    public static byte[] EntryArray(IReadOnlyList<GptPartition> partitions)
    {
        byte[] entries = new byte[EntryCount * EntrySize];
        for (int i = 0; i < partitions.Count; i++)
        {
            Span<byte> e = entries.AsSpan(i * EntrySize, EntrySize);
            GptPartition p = partitions[i];
            p.Type.TryWriteBytes(e);
            p.Id.TryWriteBytes(e[16..]);
            BinaryPrimitives.WriteUInt64LittleEndian(e[32..], p.FirstSector);
            BinaryPrimitives.WriteUInt64LittleEndian(e[40..], p.LastSector);
            BinaryPrimitives.WriteUInt64LittleEndian(e[48..], 0);
            Encoding.Unicode.GetBytes(p.Name.AsSpan(0, Math.Min(p.Name.Length, 36)), e[56..]);
        }
        return entries;
    }

    /// <summary>Writes a header for the primary (at sector 1) or backup (at the last sector) copy.</summary>
    public static void WriteHeader(Span<byte> sector, bool primary, ulong diskSectors, Guid diskId, ReadOnlySpan<byte> entryArray)
    {
        Span<byte> h = sector[..SectorSize];
        h.Clear();
        "EFI PART"u8.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h[8..], 0x00010000);
        BinaryPrimitives.WriteUInt32LittleEndian(h[12..], HeaderSize);
        ulong last = diskSectors - 1;
        BinaryPrimitives.WriteUInt64LittleEndian(h[24..], primary ? PrimaryHeaderSector : last);
        BinaryPrimitives.WriteUInt64LittleEndian(h[32..], primary ? last : PrimaryHeaderSector);
        BinaryPrimitives.WriteUInt64LittleEndian(h[40..], FirstUsableSector);
        BinaryPrimitives.WriteUInt64LittleEndian(h[48..], LastUsableSector(diskSectors));
        diskId.TryWriteBytes(h[56..]);
        BinaryPrimitives.WriteUInt64LittleEndian(h[72..], primary ? PrimaryEntriesSector : last - EntryArraySectors);
        BinaryPrimitives.WriteUInt32LittleEndian(h[80..], EntryCount);
        BinaryPrimitives.WriteUInt32LittleEndian(h[84..], EntrySize);
        BinaryPrimitives.WriteUInt32LittleEndian(h[88..], Crc32.Compute(entryArray));
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], Crc32.Compute(h[..HeaderSize]));
    }
}
