using IsoBuild.Sectors;
using System.Buffers;

namespace IsoBuild.Disc;

/// <summary>
/// A data track seen as an ISO image: 2048 bytes of user data per sector, the sync, header, subheader, EDC/ECC and
/// subchannel stripped. Where the user data starts is read from each raw sector's own mode byte (Mode 1: 16, Mode 2:
/// 24), so a track whose cue sheet says MODE1 but whose sectors are Mode 2 still reads; 2336-byte Mode 2 sectors
/// start after their 8-byte subheader. Form 2 sectors give the first 2048 of their 2324 bytes, as bchunk and iat do.
/// Reads are positioned and stateless, so the view is as thread-safe as its container.
/// </summary>
internal sealed class DiscTrackSource : ImageSource
{
    private const int SectorsPerRead = 32;

    private readonly ImageSource _container;
    private readonly DiscTrack _track;
    private readonly bool _ownsContainer;

    public DiscTrackSource(ImageSource container, DiscTrack track, bool ownsContainer, string name)
    {
        if (!track.IsData)
            throw new ArgumentException("An audio track has no user data.", nameof(track));
        _container = container;
        _track = track;
        _ownsContainer = ownsContainer;
        Name = name;
        Length = track.Sectors * SectorSize;
    }

    /// <summary>Opens the data track <paramref name="track"/> of <paramref name="image"/> (the first data track when null).</summary>
    public static DiscTrackSource Open(DiscImage image, int? track = null)
    {
        DiscTrack t = image.DataTrack(track);
        ImageSource container = DiscFiles.Open(t.File ?? image.Path!, image.Describe());
        return new DiscTrackSource(container, t, ownsContainer: true, $"track {t.Number} of {image.Describe()}");
    }

    public DiscTrack Track => _track;

    public override long Length { get; }

    public override string Name { get; }

    public override int ReadAt(long offset, Span<byte> buffer)
    {
        if (offset < 0 || offset >= Length || buffer.IsEmpty)
            return 0;
        int total = (int)Math.Min(buffer.Length, Length - offset);
        int stride = _track.Stride;
        int fallback = DefaultDataOffset(_track);
        byte[] raw = ArrayPool<byte>.Shared.Rent(SectorsPerRead * stride);
        try
        {
            int done = 0;
            while (done < total)
            {
                long sector = (offset + done) / SectorSize;
                int within = (int)((offset + done) % SectorSize);
                int count = (int)Math.Min(SectorsPerRead, (within + total - done + SectorSize - 1) / SectorSize);
                Span<byte> chunk = raw.AsSpan(0, count * stride);
                _container.ReadExactly(_track.FileOffset + sector * stride, chunk, ErrorCodes.TrackOutsideFile, $"Sector {sector} of {Name}");
                for (int i = 0; i < count && done < total; i++)
                {
                    ReadOnlySpan<byte> s = chunk.Slice(i * stride, _track.SectorSize);
                    int dataOffset = _track.SectorSize == CdSector.RawSize ? CdSector.UserDataOffset(s, fallback) : fallback;
                    int n = Math.Min(SectorSize - within, total - done);
                    s.Slice(dataOffset + within, n).CopyTo(buffer[done..]);
                    done += n;
                    within = 0;
                }
            }
            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
        }
    }

    /// <summary>Where the user data starts in a sector of this track when the sector itself does not say.</summary>
    private static int DefaultDataOffset(DiscTrack track) => track.SectorSize switch
    {
        CdSector.RawSize => track.Mode == DiscTrackMode.Mode1 ? CdSector.Mode1DataOffset : CdSector.Mode2DataOffset,
        CdSector.Mode2Size => CdSector.SubheaderLength,
        _ => 0,
    };

    public override void Dispose()
    {
        if (_ownsContainer)
            _container.Dispose();
    }
}
