using IsoBuild.Sectors;
using System.Buffers.Binary;
using System.Globalization;

namespace IsoBuild.Disc;

/// <summary>
/// A Nero image: the sectors of every track, then a chain of chunks (per session a cue chunk and a DAO chunk, or a
/// track-at-once chunk; session info), then the footer that points to the chain. Reading is bounded: at most
/// <see cref="MaxChunks"/> chunks of at most <see cref="MaxChunkSize"/> bytes each.
/// </summary>
internal static class NrgImage
{
    public const int MaxChunks = 1024;
    public const int MaxChunkSize = 1 << 20;

    public static NrgFooter? ReadFooter(ImageSource source)
    {
        if (source.Length < NrgFooter.Version1Length)
            return null;
        Span<byte> tail = stackalloc byte[NrgFooter.Version2Length];
        int n = (int)Math.Min(tail.Length, source.Length);
        source.ReadExactly(source.Length - n, tail[^n..], ErrorCodes.MalformedNrg, "The Nero footer");
        NrgFooter? footer = NrgFooter.Read(tail, source.Length);
        // A chain that starts beyond the image, or whose first id is not text, is no Nero footer but data that
        // happens to end in "NERO".
        if (footer is not NrgFooter f || f.ChunkOffset < 0 || f.ChunkOffset + NrgChunk.HeaderLength > source.Length - f.Length)
            return null;
        Span<byte> header = stackalloc byte[NrgChunk.HeaderLength];
        source.ReadExactly(f.ChunkOffset, header, ErrorCodes.MalformedNrg, "The first Nero chunk");
        return NrgChunk.Read(header).HasPlausibleId ? footer : null;
    }

    /// <summary>Reads the chunk chain into tracks; <paramref name="file"/> is recorded as their file.</summary>
    public static List<DiscTrack> ReadTracks(ImageSource source, NrgFooter footer, string? file)
    {
        string what = source.Name;
        long end = source.Length - footer.Length;
        long p = footer.ChunkOffset;
        var daos = new List<NrgDaoChunk>();
        var taos = new List<NrgTaoChunk>();
        var cues = new List<NrgCueEntry>();
        Span<byte> header = stackalloc byte[NrgChunk.HeaderLength];
        for (int count = 0; p < end; count++)
        {
            if (count >= MaxChunks)
                IsoBuildException.Throw(ErrorCodes.DiscLimitExceeded, $"{what} holds more than {MaxChunks} Nero chunks: it is damaged or hostile.");
            if (p + NrgChunk.HeaderLength > end)
                IsoBuildException.Throw(ErrorCodes.MalformedNrg, string.Create(CultureInfo.InvariantCulture, $"The Nero chunk at byte {p} of {what} runs into the footer."));
            source.ReadExactly(p, header, ErrorCodes.MalformedNrg, "A Nero chunk header");
            NrgChunk chunk = NrgChunk.Read(header);
            if (chunk.Id == NrgChunk.End)
                break;
            if (!chunk.HasPlausibleId)
                IsoBuildException.Throw(ErrorCodes.MalformedNrg, string.Create(CultureInfo.InvariantCulture, $"The Nero chunk at byte {p} of {what} has no four-letter id."));
            if (chunk.Size > MaxChunkSize || p + NrgChunk.HeaderLength + chunk.Size > end)
            {
                IsoBuildException.Throw(chunk.Size > MaxChunkSize ? ErrorCodes.DiscLimitExceeded : ErrorCodes.MalformedNrg,
                    string.Create(CultureInfo.InvariantCulture, $"The Nero chunk '{chunk.Id}' at byte {p} of {what} says {chunk.Size} bytes, more than {(chunk.Size > MaxChunkSize ? MaxChunkSize : end - p - NrgChunk.HeaderLength)}."));
            }
            byte[] data = new byte[chunk.Size];
            source.ReadExactly(p + NrgChunk.HeaderLength, data, ErrorCodes.MalformedNrg, $"The Nero chunk '{chunk.Id}'");
            switch (chunk.Id)
            {
                case NrgChunk.DaoV2:
                case NrgChunk.DaoV1:
                    daos.Add(NrgDaoChunk.Read(data, chunk.Id == NrgChunk.DaoV2, what));
                    break;
                case NrgChunk.TaoV2:
                case NrgChunk.TaoV1:
                    taos.Add(NrgTaoChunk.Read(data, chunk.Id == NrgChunk.TaoV2, what));
                    break;
                case NrgChunk.CueSheetV2:
                case NrgChunk.CueSheetV1:
                    cues.AddRange(NrgCueChunk.Read(data, chunk.Id == NrgChunk.CueSheetV2, what).Entries);
                    break;
            }
            p += NrgChunk.HeaderLength + chunk.Size;
        }

        long DataEnd = footer.ChunkOffset;
        long? CueStart(int track)
        {
            foreach (NrgCueEntry e in cues)
            {
                if (Msf.FromBcd(e.Track) == track && Msf.FromBcd(e.Index) == 1)
                    return e.Lba;
            }
            return null;
        }
        var tracks = new List<DiscTrack>();
        long next = 0;
        if (daos.Count > 0)
        {
            for (int s = 0; s < daos.Count; s++)
            {
                NrgDaoChunk dao = daos[s];
                for (int i = 0; i < dao.Tracks.Count; i++)
                {
                    NrgDaoTrack t = dao.Tracks[i];
                    int number = dao.FirstTrack + i;
                    (DiscTrackMode mode, int size, int sub) = NrgSectorMode.Layout(t.ModeCode)
                        ?? throw new IsoBuildException(ErrorCodes.UnsupportedDiscImage, $"Track {number} of {what} has the Nero sector mode 0x{t.ModeCode:X2}, which IsoBuild does not know.");
                    if (t.SectorSize != size + sub && t.SectorSize != size)
                        IsoBuildException.Throw(ErrorCodes.MalformedNrg, $"Track {number} of {what} says {t.SectorSize}-byte sectors for a mode of {size + sub}.");
                    if (t.Index0Offset > t.Index1Offset || t.Index1Offset > t.EndOffset || t.EndOffset > DataEnd)
                    {
                        IsoBuildException.Throw(ErrorCodes.MalformedNrg, string.Create(CultureInfo.InvariantCulture,
                            $"Track {number} of {what} has its index 0, index 1 and end at bytes {t.Index0Offset}, {t.Index1Offset} and {t.EndOffset}: out of order or beyond the sectors, which end at byte {DataEnd}."));
                    }
                    int stride = size + sub;
                    long pregap = (t.Index1Offset - t.Index0Offset) / stride;
                    long start = CueStart(number) ?? next + (tracks.Count == 0 ? 0 : pregap);
                    long sectors = (t.EndOffset - t.Index1Offset) / stride;
                    tracks.Add(new DiscTrack
                    {
                        Number = number, Session = s + 1, Mode = mode, SectorSize = size, SubchannelSize = sub, Start = start,
                        Sectors = sectors, Pregap = pregap, File = file, FileOffset = t.Index1Offset,
                    });
                    next = start + sectors;
                }
            }
        }
        else
        {
            int number = 1;
            for (int s = 0; s < taos.Count; s++)
            {
                foreach (NrgTaoTrack t in taos[s].Tracks)
                {
                    (DiscTrackMode mode, int size, int sub) = (t.ModeCode <= byte.MaxValue ? NrgSectorMode.Layout((byte)t.ModeCode) : null)
                        ?? throw new IsoBuildException(ErrorCodes.UnsupportedDiscImage, $"Track {number} of {what} has the Nero sector mode 0x{t.ModeCode:X2}, which IsoBuild does not know.");
                    if (t.Offset > DataEnd || t.Length > DataEnd - t.Offset)
                    {
                        IsoBuildException.Throw(ErrorCodes.MalformedNrg, string.Create(CultureInfo.InvariantCulture,
                            $"Track {number} of {what} lies at bytes {t.Offset}..{t.Offset + t.Length}, beyond the sectors, which end at byte {DataEnd}."));
                    }
                    long sectors = t.Length / (size + sub);
                    long start = CueStart(number) ?? next;
                    tracks.Add(new DiscTrack
                    {
                        Number = number, Session = s + 1, Mode = mode, SectorSize = size, SubchannelSize = sub, Start = start,
                        Sectors = sectors, File = file, FileOffset = t.Offset,
                    });
                    next = start + sectors;
                    number++;
                }
            }
        }
        if (tracks.Count == 0)
            IsoBuildException.Throw(ErrorCodes.MalformedNrg, $"{what} has a Nero footer but no DAO or track-at-once chunk: it names no track.");
        if (tracks.Count > 99)
            IsoBuildException.Throw(ErrorCodes.DiscLimitExceeded, $"{what} names more than 99 tracks: it is damaged or hostile.");
        return tracks;
    }

    /// <summary>Writes a chunk chain ending in "END!" and the footer pointing to it, at <paramref name="output"/>'s position.</summary>
    public static void WriteChunks(Stream output, bool version2, IEnumerable<(string Id, byte[] Data)> chunks)
    {
        long chunkOffset = output.Position;
        Span<byte> header = stackalloc byte[NrgChunk.HeaderLength];
        foreach ((string id, byte[] data) in chunks.Append((NrgChunk.End, [])))
        {
            new NrgChunk(id, (uint)data.Length).Write(header);
            output.Write(header);
            output.Write(data);
        }
        Span<byte> footer = stackalloc byte[NrgFooter.Version2Length];
        output.Write(footer[..new NrgFooter(version2, chunkOffset).Write(footer)]);
    }

    /// <summary>The data of a "SINF" chunk: the number of tracks in the session.</summary>
    public static byte[] SessionInfo(int tracks)
    {
        byte[] data = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(data, (uint)tracks);
        return data;
    }
}
