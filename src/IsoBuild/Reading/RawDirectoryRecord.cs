using System.Buffers.Binary;
using IsoBuild.Iso9660;

namespace IsoBuild.Reading;

/// <summary>One directory record as recorded (ECMA-119 9.1), copied out of its sector.</summary>
internal sealed class RawDirectoryRecord
{
    public const int MinLength = DirectoryRecord.IdentifierOffset;
    public const byte FlagAssociated = 0x04;

    public required int RecordLength { get; init; }
    public required byte ExtendedAttributeLength { get; init; }
    public required uint Extent { get; init; }
    public required uint DataLength { get; init; }
    public required bool NumbersConsistent { get; init; }
    public required DateTimeOffset? Date { get; init; }
    public required byte Flags { get; init; }
    public required byte UnitSize { get; init; }
    public required byte GapSize { get; init; }
    public required byte[] Identifier { get; init; }
    public required byte[] SystemUse { get; init; }

    /// <summary>Where the record is, for messages.</summary>
    public required string Location { get; init; }

    public bool IsDirectory => (Flags & DirectoryRecord.FlagDirectory) != 0;
    public bool IsMultiExtent => (Flags & DirectoryRecord.FlagMultiExtent) != 0;
    public bool IsSelf => Identifier is [0];
    public bool IsParent => Identifier is [1];

    /// <summary>The first sector of the data: extended attribute records come first (ECMA-119 9.5).</summary>
    public uint DataLba => Extent + ExtendedAttributeLength;

    /// <summary>Parses the record at the start of <paramref name="source"/>; the caller has checked the length byte.</summary>
    public static RawDirectoryRecord Parse(ReadOnlySpan<byte> source, string location)
    {
        int length = source[DirectoryRecord.LengthOffset];
        if (length < MinLength || length > source.Length)
        {
            IsoBuildException.Throw(ErrorCodes.MalformedDirectory,
                $"The directory record at {location} is {length} bytes long, which does not fit ({MinLength}..{source.Length} bytes): the directory is damaged.");
        }
        ReadOnlySpan<byte> r = source[..length];
        int idLength = r[DirectoryRecord.IdentifierLengthOffset];
        if (idLength == 0 || DirectoryRecord.IdentifierOffset + idLength > length)
        {
            IsoBuildException.Throw(ErrorCodes.MalformedDirectory,
                $"The directory record at {location} has an identifier of {idLength} bytes, which does not fit its {length} bytes: the directory is damaged.");
        }
        uint extent = BothEndian.ReadUInt32(r[DirectoryRecord.ExtentOffset..], out bool c1);
        uint dataLength = BothEndian.ReadUInt32(r[DirectoryRecord.DataLengthOffset..], out bool c2);
        int suOffset = Math.Min(DirectoryRecord.SystemUseOffset(idLength), length);
        return new RawDirectoryRecord
        {
            RecordLength = length,
            ExtendedAttributeLength = r[DirectoryRecord.ExtendedAttributeLengthOffset],
            Extent = extent,
            DataLength = dataLength,
            NumbersConsistent = c1 && c2,
            Date = IsoDate.ReadRecordDate(r[DirectoryRecord.DateOffset..]),
            Flags = r[DirectoryRecord.FlagsOffset],
            UnitSize = r[DirectoryRecord.UnitSizeOffset],
            GapSize = r[DirectoryRecord.GapSizeOffset],
            Identifier = r.Slice(DirectoryRecord.IdentifierOffset, idLength).ToArray(),
            SystemUse = r[suOffset..].ToArray(),
            Location = location,
        };
    }

    /// <summary>The little-endian extent of a record inside a volume descriptor's root record field.</summary>
    public static uint ReadExtentLittleEndian(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadUInt32LittleEndian(record[DirectoryRecord.ExtentOffset..]);
}
