using IsoBuild.Spec;
using System.Buffers.Binary;

namespace IsoBuild.Udf;

/// <summary>What a partition map of the logical volume descriptor maps to.</summary>
internal enum PartitionMapKind
{
    /// <summary>Type 1 (ECMA-167 3/10.7.2): a physical partition.</summary>
    Physical,
    /// <summary>Type 2 "*UDF Metadata Partition" (UDF 2.2.10, 2.50+): blocks of the metadata file.</summary>
    Metadata,
    /// <summary>Type 2 "*UDF Sparable Partition" (UDF 2.2.9): a physical partition with relocated packets.</summary>
    Sparable,
    /// <summary>Type 2 "*UDF Virtual Partition" (UDF 2.2.8): blocks through the virtual allocation table.</summary>
    Virtual,
    /// <summary>A map the reader does not know.</summary>
    Unknown,
}

/// <summary>
/// A partition map (ECMA-167 3/10.7): type 1 (6 bytes) names a partition descriptor; type 2 (64 bytes) carries a
/// UDF entity identifier and the fields of a metadata, sparable or virtual partition.
/// </summary>
internal sealed record PartitionMap
{
    public const int Type1Length = 6;
    public const int Type2Length = 64;
    public const int TypeOffset = 0;
    public const int LengthOffset = 1;
    public const int Type1VolumeSequenceOffset = 2;
    public const int Type1PartitionNumberOffset = 4;
    public const int Type2IdentifierOffset = 4;
    public const int Type2VolumeSequenceOffset = 36;
    public const int Type2PartitionNumberOffset = 38;
    // Metadata partition map (UDF 2.2.10).
    public const int MetadataFileOffset = 40;
    public const int MetadataMirrorFileOffset = 44;
    public const int MetadataBitmapFileOffset = 48;
    public const int AllocationUnitSizeOffset = 52;
    public const int AlignmentUnitSizeOffset = 56;
    public const int MetadataFlagsOffset = 58;
    // Sparable partition map (UDF 2.2.9).
    public const int PacketLengthOffset = 40;
    public const int SparingTableCountOffset = 42;
    public const int SparingTableSizeOffset = 44;
    public const int SparingTableLocationsOffset = 48;

    /// <summary>"No metadata bitmap file": read-only media have none (UDF 2.2.10).</summary>
    public const uint NoBitmapFile = 0xFFFF_FFFF;

    public PartitionMapKind Kind { get; init; }
    public ushort PartitionNumber { get; init; }
    public UdfRevision Revision { get; init; }
    public uint MetadataFile { get; init; }
    public uint MetadataMirrorFile { get; init; }
    public uint MetadataBitmapFile { get; init; } = NoBitmapFile;
    public uint AllocationUnitSize { get; init; }
    public ushort AlignmentUnitSize { get; init; }
    public byte MetadataFlags { get; init; }
    public ushort PacketLength { get; init; }
    public uint SparingTableSize { get; init; }
    public IReadOnlyList<uint> SparingTables { get; init; } = [];

    public int Length => Kind == PartitionMapKind.Physical ? Type1Length : Type2Length;

    public static PartitionMap Physical(ushort partitionNumber) => new() { Kind = PartitionMapKind.Physical, PartitionNumber = partitionNumber };

    public int Write(Span<byte> destination)
    {
        Span<byte> d = destination[..Length];
        d.Clear();
        d[LengthOffset] = (byte)Length;
        if (Kind == PartitionMapKind.Physical)
        {
            d[TypeOffset] = 1;
            BinaryPrimitives.WriteUInt16LittleEndian(d[Type1VolumeSequenceOffset..], 1);
            BinaryPrimitives.WriteUInt16LittleEndian(d[Type1PartitionNumberOffset..], PartitionNumber);
            return Length;
        }
        d[TypeOffset] = 2;
        string id = Kind switch
        {
            PartitionMapKind.Metadata => EntityIdentifier.MetadataPartition,
            PartitionMapKind.Sparable => EntityIdentifier.SparablePartition,
            PartitionMapKind.Virtual => EntityIdentifier.VirtualPartition,
            _ => throw new InvalidOperationException("An unknown partition map cannot be written."),
        };
        EntityIdentifier.Udf(id, Revision).Write(d[Type2IdentifierOffset..]);
        BinaryPrimitives.WriteUInt16LittleEndian(d[Type2VolumeSequenceOffset..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(d[Type2PartitionNumberOffset..], PartitionNumber);
        if (Kind == PartitionMapKind.Metadata)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(d[MetadataFileOffset..], MetadataFile);
            BinaryPrimitives.WriteUInt32LittleEndian(d[MetadataMirrorFileOffset..], MetadataMirrorFile);
            BinaryPrimitives.WriteUInt32LittleEndian(d[MetadataBitmapFileOffset..], MetadataBitmapFile);
            BinaryPrimitives.WriteUInt32LittleEndian(d[AllocationUnitSizeOffset..], AllocationUnitSize);
            BinaryPrimitives.WriteUInt16LittleEndian(d[AlignmentUnitSizeOffset..], AlignmentUnitSize);
            d[MetadataFlagsOffset] = MetadataFlags;
        }
        else if (Kind == PartitionMapKind.Sparable)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(d[PacketLengthOffset..], PacketLength);
            d[SparingTableCountOffset] = (byte)SparingTables.Count;
            BinaryPrimitives.WriteUInt32LittleEndian(d[SparingTableSizeOffset..], SparingTableSize);
            for (int i = 0; i < SparingTables.Count && i < 4; i++)
                BinaryPrimitives.WriteUInt32LittleEndian(d[(SparingTableLocationsOffset + 4 * i)..], SparingTables[i]);
        }
        return Length;
    }

    /// <summary>Reads one map; <paramref name="length"/> is its recorded length (0 when the map is unreadable).</summary>
    public static PartitionMap? Read(ReadOnlySpan<byte> source, out int length)
    {
        length = 0;
        if (source.Length < 2)
            return null;
        length = source[LengthOffset];
        if (length < 2 || length > source.Length)
        {
            length = 0;
            return null;
        }
        if (source[TypeOffset] == 1 && length == Type1Length)
            return Physical(BinaryPrimitives.ReadUInt16LittleEndian(source[Type1PartitionNumberOffset..]));
        if (source[TypeOffset] != 2 || length != Type2Length)
            return new PartitionMap { Kind = PartitionMapKind.Unknown };
        EntityIdentifier id = EntityIdentifier.Read(source[Type2IdentifierOffset..]);
        ushort number = BinaryPrimitives.ReadUInt16LittleEndian(source[Type2PartitionNumberOffset..]);
        var revision = (UdfRevision)id.SuffixRevision;
        if (id.Is(EntityIdentifier.MetadataPartition))
        {
            return new PartitionMap
            {
                Kind = PartitionMapKind.Metadata,
                PartitionNumber = number,
                Revision = revision,
                MetadataFile = BinaryPrimitives.ReadUInt32LittleEndian(source[MetadataFileOffset..]),
                MetadataMirrorFile = BinaryPrimitives.ReadUInt32LittleEndian(source[MetadataMirrorFileOffset..]),
                MetadataBitmapFile = BinaryPrimitives.ReadUInt32LittleEndian(source[MetadataBitmapFileOffset..]),
                AllocationUnitSize = BinaryPrimitives.ReadUInt32LittleEndian(source[AllocationUnitSizeOffset..]),
                AlignmentUnitSize = BinaryPrimitives.ReadUInt16LittleEndian(source[AlignmentUnitSizeOffset..]),
                MetadataFlags = source[MetadataFlagsOffset],
            };
        }
        if (id.Is(EntityIdentifier.SparablePartition))
        {
            int count = Math.Min((int)source[SparingTableCountOffset], 4);
            var tables = new uint[count];
            for (int i = 0; i < count; i++)
                tables[i] = BinaryPrimitives.ReadUInt32LittleEndian(source[(SparingTableLocationsOffset + 4 * i)..]);
            return new PartitionMap
            {
                Kind = PartitionMapKind.Sparable,
                PartitionNumber = number,
                Revision = revision,
                PacketLength = BinaryPrimitives.ReadUInt16LittleEndian(source[PacketLengthOffset..]),
                SparingTableSize = BinaryPrimitives.ReadUInt32LittleEndian(source[SparingTableSizeOffset..]),
                SparingTables = tables,
            };
        }
        if (id.Is(EntityIdentifier.VirtualPartition))
            return new PartitionMap { Kind = PartitionMapKind.Virtual, PartitionNumber = number, Revision = revision };
        return new PartitionMap { Kind = PartitionMapKind.Unknown, PartitionNumber = number };
    }

    public bool Equals(PartitionMap? other) => other is not null && Kind == other.Kind && PartitionNumber == other.PartitionNumber
        && Revision == other.Revision && MetadataFile == other.MetadataFile && MetadataMirrorFile == other.MetadataMirrorFile
        && MetadataBitmapFile == other.MetadataBitmapFile && AllocationUnitSize == other.AllocationUnitSize
        && AlignmentUnitSize == other.AlignmentUnitSize && MetadataFlags == other.MetadataFlags && PacketLength == other.PacketLength
        && SparingTableSize == other.SparingTableSize && SparingTables.SequenceEqual(other.SparingTables);

    public override int GetHashCode() => HashCode.Combine(Kind, PartitionNumber, MetadataFile);
}
