using System.Buffers.Binary;

namespace IsoBuild.Udf;

/// <summary>ECMA-167 3/10.5 with UDF 2.2.14: where the partition lies and how it may be accessed.</summary>
internal sealed record PartitionDescriptor
{
    public const int Size = 512;
    public const int SequenceNumberOffset = 16;
    public const int FlagsOffset = 20;
    public const int NumberOffset = 22;
    public const int ContentsOffset = 24;
    public const int ContentsUseOffset = 56;
    public const int AccessTypeOffset = 184;
    public const int StartOffset = 188;
    public const int LengthOffset = 192;
    public const int ImplementationIdentifierOffset = 196;

    /// <summary>Access types (ECMA-167 3/10.5.7): read-only media record 1.</summary>
    public const uint AccessReadOnly = 1;
    public const uint AccessWriteOnce = 2;
    public const uint AccessRewritable = 3;
    public const uint AccessOverwritable = 4;

    public uint SequenceNumber { get; init; }
    public ushort Number { get; init; }
    public string Contents { get; init; } = EntityIdentifier.Nsr02;
    public uint AccessType { get; init; } = AccessReadOnly;
    public uint Start { get; init; }
    public uint Length { get; init; }

    public void Write(Span<byte> destination, uint location, ushort version)
    {
        Span<byte> d = destination[..Size];
        d.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(d[SequenceNumberOffset..], SequenceNumber);
        // Flag bit 0: space is allocated for the partition (3/10.5.3).
        BinaryPrimitives.WriteUInt16LittleEndian(d[FlagsOffset..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(d[NumberOffset..], Number);
        // An empty partition header descriptor (4/14.3) in the contents use: no space tables on read-only media.
        new EntityIdentifier(2, Contents, 0).Write(d[ContentsOffset..]);
        BinaryPrimitives.WriteUInt32LittleEndian(d[AccessTypeOffset..], AccessType);
        BinaryPrimitives.WriteUInt32LittleEndian(d[StartOffset..], Start);
        BinaryPrimitives.WriteUInt32LittleEndian(d[LengthOffset..], Length);
        EntityIdentifier.Implementation().Write(d[ImplementationIdentifierOffset..]);
        DescriptorTag.Write(d, TagIdentifier.PartitionDescriptor, version, UdfFormat.TagSerialNumber, location);
    }

    public static PartitionDescriptor Read(ReadOnlySpan<byte> source) => new()
    {
        SequenceNumber = BinaryPrimitives.ReadUInt32LittleEndian(source[SequenceNumberOffset..]),
        Number = BinaryPrimitives.ReadUInt16LittleEndian(source[NumberOffset..]),
        Contents = EntityIdentifier.Read(source[ContentsOffset..]).Identifier,
        AccessType = BinaryPrimitives.ReadUInt32LittleEndian(source[AccessTypeOffset..]),
        Start = BinaryPrimitives.ReadUInt32LittleEndian(source[StartOffset..]),
        Length = BinaryPrimitives.ReadUInt32LittleEndian(source[LengthOffset..]),
    };
}
