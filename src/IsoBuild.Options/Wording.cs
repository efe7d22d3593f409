namespace IsoBuild.Options;

/// <summary>
/// Words the engine's messages for a front door: each setting a message names becomes that door's option
/// (<c>--iso-level 3</c>, <c>IsoLevel="3"</c>), and a code may get a hint that only makes sense at that door.
/// </summary>
public static class Wording
{
    /// <summary>The message of <paramref name="exception"/> as a user of <paramref name="door"/> reads it.</summary>
    public static string Format(IsoBuildException exception, FrontDoor door)
    {
        ArgumentNullException.ThrowIfNull(exception);
        string message = exception.Format(r => Word(r, door));
        return Hint(exception.Code, door) is { } hint ? message + " " + hint : message;
    }

    /// <summary>A setting as a user of <paramref name="door"/> names it, or writes it with a value.</summary>
    public static string Word(SettingReference reference, FrontDoor door)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ImageOption? option = ImageOptions.All.FirstOrDefault(o => o.Setting == reference.Setting);
        if (option is null)
            return Other(reference, door);
        if (reference.Value is not { } value)
            return option.Name(door);
        if (door == FrontDoor.MSBuild)
            return $"{option.MetadataName}=\"{value}\"";
        if (option.Kind == ImageOptionKind.Boolean)
        {
            // A flag sets one value; the other is the default, had by leaving the flag out.
            bool wanted = bool.Parse(value);
            return wanted == option.FlagValue ? option.CliName : $"leave out {option.CliName}";
        }
        return $"{option.CliName} {value}";
    }

    /// <summary>Settings outside the option table: content settings of the item, and the environment.</summary>
    private static string Other(SettingReference reference, FrontDoor door)
    {
        string name = reference.Setting == ImageSetting.RemovePaths ? door == FrontDoor.CommandLine ? "--remove" : "RemovePaths"
            : reference.Setting == ImageSetting.BaseImage ? door == FrontDoor.CommandLine ? "the base image" : "BaseImage"
            : reference.Setting.Name;
        return reference.Value is null ? name : door == FrontDoor.MSBuild ? $"{name}=\"{reference.Value}\"" : $"{name}={reference.Value}";
    }

    /// <summary>What to do next that the engine cannot say, since it depends on the door.</summary>
    private static string? Hint(string code, FrontDoor door) => (code, door) switch
    {
        (ErrorCodes.PathNotInImage, FrontDoor.CommandLine) => "List the image with: dotnet iso ls IMAGE -R",
        (ErrorCodes.PathNotInImage, FrontDoor.MSBuild) => "List the base image with: dotnet iso ls BASE.iso -R",
        _ => null,
    };
}
