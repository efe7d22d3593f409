using System.CommandLine;
using IsoBuild.Options;
using IsoBuild.Spec;

namespace IsoBuild.Tool;

/// <summary><c>dotnet iso pack SOURCE... -o OUT.iso</c>.</summary>
internal static class PackCommand
{
    public static Command Create()
    {
        var sources = new Argument<string[]>("SOURCE")
        {
            Description = "A directory (its contents go to the image root), a file (goes to the root), or PATH_IN_IMAGE=SOURCE to graft a file or directory at a path inside the image (docs=./manual, boot/x.cfg=cfg/x.cfg).",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "The image to write. It is replaced only once the new image is complete.",
            Required = true,
            HelpName = "OUT.iso",
        };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing on success." };
        var incremental = new Option<bool>("--incremental")
        {
            Description = "Keep a manifest beside the image (OUT.iso.isobuild-manifest) and, when only file contents changed since the last --incremental build, patch the changed files into the image in place. The bytes are those of a full build.",
        };

        var command = new Command("pack", "Build an ISO image from files and directories.");
        command.Add(sources);
        command.Add(output);
        var options = new ImageOptionBinder(command);
        command.Add(incremental);
        command.Add(quiet);
        command.SetAction((parse, cancellationToken) => IsoCommandLine.RunAsync(parse, (stdout, ct) =>
        {
            ImageOptionContext context = ImageOptionBinder.CommandLineContext();
            ImageSpecBuilder builder = options.CreateBuilder(parse, context);
            foreach (string source in parse.GetValue(sources)!)
                builder.AddSource(source);
            ImageSpec spec = options.Apply(parse, builder.Build(), context);
            string outputPath = ImageOptionBinder.OutputPath(parse, output);
            ImageBuildResult result;
            using (TerminalProgress? progress = TerminalProgress.ForConsole(parse.InvocationConfiguration.Error, parse.GetValue(quiet)))
            {
                result = parse.GetValue(incremental)
                    ? IsoImageBuilder.BuildIncremental(spec, outputPath, ManifestPath(outputPath), progress: progress, cancellationToken: ct)
                    : IsoImageBuilder.Build(spec, outputPath, progress, ct);
            }
            if (!parse.GetValue(quiet))
                stdout.WriteLine(Describe(result));
            return Task.FromResult(IsoCommandLine.ExitSuccess);
        }, cancellationToken));
        return command;
    }

    /// <summary>Where <c>--incremental</c> keeps the manifest of the last build of <paramref name="outputPath"/>.</summary>
    public static string ManifestPath(string outputPath) => Path.GetFullPath(outputPath) + ".isobuild-manifest";

    public static string Describe(ImageBuildResult result) => $"{result.OutputPath}: {result.Summary}";
}
