using System.Buffers.Binary;

namespace IsoBuild.Disc;

/// <summary>
/// An 80-byte track block of an .mds: a TOC entry (mode, subchannel, ADR/control, TNO, point, MSF and PMSF as the
/// disc's lead-in holds them; points 0xA0..0xA2 are the lead-in's first track, last track and lead-out entries), the
/// offset of its extra block (pregap and length), the sector size in the file (with subchannel: 2448), the start
/// LBA, the byte offset in the file, the number of files and the offset of the footer that names the file.
/// </summary>
internal sealed record MdsTrackBlock
{
    public const int Length = 80;
    public const int ModeOffset = 0;
    public const int SubchannelOffset = 1;
    public const int AdrControlOffset = 2;
    public const int TnoOffset = 3;
    public const int PointOffset = 4;
    public const int MsfOffset = 5;
    public const int PmsfOffset = 9;
    public const int ExtraOffsetOffset = 12;
    public const int SectorSizeOffset = 16;
    public const int StartLbaOffset = 36;
    public const int StartOffsetOffset = 40;
    public const int FilesOffset = 48;
    public const int FooterOffsetOffset = 52;

    public const byte ModeNone = 0x00;
    public const byte ModeDvd = 0x02;
    public const byte ModeAudio = 0xA9;
    public const byte ModeMode1 = 0xAA;
    public const byte ModeMode2 = 0xAB;
    public const byte ModeMode2Form1 = 0xAC;
    public const byte ModeMode2Form2 = 0xAD;
    public const byte ModeMode2Form1Alt = 0xEC;
    public const byte ModeMode2Form2Alt = 0xED;

    /// <summary>Subchannel byte: 8 means 96 bytes of interleaved P–W after each sector.</summary>
    public const byte SubchannelInterleaved = 0x08;

    public byte Mode { get; init; }
    public byte SubchannelMode { get; init; }
    public byte AdrControl { get; init; }
    public byte Tno { get; init; }
    public byte Point { get; init; }
    public Msf Msf { get; init; }
    public Msf Pmsf { get; init; }
    public uint ExtraOffset { get; init; }
    public ushort SectorSize { get; init; }
    public uint StartLba { get; init; }
    public ulong StartOffset { get; init; }
    public uint Files { get; init; }
    public uint FooterOffset { get; init; }

    /// <summary>True for a track's own block, false for the lead-in entries (points 0xA0 and up).</summary>
    public bool IsTrack => Point is >= 1 and <= 99;

    public static MdsTrackBlock Read(ReadOnlySpan<byte> b) => new()
    {
        Mode = b[ModeOffset],
        SubchannelMode = b[SubchannelOffset],
        AdrControl = b[AdrControlOffset],
        Tno = b[TnoOffset],
        Point = b[PointOffset],
        Msf = new Msf(b[MsfOffset], b[MsfOffset + 1], b[MsfOffset + 2]),
        Pmsf = new Msf(b[PmsfOffset], b[PmsfOffset + 1], b[PmsfOffset + 2]),
        ExtraOffset = BinaryPrimitives.ReadUInt32LittleEndian(b[ExtraOffsetOffset..]),
        SectorSize = BinaryPrimitives.ReadUInt16LittleEndian(b[SectorSizeOffset..]),
        StartLba = BinaryPrimitives.ReadUInt32LittleEndian(b[StartLbaOffset..]),
        StartOffset = BinaryPrimitives.ReadUInt64LittleEndian(b[StartOffsetOffset..]),
        Files = BinaryPrimitives.ReadUInt32LittleEndian(b[FilesOffset..]),
        FooterOffset = BinaryPrimitives.ReadUInt32LittleEndian(b[FooterOffsetOffset..]),
    };

    public void Write(Span<byte> destination)
    {
        Span<byte> b = destination[..Length];
        b.Clear();
        b[ModeOffset] = Mode;
        b[SubchannelOffset] = SubchannelMode;
        b[AdrControlOffset] = AdrControl;
        b[TnoOffset] = Tno;
        b[PointOffset] = Point;
        b[MsfOffset] = (byte)Msf.Minute;
        b[MsfOffset + 1] = (byte)Msf.Second;
        b[MsfOffset + 2] = (byte)Msf.Frame;
        b[PmsfOffset] = (byte)Pmsf.Minute;
        b[PmsfOffset + 1] = (byte)Pmsf.Second;
        b[PmsfOffset + 2] = (byte)Pmsf.Frame;
        BinaryPrimitives.WriteUInt32LittleEndian(b[ExtraOffsetOffset..], ExtraOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(b[SectorSizeOffset..], SectorSize);
        BinaryPrimitives.WriteUInt32LittleEndian(b[StartLbaOffset..], StartLba);
        BinaryPrimitives.WriteUInt64LittleEndian(b[StartOffsetOffset..], StartOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(b[FilesOffset..], Files);
        BinaryPrimitives.WriteUInt32LittleEndian(b[FooterOffsetOffset..], FooterOffset);
    }

    /// <summary>The mode a track block's mode byte gives; null for one IsoBuild does not know.</summary>
    public static DiscTrackMode? TrackMode(byte mode) => mode switch
    {
        ModeAudio => DiscTrackMode.Audio,
        ModeMode1 or ModeDvd => DiscTrackMode.Mode1,
        ModeMode2 => DiscTrackMode.Mode2,
        ModeMode2Form1 or ModeMode2Form1Alt => DiscTrackMode.Mode2Form1,
        ModeMode2Form2 or ModeMode2Form2Alt => DiscTrackMode.Mode2Form2,
        _ => null,
    };
}

/// <summary>The 8-byte extra block of an .mds track: its pregap and its length in sectors.</summary>
internal readonly record struct MdsTrackExtra(uint Pregap, uint Sectors)
{
    public const int Length = 8;

    public static MdsTrackExtra Read(ReadOnlySpan<byte> b) =>
        new(BinaryPrimitives.ReadUInt32LittleEndian(b), BinaryPrimitives.ReadUInt32LittleEndian(b[4..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Pregap);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Sectors);
    }
}

/// <summary>
/// The 16-byte footer of an .mds track: the offset of the file name and whether it is UTF-16 (1) or 8-bit (0).
/// The name "*.mdf" means the descriptor's own name with the extension .mdf.
/// </summary>
internal readonly record struct MdsFooter(uint FilenameOffset, bool WideCharacters)
{
    public const int Length = 16;

    public static MdsFooter Read(ReadOnlySpan<byte> b) =>
        new(BinaryPrimitives.ReadUInt32LittleEndian(b), BinaryPrimitives.ReadUInt32LittleEndian(b[4..]) != 0);

    public void Write(Span<byte> destination)
    {
        destination[..Length].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination, FilenameOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], WideCharacters ? 1u : 0u);
    }
}
