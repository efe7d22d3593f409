using System.CommandLine;
using IsoBuild.Options;
using IsoBuild.Spec;

namespace IsoBuild.Tool;

/// <summary>Turns the shared <see cref="ImageOptions"/> table into command-line options and reads them back.</summary>
internal sealed class ImageOptionBinder
{
    private readonly Dictionary<ImageOption, Option> _options = [];

    /// <param name="command">The command to add the options to.</param>
    /// <param name="fromBaseImage">True for <c>edit</c>, whose defaults come from the base image.</param>
    public ImageOptionBinder(Command command, bool fromBaseImage = false)
    {
        foreach (ImageOption definition in ImageOptions.All)
        {
            string[] aliases = definition.CliAlias is null ? [] : [definition.CliAlias];
            string description = fromBaseImage ? definition.EditDescription : definition.Description;
            Option option = definition.Kind switch
            {
                ImageOptionKind.Boolean => new Option<bool>(definition.CliName, aliases) { Description = description },
                ImageOptionKind.List => new Option<string[]>(definition.CliName, aliases) { Description = description, HelpName = definition.HelpName },
                _ => new Option<string>(definition.CliName, aliases) { Description = description, HelpName = definition.HelpName },
            };
            command.Add(option);
            _options.Add(definition, option);
        }
    }

    /// <summary>The option's value as text, or null when it was not given.</summary>
    public string? ValueOf(ParseResult parse, ImageOption definition) => _options[definition] switch
    {
        Option<bool> flag => parse.GetValue(flag) ? (definition.FlagValue ? "true" : "false") : null,
        Option<string> text => parse.GetValue(text),
        Option<string[]> list => parse.GetValue(list) is { Length: > 0 } items ? string.Join(';', items) : null,
        _ => null,
    };

    /// <summary>Options given to <c>dotnet iso</c>: relative to the current directory, with this process's SOURCE_DATE_EPOCH.</summary>
    public static ImageOptionContext CommandLineContext() =>
        new(Directory.GetCurrentDirectory(), FrontDoor.CommandLine, Environment.GetEnvironmentVariable(BuildTimestamp.SourceDateEpochVariable));

    /// <summary>The output path given with -o: an empty one is a coded error, like any unusable option value.</summary>
    public static string OutputPath(ParseResult parse, Option<string> output) =>
        parse.GetValue(output) is { Length: > 0 } path && !string.IsNullOrWhiteSpace(path) ? path
            : throw new IsoBuildException(ErrorCodes.InvalidOption, "The output path (-o) is empty: name the image to write, for example -o app.iso.");

    public ImageSpecBuilder CreateBuilder(ParseResult parse, ImageOptionContext context) => new(context.BaseDirectory)
    {
        FollowSymlinks = ImageOptions.FollowSymlinks.ParseBoolean(ValueOf(parse, ImageOptions.FollowSymlinks), false, context),
    };

    public ImageSpec Apply(ParseResult parse, ImageSpec spec, ImageOptionContext context) =>
        ImageOptions.Apply(spec, d => ValueOf(parse, d), context);
}
