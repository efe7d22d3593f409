using System.Buffers.Binary;

namespace IsoBuild.Disc;

/// <summary>A track of a track-at-once session: its byte offset and length in the image, mode code and start LBA.</summary>
internal readonly record struct NrgTaoTrack(long Offset, long Length, uint ModeCode, long StartLba);

/// <summary>
/// An "ETN2" (version 2: 64-bit offset and length, 32 bytes an entry) or "ETNF" (version 1: 32-bit, 20 bytes) chunk:
/// the tracks of one track-at-once session. Entry: offset, length, mode code, start LBA, then zeros.
/// </summary>
internal sealed record NrgTaoChunk(bool Version2, IReadOnlyList<NrgTaoTrack> Tracks)
{
    public static int EntryLength(bool version2) => version2 ? 32 : 20;

    public int Length => Tracks.Count * EntryLength(Version2);

    public static NrgTaoChunk Read(ReadOnlySpan<byte> data, bool version2, string what)
    {
        int entry = EntryLength(version2);
        if (data.Length % entry != 0 || data.Length / entry > 99)
            IsoBuildException.Throw(ErrorCodes.MalformedNrg, $"The track-at-once chunk of {what} is {data.Length} bytes, not up to 99 whole {entry}-byte entries.");
        var tracks = new List<NrgTaoTrack>();
        for (int p = 0; p < data.Length; p += entry)
        {
            ReadOnlySpan<byte> e = data.Slice(p, entry);
            tracks.Add(version2
                ? new NrgTaoTrack((long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(e), long.MaxValue), (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(e[8..]), long.MaxValue),
                    BinaryPrimitives.ReadUInt32BigEndian(e[16..]), BinaryPrimitives.ReadUInt32BigEndian(e[20..]))
                : new NrgTaoTrack(BinaryPrimitives.ReadUInt32BigEndian(e), BinaryPrimitives.ReadUInt32BigEndian(e[4..]),
                    BinaryPrimitives.ReadUInt32BigEndian(e[8..]), BinaryPrimitives.ReadUInt32BigEndian(e[12..])));
        }
        return new NrgTaoChunk(version2, tracks);
    }

    public void Write(Span<byte> destination)
    {
        int entry = EntryLength(Version2);
        destination[..Length].Clear();
        for (int i = 0; i < Tracks.Count; i++)
        {
            Span<byte> e = destination.Slice(i * entry, entry);
            NrgTaoTrack t = Tracks[i];
            if (Version2)
            {
                BinaryPrimitives.WriteUInt64BigEndian(e, (ulong)t.Offset);
                BinaryPrimitives.WriteUInt64BigEndian(e[8..], (ulong)t.Length);
                BinaryPrimitives.WriteUInt32BigEndian(e[16..], t.ModeCode);
                BinaryPrimitives.WriteUInt32BigEndian(e[20..], (uint)t.StartLba);
            }
            else
            {
                BinaryPrimitives.WriteUInt32BigEndian(e, checked((uint)t.Offset));
                BinaryPrimitives.WriteUInt32BigEndian(e[4..], checked((uint)t.Length));
                BinaryPrimitives.WriteUInt32BigEndian(e[8..], t.ModeCode);
                BinaryPrimitives.WriteUInt32BigEndian(e[12..], (uint)t.StartLba);
            }
        }
    }
}
