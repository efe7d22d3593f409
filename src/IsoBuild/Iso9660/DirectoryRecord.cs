namespace IsoBuild.Iso9660;

/// <summary>ECMA-119 9.1: a directory record. Records never cross a logical sector (6.8.1.1).</summary>
internal static class DirectoryRecord
{
    public const int LengthOffset = 0;
    public const int ExtendedAttributeLengthOffset = 1;
    public const int ExtentOffset = 2;
    public const int DataLengthOffset = 10;
    public const int DateOffset = 18;
    public const int FlagsOffset = 25;
    public const int UnitSizeOffset = 26;
    public const int GapSizeOffset = 27;
    public const int VolumeSequenceOffset = 28;
    public const int IdentifierLengthOffset = 32;
    public const int IdentifierOffset = 33;
    public const int MaxLength = 255;

    public const byte FlagHidden = 0x01;
    public const byte FlagDirectory = 0x02;
    public const byte FlagMultiExtent = 0x80;

    /// <summary>The identifier of a directory's own record ("." in POSIX terms).</summary>
    public static ReadOnlySpan<byte> SelfIdentifier => [0x00];

    /// <summary>The identifier of a directory's parent record ("..").</summary>
    public static ReadOnlySpan<byte> ParentIdentifier => [0x01];

    /// <summary>Bytes before the system use field: the fixed part, the identifier and its padding byte.</summary>
    public static int SystemUseOffset(int identifierLength) => IdentifierOffset + identifierLength + ((identifierLength & 1) == 0 ? 1 : 0);

    /// <summary>The whole record length, kept even (9.1.1 asks for an even length).</summary>
    public static int Length(int identifierLength, int systemUseLength)
    {
        int length = SystemUseOffset(identifierLength) + systemUseLength;
        return (length + 1) & ~1;
    }

    /// <summary>How many system use bytes fit in a record with this identifier.</summary>
    public static int SystemUseCapacity(int identifierLength) => (MaxLength - 1) - SystemUseOffset(identifierLength);

    public static int Write(Span<byte> destination, uint extent, uint dataLength, DateTimeOffset date, byte flags,
        ReadOnlySpan<byte> identifier, ReadOnlySpan<byte> systemUse)
    {
        int length = Length(identifier.Length, systemUse.Length);
        Span<byte> r = destination[..length];
        r.Clear();
        r[LengthOffset] = (byte)length;
        r[ExtendedAttributeLengthOffset] = 0;
        BothEndian.WriteUInt32(r[ExtentOffset..], extent);
        BothEndian.WriteUInt32(r[DataLengthOffset..], dataLength);
        IsoDate.WriteRecordDate(r[DateOffset..], date);
        r[FlagsOffset] = flags;
        BothEndian.WriteUInt16(r[VolumeSequenceOffset..], 1);
        r[IdentifierLengthOffset] = (byte)identifier.Length;
        identifier.CopyTo(r[IdentifierOffset..]);
        systemUse.CopyTo(r[SystemUseOffset(identifier.Length)..]);
        return length;
    }
}
