using System.CommandLine;
using IsoBuild.Reading;

namespace IsoBuild.Tool;

/// <summary><c>dotnet iso diff A.iso B.iso [--json]</c>: exit 0 same, 1 different, 2 error.</summary>
internal static class DiffCommand
{
    public const int ExitDifferent = 1;
    public const int ExitTrouble = 2;

    public static Command Create()
    {
        var a = new Argument<string>("A.iso") { Description = "The first image." };
        var b = new Argument<string>("B.iso") { Description = "The second image." };
        var json = new Option<bool>("--json") { Description = "Write the differences as a JSON object." };
        Option<string> names = NamesOption.Create("both images");
        var command = new Command("diff",
            "Compare two images: files added, removed or changed (content hash, mode, link target, time), volume ids and boot setup. Exit 0 same, 1 different, 2 error.");
        command.Add(a);
        command.Add(b);
        command.Add(json);
        command.Add(names);
        command.SetAction((parse, cancellationToken) => IsoCommandLine.RunAsync(parse, (stdout, ct) =>
        {
            IsoNamespace? tree = NamesOption.Parse(parse, names);
            using IsoImageReader left = IsoImageReader.Open(parse.GetValue(a)!, tree);
            using IsoImageReader right = IsoImageReader.Open(parse.GetValue(b)!, tree);
            IsoImageDifference d = IsoImageComparer.Compare(left, right, ct);
            if (parse.GetValue(json))
                WriteJson(stdout, d);
            else
                WriteText(stdout, d);
            return Task.FromResult(d.AreSame ? IsoCommandLine.ExitSuccess : ExitDifferent);
        }, cancellationToken, errorExitCode: ExitTrouble));
        return command;
    }

    private static void WriteText(TextWriter o, IsoImageDifference d)
    {
        foreach (string p in d.Added)
            o.WriteLine("+ " + p);
        foreach (string p in d.Removed)
            o.WriteLine("- " + p);
        foreach (IsoEntryChange c in d.Changed)
            o.WriteLine($"~ {c.Path} ({string.Join(", ", c.Changes)})");
        foreach (IsoPropertyChange c in d.Volume.Concat(d.Boot))
            o.WriteLine($"{c.Property}: '{c.A}' -> '{c.B}'");
        foreach (string note in d.Notes)
            o.WriteLine("note: " + note);
    }

    private static void WriteJson(TextWriter output, IsoImageDifference d) => ImageFormatting.WriteJson(output, w =>
    {
        w.WriteStartObject();
        w.WriteBoolean("same", d.AreSame);
        w.WriteStartArray("added");
        foreach (string p in d.Added)
            w.WriteStringValue(p);
        w.WriteEndArray();
        w.WriteStartArray("removed");
        foreach (string p in d.Removed)
            w.WriteStringValue(p);
        w.WriteEndArray();
        w.WriteStartArray("changed");
        foreach (IsoEntryChange c in d.Changed)
        {
            w.WriteStartObject();
            w.WriteString("path", c.Path);
            w.WriteStartArray("changes");
            foreach (string what in c.Changes)
                w.WriteStringValue(what);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        foreach ((string name, IReadOnlyList<IsoPropertyChange> list) in new[] { ("volume", d.Volume), ("boot", d.Boot) })
        {
            w.WriteStartArray(name);
            foreach (IsoPropertyChange c in list)
            {
                w.WriteStartObject();
                w.WriteString("property", c.Property);
                w.WriteString("a", c.A);
                w.WriteString("b", c.B);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteStartArray("notes");
        foreach (string note in d.Notes)
            w.WriteStringValue(note);
        w.WriteEndArray();
        w.WriteEndObject();
    });
}
