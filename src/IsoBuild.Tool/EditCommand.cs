using System.CommandLine;
using IsoBuild.Editing;
using IsoBuild.Options;
using IsoBuild.Reading;
using IsoBuild.Spec;

namespace IsoBuild.Tool;

/// <summary><c>dotnet iso edit BASE.iso -o OUT.iso [--add PATH_IN_IMAGE=SOURCE]... [--remove PATH_IN_IMAGE]... [pack options]</c>.</summary>
internal static class EditCommand
{
    public static Command Create()
    {
        var baseImage = new Argument<string>("BASE.iso") { Description = "The image to start from (any ISO 9660 image). It may also be the output." };
        var output = new Option<string>("--output", "-o")
        {
            Description = "The image to write. It is replaced only once the new image is complete.",
            Required = true,
            HelpName = "OUT.iso",
        };
        var add = new Option<string[]>("--add")
        {
            Description = "Add or replace: PATH_IN_IMAGE=SOURCE (a file or directory; directories merge), or a SOURCE as in pack. Repeatable.",
            HelpName = "PATH_IN_IMAGE=SOURCE",
        };
        var remove = new Option<string[]>("--remove")
        {
            Description = "Remove a file, link or directory (with its contents) of the base image. Repeatable.",
            HelpName = "PATH_IN_IMAGE",
        };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing on success." };
        Option<string> names = NamesOption.Create("the base image");

        var command = new Command("edit",
            "Make a new image from an existing one with files added, replaced or removed; keeps its volume ids unless overridden. Deterministic like pack.");
        command.Add(baseImage);
        command.Add(output);
        command.Add(add);
        command.Add(remove);
        command.Add(names);
        var options = new ImageOptionBinder(command, fromBaseImage: true);
        command.Add(quiet);
        command.SetAction((parse, cancellationToken) => IsoCommandLine.RunAsync(parse, (stdout, ct) =>
        {
            ImageOptionContext context = ImageOptionBinder.CommandLineContext();
            ImageSpecBuilder builder = options.CreateBuilder(parse, context);
            // The base stays open until the new image is written: its files are streamed from it.
            using IsoImageReader reader = IsoImageReader.Open(parse.GetValue(baseImage)!, NamesOption.Parse(parse, names));
            builder.AddImage(reader);
            foreach (string path in parse.GetValue(remove) ?? [])
                builder.RemovePath(path);
            builder.ReplaceExisting = true;
            foreach (string source in parse.GetValue(add) ?? [])
                builder.AddSource(source);
            ImageSpec spec = options.Apply(parse, builder.Build(), context);
            ImageBuildResult result = IsoImageBuilder.Build(spec, ImageOptionBinder.OutputPath(parse, output), cancellationToken: ct);
            if (!parse.GetValue(quiet))
                stdout.WriteLine(PackCommand.Describe(result));
            return Task.FromResult(IsoCommandLine.ExitSuccess);
        }, cancellationToken));
        return command;
    }
}
