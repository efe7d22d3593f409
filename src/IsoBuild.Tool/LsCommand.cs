using System.CommandLine;
using IsoBuild.Reading;
using IsoBuild.Spec;

namespace IsoBuild.Tool;

/// <summary><c>dotnet iso ls IMAGE [PATH] [-R] [-l] [--json]</c>.</summary>
internal static class LsCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "The image to list (any ISO 9660 image, not only IsoBuild's)." };
        var path = new Argument<string?>("PATH") { Description = "A directory or file in the image. Default: the root.", Arity = ArgumentArity.ZeroOrOne };
        var recursive = new Option<bool>("--recursive", "-R") { Description = "List everything below PATH, with paths from the image root." };
        var longFormat = new Option<bool>("--long", "-l") { Description = "Show mode, size and modification time." };
        var json = new Option<bool>("--json") { Description = "Write a JSON array of entries (path, name, kind, size, mode, modified, target, extents)." };
        Option<string> names = NamesOption.Create();

        var command = new Command("ls", "List the files of an image (Rock Ridge names, else Joliet, else ISO 9660; UDF when the ISO 9660 tree is a stub).");
        command.Add(image);
        command.Add(path);
        command.Add(recursive);
        command.Add(longFormat);
        command.Add(json);
        command.Add(names);
        command.SetAction((parse, cancellationToken) => IsoCommandLine.RunAsync(parse, (stdout, ct) =>
        {
            using IsoImageReader reader = IsoImageReader.Open(parse.GetValue(image)!, NamesOption.Parse(parse, names));
            string at = parse.GetValue(path) ?? "/";
            IsoEntry start = reader.Find(at) ?? throw new IsoBuildException(ErrorCodes.PathNotInImage,
                $"'{at}' is not in the image.");
            bool all = parse.GetValue(recursive);
            List<IsoEntry> entries = start.Kind != EntryKind.Directory ? [start]
                : all ? [.. reader.EnumerateDescendants(start)]
                : [.. start.GetChildren().OrderBy(e => e.Name, StringComparer.Ordinal)];
            if (parse.GetValue(json))
            {
                ImageFormatting.WriteJson(stdout, w =>
                {
                    w.WriteStartArray();
                    foreach (IsoEntry e in entries)
                    {
                        ct.ThrowIfCancellationRequested();
                        ImageFormatting.WriteEntry(w, e);
                    }
                    w.WriteEndArray();
                });
                return Task.FromResult(IsoCommandLine.ExitSuccess);
            }
            bool longLines = parse.GetValue(longFormat);
            foreach (IsoEntry e in entries)
            {
                ct.ThrowIfCancellationRequested();
                string name = all || start.Kind != EntryKind.Directory ? e.Path : e.Name;
                stdout.WriteLine(longLines ? ImageFormatting.LongLine(e, name) : name);
            }
            return Task.FromResult(IsoCommandLine.ExitSuccess);
        }, cancellationToken));
        return command;
    }
}
