namespace IsoBuild.Iso9660;

/// <summary>
/// ECMA-119 9.1: a directory record. Records never cross a logical sector (6.8.1.1). The writer's hot path is the
/// allocation-free static <see cref="Write(Span{byte}, uint, uint, DateTimeOffset, byte, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>;
/// a record read from an image, or made whole, is an instance that writes itself with <see cref="Write(Span{byte})"/>.
/// </summary>
internal sealed class DirectoryRecord
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
    public const int MinLength = IdentifierOffset;
    public const int MaxLength = 255;

    public const byte FlagHidden = 0x01;
    public const byte FlagDirectory = 0x02;
    public const byte FlagAssociated = 0x04;
    public const byte FlagMultiExtent = 0x80;

    private readonly int? _recordLength;

    /// <summary>The identifier of a directory's own record ("." in POSIX terms).</summary>
    public static ReadOnlySpan<byte> SelfIdentifier => [0x00];

    /// <summary>The identifier of a directory's parent record ("..").</summary>
    public static ReadOnlySpan<byte> ParentIdentifier => [0x01];

    /// <summary>The length byte as recorded; <see cref="Length(int, int)"/> of the identifier and system use when made to be written.</summary>
    public int RecordLength
    {
        get => _recordLength ?? Length(Identifier.Length, SystemUse.Length);
        init => _recordLength = value;
    }

    public byte ExtendedAttributeLength { get; init; }
    public uint Extent { get; init; }
    public uint DataLength { get; init; }

    /// <summary>The recording date; null when all its bytes are zero (9.1.5: not specified) or it is no date.</summary>
    public DateTimeOffset? Date { get; init; }

    public byte Flags { get; init; }
    public byte UnitSize { get; init; }
    public byte GapSize { get; init; }
    public ushort VolumeSequenceNumber { get; init; } = 1;
    public required byte[] Identifier { get; init; }
    public byte[] SystemUse { get; init; } = [];

    /// <summary>
    /// True when both halves of the extent and of the data length agree (7.2.3, 7.3.3). The volume sequence number
    /// is read but not part of it: IsoBuild reads single-volume images, where nothing depends on that field.
    /// </summary>
    public bool NumbersConsistent { get; init; } = true;

    /// <summary>Where the record was read from, for messages; empty for a record made to be written.</summary>
    public string Location { get; init; } = string.Empty;

    public bool IsDirectory => (Flags & FlagDirectory) != 0;
    public bool IsMultiExtent => (Flags & FlagMultiExtent) != 0;
    public bool IsSelf => Identifier is [0];
    public bool IsParent => Identifier is [1];

    /// <summary>The first sector of the data: extended attribute records come first (ECMA-119 9.5).</summary>
    public uint DataLba => Extent + ExtendedAttributeLength;

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

    /// <summary>Writes a record as IsoBuild records them: no extended attributes, not interleaved, volume 1.</summary>
    public static int Write(Span<byte> destination, uint extent, uint dataLength, DateTimeOffset date, byte flags,
        ReadOnlySpan<byte> identifier, ReadOnlySpan<byte> systemUse) =>
        Write(destination, 0, extent, dataLength, date, flags, 0, 0, 1, identifier, systemUse);

    /// <summary>Writes this record (its length computed from the identifier and system use); returns that length.</summary>
    public int Write(Span<byte> destination) =>
        Write(destination, ExtendedAttributeLength, Extent, DataLength, Date, Flags, UnitSize, GapSize, VolumeSequenceNumber, Identifier, SystemUse);

    private static int Write(Span<byte> destination, byte extendedAttributeLength, uint extent, uint dataLength, DateTimeOffset? date,
        byte flags, byte unitSize, byte gapSize, ushort volumeSequenceNumber, ReadOnlySpan<byte> identifier, ReadOnlySpan<byte> systemUse)
    {
        int length = Length(identifier.Length, systemUse.Length);
        Span<byte> r = destination[..length];
        r.Clear();
        r[LengthOffset] = (byte)length;
        r[ExtendedAttributeLengthOffset] = extendedAttributeLength;
        BothEndian.WriteUInt32(r[ExtentOffset..], extent);
        BothEndian.WriteUInt32(r[DataLengthOffset..], dataLength);
        if (date is { } d)
            IsoDate.WriteRecordDate(r[DateOffset..], d);
        r[FlagsOffset] = flags;
        r[UnitSizeOffset] = unitSize;
        r[GapSizeOffset] = gapSize;
        BothEndian.WriteUInt16(r[VolumeSequenceOffset..], volumeSequenceNumber);
        r[IdentifierLengthOffset] = (byte)identifier.Length;
        identifier.CopyTo(r[IdentifierOffset..]);
        systemUse.CopyTo(r[SystemUseOffset(identifier.Length)..]);
        return length;
    }

    /// <summary>
    /// Reads the record at the start of <paramref name="source"/> (which runs at most to the end of its sector);
    /// <paramref name="location"/> names it in messages. A record whose length or identifier does not fit is ISO0203.
    /// </summary>
    public static DirectoryRecord Read(ReadOnlySpan<byte> source, string location)
    {
        int length = source[LengthOffset];
        if (length < MinLength || length > source.Length)
        {
            IsoBuildException.Throw(ErrorCodes.MalformedDirectory,
                $"The directory record at {location} is {length} bytes long, which does not fit ({MinLength}..{source.Length} bytes): the directory is damaged.");
        }
        ReadOnlySpan<byte> r = source[..length];
        int idLength = r[IdentifierLengthOffset];
        if (idLength == 0 || IdentifierOffset + idLength > length)
        {
            IsoBuildException.Throw(ErrorCodes.MalformedDirectory,
                $"The directory record at {location} has an identifier of {idLength} bytes, which does not fit its {length} bytes: the directory is damaged.");
        }
        uint extent = BothEndian.ReadUInt32(r[ExtentOffset..], out bool extentConsistent);
        uint dataLength = BothEndian.ReadUInt32(r[DataLengthOffset..], out bool dataLengthConsistent);
        // Other writers may leave out the padding byte after an even identifier at the very end of the record.
        int systemUseOffset = Math.Min(SystemUseOffset(idLength), length);
        return new DirectoryRecord
        {
            RecordLength = length,
            ExtendedAttributeLength = r[ExtendedAttributeLengthOffset],
            Extent = extent,
            DataLength = dataLength,
            NumbersConsistent = extentConsistent && dataLengthConsistent,
            Date = IsoDate.ReadRecordDate(r[DateOffset..]),
            Flags = r[FlagsOffset],
            UnitSize = r[UnitSizeOffset],
            GapSize = r[GapSizeOffset],
            VolumeSequenceNumber = BothEndian.ReadUInt16(r[VolumeSequenceOffset..], out _),
            Identifier = r.Slice(IdentifierOffset, idLength).ToArray(),
            SystemUse = r[systemUseOffset..].ToArray(),
            Location = location,
        };
    }
}
