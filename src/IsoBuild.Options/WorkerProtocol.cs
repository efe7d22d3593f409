using System.Globalization;
using System.Text;

namespace IsoBuild.Options;

/// <summary>
/// How the <c>CreateIsoImage</c> task and the worker (<c>dotnet-iso __msbuild-worker</c>, the native tool that builds
/// the images outside MSBuild's process) talk: the task writes the request to the worker's standard input, the worker
/// writes what the build logs and did to its standard output. Both are lines of tab-separated fields, each field with
/// '\', tab, CR and LF escaped; the first field names the line. The worker's last line is <c>done</c>: output that
/// ends without it is a worker that did not finish.
/// </summary>
internal static class WorkerProtocol
{
    /// <summary>The worker's command (hidden from <c>dotnet iso --help</c>).</summary>
    public const string Command = "__msbuild-worker";

    /// <summary>The first line of a request; a worker refuses any other (a task and a worker of different versions).</summary>
    public const string RequestHeader = "isobuild-msbuild-request 1";

    public static void WriteRequest(TextWriter writer, ImageItemBuildRequest request)
    {
        writer.Write(RequestHeader + "\n");
        Line(writer, "project", request.ProjectDirectory);
        Line(writer, "project-file", request.ProjectFile);
        Line(writer, "manifests", request.ManifestDirectory);
        Line(writer, "incremental", request.Incremental ? "true" : "false");
        Line(writer, "epoch", request.SourceDateEpoch);
        foreach (IBuildItem image in request.Images)
            Item(writer, "image", image);
        foreach (IBuildItem content in request.Content)
            Item(writer, "content", content);
        Line(writer, "end");
        writer.Flush();
    }

    /// <exception cref="InvalidDataException">The request is not one this worker reads.</exception>
    public static ImageItemBuildRequest ReadRequest(TextReader reader)
    {
        if (reader.ReadLine() != RequestHeader)
            throw new InvalidDataException($"The request does not start with '{RequestHeader}': the IsoBuild task and the dotnet-iso worker are of different versions.");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        List<IBuildItem> images = [], content = [];
        BuildItem? last = null;
        while (reader.ReadLine() is { } line)
        {
            string[] f = Fields(line);
            switch (f[0])
            {
                case "end":
                    return new ImageItemBuildRequest
                    {
                        Images = images,
                        Content = content,
                        ProjectDirectory = values.GetValueOrDefault("project", string.Empty),
                        ProjectFile = values.GetValueOrDefault("project-file", string.Empty),
                        ManifestDirectory = values.GetValueOrDefault("manifests", string.Empty),
                        Incremental = values.GetValueOrDefault("incremental") != "false",
                        SourceDateEpoch = values.GetValueOrDefault("epoch", string.Empty),
                    };
                case "image" or "content" when f.Length == 3:
                    last = new BuildItem(f[1], f[2]);
                    (f[0] == "image" ? images : content).Add(last);
                    break;
                case "metadata" when f.Length == 3 && last is not null:
                    last.SetMetadata(f[1], f[2]);
                    break;
                case "project" or "project-file" or "manifests" or "incremental" or "epoch" when f.Length == 2:
                    values[f[0]] = f[1];
                    break;
                default:
                    throw new InvalidDataException($"The request has a line the worker does not read: '{line}'.");
            }
        }
        throw new InvalidDataException("The request ends before its 'end' line.");
    }

    /// <summary>Writes what a build logs to <paramref name="writer"/>, a line each, as it happens.</summary>
    public sealed class Writer(TextWriter writer) : IItemBuildLog
    {
        public void Message(bool high, string text) => Emit("message", high ? "high" : "normal", text);

        public void Diagnostic(string code, bool warning, string message) => Emit(warning ? "warning" : "error", code, message);

        /// <summary>The images written, the manifests, and the closing <c>done</c>.</summary>
        public void Finish(ImageItemBuildResult result)
        {
            foreach (WrittenImage w in result.Written)
                Emit("written", Number(w.Image), Number(w.Size), Number(w.Files), Number(w.Directories));
            foreach (string manifest in result.Manifests)
                Emit("manifest", manifest);
            Emit("done");
        }

        private void Emit(params string[] fields)
        {
            Line(writer, fields);
            writer.Flush();
        }

        private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Passes what the worker logs on to <paramref name="log"/> as it arrives and collects what it did; null when its
    /// output ended before <c>done</c>.
    /// </summary>
    /// <exception cref="InvalidDataException">A line the task does not read.</exception>
    public static ImageItemBuildResult? ReadOutput(TextReader reader, IItemBuildLog log)
    {
        var result = new ImageItemBuildResult();
        while (reader.ReadLine() is { } line)
        {
            string[] f = Fields(line);
            switch (f[0])
            {
                case "message" when f.Length == 3:
                    log.Message(f[1] == "high", f[2]);
                    break;
                case "warning" or "error" when f.Length == 3:
                    log.Diagnostic(f[1], f[0] == "warning", f[2]);
                    break;
                case "written" when f.Length == 5:
                    result.Written.Add(new WrittenImage(Count(f[1]), Size(f[2]), Count(f[3]), Count(f[4])));
                    break;
                case "manifest" when f.Length == 2:
                    result.Manifests.Add(f[1]);
                    break;
                case "done" when f.Length == 1:
                    return result;
                default:
                    throw new InvalidDataException($"The worker wrote a line the task does not read: '{line}'.");
            }
        }
        return null;
    }

    private static int Count(string value) => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) ? number : throw NotANumber(value);

    private static long Size(string value) => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long number) ? number : throw NotANumber(value);

    private static InvalidDataException NotANumber(string value) => new($"The worker wrote '{value}' where the task reads a number.");

    private static void Item(TextWriter writer, string kind, IBuildItem item)
    {
        Line(writer, kind, item.ItemSpec, item.GetMetadata(BuildItem.FullPath));
        foreach (string name in item.CustomMetadataNames)
            Line(writer, "metadata", name, item.GetMetadata(name));
    }

    private static void Line(TextWriter writer, params string[] fields)
    {
        var line = new StringBuilder();
        for (int i = 0; i < fields.Length; i++)
        {
            if (i > 0)
                line.Append('\t');
            foreach (char c in fields[i])
            {
                string? escaped = c switch { '\\' => @"\\", '\t' => @"\t", '\r' => @"\r", '\n' => @"\n", _ => null };
                if (escaped is null)
                    line.Append(c);
                else
                    line.Append(escaped);
            }
        }
        writer.Write(line.Append('\n').ToString());
    }

    private static string[] Fields(string line)
    {
        string[] fields = line.Split('\t');
        for (int i = 0; i < fields.Length; i++)
        {
            if (!fields[i].Contains('\\', StringComparison.Ordinal))
                continue;
            var field = new StringBuilder(fields[i].Length);
            for (int j = 0; j < fields[i].Length; j++)
            {
                char c = fields[i][j];
                if (c == '\\' && j + 1 < fields[i].Length)
                {
                    c = fields[i][++j] switch { 't' => '\t', 'r' => '\r', 'n' => '\n', char other => other };
                }
                field.Append(c);
            }
            fields[i] = field.ToString();
        }
        return fields;
    }
}
