using System.Buffers.Binary;

namespace IsoBuild.Udf;

/// <summary>ECMA-167 4/14.14.1.1: what the top two bits of an allocation descriptor's length say about the extent.</summary>
internal enum ExtentType : byte
{
    RecordedAndAllocated = 0,
    AllocatedNotRecorded = 1,
    NotRecordedNotAllocated = 2,
    /// <summary>The extent holds the next allocation descriptors (an allocation extent descriptor).</summary>
    NextExtent = 3,
}

/// <summary>ECMA-167 4/7.1 (lb_addr): a logical block within the partition a partition reference names.</summary>
internal readonly record struct LogicalBlockAddress(uint Block, ushort Partition)
{
    public const int Size = 6;

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Block);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], Partition);
    }

    public static LogicalBlockAddress Read(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadUInt32LittleEndian(source), BinaryPrimitives.ReadUInt16LittleEndian(source[4..]));
}

/// <summary>
/// ECMA-167 4/14.14.1 (short_ad): an extent in the partition of the descriptor that holds it. The length is 30 bits,
/// so one extent holds less than 1 GiB; a larger file has several.
/// </summary>
internal readonly record struct ShortAllocationDescriptor(uint Length, ExtentType Type, uint Position)
{
    public const int Size = 8;
    public const uint MaxLength = 0x3FFF_FFFF;

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Length | ((uint)Type << 30));
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Position);
    }

    public static ShortAllocationDescriptor Read(ReadOnlySpan<byte> source)
    {
        uint raw = BinaryPrimitives.ReadUInt32LittleEndian(source);
        return new(raw & MaxLength, (ExtentType)(raw >> 30), BinaryPrimitives.ReadUInt32LittleEndian(source[4..]));
    }
}

/// <summary>
/// ECMA-167 4/14.14.2 (long_ad): an extent in any partition, with 6 bytes of implementation use. UDF 2.3.4.3 keeps
/// flags (2 bytes) and the UDF unique id's low 32 bits there in file identifier descriptors.
/// </summary>
internal readonly record struct LongAllocationDescriptor(uint Length, ExtentType Type, LogicalBlockAddress Location, ushort Flags = 0, uint UniqueId = 0)
{
    public const int Size = 16;
    public const int LocationOffset = 4;
    public const int ImplementationUseOffset = 10;

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Length | ((uint)Type << 30));
        Location.Write(destination[LocationOffset..]);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[ImplementationUseOffset..], Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[(ImplementationUseOffset + 2)..], UniqueId);
    }

    public static LongAllocationDescriptor Read(ReadOnlySpan<byte> source)
    {
        uint raw = BinaryPrimitives.ReadUInt32LittleEndian(source);
        return new(raw & ShortAllocationDescriptor.MaxLength, (ExtentType)(raw >> 30), LogicalBlockAddress.Read(source[LocationOffset..]),
            BinaryPrimitives.ReadUInt16LittleEndian(source[ImplementationUseOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[(ImplementationUseOffset + 2)..]));
    }
}
