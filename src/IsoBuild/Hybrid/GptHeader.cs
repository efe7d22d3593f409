using System.Buffers.Binary;

namespace IsoBuild.Hybrid;

/// <summary>
/// UEFI 2.x 5.3.2: a GPT header, at sector 1 (primary) or the disk's last sector (backup). Its CRC-32 covers the
/// first <see cref="HeaderSize"/> bytes with the CRC field zero; the entry array has its own CRC-32.
/// </summary>
/// <param name="Revision">0x00010000 for revision 1.0.</param>
/// <param name="HeaderSize">Bytes the header CRC covers: 92 up to the sector size.</param>
/// <param name="MyLba">The sector of this header.</param>
/// <param name="AlternateLba">The sector of the other copy.</param>
/// <param name="FirstUsableLba">The first sector partitions may use.</param>
/// <param name="LastUsableLba">The last sector partitions may use.</param>
/// <param name="DiskGuid">The disk's GUID.</param>
/// <param name="PartitionEntriesLba">The first sector of the partition entry array.</param>
/// <param name="PartitionEntryCount">Entries in the array.</param>
/// <param name="PartitionEntrySize">Bytes of one entry: 128 times a power of two.</param>
/// <param name="PartitionEntriesCrc">CRC-32 of the whole entry array.</param>
internal readonly record struct GptHeader(uint Revision, uint HeaderSize, ulong MyLba, ulong AlternateLba, ulong FirstUsableLba, ulong LastUsableLba,
    Guid DiskGuid, ulong PartitionEntriesLba, uint PartitionEntryCount, uint PartitionEntrySize, uint PartitionEntriesCrc)
{
    public const int SignatureOffset = 0;
    public const int RevisionOffset = 8;
    public const int HeaderSizeOffset = 12;
    public const int HeaderCrcOffset = 16;
    public const int MyLbaOffset = 24;
    public const int AlternateLbaOffset = 32;
    public const int FirstUsableLbaOffset = 40;
    public const int LastUsableLbaOffset = 48;
    public const int DiskGuidOffset = 56;
    public const int PartitionEntriesLbaOffset = 72;
    public const int PartitionEntryCountOffset = 80;
    public const int PartitionEntrySizeOffset = 84;
    public const int PartitionEntriesCrcOffset = 88;
    public const int MinSize = 92;
    public const uint Revision1 = 0x00010000;
    public static ReadOnlySpan<byte> Signature => "EFI PART"u8;

    /// <summary>True when the sector starts with "EFI PART".</summary>
    public static bool HasSignature(ReadOnlySpan<byte> sector) => sector[..Signature.Length].SequenceEqual(Signature);

    /// <summary>Writes the header over the whole <paramref name="sector"/> (the rest of it is reserved, zero), CRC included.</summary>
    public void Write(Span<byte> sector)
    {
        sector.Clear();
        Signature.CopyTo(sector);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[RevisionOffset..], Revision);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[HeaderSizeOffset..], HeaderSize);
        BinaryPrimitives.WriteUInt64LittleEndian(sector[MyLbaOffset..], MyLba);
        BinaryPrimitives.WriteUInt64LittleEndian(sector[AlternateLbaOffset..], AlternateLba);
        BinaryPrimitives.WriteUInt64LittleEndian(sector[FirstUsableLbaOffset..], FirstUsableLba);
        BinaryPrimitives.WriteUInt64LittleEndian(sector[LastUsableLbaOffset..], LastUsableLba);
        DiskGuid.TryWriteBytes(sector[DiskGuidOffset..]);
        BinaryPrimitives.WriteUInt64LittleEndian(sector[PartitionEntriesLbaOffset..], PartitionEntriesLba);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[PartitionEntryCountOffset..], PartitionEntryCount);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[PartitionEntrySizeOffset..], PartitionEntrySize);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[PartitionEntriesCrcOffset..], PartitionEntriesCrc);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[HeaderCrcOffset..], Crc32.Compute(sector[..(int)HeaderSize]));
    }

    /// <summary>Reads the fields as recorded, sound or not; <see cref="CrcMatches"/> checks the header's CRC.</summary>
    public static GptHeader Read(ReadOnlySpan<byte> sector) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(sector[RevisionOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(sector[HeaderSizeOffset..]),
        BinaryPrimitives.ReadUInt64LittleEndian(sector[MyLbaOffset..]),
        BinaryPrimitives.ReadUInt64LittleEndian(sector[AlternateLbaOffset..]),
        BinaryPrimitives.ReadUInt64LittleEndian(sector[FirstUsableLbaOffset..]),
        BinaryPrimitives.ReadUInt64LittleEndian(sector[LastUsableLbaOffset..]),
        new Guid(sector.Slice(DiskGuidOffset, 16)),
        BinaryPrimitives.ReadUInt64LittleEndian(sector[PartitionEntriesLbaOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(sector[PartitionEntryCountOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(sector[PartitionEntrySizeOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(sector[PartitionEntriesCrcOffset..]));

    /// <summary>True when the header size fits the sector and the recorded CRC is that of the header with the CRC field zero.</summary>
    public static bool CrcMatches(ReadOnlySpan<byte> sector)
    {
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(sector[HeaderSizeOffset..]);
        if (size < MinSize || size > sector.Length || size > GuidPartitionTable.SectorSize)
            return false;
        Span<byte> copy = stackalloc byte[(int)size];
        sector[..(int)size].CopyTo(copy);
        copy.Slice(HeaderCrcOffset, 4).Clear();
        return Crc32.Compute(copy) == BinaryPrimitives.ReadUInt32LittleEndian(sector[HeaderCrcOffset..]);
    }
}
