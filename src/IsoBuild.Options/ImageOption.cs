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

    /// <summary>Several strings: on the command line the option repeated, in MSBuild a list separated by ';'.</summary>
    List,
}

/// <summary>The front door a user speaks to: its names for options appear in every message.</summary>
public enum FrontDoor
{
    /// <summary><c>dotnet iso</c>: options are flags (<c>--iso-level 3</c>).</summary>
    CommandLine,

    /// <summary>The <c>IsoImage</c> item: options are metadata (<c>IsoLevel="3"</c>).</summary>
    MSBuild,
}

/// <summary>Where an option's value came from, for resolving relative paths and naming it in messages.</summary>
/// <param name="BaseDirectory">Relative source paths are resolved against this directory.</param>
/// <param name="FrontDoor">The front door the values were given to.</param>
/// <param name="SourceDateEpoch">The SOURCE_DATE_EPOCH in effect (from the environment or the project), or null.</param>
public sealed record ImageOptionContext(string BaseDirectory, FrontDoor FrontDoor, string? SourceDateEpoch = null);

/// <summary>
/// One option of an image, defined once for both front doors: <c>dotnet iso pack --cli-name</c> and
/// <c>&lt;IsoImage MetadataName="..." /&gt;</c> have the same meaning because they are the same definition.
/// </summary>
public sealed class ImageOption
{
    private readonly Func<ImageSpec, string?, ImageOptionContext, ImageSpec> _apply;

    internal ImageOption(ImageSetting setting, string metadataName, string cliName, string description, ImageOptionKind kind,
        Func<ImageSpec, string?, ImageOptionContext, ImageSpec> apply, string? helpName = null, string? cliAlias = null, bool flagValue = true,
        string? editDescription = null)
    {
        EditDescription = editDescription ?? description;
        Setting = setting;
        MetadataName = metadataName;
        CliName = cliName;
        Description = description;
        Kind = kind;
        HelpName = helpName;
        CliAlias = cliAlias;
        FlagValue = flagValue;
        _apply = apply;
    }

    /// <summary>The engine setting this option gives a value.</summary>
    public ImageSetting Setting { get; }

    /// <summary>The <c>IsoImage</c> item metadata name, for example <c>VolumeId</c> or <c>Joliet</c>.</summary>
    public string MetadataName { get; }

    /// <summary>The command-line option, for example <c>--volume-id</c> or <c>--no-joliet</c>.</summary>
    public string CliName { get; }

    /// <summary>A short alias on the command line (<c>-V</c>), or null.</summary>
    public string? CliAlias { get; }

    /// <summary>Help text, shared by <c>--help</c> and the docs.</summary>
    public string Description { get; }

    /// <summary>Help text when the option is given to <c>dotnet iso edit</c>, whose defaults come from the base image.</summary>
    public string EditDescription { get; }

    /// <summary>Text or boolean.</summary>
    public ImageOptionKind Kind { get; }

    /// <summary>The placeholder of a text value in help (<c>ID</c>, <c>PATH_IN_IMAGE</c>).</summary>
    public string? HelpName { get; }

    /// <summary>True when the value is a path on disk, resolved against the base directory.</summary>
    public bool IsSourcePath => HelpName is "FILE" or "DIR";

    /// <summary>For booleans: the value the command-line flag stands for (false for <c>--no-joliet</c>).</summary>
    public bool FlagValue { get; }

    /// <summary>Applies the option's value (null when not given) to a spec.</summary>
    public ImageSpec Apply(ImageSpec spec, string? value, ImageOptionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _apply(spec, value, context);
    }

    /// <summary>Parses a boolean value, with a coded error naming the option as the user wrote it.</summary>
    public bool ParseBoolean(string? value, bool defaultValue, ImageOptionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(value))
            return defaultValue;
        if (bool.TryParse(value.Trim(), out bool b))
            return b;
        throw new IsoBuildException(ErrorCodes.InvalidOption, $"{Written(value, context.FrontDoor)} is not a boolean: write true or false.");
    }

    /// <summary>The items of a list value (separated by ';', blanks dropped).</summary>
    public static IReadOnlyList<string> ParseList(string? value) =>
        value is null ? [] : value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Parses a whole number, with a coded error naming the option as the user wrote it.</summary>
    public int ParseInt(string value, ImageOptionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n
            : throw new IsoBuildException(ErrorCodes.InvalidOption, $"{Written(value, context.FrontDoor)} is not a whole number.");
    }

    /// <summary>The option's name at a front door: <c>--volume-id</c> or <c>VolumeId</c>.</summary>
    public string Name(FrontDoor door) => door == FrontDoor.CommandLine ? CliName : MetadataName;

    /// <summary>The option with a value as the user writes it: <c>--iso-level 4</c> or <c>IsoLevel="4"</c>.</summary>
    public string Written(string value, FrontDoor door) =>
        door == FrontDoor.CommandLine ? $"{CliName} {value}" : $"{MetadataName}=\"{value}\"";

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{MetadataName} ({CliName})");
}
