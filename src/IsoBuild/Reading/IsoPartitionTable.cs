using IsoBuild.Sectors;
using IsoBuild.Hybrid;
using System.Globalization;

namespace IsoBuild.Reading;

/// <summary>A partition of the system area's MBR or GPT, in 512-byte sectors.</summary>
/// <param name="Scheme">"MBR" or "GPT".</param>
/// <param name="Index">1-based slot number.</param>
/// <param name="Type">MBR type byte ("0x17") or GPT type GUID.</param>
/// <param name="TypeName">A known type's name ("EFI System", "Basic data"), or null.</param>
/// <param name="FirstSector">The first 512-byte sector.</param>
/// <param name="SectorCount">Length in 512-byte sectors.</param>
/// <param name="Name">The GPT partition name, or null.</param>
/// <param name="Bootable">MBR active flag, or GPT legacy BIOS bootable attribute.</param>
public sealed record IsoPartition(string Scheme, int Index, string Type, string? TypeName, long FirstSector, long SectorCount, string? Name, bool Bootable);

/// <summary>The MBR and GPT of an image's system area (hybrid images), read tolerantly: damage is listed in <see cref="Problems"/>.</summary>
public sealed class IsoPartitionTable
{
    private const int Sector = GuidPartitionTable.SectorSize;
    private const int MaxGptEntriesBytes = 1 << 20;

    /// <summary>The MBR partitions (non-empty slots), empty without an MBR signature.</summary>
    public IReadOnlyList<IsoPartition> Mbr { get; private set; } = [];

    /// <summary>The GPT partitions (non-empty entries), empty without a GPT.</summary>
    public IReadOnlyList<IsoPartition> Gpt { get; private set; } = [];

    /// <summary>True when a GPT header was found at byte 512.</summary>
    public bool HasGpt { get; private set; }

    /// <summary>
    /// True when the system area holds an Apple partition map (a driver descriptor "ER" and map entries "PM", as
    /// grub-mkrescue's images have for Macs).
    /// </summary>
    public bool HasApplePartitionMap { get; private set; }

    /// <summary>True when a GPT or Apple partition map entry is an HFS+ volume (grub-mkrescue's Mac side).</summary>
    public bool HasHfsPlus { get; private set; }

    /// <summary>
    /// The 2048-byte block where a partition starts that holds the volume a second time, readable on its own (xorriso's
    /// <c>-partition_offset</c>: a primary descriptor at the partition's block 16); 0 when there is none.
    /// </summary>
    public int PartitionOffset { get; private set; }

    /// <summary>The volume space size the partition's descriptor states (the volume's end less the offset); 0 without an offset.</summary>
    internal uint PartitionVolumeSectors { get; private set; }

    /// <summary>What is wrong (GPT CRCs, partitions beyond the image); empty when sound.</summary>
    public IReadOnlyList<string> Problems { get; private set; } = [];

    internal static IsoPartitionTable Read(ImageSource source)
    {
        var table = new IsoPartitionTable();
        var problems = new List<string>();
        byte[] area = new byte[16 * ImageSource.SectorSize];
        source.ReadExactly(0, area, ErrorCodes.MalformedPartitionTable, "The system area");
        long imageSectors = source.Length / Sector;
        if (MasterBootRecord.HasSignature(area))
        {
            var mbr = new List<IsoPartition>();
            for (int i = 0; i < MasterBootRecord.PartitionCount; i++)
            {
                MbrPartition e = MasterBootRecord.ReadPartition(area, i);
                // Type 0 marks an unused slot, but an active one with sectors is a partition all the same
                // (xorriso's -iso_mbr_part_type 0x00 with --mbr-force-bootable: memtest86+'s ISO partition).
                if (e.IsEmpty && !(e.Active && e.SectorCount > 0))
                    continue;
                uint first = e.FirstSector;
                uint count = e.SectorCount;
                mbr.Add(new IsoPartition("MBR", i + 1, "0x" + e.Type.ToString("x2", CultureInfo.InvariantCulture), MbrTypeName(e.Type), first, count, null, e.Active));
                if (e.Status is not (MbrPartition.StatusInactive or MbrPartition.StatusActive))
                    problems.Add($"{ErrorCodes.MalformedPartitionTable}: MBR partition {i + 1} has status 0x{e.Status:x2} (expected 0x00 or 0x80).");
                if (e.Type != MasterBootRecord.TypeProtectiveGpt && (long)first + count > imageSectors)
                    problems.Add($"{ErrorCodes.MalformedPartitionTable}: MBR partition {i + 1} ends at sector {(long)first + count}, beyond the end of the image ({imageSectors} sectors of 512 bytes).");
            }
            table.Mbr = mbr;
        }
        if (GptHeader.HasSignature(area.AsSpan(Sector)))
        {
            table.HasGpt = true;
            table.Gpt = ReadGpt(source, area.AsSpan(Sector, Sector), imageSectors, "primary", problems);
        }
        ReadApplePartitionMap(table, area);
        (table.PartitionOffset, table.PartitionVolumeSectors) = FindPartitionOffset(source, table.Mbr.Concat(table.Gpt));
        table.HasHfsPlus |= table.Gpt.Any(p => p.Type == HfsPlusType);
        table.Problems = problems;
        return table;
    }

    /// <summary>
    /// The first partition that starts on a 2048-byte block from 16 on with a primary volume descriptor at its block 16
    /// whose volume ends where the image's volume ends or fills the partition (libisofs's iso_analyze_partition_offset).
    /// </summary>
    private static (int Offset, uint VolumeSectors) FindPartitionOffset(ImageSource source, IEnumerable<IsoPartition> partitions)
    {
        byte[] block = new byte[ImageSource.SectorSize];
        if (!TryReadPrimaryDescriptor(source, 16, block, out uint imageVolume))
            return (0, 0);
        foreach (IsoPartition p in partitions)
        {
            if (p.FirstSector % 4 != 0 || p.FirstSector / 4 < 16 || p.FirstSector / 4 > int.MaxValue)
                continue;
            long offset = p.FirstSector / 4;
            if (TryReadPrimaryDescriptor(source, offset + 16, block, out uint volume) && (volume + offset == imageVolume || volume == p.SectorCount / 4))
                return ((int)offset, volume);
        }
        return (0, 0);
    }

    private static bool TryReadPrimaryDescriptor(ImageSource source, long blockNumber, byte[] block, out uint volumeSpaceSize)
    {
        volumeSpaceSize = 0;
        if ((blockNumber + 1) * ImageSource.SectorSize > source.Length)
            return false;
        source.ReadExactly(blockNumber * ImageSource.SectorSize, block, ErrorCodes.MalformedPartitionTable, "A volume descriptor");
        if (block[0] != IsoBuild.Iso9660.VolumeDescriptor.TypePrimary || !block.AsSpan(1, 5).SequenceEqual("CD001"u8) || block[6] != 1)
            return false;
        volumeSpaceSize = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(80));
        return true;
    }

    private const string HfsPlusType = "48465300-0000-11AA-AA11-00306543ECAC";

    /// <summary>
    /// An Apple partition map (Inside Macintosh: Devices): the driver descriptor "ER" at byte 0 gives the block size
    /// (xorriso writes 2048, older tools 512), map entries "PM" fill the blocks from 1 on, each naming its type at
    /// byte 48 ("Apple_HFS" for HFS and HFS+). Only the blocks already read are looked at.
    /// </summary>
    private static void ReadApplePartitionMap(IsoPartitionTable table, ReadOnlySpan<byte> area)
    {
        const int TypeOffset = 48, TypeLength = 32, MapBlocksOffset = 4;
        if (area[0] != (byte)'E' || area[1] != (byte)'R')
            return;
        int blockSize = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(area[2..]);
        if (blockSize is not (512 or 2048) || area[blockSize] != (byte)'P' || area[blockSize + 1] != (byte)'M')
            return;
        table.HasApplePartitionMap = true;
        uint blocks = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(area[(blockSize + MapBlocksOffset)..]);
        for (int i = 1; i <= blocks && (i + 1) * blockSize <= area.Length; i++)
        {
            ReadOnlySpan<byte> entry = area.Slice(i * blockSize, blockSize);
            if (entry[0] != (byte)'P' || entry[1] != (byte)'M')
                break;
            if (entry.Slice(TypeOffset, TypeLength).StartsWith("Apple_HFS"u8))
                table.HasHfsPlus = true;
        }
    }

    private static List<IsoPartition> ReadGpt(ImageSource source, ReadOnlySpan<byte> header, long imageSectors, string which, List<string> problems)
    {
        var partitions = new List<IsoPartition>();
        GptHeader h = GptHeader.Read(header);
        if (h.HeaderSize < GptHeader.MinSize || h.HeaderSize > Sector)
        {
            problems.Add($"{ErrorCodes.MalformedPartitionTable}: the {which} GPT header size is {h.HeaderSize} bytes (expected 92 to 512).");
            return partitions;
        }
        if (!GptHeader.CrcMatches(header))
            problems.Add($"{ErrorCodes.MalformedPartitionTable}: the {which} GPT header CRC is wrong.");
        ulong backup = h.AlternateLba;
        ulong entriesLba = h.PartitionEntriesLba;
        uint count = h.PartitionEntryCount;
        uint entrySize = h.PartitionEntrySize;
        if (entrySize < GptPartition.Size || entrySize % 8 != 0 || (long)count * entrySize > MaxGptEntriesBytes)
        {
            problems.Add($"{ErrorCodes.MalformedPartitionTable}: the {which} GPT announces {count} entries of {entrySize} bytes, which is not plausible.");
            return partitions;
        }
        long entriesBytes = (long)count * entrySize;
        if (entriesLba > (ulong)imageSectors || ((long)entriesLba * Sector) + entriesBytes > source.Length)
        {
            problems.Add($"{ErrorCodes.MalformedPartitionTable}: the {which} GPT entries at sector {entriesLba} lie beyond the end of the image.");
            return partitions;
        }
        byte[] entries = new byte[entriesBytes];
        source.ReadExactly((long)entriesLba * Sector, entries, ErrorCodes.MalformedPartitionTable, $"The {which} GPT entries");
        if (Crc32.Compute(entries) != h.PartitionEntriesCrc)
            problems.Add($"{ErrorCodes.MalformedPartitionTable}: the CRC of the {which} GPT partition entries is wrong.");
        for (int i = 0; i < count; i++)
        {
            GptPartition e = GptPartition.Read(entries.AsSpan(i * (int)entrySize, (int)entrySize));
            if (e.IsEmpty)
                continue;
            ulong first = e.FirstSector;
            ulong last = e.LastSector;
            long length = last >= first && last - first < long.MaxValue ? (long)(last - first + 1) : 0;
            partitions.Add(new IsoPartition("GPT", i + 1, e.Type.ToString("D").ToUpperInvariant(), GptTypeName(e.Type), (long)first, length, e.Name,
                (e.Attributes & GptPartition.AttributeLegacyBiosBootable) != 0));
            if (last < first)
                problems.Add($"{ErrorCodes.MalformedPartitionTable}: GPT partition {i + 1} ends (sector {last}) before it starts (sector {first}).");
            else if (last >= (ulong)imageSectors)
                problems.Add($"{ErrorCodes.MalformedPartitionTable}: GPT partition {i + 1} ends at sector {last}, beyond the end of the image ({imageSectors} sectors of 512 bytes).");
        }
        if (which == "primary")
        {
            if (backup == 0 || backup >= (ulong)imageSectors)
            {
                problems.Add($"{ErrorCodes.MalformedPartitionTable}: the backup GPT header (sector {backup}) lies beyond the end of the image.");
            }
            else
            {
                byte[] backupHeader = new byte[Sector];
                source.ReadExactly((long)backup * Sector, backupHeader, ErrorCodes.MalformedPartitionTable, "The backup GPT header");
                if (!GptHeader.HasSignature(backupHeader))
                    problems.Add($"{ErrorCodes.MalformedPartitionTable}: there is no backup GPT header at sector {backup}.");
                else
                    ReadGpt(source, backupHeader, imageSectors, "backup", problems);
            }
        }
        return partitions;
    }

    private static string? MbrTypeName(byte type) => type switch
    {
        0x00 => null,
        0x0C => "FAT32 (LBA)",
        0x0E => "FAT16 (LBA)",
        0x17 => "hidden NTFS/ISO (isohybrid)",
        0xCD => "ISO 9660 (xorriso)",
        0xEE => "GPT protective",
        0xEF => "EFI System",
        _ => null,
    };

    private static string? GptTypeName(Guid type) => type.ToString("D").ToUpperInvariant() switch
    {
        "C12A7328-F81F-11D2-BA4B-00A0C93EC93B" => "EFI System",
        "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7" => "Basic data",
        "48465300-0000-11AA-AA11-00306543ECAC" => "Apple HFS+",
        "21686148-6449-6E6F-744E-656564454649" => "BIOS boot",
        _ => null,
    };
}
