using System.CommandLine;
using IsoBuild.Options;
using IsoBuild.Spec;

namespace IsoBuild.Tool;

/// <summary>Turns the engine's <see cref="ImageOptions"/> table into command-line options and reads them back.</summary>
internal sealed class ImageOptionBinder
{
    private readonly Dictionary<ImageOption, Option> _options = [];

    public ImageOptionBinder(Command command)
    {
        foreach (ImageOption definition in ImageOptions.All)
        {
            string[] aliases = definition.CliAlias is null ? [] : [definition.CliAlias];
            Option option = definition.Kind == ImageOptionKind.Boolean
                ? new Option<bool>(definition.CliName, aliases) { Description = definition.Description }
                : new Option<string>(definition.CliName, aliases) { Description = definition.Description, HelpName = definition.HelpName };
            command.Add(option);
            _options.Add(definition, option);
        }
    }

    /// <summary>The option's value as text, or null when it was not given.</summary>
    public string? ValueOf(ParseResult parse, ImageOption definition) => _options[definition] switch
    {
        Option<bool> flag => parse.GetValue(flag) ? (definition.FlagValue ? "true" : "false") : null,
        Option<string> text => parse.GetValue(text),
        _ => null,
    };

    public ImageSpecBuilder CreateBuilder(ParseResult parse, ImageOptionContext context) => new(context.BaseDirectory)
    {
        FollowSymlinks = ImageOptions.FollowSymlinks.ParseBoolean(ValueOf(parse, ImageOptions.FollowSymlinks), false, context),
    };

    public ImageSpec Apply(ParseResult parse, ImageSpec spec, ImageOptionContext context) =>
        ImageOptions.Apply(spec, d => ValueOf(parse, d), context);
}
