using System.CommandLine;
using System.Globalization;
using IsoBuild.Reading;

namespace IsoBuild.Tool;

/// <summary><c>dotnet iso extract IMAGE [PATH...] -o DIR</c>.</summary>
internal static class ExtractCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "The image to extract from." };
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Files or directories in the image to extract, keeping their paths from the image root. Default: everything.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "The directory to extract into (created when missing). Nothing is ever written outside it.",
            Required = true,
            HelpName = "DIR",
        };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing on success." };
        Option<string> names = NamesOption.Create();
        var command = new Command("extract",
            "Extract files, directories, symbolic links and executable bits; refuses names and links that would leave DIR.");
        command.Add(image);
        command.Add(paths);
        command.Add(output);
        command.Add(names);
        command.Add(quiet);
        command.SetAction((parse, cancellationToken) => IsoCommandLine.RunAsync(parse, async (stdout, ct) =>
        {
            using IsoImageReader reader = IsoImageReader.Open(parse.GetValue(image)!, NamesOption.Parse(parse, names));
            string target = parse.GetValue(output)!;
            IsoExtractResult result = IsoImageExtractor.Extract(reader, parse.GetValue(paths) ?? [], target, ct);
            TextWriter error = parse.InvocationConfiguration.Error;
            foreach (IsoExtractRefusal refused in result.Refused)
                await error.WriteLineAsync("refused: " + refused).ConfigureAwait(false);
            if (!parse.GetValue(quiet))
            {
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{Path.GetFullPath(target)}: {result.Files} files, {result.Directories} directories, {result.Links} links")).ConfigureAwait(false);
            }
            if (result.Refused.Count > 0)
                throw Summary(result.Refused, Path.GetFullPath(target));
            return IsoCommandLine.ExitSuccess;
        }, cancellationToken));
        return command;
    }

    /// <summary>
    /// The error that sums up the refusals: when every one is the same failure to read the image (data past its end,
    /// a damaged directory), that failure's code and reason; else ISO0210.
    /// </summary>
    private static IsoBuildException Summary(IReadOnlyList<IsoExtractRefusal> refused, string target)
    {
        string count = string.Create(CultureInfo.InvariantCulture, $"{refused.Count} {(refused.Count == 1 ? "entry was" : "entries were")} not extracted (listed above)");
        string? code = refused[0].Code;
        if (code is not null && refused.All(r => r.Code == code))
        {
            return code == ErrorCodes.DataOutsideImage
                ? new IsoBuildException(code, $"{count}: {(refused.Count == 1 ? "its" : "their")} data lies beyond the end of the image, which is truncated. Fetch or write the image again.")
                : new IsoBuildException(code, $"{count}: the image could not be read there (see the reasons above); it is damaged.");
        }
        return new IsoBuildException(ErrorCodes.ExtractRefused,
            $"{count}: their names or link targets would leave '{target}', they could not be written, or the image could not be read there.");
    }
}
