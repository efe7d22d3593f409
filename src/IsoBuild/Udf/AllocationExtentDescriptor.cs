using System.Buffers.Binary;

namespace IsoBuild.Udf;

/// <summary>
/// ECMA-167 4/14.5: a block that continues a file entry's allocation descriptors when they do not fit in it; a file
/// entry's last descriptor (type 3, "next extent") points here.
/// </summary>
internal static class AllocationExtentDescriptor
{
    public const int FixedSize = 24;
    public const int PreviousLocationOffset = 16;
    public const int LengthOffset = 20;

    public static int Write(Span<byte> destination, ReadOnlySpan<byte> descriptors, uint previous, uint location, ushort version)
    {
        Span<byte> d = destination[..(FixedSize + descriptors.Length)];
        d.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(d[PreviousLocationOffset..], previous);
        BinaryPrimitives.WriteUInt32LittleEndian(d[LengthOffset..], (uint)descriptors.Length);
        descriptors.CopyTo(d[FixedSize..]);
        // UDF 2.3.11: the CRC covers only the fixed part when the descriptors follow (CRC length 8).
        DescriptorTag.Write(d[..FixedSize], TagIdentifier.AllocationExtentDescriptor, version, UdfFormat.TagSerialNumber, location);
        return d.Length;
    }

    /// <summary>The allocation descriptors the block holds; null when the recorded length does not fit.</summary>
    public static ReadOnlySpan<byte> Read(ReadOnlySpan<byte> block, out bool ok)
    {
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(block[LengthOffset..]);
        ok = FixedSize + (long)length <= block.Length;
        return ok ? block.Slice(FixedSize, (int)length) : default;
    }
}
