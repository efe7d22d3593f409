using System.Buffers.Binary;
using System.Text;

namespace IsoBuild.Iso9660;

/// <summary>
/// ECMA-119 8.4 and 8.5: a primary or supplementary volume descriptor (Joliet is a supplementary descriptor whose
/// escape sequences name UCS-2). The boot record (8.2) is <see cref="ElTorito.BootRecord"/>; the terminator (8.3) has
/// no fields beyond the header.
/// </summary>
internal sealed class VolumeDescriptor
{
    public const int Size = 2048;
    public const byte TypeBootRecord = 0;
    public const byte TypePrimary = 1;
    public const byte TypeSupplementary = 2;
    public const byte TypeTerminator = 255;
    public static ReadOnlySpan<byte> StandardIdentifier => "CD001"u8;

    /// <summary>
    /// What an incremental build writes over the primary descriptor's standard identifier while it patches an image in
    /// place: no reader takes the image for an ISO 9660 image meanwhile, and IsoBuild's reader tells an interrupted
    /// patch (ISO0400) from a file that is no image at all.
    /// </summary>
    public static ReadOnlySpan<byte> InterruptedPatchIdentifier => "PATCH"u8;

    public const int TypeOffset = 0;
    public const int StandardIdentifierOffset = 1;
    public const int VersionOffset = 6;
    public const int SystemIdOffset = 8;
    public const int SystemIdLength = 32;
    public const int VolumeIdOffset = 40;
    public const int VolumeIdLength = 32;
    public const int VolumeSpaceSizeOffset = 80;
    public const int EscapeSequencesOffset = 88;
    public const int EscapeSequencesLength = 32;
    public const int VolumeSetSizeOffset = 120;
    public const int VolumeSequenceNumberOffset = 124;
    public const int LogicalBlockSizeOffset = 128;
    public const int PathTableSizeOffset = 132;
    public const int TypeLPathTableOffset = 140;
    public const int OptionalTypeLPathTableOffset = 144;
    public const int TypeMPathTableOffset = 148;
    public const int OptionalTypeMPathTableOffset = 152;
    public const int RootDirectoryRecordOffset = 156;
    public const int RootDirectoryRecordLength = 34;
    public const int VolumeSetIdOffset = 190;
    public const int PublisherOffset = 318;
    public const int DataPreparerOffset = 446;
    public const int ApplicationOffset = 574;
    public const int LongIdLength = 128;
    public const int CopyrightFileOffset = 702;
    public const int AbstractFileOffset = 739;
    public const int BibliographicFileOffset = 776;
    public const int FileIdLength = 37;
    public const int CreationDateOffset = 813;
    public const int ModificationDateOffset = 830;
    public const int ExpirationDateOffset = 847;
    public const int EffectiveDateOffset = 864;
    public const int FileStructureVersionOffset = 881;

    public const ushort DefaultLogicalBlockSize = 2048;

    /// <summary>Joliet UCS-2 level 3 escape sequence (%/E), the one IsoBuild writes.</summary>
    public static ReadOnlySpan<byte> JolietLevel3Escape => "%/E"u8;

    private readonly byte[]? _recordedRoot;
    private readonly DirectoryRecord? _root;

    public VolumeDescriptor()
    {
    }

    private VolumeDescriptor(byte[] recordedRoot) => _recordedRoot = recordedRoot;

    public byte Type { get; init; } = TypePrimary;
    public string SystemId { get; init; } = string.Empty;
    public string VolumeId { get; init; } = string.Empty;
    public uint VolumeSpaceSize { get; init; }

    /// <summary>The Joliet UCS-2 level (1, 2 or 3) its escape sequences name; 0 for a descriptor that is not Joliet.</summary>
    public int JolietLevel { get; init; }

    public ushort VolumeSetSize { get; init; } = 1;
    public ushort VolumeSequenceNumber { get; init; } = 1;
    public ushort LogicalBlockSize { get; init; } = DefaultLogicalBlockSize;
    public uint PathTableSize { get; init; }
    public uint TypeLPathTable { get; init; }
    public uint OptionalTypeLPathTable { get; init; }
    public uint TypeMPathTable { get; init; }
    public uint OptionalTypeMPathTable { get; init; }

    /// <summary>
    /// The root directory record. For a descriptor read from an image it is parsed when asked for, so that a damaged
    /// root record of a tree nobody reads (a Joliet tree when reading Rock Ridge) does not fail the whole image.
    /// </summary>
    public DirectoryRecord Root
    {
        get => _root ?? (_recordedRoot is { } recorded
            ? DirectoryRecord.Read(recorded, $"the root record of the volume descriptor at sector {Sector}")
            : throw new InvalidOperationException("A volume descriptor made to be written needs its root record."));
        init => _root = value;
    }

    /// <summary>The root record's length byte as recorded (9.1.1 and 8.4.18 make it 34).</summary>
    public byte RootRecordLength => _recordedRoot is { } r ? r[0] : (byte)(_root?.RecordLength ?? 0);

    public string VolumeSetId { get; init; } = string.Empty;
    public string Publisher { get; init; } = string.Empty;
    public string DataPreparer { get; init; } = string.Empty;
    public string Application { get; init; } = string.Empty;
    public string CopyrightFile { get; init; } = string.Empty;
    public string AbstractFile { get; init; } = string.Empty;
    public string BibliographicFile { get; init; } = string.Empty;

    /// <summary>The four volume dates; null is the "not specified" form (8.4.26.1).</summary>
    public DateTimeOffset? Created { get; init; }
    public DateTimeOffset? Modified { get; init; }
    public DateTimeOffset? Expires { get; init; }
    public DateTimeOffset? Effective { get; init; }

    public byte FileStructureVersion { get; init; } = 1;

    /// <summary>The sector it was read from, for messages; 0 for a descriptor made to be written.</summary>
    public uint Sector { get; init; }

    /// <summary>Both-endian numbers whose halves disagree (ECMA-119 7.2.3, 7.3.3), by name; empty when made to be written.</summary>
    public IReadOnlyList<string> InconsistentNumbers { get; init; } = [];

    /// <summary>True for a supplementary descriptor whose escape sequences name Joliet UCS-2.</summary>
    public bool IsJoliet => Type == TypeSupplementary && JolietLevel != 0;

    /// <summary>Writes the whole 2048-byte sector.</summary>
    public void Write(Span<byte> sector)
    {
        Span<byte> s = sector[..Size];
        s.Clear();
        WriteHeader(s, Type);
        bool ucs2 = IsJoliet;
        WriteText(s.Slice(SystemIdOffset, SystemIdLength), SystemId, ucs2);
        WriteText(s.Slice(VolumeIdOffset, VolumeIdLength), VolumeId, ucs2);
        BothEndian.WriteUInt32(s[VolumeSpaceSizeOffset..], VolumeSpaceSize);
        if (ucs2)
            JolietEscape(JolietLevel).CopyTo(s[EscapeSequencesOffset..]);
        BothEndian.WriteUInt16(s[VolumeSetSizeOffset..], VolumeSetSize);
        BothEndian.WriteUInt16(s[VolumeSequenceNumberOffset..], VolumeSequenceNumber);
        BothEndian.WriteUInt16(s[LogicalBlockSizeOffset..], LogicalBlockSize);
        BothEndian.WriteUInt32(s[PathTableSizeOffset..], PathTableSize);
        BinaryPrimitives.WriteUInt32LittleEndian(s[TypeLPathTableOffset..], TypeLPathTable);
        BinaryPrimitives.WriteUInt32LittleEndian(s[OptionalTypeLPathTableOffset..], OptionalTypeLPathTable);
        BinaryPrimitives.WriteUInt32BigEndian(s[TypeMPathTableOffset..], TypeMPathTable);
        BinaryPrimitives.WriteUInt32BigEndian(s[OptionalTypeMPathTableOffset..], OptionalTypeMPathTable);
        Root.Write(s.Slice(RootDirectoryRecordOffset, RootDirectoryRecordLength));
        WriteText(s.Slice(VolumeSetIdOffset, LongIdLength), VolumeSetId, ucs2);
        WriteText(s.Slice(PublisherOffset, LongIdLength), Publisher, ucs2);
        WriteText(s.Slice(DataPreparerOffset, LongIdLength), DataPreparer, ucs2);
        WriteText(s.Slice(ApplicationOffset, LongIdLength), Application, ucs2);
        WriteText(s.Slice(CopyrightFileOffset, FileIdLength), CopyrightFile, ucs2);
        WriteText(s.Slice(AbstractFileOffset, FileIdLength), AbstractFile, ucs2);
        WriteText(s.Slice(BibliographicFileOffset, FileIdLength), BibliographicFile, ucs2);
        IsoDate.WriteVolumeDate(s[CreationDateOffset..], Created);
        IsoDate.WriteVolumeDate(s[ModificationDateOffset..], Modified);
        IsoDate.WriteVolumeDate(s[ExpirationDateOffset..], Expires);
        IsoDate.WriteVolumeDate(s[EffectiveDateOffset..], Effective);
        s[FileStructureVersionOffset] = FileStructureVersion;
    }

    /// <summary>
    /// Reads a primary or supplementary descriptor; the caller has checked the standard identifier. Nothing here
    /// throws: a damaged field reads as what it holds, a date that is no date as null, and the root record is parsed
    /// (and may fail) only when <see cref="Root"/> is asked for.
    /// </summary>
    public static VolumeDescriptor Read(ReadOnlySpan<byte> sector, uint sectorNumber)
    {
        ReadOnlySpan<byte> s = sector[..Size];
        byte type = s[TypeOffset];
        int jolietLevel = type == TypeSupplementary ? ReadJolietLevel(s.Slice(EscapeSequencesOffset, EscapeSequencesLength)) : 0;
        bool ucs2 = jolietLevel != 0;
        var inconsistent = new List<string>();
        uint volumeSpaceSize = BothEndian.ReadUInt32(s[VolumeSpaceSizeOffset..], out bool c);
        if (!c) inconsistent.Add("volume space size");
        ushort volumeSetSize = BothEndian.ReadUInt16(s[VolumeSetSizeOffset..], out c);
        if (!c) inconsistent.Add("volume set size");
        ushort volumeSequenceNumber = BothEndian.ReadUInt16(s[VolumeSequenceNumberOffset..], out c);
        if (!c) inconsistent.Add("volume sequence number");
        ushort logicalBlockSize = BothEndian.ReadUInt16(s[LogicalBlockSizeOffset..], out c);
        if (!c) inconsistent.Add("logical block size");
        uint pathTableSize = BothEndian.ReadUInt32(s[PathTableSizeOffset..], out c);
        if (!c) inconsistent.Add("path table size");
        return new VolumeDescriptor(s.Slice(RootDirectoryRecordOffset, RootDirectoryRecordLength).ToArray())
        {
            Type = type,
            SystemId = ReadText(s.Slice(SystemIdOffset, SystemIdLength), ucs2),
            VolumeId = ReadText(s.Slice(VolumeIdOffset, VolumeIdLength), ucs2),
            VolumeSpaceSize = volumeSpaceSize,
            JolietLevel = jolietLevel,
            VolumeSetSize = volumeSetSize,
            VolumeSequenceNumber = volumeSequenceNumber,
            LogicalBlockSize = logicalBlockSize,
            PathTableSize = pathTableSize,
            TypeLPathTable = BinaryPrimitives.ReadUInt32LittleEndian(s[TypeLPathTableOffset..]),
            OptionalTypeLPathTable = BinaryPrimitives.ReadUInt32LittleEndian(s[OptionalTypeLPathTableOffset..]),
            TypeMPathTable = BinaryPrimitives.ReadUInt32BigEndian(s[TypeMPathTableOffset..]),
            OptionalTypeMPathTable = BinaryPrimitives.ReadUInt32BigEndian(s[OptionalTypeMPathTableOffset..]),
            VolumeSetId = ReadText(s.Slice(VolumeSetIdOffset, LongIdLength), ucs2),
            Publisher = ReadText(s.Slice(PublisherOffset, LongIdLength), ucs2),
            DataPreparer = ReadText(s.Slice(DataPreparerOffset, LongIdLength), ucs2),
            Application = ReadText(s.Slice(ApplicationOffset, LongIdLength), ucs2),
            CopyrightFile = ReadText(s.Slice(CopyrightFileOffset, FileIdLength), ucs2),
            AbstractFile = ReadText(s.Slice(AbstractFileOffset, FileIdLength), ucs2),
            BibliographicFile = ReadText(s.Slice(BibliographicFileOffset, FileIdLength), ucs2),
            Created = IsoDate.ReadVolumeDate(s[CreationDateOffset..]),
            Modified = IsoDate.ReadVolumeDate(s[ModificationDateOffset..]),
            Expires = IsoDate.ReadVolumeDate(s[ExpirationDateOffset..]),
            Effective = IsoDate.ReadVolumeDate(s[EffectiveDateOffset..]),
            FileStructureVersion = s[FileStructureVersionOffset],
            Sector = sectorNumber,
            InconsistentNumbers = inconsistent,
        };
    }

    public static void WriteTerminator(Span<byte> s)
    {
        s[..Size].Clear();
        WriteHeader(s, TypeTerminator);
    }

    /// <summary>The type, "CD001" and version 1 every volume descriptor starts with (8.1).</summary>
    public static void WriteHeader(Span<byte> s, byte type)
    {
        s[TypeOffset] = type;
        StandardIdentifier.CopyTo(s[StandardIdentifierOffset..]);
        s[VersionOffset] = 1;
    }

    /// <summary>Writes a space-padded field: ASCII, or UCS-2 big-endian for Joliet (an odd last byte stays 0x00).</summary>
    public static void WriteText(Span<byte> field, string text, bool joliet)
    {
        if (!joliet)
        {
            field.Fill((byte)' ');
            Encoding.ASCII.GetBytes(text.AsSpan(0, Math.Min(text.Length, field.Length)), field);
            return;
        }
        field.Clear();
        int chars = field.Length / 2;
        for (int i = 0; i < chars; i++)
        {
            char c = i < text.Length ? text[i] : ' ';
            field[2 * i] = (byte)(c >> 8);
            field[2 * i + 1] = (byte)c;
        }
    }

    /// <summary>A field without its padding; Latin-1 rather than ASCII, as other writers put such bytes there.</summary>
    public static string ReadText(ReadOnlySpan<byte> field, bool joliet)
    {
        string s = joliet ? Encoding.BigEndianUnicode.GetString(field[..(field.Length & ~1)]) : Encoding.Latin1.GetString(field);
        return s.TrimEnd(' ', '\0');
    }

    /// <summary>The escape sequence of a Joliet UCS-2 level: %/@, %/C or %/E (Joliet specification 4.2).</summary>
    public static ReadOnlySpan<byte> JolietEscape(int level) => level switch
    {
        1 => "%/@"u8,
        2 => "%/C"u8,
        3 => JolietLevel3Escape,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Joliet levels are 1, 2 and 3."),
    };

    /// <summary>The Joliet level the first UCS-2 escape sequence in the field names, or 0.</summary>
    private static int ReadJolietLevel(ReadOnlySpan<byte> escapes)
    {
        for (int i = 0; i + 2 < escapes.Length; i++)
        {
            if (escapes[i] == '%' && escapes[i + 1] == '/')
            {
                switch (escapes[i + 2])
                {
                    case (byte)'@': return 1;
                    case (byte)'C': return 2;
                    case (byte)'E': return 3;
                }
            }
        }
        return 0;
    }
}
