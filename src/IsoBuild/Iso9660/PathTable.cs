using System.Buffers.Binary;

namespace IsoBuild.Iso9660;

/// <summary>One path table record as recorded (ECMA-119 9.4).</summary>
/// <param name="Identifier">The directory identifier; the root's is a single 0x00 byte.</param>
/// <param name="Extent">The directory's first sector.</param>
/// <param name="ParentNumber">The 1-based number of the parent directory's record; the root names itself (1).</param>
/// <param name="ExtendedAttributeLength">Sectors of extended attribute record before the directory's data.</param>
internal readonly record struct PathTableRecord(byte[] Identifier, uint Extent, ushort ParentNumber, byte ExtendedAttributeLength = 0);

/// <summary>ECMA-119 9.4: a path table record; type L tables are little-endian, type M big-endian.</summary>
internal static class PathTable
{
    public const int IdentifierLengthOffset = 0;
    public const int ExtendedAttributeLengthOffset = 1;
    public const int ExtentOffset = 2;
    public const int ParentNumberOffset = 6;
    public const int IdentifierOffset = 8;
    public const int FixedLength = IdentifierOffset;

    /// <summary>The record's length: an odd identifier is followed by a padding byte (9.4.6).</summary>
    public static int RecordLength(int identifierLength) => FixedLength + identifierLength + (identifierLength & 1);

    public static int WriteRecord(Span<byte> destination, bool bigEndian, ReadOnlySpan<byte> identifier, uint extent, ushort parentNumber) =>
        WriteRecord(destination, bigEndian, identifier, extent, parentNumber, 0);

    public static int WriteRecord(Span<byte> destination, bool bigEndian, PathTableRecord record) =>
        WriteRecord(destination, bigEndian, record.Identifier, record.Extent, record.ParentNumber, record.ExtendedAttributeLength);

    private static int WriteRecord(Span<byte> destination, bool bigEndian, ReadOnlySpan<byte> identifier, uint extent, ushort parentNumber,
        byte extendedAttributeLength)
    {
        int length = RecordLength(identifier.Length);
        Span<byte> r = destination[..length];
        r.Clear();
        r[IdentifierLengthOffset] = (byte)identifier.Length;
        r[ExtendedAttributeLengthOffset] = extendedAttributeLength;
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(r[ExtentOffset..], extent);
            BinaryPrimitives.WriteUInt16BigEndian(r[ParentNumberOffset..], parentNumber);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(r[ExtentOffset..], extent);
            BinaryPrimitives.WriteUInt16LittleEndian(r[ParentNumberOffset..], parentNumber);
        }
        identifier.CopyTo(r[IdentifierOffset..]);
        return length;
    }

    /// <summary>
    /// Reads the record at the start of <paramref name="source"/> (the rest of the table). Returns the bytes it takes,
    /// padding included; 0 where the table ends (no room for a record, or an identifier length of 0); -1 when its
    /// identifier runs past the end of <paramref name="source"/>. The padding byte of the last record may lie beyond it.
    /// </summary>
    public static int ReadRecord(ReadOnlySpan<byte> source, bool bigEndian, out PathTableRecord record)
    {
        record = default;
        if (source.Length < FixedLength)
            return 0;
        int idLength = source[IdentifierLengthOffset];
        if (idLength == 0)
            return 0;
        if (FixedLength + idLength > source.Length)
            return -1;
        uint extent = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(source[ExtentOffset..]) : BinaryPrimitives.ReadUInt32LittleEndian(source[ExtentOffset..]);
        ushort parent = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(source[ParentNumberOffset..]) : BinaryPrimitives.ReadUInt16LittleEndian(source[ParentNumberOffset..]);
        record = new PathTableRecord(source.Slice(IdentifierOffset, idLength).ToArray(), extent, parent, source[ExtendedAttributeLengthOffset]);
        return RecordLength(idLength);
    }
}
