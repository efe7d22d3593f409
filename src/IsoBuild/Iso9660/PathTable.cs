using System.Buffers.Binary;

namespace IsoBuild.Iso9660;

/// <summary>ECMA-119 9.4: a path table record; type L tables are little-endian, type M big-endian.</summary>
internal static class PathTable
{
    public const int FixedLength = 8;

    public static int RecordLength(int identifierLength) => FixedLength + identifierLength + (identifierLength & 1);

    public static int WriteRecord(Span<byte> destination, bool bigEndian, ReadOnlySpan<byte> identifier, uint extent, ushort parentNumber)
    {
        int length = RecordLength(identifier.Length);
        Span<byte> r = destination[..length];
        r.Clear();
        r[0] = (byte)identifier.Length;
        r[1] = 0;
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(r[2..], extent);
            BinaryPrimitives.WriteUInt16BigEndian(r[6..], parentNumber);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(r[2..], extent);
            BinaryPrimitives.WriteUInt16LittleEndian(r[6..], parentNumber);
        }
        identifier.CopyTo(r[FixedLength..]);
        return length;
    }
}
