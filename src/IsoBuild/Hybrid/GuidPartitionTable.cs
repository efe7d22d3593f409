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

    public static ulong LastUsableSector(ulong diskSectors) => LastUsableSector(diskSectors, EntryCount);

    /// <summary>The last usable sector when the backup array holds <paramref name="entryCount"/> entries.</summary>
    public static ulong LastUsableSector(ulong diskSectors, int entryCount) => diskSectors - (ulong)ArraySectors(entryCount) - 2;

    /// <summary>Sectors of an entry array of <paramref name="entryCount"/> entries.</summary>
    public static int ArraySectors(int entryCount) => (entryCount * EntrySize + SectorSize - 1) / SectorSize;

    /// <summary>Sectors the backup needs for an entry array of <paramref name="entryCount"/> entries and the header.</summary>
    public static int BackupSectorsFor(int entryCount) => ArraySectors(entryCount) + 1;

    public static byte[] EntryArray(IReadOnlyList<GptPartition> partitions) => EntryArray(partitions, EntryCount);

    /// <summary>An entry array of <paramref name="entryCount"/> entries (the unused ones zero), in whole sectors.</summary>
    public static byte[] EntryArray(IReadOnlyList<GptPartition> partitions, int entryCount)
    {
        byte[] entries = new byte[ArraySectors(entryCount) * SectorSize];
        for (int i = 0; i < partitions.Count; i++)
            partitions[i].Write(entries.AsSpan(i * EntrySize, EntrySize));
        return entries;
    }

    /// <summary>Writes a header for the primary (at sector 1) or backup (at the last sector) copy.</summary>
    public static void WriteHeader(Span<byte> sector, bool primary, ulong diskSectors, Guid diskId, ReadOnlySpan<byte> entryArray) =>
        WriteHeader(sector, primary, diskSectors, diskId, entryArray, EntryCount, PrimaryEntriesSector);

    /// <summary>
    /// Writes a header whose primary entry array of <paramref name="entryCount"/> entries starts at
    /// <paramref name="primaryEntriesSector"/> (xorriso puts 176 entries at sector 20 behind an Apple partition map);
    /// the first usable sector follows that array, the backup array sits right before the backup header.
    /// </summary>
    public static void WriteHeader(Span<byte> sector, bool primary, ulong diskSectors, Guid diskId, ReadOnlySpan<byte> entryArray,
        int entryCount, ulong primaryEntriesSector)
    {
        ulong last = diskSectors - 1;
        ulong arraySectors = (ulong)ArraySectors(entryCount);
        new GptHeader(GptHeader.Revision1, HeaderSize,
            MyLba: primary ? PrimaryHeaderSector : last,
            AlternateLba: primary ? last : PrimaryHeaderSector,
            primaryEntriesSector + arraySectors, LastUsableSector(diskSectors, entryCount), diskId,
            PartitionEntriesLba: primary ? primaryEntriesSector : last - arraySectors,
            (uint)entryCount, EntrySize, Crc32.Compute(entryArray[..(entryCount * EntrySize)])).Write(sector[..SectorSize]);
    }
}
