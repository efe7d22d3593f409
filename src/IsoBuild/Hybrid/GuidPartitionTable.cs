namespace IsoBuild.Hybrid;

/// <summary>
/// UEFI 2.x chapter 5 GUID partition table as IsoBuild lays it out: primary <see cref="GptHeader"/> at sector 1 with
/// its entry array of 128 <see cref="GptPartition"/> entries from sector 2, backup entry array and header in the
/// last sectors of the disk.
/// </summary>
internal static class GuidPartitionTable
{
    public const int SectorSize = 512;
    public const int EntryCount = 128;
    public const int EntrySize = GptPartition.Size;
    public const int EntryArraySectors = EntryCount * EntrySize / SectorSize; // 32
    public const int HeaderSize = GptHeader.MinSize;
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
            partitions[i].Write(entries.AsSpan(i * EntrySize, EntrySize));
        return entries;
    }

    /// <summary>Writes a header for the primary (at sector 1) or backup (at the last sector) copy.</summary>
    public static void WriteHeader(Span<byte> sector, bool primary, ulong diskSectors, Guid diskId, ReadOnlySpan<byte> entryArray)
    {
        ulong last = diskSectors - 1;
        new GptHeader(GptHeader.Revision1, HeaderSize,
            MyLba: primary ? PrimaryHeaderSector : last,
            AlternateLba: primary ? last : PrimaryHeaderSector,
            FirstUsableSector, LastUsableSector(diskSectors), diskId,
            PartitionEntriesLba: primary ? PrimaryEntriesSector : last - EntryArraySectors,
            EntryCount, EntrySize, Crc32.Compute(entryArray)).Write(sector[..SectorSize]);
    }
}
