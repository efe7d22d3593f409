using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using IsoBuild.Reading;
using IsoBuild.Spec;

namespace IsoBuild.Tool;

/// <summary>How the reading commands (ls, info, diff) show entries and write JSON.</summary>
internal static class ImageFormatting
{
    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The "drwxr-xr-x" form of an entry's mode; without Rock Ridge, read-only modes as Linux shows them.</summary>
    public static string ModeString(IsoEntry entry)
    {
        uint mode = entry.Mode ?? entry.Kind switch
        {
            EntryKind.Directory => 0x4000u | 0b101_101_101,
            EntryKind.Symlink => 0xA000u | 0b111_111_111,
            _ => 0x8000u | 0b100_100_100,
        };
        var sb = new StringBuilder(10);
        sb.Append(entry.Kind switch { EntryKind.Directory => 'd', EntryKind.Symlink => 'l', _ => '-' });
        const string letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++)
            sb.Append((mode & (1u << (8 - i))) != 0 ? letters[i] : '-');
        return sb.ToString();
    }

    public static string Date(DateTimeOffset? date) =>
        date?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";

    public static string IsoDate(DateTimeOffset? date) =>
        date?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? string.Empty;

    public static string KindName(EntryKind kind) => kind switch
    {
        EntryKind.Directory => "directory",
        EntryKind.Symlink => "symlink",
        _ => "file",
    };

    /// <summary>One "ls -l" line: a zisofs file's size is its content's, and the bytes it takes in the image follow its name.</summary>
    public static string LongLine(IsoEntry e, string name) => string.Create(CultureInfo.InvariantCulture,
        $"{ModeString(e)} {e.Length,12} {Date(e.ModifiedTime)} {name}{(e.Kind == EntryKind.Symlink ? " -> " + e.LinkTarget : "")}{(e.IsCompressed ? $" (zisofs, {e.StoredLength} bytes stored)" : "")}");

    public static void WriteEntry(Utf8JsonWriter w, IsoEntry e)
    {
        w.WriteStartObject();
        w.WriteString("path", e.Path);
        w.WriteString("name", e.Name);
        w.WriteString("kind", KindName(e.Kind));
        w.WriteNumber("size", e.Length);
        if (e.IsCompressed)
        {
            w.WriteBoolean("compressed", true);
            w.WriteNumber("storedSize", e.StoredLength);
        }
        if (e.Mode is uint mode)
            w.WriteString("mode", Convert.ToString(mode & 0xFFF, 8).PadLeft(4, '0'));
        if (e.ModifiedTime is not null)
            w.WriteString("modified", IsoDate(e.ModifiedTime));
        if (e.LinkTarget is not null)
            w.WriteString("target", e.LinkTarget);
        if (e.Kind == EntryKind.File)
        {
            w.WriteStartArray("extents");
            foreach (IsoExtent x in e.Extents)
            {
                w.WriteStartObject();
                w.WriteNumber("lba", x.Lba);
                w.WriteNumber("length", x.Length);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    /// <summary>Writes a JSON document built by <paramref name="write"/> to the output.</summary>
    public static void WriteJson(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, JsonOptions))
            write(w);
        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
