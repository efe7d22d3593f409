using System.Buffers.Binary;

namespace IsoBuild.Udf;

/// <summary>
/// ECMA-167 3/10.6 with UDF 2.2.4: the logical volume: its name, block size, domain, where its file set descriptor
/// is, the integrity sequence, and the partition maps that give partition reference numbers their meaning.
/// </summary>
internal sealed record LogicalVolumeDescriptor
{
    public const int FixedSize = 440;
    public const int SequenceNumberOffset = 16;
    public const int CharacterSetOffset = 20;
    public const int IdentifierOffset = 84;
    public const int IdentifierLength = 128;
    public const int BlockSizeOffset = 212;
    public const int DomainIdentifierOffset = 216;
    public const int ContentsUseOffset = 248;
    public const int MapTableLengthOffset = 264;
    public const int MapCountOffset = 268;
    public const int ImplementationIdentifierOffset = 272;
    public const int ImplementationUseOffset = 304;
    public const int IntegritySequenceOffset = 432;
    public const int MapsOffset = 440;

    /// <summary>More maps than this is not a volume anyone wrote (UDF volumes have 1–3).</summary>
    public const int MaxMaps = 64;

    public uint SequenceNumber { get; init; }
    public string Identifier { get; init; } = string.Empty;
    public uint BlockSize { get; init; } = UdfFormat.SectorSize;
    public EntityIdentifier Domain { get; init; }
    /// <summary>The file set descriptor (UDF 2.2.4.4: a long_ad in the contents use field).</summary>
    public LongAllocationDescriptor FileSetDescriptor { get; init; }
    public ExtentDescriptor IntegritySequence { get; init; }
    public IReadOnlyList<PartitionMap> Maps { get; init; } = [];

    public int Size => FixedSize + Maps.Sum(m => m.Length);

    public void Write(Span<byte> destination, uint location, ushort version)
    {
        Span<byte> d = destination[..Size];
        d.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(d[SequenceNumberOffset..], SequenceNumber);
        CharacterSet.WriteOsta(d[CharacterSetOffset..]);
        OstaCompressedUnicode.WriteDString(d.Slice(IdentifierOffset, IdentifierLength), Identifier);
        BinaryPrimitives.WriteUInt32LittleEndian(d[BlockSizeOffset..], BlockSize);
        Domain.Write(d[DomainIdentifierOffset..]);
        FileSetDescriptor.Write(d[ContentsUseOffset..]);
        int offset = MapsOffset;
        foreach (PartitionMap map in Maps)
            offset += map.Write(d[offset..]);
        BinaryPrimitives.WriteUInt32LittleEndian(d[MapTableLengthOffset..], (uint)(offset - MapsOffset));
        BinaryPrimitives.WriteUInt32LittleEndian(d[MapCountOffset..], (uint)Maps.Count);
        EntityIdentifier.Implementation().Write(d[ImplementationIdentifierOffset..]);
        IntegritySequence.Write(d[IntegritySequenceOffset..]);
        DescriptorTag.Write(d, TagIdentifier.LogicalVolumeDescriptor, version, UdfFormat.TagSerialNumber, location);
    }

    /// <summary>Reads the descriptor from its sector; null when its map table is impossible.</summary>
    public static LogicalVolumeDescriptor? Read(ReadOnlySpan<byte> sector)
    {
        uint tableLength = BinaryPrimitives.ReadUInt32LittleEndian(sector[MapTableLengthOffset..]);
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(sector[MapCountOffset..]);
        if (tableLength > sector.Length - MapsOffset || count > MaxMaps)
            return null;
        var maps = new List<PartitionMap>();
        ReadOnlySpan<byte> table = sector.Slice(MapsOffset, (int)tableLength);
        int offset = 0;
        for (int i = 0; i < count; i++)
        {
            PartitionMap? map = PartitionMap.Read(table[offset..], out int length);
            if (map is null)
                return null;
            maps.Add(map);
            offset += length;
        }
        return new LogicalVolumeDescriptor
        {
            SequenceNumber = BinaryPrimitives.ReadUInt32LittleEndian(sector[SequenceNumberOffset..]),
            Identifier = OstaCompressedUnicode.ReadDString(sector.Slice(IdentifierOffset, IdentifierLength)) ?? string.Empty,
            BlockSize = BinaryPrimitives.ReadUInt32LittleEndian(sector[BlockSizeOffset..]),
            Domain = EntityIdentifier.Read(sector[DomainIdentifierOffset..]),
            FileSetDescriptor = LongAllocationDescriptor.Read(sector[ContentsUseOffset..]),
            IntegritySequence = ExtentDescriptor.Read(sector[IntegritySequenceOffset..]),
            Maps = maps,
        };
    }

    public bool Equals(LogicalVolumeDescriptor? other) => other is not null && SequenceNumber == other.SequenceNumber
        && Identifier == other.Identifier && BlockSize == other.BlockSize && Domain == other.Domain
        && FileSetDescriptor == other.FileSetDescriptor && IntegritySequence == other.IntegritySequence && Maps.SequenceEqual(other.Maps);

    public override int GetHashCode() => HashCode.Combine(Identifier, BlockSize, FileSetDescriptor);
}
