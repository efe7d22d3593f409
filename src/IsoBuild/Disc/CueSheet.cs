using System.Globalization;
using System.Text;

namespace IsoBuild.Disc;

/// <summary>One INDEX of a cue sheet track: its number and time from the start of its file.</summary>
internal readonly record struct CueIndex(int Number, Msf Time);

/// <summary>A TRACK of a cue sheet.</summary>
internal sealed class CueTrack
{
    public required int Number { get; init; }

    /// <summary>The track type as written, upper case: AUDIO, CDG, MODE1/2048, MODE1/2352, MODE2/2336, MODE2/2352, CDI/2352…</summary>
    public required string DataType { get; init; }

    public List<CueIndex> Indexes { get; } = [];

    /// <summary>PREGAP: silence or empty sectors the file does not hold.</summary>
    public Msf? Pregap { get; set; }

    public Msf? Postgap { get; set; }

    public string? Flags { get; set; }

    /// <summary>The session, from redump's "REM SESSION nn" (1 without one).</summary>
    public int Session { get; set; } = 1;
}

/// <summary>A FILE of a cue sheet and the tracks in it.</summary>
internal sealed class CueFile
{
    public required string Name { get; init; }

    /// <summary>BINARY, MOTOROLA, WAVE, AIFF, MP3…, upper case.</summary>
    public required string Type { get; init; }

    public List<CueTrack> Tracks { get; } = [];
}

/// <summary>
/// A cue sheet (CDRWIN's format, as cdrdao, ImgBurn and redump write it): FILE, TRACK and INDEX commands, PREGAP and
/// POSTGAP; CATALOG, FLAGS, ISRC, TITLE, PERFORMER, SONGWRITER, CDTEXTFILE and REM are kept or skipped. Times are
/// mm:ss:ff from the start of the FILE. Reading is bounded: a sheet longer than <see cref="MaxLength"/>, more than
/// 99 tracks or 100 indexes a track are refused.
/// </summary>
internal sealed class CueSheet
{
    public const int MaxLength = 1 << 20;
    public const int MaxTracks = 99;
    public const int MaxFiles = 99;

    private static readonly string[] s_dataTypes =
        ["AUDIO", "CDG", "MODE1/2048", "MODE1/2352", "MODE2/2048", "MODE2/2324", "MODE2/2336", "MODE2/2352", "CDI/2336", "CDI/2352"];

    public List<CueFile> Files { get; } = [];

    public string? Catalog { get; set; }

    public IEnumerable<CueTrack> Tracks => Files.SelectMany(f => f.Tracks);

    /// <summary>True when the start of a file looks like a cue sheet: text with a FILE command and a TRACK command.</summary>
    public static bool LooksLikeCueSheet(ReadOnlySpan<byte> head)
    {
        if (head.IndexOf((byte)0) >= 0)
            return false;
        bool file = false, track = false;
        foreach (string raw in Encoding.Latin1.GetString(head).Split('\n'))
        {
            string line = raw.Trim().TrimStart('\uFEFF', 'ï', '»', '¿');
            file |= line.StartsWith("FILE ", StringComparison.OrdinalIgnoreCase) || line.StartsWith("FILE\t", StringComparison.OrdinalIgnoreCase);
            track |= line.StartsWith("TRACK ", StringComparison.OrdinalIgnoreCase) || line.StartsWith("TRACK\t", StringComparison.OrdinalIgnoreCase);
        }
        return file && track;
    }

    public static CueSheet Parse(string text, string what)
    {
        if (text.Length > MaxLength)
            Throw(ErrorCodes.DiscLimitExceeded, what, 0, $"it is longer than {MaxLength} characters");
        var sheet = new CueSheet();
        CueFile? file = null;
        CueTrack? track = null;
        int session = 1, lineNumber = 0, lastTrack = 0;
        foreach (string raw in text.Split('\n'))
        {
            lineNumber++;
            string line = raw.TrimEnd('\r').Trim();
            if (lineNumber == 1)
                line = line.TrimStart('\uFEFF');
            if (line.Length == 0)
                continue;
            List<string> words = Tokenize(line, what, lineNumber);
            string command = words[0].ToUpperInvariant();
            switch (command)
            {
                case "REM":
                    if (words.Count >= 3 && words[1].Equals("SESSION", StringComparison.OrdinalIgnoreCase))
                    {
                        session = ParseNumber(words[2], 1, 99, what, lineNumber, "session");
                    }
                    break;
                case "FILE":
                    Expect(words, 3, what, lineNumber, "FILE \"name\" TYPE");
                    if (sheet.Files.Count >= MaxFiles)
                        Throw(ErrorCodes.DiscLimitExceeded, what, lineNumber, $"it names more than {MaxFiles} files");
                    file = new CueFile { Name = words[1], Type = words[2].ToUpperInvariant() };
                    sheet.Files.Add(file);
                    track = null;
                    break;
                case "TRACK":
                    Expect(words, 3, what, lineNumber, "TRACK nn TYPE");
                    if (file is null)
                        Throw(ErrorCodes.MalformedCueSheet, what, lineNumber, "TRACK comes before any FILE");
                    int number = ParseNumber(words[1], 1, 99, what, lineNumber, "track number");
                    if (number <= lastTrack)
                        Throw(ErrorCodes.MalformedCueSheet, what, lineNumber, $"track {number} follows track {lastTrack}: track numbers must increase");
                    string type = words[2].ToUpperInvariant();
                    if (!s_dataTypes.Contains(type, StringComparer.Ordinal))
                        Throw(ErrorCodes.MalformedCueSheet, what, lineNumber, $"'{words[2]}' is not a track type ({string.Join(", ", s_dataTypes)})");
                    lastTrack = number;
                    track = new CueTrack { Number = number, DataType = type, Session = session };
                    file.Tracks.Add(track);
                    if (sheet.Tracks.Count() > MaxTracks)
                        Throw(ErrorCodes.DiscLimitExceeded, what, lineNumber, $"it has more than {MaxTracks} tracks");
                    break;
                case "INDEX":
                    Expect(words, 3, what, lineNumber, "INDEX nn mm:ss:ff");
                    if (track is null)
                        Throw(ErrorCodes.MalformedCueSheet, what, lineNumber, "INDEX comes before any TRACK");
                    int index = ParseNumber(words[1], 0, 99, what, lineNumber, "index number");
                    Msf time = ParseTime(words[2], what, lineNumber);
                    if (track.Indexes.Count > 0)
                    {
                        CueIndex previous = track.Indexes[^1];
                        if (index <= previous.Number || time.TotalFrames < previous.Time.TotalFrames)
                            Throw(ErrorCodes.MalformedCueSheet, what, lineNumber, $"INDEX {index:00} {time} does not follow INDEX {previous.Number:00} {previous.Time}");
                    }
                    track.Indexes.Add(new CueIndex(index, time));
                    break;
                case "PREGAP":
                case "POSTGAP":
                    Expect(words, 2, what, lineNumber, command + " mm:ss:ff");
                    if (track is null)
                        Throw(ErrorCodes.MalformedCueSheet, what, lineNumber, command + " comes before any TRACK");
                    if (command == "PREGAP")
                        track.Pregap = ParseTime(words[1], what, lineNumber);
                    else
                        track.Postgap = ParseTime(words[1], what, lineNumber);
                    break;
                case "FLAGS":
                    if (track is not null)
                        track.Flags = string.Join(' ', words.Skip(1));
                    break;
                case "CATALOG":
                    Expect(words, 2, what, lineNumber, "CATALOG number");
                    sheet.Catalog = words[1];
                    break;
                case "ISRC":
                case "TITLE":
                case "PERFORMER":
                case "SONGWRITER":
                case "CDTEXTFILE":
                case "ARRANGER":
                case "COMPOSER":
                case "MESSAGE":
                case "DISC_ID":
                case "GENRE":
                case "TOC_INFO1":
                case "TOC_INFO2":
                case "UPC_EAN":
                case "SIZE_INFO":
                    break;
                default:
                    Throw(ErrorCodes.MalformedCueSheet, what, lineNumber, $"'{words[0]}' is not a cue sheet command");
                    break;
            }
        }
        if (!sheet.Tracks.Any())
            Throw(ErrorCodes.MalformedCueSheet, what, lineNumber, "it has no TRACK");
        foreach (CueTrack t in sheet.Tracks)
        {
            if (!t.Indexes.Any(i => i.Number == 1))
                Throw(ErrorCodes.MalformedCueSheet, what, 0, $"track {t.Number} has no INDEX 01");
        }
        return sheet;
    }

    /// <summary>The sheet as text: CRLF line ends (CDRWIN's), names quoted, two-digit track and index numbers.</summary>
    public string Write()
    {
        var s = new StringBuilder();
        if (Catalog is not null)
            s.Append("CATALOG ").Append(Catalog).Append("\r\n");
        int session = 1;
        foreach (CueFile f in Files)
        {
            s.Append("FILE \"").Append(f.Name).Append("\" ").Append(f.Type).Append("\r\n");
            foreach (CueTrack t in f.Tracks)
            {
                if (t.Session != session)
                {
                    session = t.Session;
                    s.Append(CultureInfo.InvariantCulture, $"  REM SESSION {session:00}\r\n");
                }
                s.Append(CultureInfo.InvariantCulture, $"  TRACK {t.Number:00} {t.DataType}\r\n");
                if (t.Flags is not null)
                    s.Append("    FLAGS ").Append(t.Flags).Append("\r\n");
                if (t.Pregap is Msf pregap)
                    s.Append("    PREGAP ").Append(pregap.ToString()).Append("\r\n");
                foreach (CueIndex i in t.Indexes)
                    s.Append(CultureInfo.InvariantCulture, $"    INDEX {i.Number:00} {i.Time}\r\n");
                if (t.Postgap is Msf postgap)
                    s.Append("    POSTGAP ").Append(postgap.ToString()).Append("\r\n");
            }
        }
        return s.ToString();
    }

    /// <summary>The mode, sector size and interleaved subchannel bytes of a track type.</summary>
    public static (DiscTrackMode Mode, int SectorSize, int Subchannel) Layout(string dataType) => dataType switch
    {
        "AUDIO" => (DiscTrackMode.Audio, CdSector.RawSize, 0),
        "CDG" => (DiscTrackMode.Audio, CdSector.RawSize, Subchannel.Size),
        "MODE1/2048" => (DiscTrackMode.Mode1, CdSector.UserDataSize, 0),
        "MODE1/2352" => (DiscTrackMode.Mode1, CdSector.RawSize, 0),
        "MODE2/2048" => (DiscTrackMode.Mode2Form1, CdSector.UserDataSize, 0),
        "MODE2/2324" => (DiscTrackMode.Mode2Form2, CdSector.Form2DataSize, 0),
        "MODE2/2336" or "CDI/2336" => (DiscTrackMode.Mode2, CdSector.Mode2Size, 0),
        _ => (DiscTrackMode.Mode2, CdSector.RawSize, 0), // MODE2/2352, CDI/2352
    };

    private static List<string> Tokenize(string line, string what, int lineNumber)
    {
        var words = new List<string>();
        int i = 0;
        while (i < line.Length)
        {
            if (char.IsWhiteSpace(line[i]))
            {
                i++;
                continue;
            }
            if (line[i] == '"')
            {
                int end = line.IndexOf('"', i + 1);
                if (end < 0)
                    Throw(ErrorCodes.MalformedCueSheet, what, lineNumber, "a quoted name is not closed");
                words.Add(line[(i + 1)..end]);
                i = end + 1;
                continue;
            }
            int start = i;
            while (i < line.Length && !char.IsWhiteSpace(line[i]))
                i++;
            words.Add(line[start..i]);
        }
        return words;
    }

    private static void Expect(List<string> words, int count, string what, int lineNumber, string form)
    {
        if (words.Count < count)
            Throw(ErrorCodes.MalformedCueSheet, what, lineNumber, $"expected {form}");
    }

    private static int ParseNumber(string text, int min, int max, string what, int lineNumber, string name)
    {
        int n = 0;
        if (text.Length is 0 or > 3 || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out n) || n < min || n > max)
            Throw(ErrorCodes.MalformedCueSheet, what, lineNumber, $"'{text}' is not a {name} ({min}–{max})");
        return n;
    }

    private static Msf ParseTime(string text, string what, int lineNumber)
    {
        if (!Msf.TryParse(text, out Msf msf))
            Throw(ErrorCodes.MalformedCueSheet, what, lineNumber, $"'{text}' is not a time mm:ss:ff (seconds below 60, frames below 75)");
        return msf;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Throw(string code, string what, int lineNumber, string problem) =>
        IsoBuildException.Throw(code, lineNumber > 0
            ? string.Create(CultureInfo.InvariantCulture, $"The cue sheet {what}, line {lineNumber}: {problem}.")
            : $"The cue sheet {what}: {problem}.");
}
