using System.Buffers.Binary;

namespace IsoBuild.Iso9660;

/// <summary>
/// ECMA-119 7.2.3 / 7.3.3: numbers recorded twice, little-endian then big-endian.
/// </summary>
internal static class BothEndian
{
    public static void WriteUInt16(Span<byte> destination, ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(destination, value);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], value);
    }

    public static void WriteUInt32(Span<byte> destination, uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, value);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], value);
    }

    /// <summary>Reads the little-endian half; <paramref name="consistent"/> tells whether the big-endian half agrees.</summary>
    public static uint ReadUInt32(ReadOnlySpan<byte> source, out bool consistent)
    {
        uint le = BinaryPrimitives.ReadUInt32LittleEndian(source);
        consistent = le == BinaryPrimitives.ReadUInt32BigEndian(source[4..]);
        return le;
    }

    public static ushort ReadUInt16(ReadOnlySpan<byte> source, out bool consistent)
    {
        ushort le = BinaryPrimitives.ReadUInt16LittleEndian(source);
        consistent = le == BinaryPrimitives.ReadUInt16BigEndian(source[2..]);
        return le;
    }
}
