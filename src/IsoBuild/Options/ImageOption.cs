using System.Globalization;
using IsoBuild.Spec;

namespace IsoBuild.Options;

/// <summary>How an option's value is written.</summary>
public enum ImageOptionKind
{
    /// <summary>A string (an id, a date, a path).</summary>
    Text,

    /// <summary>true or false. On the command line a flag: present means <see cref="ImageOption.FlagValue"/>.</summary>
    Boolean,
}

/// <summary>Where an option's value came from, for resolving relative paths and naming it in messages.</summary>
/// <param name="BaseDirectory">Relative source paths are resolved against this directory.</param>
/// <param name="CommandLine">True for <c>dotnet iso</c>, false for the <c>IsoImage</c> item.</param>
public sealed record ImageOptionContext(string BaseDirectory, bool CommandLine);

/// <summary>
/// One option of an image, defined once for both front doors: <c>dotnet iso pack --cli-name</c> and
/// <c>&lt;IsoImage MetadataName="..." /&gt;</c> have the same meaning because they are the same definition.
/// </summary>
public sealed class ImageOption
{
    private readonly Func<ImageSpec, string?, ImageOptionContext, ImageSpec> _apply;

    internal ImageOption(string metadataName, string cliName, string description, ImageOptionKind kind,
        Func<ImageSpec, string?, ImageOptionContext, ImageSpec> apply, string? helpName = null, string? cliAlias = null, bool flagValue = true)
    {
        MetadataName = metadataName;
        CliName = cliName;
        Description = description;
        Kind = kind;
        HelpName = helpName;
        CliAlias = cliAlias;
        FlagValue = flagValue;
        _apply = apply;
    }

    /// <summary>The <c>IsoImage</c> item metadata name, for example <c>VolumeId</c> or <c>Joliet</c>.</summary>
    public string MetadataName { get; }

    /// <summary>The command-line option, for example <c>--volume-id</c> or <c>--no-joliet</c>.</summary>
    public string CliName { get; }

    /// <summary>A short alias on the command line (<c>-V</c>), or null.</summary>
    public string? CliAlias { get; }

    /// <summary>Help text, shared by <c>--help</c> and the docs.</summary>
    public string Description { get; }

    /// <summary>Text or boolean.</summary>
    public ImageOptionKind Kind { get; }

    /// <summary>The placeholder of a text value in help (<c>ID</c>, <c>PATH_IN_IMAGE</c>).</summary>
    public string? HelpName { get; }

    /// <summary>For booleans: the value the command-line flag stands for (false for <c>--no-joliet</c>).</summary>
    public bool FlagValue { get; }

    /// <summary>Applies the option's value (null when not given) to a spec.</summary>
    public ImageSpec Apply(ImageSpec spec, string? value, ImageOptionContext context) => _apply(spec, value, context);

    /// <summary>Parses a boolean value, with a coded error naming the option as the user wrote it.</summary>
    public bool ParseBoolean(string? value, bool defaultValue, ImageOptionContext context)
    {
        if (string.IsNullOrWhiteSpace(value))
            return defaultValue;
        if (bool.TryParse(value.Trim(), out bool b))
            return b;
        throw new IsoBuildException(ErrorCodes.InvalidOption,
            $"{Name(context)} = '{value}' is not a boolean. Write true or false.");
    }

    /// <summary>The option as the user wrote it: <c>--volume-id</c> or <c>VolumeId</c>.</summary>
    public string Name(ImageOptionContext context) => context.CommandLine ? CliName : MetadataName;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{MetadataName} ({CliName})");
}
