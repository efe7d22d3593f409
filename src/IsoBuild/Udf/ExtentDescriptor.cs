using System.Buffers.Binary;

namespace IsoBuild.Udf;

/// <summary>ECMA-167 3/7.1 (extent_ad): a length in bytes and a sector number, as volume descriptors point at extents.</summary>
internal readonly record struct ExtentDescriptor(uint Length, uint Location)
{
    public const int Size = 8;
    public const int LengthOffset = 0;
    public const int LocationOffset = 4;

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination[LengthOffset..], Length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[LocationOffset..], Location);
    }

    public static ExtentDescriptor Read(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadUInt32LittleEndian(source[LengthOffset..]), BinaryPrimitives.ReadUInt32LittleEndian(source[LocationOffset..]));
}
