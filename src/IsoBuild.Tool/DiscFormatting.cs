using System.Globalization;
using System.Text.Json;
using IsoBuild.Disc;

namespace IsoBuild.Tool;

/// <summary>How <c>info</c> shows a raw disc image's tracks and what converting it leaves behind.</summary>
internal static class DiscFormatting
{
    public static string FormatName(DiscImageFormat format) => format switch
    {
        DiscImageFormat.BinCue => "BIN/CUE",
        DiscImageFormat.Nrg => "NRG (Nero)",
        DiscImageFormat.Mds => "MDF/MDS (Alcohol 120%)",
        DiscImageFormat.CloneCd => "CCD/IMG/SUB (CloneCD)",
        _ => "raw sectors",
    };

    public static string Describe(DiscTrack t) => string.Create(CultureInfo.InvariantCulture,
        $"{t.Describe()}{(t.SubchannelSize > 0 ? " + 96 bytes subchannel" : "")}, {t.Sectors} sectors at LBA {t.Start}{(t.Pregap > 0 ? $" (pregap {t.Pregap})" : "")}, session {t.Session}, '{Path.GetFileName(t.File) ?? "the image"}' from byte {t.FileOffset}");

    public static void WriteText(TextWriter o, DiscImage disc)
    {
        void Line(string label, string value) => o.WriteLine($"{label + ":",-18}{value}");
        Line("Disc image", string.Create(CultureInfo.InvariantCulture,
            $"{FormatName(disc.Format)}, {disc.Sessions} session{(disc.Sessions == 1 ? "" : "s")}, {disc.Tracks.Count} track{(disc.Tracks.Count == 1 ? "" : "s")}"));
        foreach (DiscTrack t in disc.Tracks)
            Line("Track " + t.Number.ToString(CultureInfo.InvariantCulture), Describe(t));
        if (disc.SubchannelFile is not null)
            Line("Subchannel", $"'{Path.GetFileName(disc.SubchannelFile)}'");
        DiscTrack? data = disc.Tracks.FirstOrDefault(t => t.IsData);
        if (data is null)
            return;
        Line("Read as ISO", "track " + data.Number.ToString(CultureInfo.InvariantCulture));
        IReadOnlyList<string> left = disc.LeftBehind(data);
        Line("Convert drops", left.Count == 0 ? "nothing" : string.Join("; ", left));
    }

    public static void WriteJson(Utf8JsonWriter w, DiscImage disc)
    {
        w.WriteStartObject("disc");
        w.WriteString("format", disc.Format.ToString());
        w.WriteNumber("sessions", disc.Sessions);
        w.WriteStartArray("tracks");
        foreach (DiscTrack t in disc.Tracks)
        {
            w.WriteStartObject();
            w.WriteNumber("number", t.Number);
            w.WriteNumber("session", t.Session);
            w.WriteString("mode", t.Mode.ToString());
            w.WriteNumber("sectorSize", t.SectorSize);
            w.WriteNumber("subchannelSize", t.SubchannelSize);
            w.WriteNumber("start", t.Start);
            w.WriteNumber("sectors", t.Sectors);
            w.WriteNumber("pregap", t.Pregap);
            w.WriteString("file", t.File ?? disc.Path);
            w.WriteNumber("fileOffset", t.FileOffset);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        DiscTrack? data = disc.Tracks.FirstOrDefault(t => t.IsData);
        w.WriteStartArray("convertDrops");
        foreach (string left in data is null ? [] : disc.LeftBehind(data))
            w.WriteStringValue(left);
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
