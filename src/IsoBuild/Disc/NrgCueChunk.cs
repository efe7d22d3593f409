using System.Buffers.Binary;

namespace IsoBuild.Disc;

/// <summary>One entry of a Nero cue chunk: control/ADR, track and index (BCD; track 0xAA is the lead-out) and the LBA.</summary>
internal readonly record struct NrgCueEntry(byte ControlAdr, byte Track, byte Index, long Lba);

/// <summary>
/// A "CUEX" (version 2) or "CUES" (version 1) chunk: 8-byte entries, one per index of every track, with the lead-in
/// (track 0) and lead-out (track 0xAA). CUEX gives a big-endian signed LBA (track 1's index 0 is -150); CUES gives
/// the absolute time, minute, second and frame in its last three bytes.
/// </summary>
internal sealed record NrgCueChunk(bool Version2, IReadOnlyList<NrgCueEntry> Entries)
{
    public const int EntryLength = 8;
    public const int ControlAdrOffset = 0;
    public const int TrackOffset = 1;
    public const int IndexOffset = 2;
    public const int LbaOffset = 4;
    public const int MsfOffset = 5;

    /// <summary>Control/ADR of a data track entry: control 4 (data), ADR 1.</summary>
    public const byte DataTrack = 0x41;
    public const byte AudioTrack = 0x01;
    public const byte LeadOut = 0xAA;

    public int Length => Entries.Count * EntryLength;

    public static NrgCueChunk Read(ReadOnlySpan<byte> data, bool version2, string what)
    {
        if (data.Length % EntryLength != 0)
            IsoBuildException.Throw(ErrorCodes.MalformedNrg, $"The cue chunk of {what} is {data.Length} bytes, not whole 8-byte entries.");
        var entries = new List<NrgCueEntry>(data.Length / EntryLength);
        for (int p = 0; p < data.Length; p += EntryLength)
        {
            ReadOnlySpan<byte> e = data.Slice(p, EntryLength);
            long lba;
            if (version2)
            {
                lba = BinaryPrimitives.ReadInt32BigEndian(e[LbaOffset..]);
            }
            else
            {
                Msf msf = new(e[MsfOffset], e[MsfOffset + 1], e[MsfOffset + 2]);
                lba = msf.TotalFrames - Msf.LbaOffset;
            }
            entries.Add(new NrgCueEntry(e[ControlAdrOffset], e[TrackOffset], e[IndexOffset], lba));
        }
        return new NrgCueChunk(version2, entries);
    }

    public void Write(Span<byte> destination)
    {
        Span<byte> d = destination[..Length];
        d.Clear();
        for (int i = 0; i < Entries.Count; i++)
        {
            Span<byte> e = d.Slice(i * EntryLength, EntryLength);
            NrgCueEntry entry = Entries[i];
            e[ControlAdrOffset] = entry.ControlAdr;
            e[TrackOffset] = entry.Track;
            e[IndexOffset] = entry.Index;
            if (Version2)
            {
                BinaryPrimitives.WriteInt32BigEndian(e[LbaOffset..], checked((int)entry.Lba));
            }
            else
            {
                Msf msf = Msf.FromFrames(entry.Lba + Msf.LbaOffset);
                e[MsfOffset] = (byte)msf.Minute;
                e[MsfOffset + 1] = (byte)msf.Second;
                e[MsfOffset + 2] = (byte)msf.Frame;
            }
        }
    }
}
