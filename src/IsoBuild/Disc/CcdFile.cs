using System.Globalization;
using System.Text;

namespace IsoBuild.Disc;

/// <summary>
/// A CloneCD descriptor (.ccd): an ini file. [CloneCD] Version; [Disc] TocEntries, Sessions, DataTracksScrambled,
/// CDTextLength; [Session n] PreGapMode, PreGapSubC; [Entry n] the raw TOC (Session, Point, ADR, Control, TrackNo,
/// AMin/ASec/AFrame/ALBA, Zero, PMin/PSec/PFrame/PLBA; point 0xA2's PLBA is the session's lead-out); [TRACK n]
/// MODE (0 audio, 1, 2) and INDEX n=LBA. Sections and keys in order, names compared without case.
/// </summary>
internal sealed class CcdFile
{
    public const int MaxLength = 1 << 20;
    public const int MaxSections = 1024;

    public List<(string Name, List<(string Key, string Value)> Entries)> Sections { get; } = [];

    public static bool LooksLikeCcd(ReadOnlySpan<byte> head)
    {
        string text = Encoding.Latin1.GetString(head[..Math.Min(head.Length, 64)]).TrimStart('\uFEFF', 'ï', '»', '¿', ' ', '\t', '\r', '\n');
        return text.StartsWith("[CloneCD]", StringComparison.OrdinalIgnoreCase);
    }

    public static CcdFile Parse(string text, string what)
    {
        if (text.Length > MaxLength)
            IsoBuildException.Throw(ErrorCodes.DiscLimitExceeded, $"The CloneCD descriptor {what} is longer than {MaxLength} characters.");
        var ccd = new CcdFile();
        List<(string, string)>? current = null;
        int lineNumber = 0;
        foreach (string raw in text.Split('\n'))
        {
            lineNumber++;
            string line = raw.Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line[0] is ';' or '#')
                continue;
            if (line[0] == '[')
            {
                if (!line.EndsWith(']'))
                    IsoBuildException.Throw(ErrorCodes.MalformedCcd, $"The CloneCD descriptor {what}, line {lineNumber}: a section name is not closed with ']'.");
                if (ccd.Sections.Count >= MaxSections)
                    IsoBuildException.Throw(ErrorCodes.DiscLimitExceeded, $"The CloneCD descriptor {what} has more than {MaxSections} sections.");
                current = [];
                ccd.Sections.Add((line[1..^1].Trim(), current));
                continue;
            }
            int eq = line.IndexOf('=');
            if (eq <= 0 || current is null)
                IsoBuildException.Throw(ErrorCodes.MalformedCcd, $"The CloneCD descriptor {what}, line {lineNumber}: expected [Section] or Key=Value.");
            current.Add((line[..eq].Trim(), line[(eq + 1)..].Trim()));
        }
        if (ccd.Sections.Count == 0 || !ccd.Sections[0].Name.Equals("CloneCD", StringComparison.OrdinalIgnoreCase))
            IsoBuildException.Throw(ErrorCodes.MalformedCcd, $"The CloneCD descriptor {what} does not start with [CloneCD].");
        return ccd;
    }

    public string Write()
    {
        var s = new StringBuilder();
        foreach ((string name, List<(string Key, string Value)> entries) in Sections)
        {
            s.Append('[').Append(name).Append("]\r\n");
            foreach ((string key, string value) in entries)
                s.Append(key).Append('=').Append(value).Append("\r\n");
        }
        return s.ToString();
    }

    public CcdFile Add(string section, params (string Key, object Value)[] entries)
    {
        Sections.Add((section, [.. entries.Select(e => (e.Key, Convert.ToString(e.Value, CultureInfo.InvariantCulture) ?? ""))]));
        return this;
    }

    public IEnumerable<(string Name, List<(string Key, string Value)> Entries)> SectionsNamed(string prefix) =>
        Sections.Where(s => s.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    public static string? Value(List<(string Key, string Value)> entries, string key) =>
        entries.FirstOrDefault(e => e.Key.Equals(key, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>A number as CloneCD writes it: decimal, or hexadecimal with 0x (Point=0xa0, Control=0x04).</summary>
    public static long? Number(string? text)
    {
        if (text is null)
            return null;
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long h) ? h : null;
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long d) ? d : null;
    }

    /// <summary>
    /// The tracks: each [TRACK n]'s MODE and INDEX 1, its length up to the next track's first index (or its session's
    /// lead-out, or the end of the .img). The .img holds every sector from LBA 0 on, 2352 bytes each; between sessions
    /// it lacks the lead-out, lead-in and pregap the disc has, so later sessions' offsets are shifted back by them.
    /// </summary>
    public List<DiscTrack> ReadTracks(string imgPath, long imgLength, string what)
    {
        const int Stride = CdSector.RawSize;
        var leadOuts = new Dictionary<long, long>();
        var trackSessions = new Dictionary<long, long>();
        foreach ((string _, List<(string Key, string Value)> entries) in SectionsNamed("Entry"))
        {
            long? point = Number(Value(entries, "Point"));
            long? session = Number(Value(entries, "Session"));
            long? plba = Number(Value(entries, "PLBA"));
            if (point is null || session is null || plba is null)
                continue;
            if (point == 0xA2)
                leadOuts[session.Value] = plba.Value;
            else if (point is >= 1 and <= 99)
                trackSessions[point.Value] = session.Value;
        }
        var raw = new List<(int Number, DiscTrackMode Mode, long Index0, long Index1)>();
        foreach ((string name, List<(string Key, string Value)> entries) in SectionsNamed("TRACK"))
        {
            if (!int.TryParse(name.AsSpan(5).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number is < 1 or > 99)
                IsoBuildException.Throw(ErrorCodes.MalformedCcd, $"The CloneCD descriptor {what} has a section [{name}]: track numbers are 1 to 99.");
            if (raw.Count > 0 && number <= raw[^1].Number)
                IsoBuildException.Throw(ErrorCodes.MalformedCcd, $"The CloneCD descriptor {what} lists track {number} after track {raw[^1].Number}.");
            DiscTrackMode mode = Number(Value(entries, "MODE")) switch
            {
                0 => DiscTrackMode.Audio,
                1 => DiscTrackMode.Mode1,
                2 => DiscTrackMode.Mode2,
                _ => throw new IsoBuildException(ErrorCodes.MalformedCcd, $"Track {number} of the CloneCD descriptor {what} has no MODE of 0, 1 or 2."),
            };
            long? index1 = Number(Value(entries, "INDEX 1"));
            if (index1 is not long i1 || i1 < 0 || i1 > Msf.MaxFrames)
                throw new IsoBuildException(ErrorCodes.MalformedCcd, $"Track {number} of the CloneCD descriptor {what} has no INDEX 1 within the disc.");
            long i0 = Number(Value(entries, "INDEX 0")) ?? i1;
            if (i0 < 0 || i0 > i1 || (raw.Count > 0 && i0 < raw[^1].Index1))
                IsoBuildException.Throw(ErrorCodes.MalformedCcd, $"Track {number} of the CloneCD descriptor {what} has an INDEX 0 after its INDEX 1 or before the previous track.");
            raw.Add((number, mode, i0, i1));
        }
        if (raw.Count == 0)
            IsoBuildException.Throw(ErrorCodes.MalformedCcd, $"The CloneCD descriptor {what} has no [TRACK n] section.");

        var tracks = new List<DiscTrack>();
        long shift = 0, previousSession = 1;
        long imgSectors = imgLength / Stride;
        for (int i = 0; i < raw.Count; i++)
        {
            (int number, DiscTrackMode mode, long index0, long index1) = raw[i];
            long session = trackSessions.GetValueOrDefault(number, previousSession);
            if (session != previousSession && leadOuts.TryGetValue(previousSession, out long leadOut))
            {
                // The first track of a later session: the image goes on where the previous session's lead-out began.
                shift += Math.Max(0, index0 - leadOut);
            }
            previousSession = session;
            long end = i + 1 < raw.Count && trackSessions.GetValueOrDefault(raw[i + 1].Number, session) == session
                ? raw[i + 1].Index0
                : leadOuts.TryGetValue(session, out long sessionEnd) ? sessionEnd : imgSectors + shift;
            tracks.Add(new DiscTrack
            {
                Number = number, Session = (int)Math.Clamp(session, 1, 99), Mode = mode, SectorSize = Stride, Start = index1,
                Sectors = Math.Max(0, end - index1), Pregap = index1 - index0, File = imgPath, FileOffset = (index1 - shift) * Stride,
            });
        }
        return tracks;
    }
}
