using System.Buffers.Binary;
using System.Text;

namespace IsoBuild.Disc;

/// <summary>A track entry of a DAO chunk: its sector size and mode and three byte offsets in the image.</summary>
internal sealed record NrgDaoTrack(string Isrc, int SectorSize, byte ModeCode, long Index0Offset, long Index1Offset, long EndOffset);

/// <summary>
/// A "DAOX" (version 2, 64-bit offsets) or "DAOI" (version 1, 32-bit) chunk: the tracks of one disc-at-once session.
/// Data: the chunk size again (little-endian), the 13-character MCN and a pad byte, the TOC type (0x0000 CD-DA or
/// CD-ROM, 0x0020 CD-ROM XA), the first and last track numbers, then one entry per track: the 12-character ISRC, the
/// sector size (big-endian), the mode code and 3 zero bytes, and the offsets of index 0, index 1 and the track's end.
/// </summary>
internal sealed record NrgDaoChunk(bool Version2, string Mcn, ushort TocType, byte FirstTrack, byte LastTrack, IReadOnlyList<NrgDaoTrack> Tracks)
{
    public const int SizeFieldOffset = 0;
    public const int McnOffset = 4;
    public const int McnLength = 13;
    public const int TocTypeOffset = 18;
    public const int FirstTrackOffset = 20;
    public const int LastTrackOffset = 21;
    public const int HeaderLength = 22;

    public const int IsrcOffset = 0;
    public const int IsrcLength = 12;
    public const int SectorSizeOffset = 12;
    public const int ModeOffset = 14;
    public const int OffsetsOffset = 18;

    public const ushort TocTypeCdRom = 0x0000;
    public const ushort TocTypeCdRomXa = 0x0020;

    public static int EntryLength(bool version2) => OffsetsOffset + 3 * (version2 ? 8 : 4);

    public int Length => HeaderLength + Tracks.Count * EntryLength(Version2);

    public static NrgDaoChunk Read(ReadOnlySpan<byte> data, bool version2, string what)
    {
        int entry = EntryLength(version2);
        if (data.Length < HeaderLength || (data.Length - HeaderLength) % entry != 0)
            IsoBuildException.Throw(ErrorCodes.MalformedNrg, $"The {(version2 ? "DAOX" : "DAOI")} chunk of {what} is {data.Length} bytes, not a header and whole track entries.");
        byte first = data[FirstTrackOffset], last = data[LastTrackOffset];
        int count = (data.Length - HeaderLength) / entry;
        if (first < 1 || last > 99 || last < first || last - first + 1 != count)
            IsoBuildException.Throw(ErrorCodes.MalformedNrg, $"The DAO chunk of {what} names tracks {first} to {last} but holds {count} entries.");
        var tracks = new List<NrgDaoTrack>(count);
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> e = data.Slice(HeaderLength + i * entry, entry);
            tracks.Add(new NrgDaoTrack(Text(e.Slice(IsrcOffset, IsrcLength)), BinaryPrimitives.ReadUInt16BigEndian(e[SectorSizeOffset..]),
                e[ModeOffset], ReadOffset(e, 0, version2), ReadOffset(e, 1, version2), ReadOffset(e, 2, version2)));
        }
        return new NrgDaoChunk(version2, Text(data.Slice(McnOffset, McnLength)), BinaryPrimitives.ReadUInt16BigEndian(data[TocTypeOffset..]), first, last, tracks);
    }

    public void Write(Span<byte> destination)
    {
        Span<byte> d = destination[..Length];
        d.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(d[SizeFieldOffset..], (uint)Length);
        Encoding.ASCII.GetBytes(Mcn.AsSpan(0, Math.Min(Mcn.Length, McnLength)), d[McnOffset..]);
        BinaryPrimitives.WriteUInt16BigEndian(d[TocTypeOffset..], TocType);
        d[FirstTrackOffset] = FirstTrack;
        d[LastTrackOffset] = LastTrack;
        int entry = EntryLength(Version2);
        for (int i = 0; i < Tracks.Count; i++)
        {
            Span<byte> e = d.Slice(HeaderLength + i * entry, entry);
            NrgDaoTrack t = Tracks[i];
            Encoding.ASCII.GetBytes(t.Isrc.AsSpan(0, Math.Min(t.Isrc.Length, IsrcLength)), e[IsrcOffset..]);
            BinaryPrimitives.WriteUInt16BigEndian(e[SectorSizeOffset..], (ushort)t.SectorSize);
            e[ModeOffset] = t.ModeCode;
            long[] offsets = [t.Index0Offset, t.Index1Offset, t.EndOffset];
            for (int n = 0; n < 3; n++)
            {
                if (Version2)
                    BinaryPrimitives.WriteUInt64BigEndian(e[(OffsetsOffset + 8 * n)..], (ulong)offsets[n]);
                else
                    BinaryPrimitives.WriteUInt32BigEndian(e[(OffsetsOffset + 4 * n)..], checked((uint)offsets[n]));
            }
        }
    }

    private static long ReadOffset(ReadOnlySpan<byte> entry, int n, bool version2) => version2
        ? (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(entry[(OffsetsOffset + 8 * n)..]), long.MaxValue)
        : BinaryPrimitives.ReadUInt32BigEndian(entry[(OffsetsOffset + 4 * n)..]);

    private static string Text(ReadOnlySpan<byte> bytes)
    {
        int end = bytes.IndexOf((byte)0);
        return Encoding.Latin1.GetString(end < 0 ? bytes : bytes[..end]);
    }
}
