using System.CommandLine;
using System.Globalization;
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

        var command = new Command("pack", "Build an ISO image from files and directories.");
        command.Add(sources);
        command.Add(output);
        var options = new ImageOptionBinder(command);
        command.Add(quiet);
        command.SetAction((parse, cancellationToken) => IsoCommandLine.RunAsync(parse, (stdout, ct) =>
        {
            var context = new ImageOptionContext(Directory.GetCurrentDirectory(), CommandLine: true);
            ImageSpecBuilder builder = options.CreateBuilder(parse, context);
            foreach (string source in parse.GetValue(sources)!)
                builder.AddSource(source);
            ImageSpec spec = options.Apply(parse, builder.Build(), context);
            ImageBuildResult result = IsoImageBuilder.Build(spec, parse.GetValue(output)!, ct);
            if (!parse.GetValue(quiet))
                stdout.WriteLine(Describe(result));
            return Task.FromResult(IsoCommandLine.ExitSuccess);
        }, cancellationToken));
        return command;
    }

    public static string Describe(ImageBuildResult result) => string.Create(CultureInfo.InvariantCulture,
        $"{result.OutputPath}: {result.Size} bytes ({result.Size / (1024.0 * 1024.0):0.0} MiB), {result.Files} files, {result.Directories} directories");
}
