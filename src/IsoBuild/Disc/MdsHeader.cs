using System.Buffers.Binary;

namespace IsoBuild.Disc;

/// <summary>
/// The 88-byte header of an Alcohol 120% descriptor (.mds): "MEDIA DESCRIPTOR", the version (1.3 or 1.5), the medium
/// type (0 CD-ROM, 1 CD-R, 2 CD-RW, 0x10 DVD-ROM, 0x12 DVD-R), the number of sessions and the offsets of the session
/// blocks and of the (optional) disc structures and DPM data. All numbers little-endian.
/// </summary>
internal sealed record MdsHeader(byte MajorVersion, byte MinorVersion, ushort MediumType, ushort Sessions, uint SessionsOffset)
{
    public const int Length = 88;
    public const int VersionOffset = 16;
    public const int MediumTypeOffset = 18;
    public const int SessionCountOffset = 20;
    public const int BcaLengthOffset = 26;
    public const int BcaOffsetOffset = 36;
    public const int DiscStructuresOffset = 64;
    public const int SessionsOffsetOffset = 80;
    public const int DpmOffsetOffset = 84;

    public const ushort MediumCdRom = 0x00;
    public const ushort MediumCdR = 0x01;
    public const ushort MediumCdRw = 0x02;
    public const ushort MediumDvdRom = 0x10;
    public const ushort MediumDvdR = 0x12;

    public static ReadOnlySpan<byte> Signature => "MEDIA DESCRIPTOR"u8;

    public bool IsDvd => MediumType >= MediumDvdRom;

    public static bool HasSignature(ReadOnlySpan<byte> head) => head.Length >= Signature.Length && head[..Signature.Length].SequenceEqual(Signature);

    public static MdsHeader Read(ReadOnlySpan<byte> header) => new(
        header[VersionOffset], header[VersionOffset + 1],
        BinaryPrimitives.ReadUInt16LittleEndian(header[MediumTypeOffset..]),
        BinaryPrimitives.ReadUInt16LittleEndian(header[SessionCountOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(header[SessionsOffsetOffset..]));

    public void Write(Span<byte> destination)
    {
        Span<byte> h = destination[..Length];
        h.Clear();
        Signature.CopyTo(h);
        h[VersionOffset] = MajorVersion;
        h[VersionOffset + 1] = MinorVersion;
        BinaryPrimitives.WriteUInt16LittleEndian(h[MediumTypeOffset..], MediumType);
        BinaryPrimitives.WriteUInt16LittleEndian(h[SessionCountOffset..], Sessions);
        BinaryPrimitives.WriteUInt32LittleEndian(h[SessionsOffsetOffset..], SessionsOffset);
    }
}

/// <summary>
/// A 24-byte session block of an .mds: the session's first and last LBA (its start counts the pregap, so session 1
/// starts at -150), its number, the count of all its track blocks and of those that are not tracks (the lead-in
/// points A0, A1, A2), its first and last track and the offset of its track blocks.
/// </summary>
internal sealed record MdsSessionBlock(int Start, int End, ushort Number, byte AllBlocks, byte NonTrackBlocks, ushort FirstTrack, ushort LastTrack, uint TracksOffset)
{
    public const int Length = 24;
    public const int StartOffset = 0;
    public const int EndOffset = 4;
    public const int NumberOffset = 8;
    public const int AllBlocksOffset = 10;
    public const int NonTrackBlocksOffset = 11;
    public const int FirstTrackOffset = 12;
    public const int LastTrackOffset = 14;
    public const int TracksOffsetOffset = 20;

    public static MdsSessionBlock Read(ReadOnlySpan<byte> b) => new(
        BinaryPrimitives.ReadInt32LittleEndian(b[StartOffset..]), BinaryPrimitives.ReadInt32LittleEndian(b[EndOffset..]),
        BinaryPrimitives.ReadUInt16LittleEndian(b[NumberOffset..]), b[AllBlocksOffset], b[NonTrackBlocksOffset],
        BinaryPrimitives.ReadUInt16LittleEndian(b[FirstTrackOffset..]), BinaryPrimitives.ReadUInt16LittleEndian(b[LastTrackOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(b[TracksOffsetOffset..]));

    public void Write(Span<byte> destination)
    {
        Span<byte> b = destination[..Length];
        b.Clear();
        BinaryPrimitives.WriteInt32LittleEndian(b[StartOffset..], Start);
        BinaryPrimitives.WriteInt32LittleEndian(b[EndOffset..], End);
        BinaryPrimitives.WriteUInt16LittleEndian(b[NumberOffset..], Number);
        b[AllBlocksOffset] = AllBlocks;
        b[NonTrackBlocksOffset] = NonTrackBlocks;
        BinaryPrimitives.WriteUInt16LittleEndian(b[FirstTrackOffset..], FirstTrack);
        BinaryPrimitives.WriteUInt16LittleEndian(b[LastTrackOffset..], LastTrack);
        BinaryPrimitives.WriteUInt32LittleEndian(b[TracksOffsetOffset..], TracksOffset);
    }
}
