using System.Globalization;
using System.Text;

namespace IsoBuild.Disc;

/// <summary>
/// Reads an Alcohol 120% descriptor (.mds) into tracks: header, session blocks, each session's track blocks (the
/// lead-in points skipped), their extra blocks (pregap, length) and footers (the data file's name). Every offset is
/// checked against the descriptor's length, which is bounded by <see cref="MaxLength"/>.
/// </summary>
internal static class MdsImage
{
    public const int MaxLength = 4 << 20;
    public const int MaxNameLength = 1024;

    public static List<DiscTrack> ReadTracks(byte[] mds, string mdsPath)
    {
        string what = $"'{mdsPath}'";
        Span<byte> Block(long offset, int length, string name)
        {
            if (offset < 0 || offset + length > mds.Length)
            {
                IsoBuildException.Throw(ErrorCodes.MalformedMds, string.Create(CultureInfo.InvariantCulture,
                    $"The {name} of {what} (bytes {offset}..{offset + length}) lies beyond its end ({mds.Length} bytes)."));
            }
            return mds.AsSpan((int)offset, length);
        }
        if (!MdsHeader.HasSignature(mds) || mds.Length < MdsHeader.Length)
            IsoBuildException.Throw(ErrorCodes.MalformedMds, $"{what} does not start with a \"MEDIA DESCRIPTOR\" header.");
        MdsHeader header = MdsHeader.Read(mds);
        if (header.Sessions is 0 or > 99)
            IsoBuildException.Throw(ErrorCodes.MalformedMds, $"{what} says it has {header.Sessions} sessions (1 to 99).");
        var tracks = new List<DiscTrack>();
        for (int s = 0; s < header.Sessions; s++)
        {
            MdsSessionBlock session = MdsSessionBlock.Read(Block(header.SessionsOffset + (long)s * MdsSessionBlock.Length, MdsSessionBlock.Length, $"session block {s + 1}"));
            for (int b = 0; b < session.AllBlocks; b++)
            {
                MdsTrackBlock block = MdsTrackBlock.Read(Block(session.TracksOffset + (long)b * MdsTrackBlock.Length, MdsTrackBlock.Length, $"track block {b + 1} of session {s + 1}"));
                if (!block.IsTrack)
                    continue;
                int number = block.Point;
                if (tracks.Count > 0 && number <= tracks[^1].Number)
                    IsoBuildException.Throw(ErrorCodes.MalformedMds, $"Track {number} of {what} follows track {tracks[^1].Number}: track numbers must increase.");
                DiscTrackMode mode = MdsTrackBlock.TrackMode(block.Mode)
                    ?? throw new IsoBuildException(ErrorCodes.UnsupportedDiscImage, $"Track {number} of {what} has the mode byte 0x{block.Mode:X2}, which IsoBuild does not know.");
                int sub = block.SubchannelMode switch
                {
                    0 => 0,
                    MdsTrackBlock.SubchannelInterleaved => Subchannel.Size,
                    _ => throw new IsoBuildException(ErrorCodes.UnsupportedDiscImage, $"Track {number} of {what} has the subchannel mode 0x{block.SubchannelMode:X2}, which IsoBuild does not know."),
                };
                int size = block.SectorSize - sub;
                if (size is not (CdSector.UserDataSize or CdSector.Mode2Size or CdSector.RawSize))
                    IsoBuildException.Throw(ErrorCodes.UnsupportedDiscImage, $"Track {number} of {what} has {block.SectorSize}-byte sectors, which IsoBuild does not read.");
                long sectors, pregap = 0;
                if (block.ExtraOffset != 0)
                {
                    MdsTrackExtra extra = MdsTrackExtra.Read(Block(block.ExtraOffset, MdsTrackExtra.Length, $"extra block of track {number}"));
                    sectors = extra.Sectors;
                    pregap = extra.Pregap;
                }
                else
                {
                    // DVD images have no extra blocks: the track is the session.
                    sectors = Math.Max(0L, (long)session.End - block.StartLba);
                }
                if (block.Files != 1 || block.FooterOffset == 0)
                    IsoBuildException.Throw(ErrorCodes.UnsupportedDiscImage, $"Track {number} of {what} is in {block.Files} files; IsoBuild reads tracks held in one file.");
                MdsFooter footer = MdsFooter.Read(Block(block.FooterOffset, MdsFooter.Length, $"footer of track {number}"));
                string name = ReadName(mds, footer, what, number);
                tracks.Add(new DiscTrack
                {
                    Number = number, Session = session.Number is > 0 and <= 99 ? session.Number : s + 1, Mode = mode, SectorSize = size,
                    SubchannelSize = sub, Start = block.StartLba, Sectors = sectors, Pregap = pregap,
                    File = ResolveName(mdsPath, name), FileOffset = block.StartOffset > long.MaxValue ? long.MaxValue : (long)block.StartOffset,
                });
            }
        }
        if (tracks.Count == 0)
            IsoBuildException.Throw(ErrorCodes.MalformedMds, $"{what} has no track blocks.");
        return tracks;
    }

    private static string ReadName(byte[] mds, MdsFooter footer, string what, int track)
    {
        if (footer.FilenameOffset >= mds.Length)
            IsoBuildException.Throw(ErrorCodes.MalformedMds, string.Create(CultureInfo.InvariantCulture, $"The file name of track {track} of {what} lies beyond its end (byte {footer.FilenameOffset})."));
        ReadOnlySpan<byte> rest = mds.AsSpan((int)footer.FilenameOffset);
        string name;
        if (footer.WideCharacters)
        {
            int end = 0;
            while (end + 1 < rest.Length && (rest[end] != 0 || rest[end + 1] != 0))
                end += 2;
            name = Encoding.Unicode.GetString(rest[..Math.Min(end, 2 * MaxNameLength + 2)]);
        }
        else
        {
            int end = rest.IndexOf((byte)0);
            name = Encoding.Latin1.GetString(end < 0 ? rest : rest[..end]);
        }
        if (name.Length == 0 || name.Length > MaxNameLength)
            IsoBuildException.Throw(ErrorCodes.MalformedMds, $"The file name of track {track} of {what} is empty or longer than {MaxNameLength} characters.");
        return name;
    }

    /// <summary>"*.mdf" is the descriptor's own name with that extension; other names are beside the descriptor.</summary>
    private static string ResolveName(string mdsPath, string name)
    {
        if (name.StartsWith("*.", StringComparison.Ordinal))
            return Path.ChangeExtension(mdsPath, name[1..]);
        return DiscFiles.Beside(mdsPath, name);
    }
}
