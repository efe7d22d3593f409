using IsoBuild.Spec;
using Microsoft.Build.Framework;

namespace IsoBuild.Tasks;

/// <summary>Translates an <c>IsoImage</c> item into an <see cref="ImageSpec"/>. Metadata names match the CLI options.</summary>
internal static class IsoImageItem
{
    public static ImageSpec ToSpec(ITaskItem item, string projectDirectory)
    {
        var builder = new ImageSpecBuilder(projectDirectory) { FollowSymlinks = Bool(item, "FollowSymlinks", false) };
        string sourceDirectory = item.GetMetadata("SourceDirectory");
        if (sourceDirectory.Length > 0)
            builder.AddSource(sourceDirectory.EndsWith('=') ? sourceDirectory : "=" + sourceDirectory);
        foreach (string source in item.GetMetadata("Sources").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            builder.AddSource(source);

        ImageSpec spec = builder.Build();
        return spec with
        {
            VolumeId = Text(item, "VolumeId") ?? spec.VolumeId,
            Publisher = Text(item, "Publisher"),
            DataPreparer = Text(item, "Preparer"),
            Joliet = Bool(item, "Joliet", true),
            RockRidge = Bool(item, "RockRidge", true),
            Timestamp = BuildTimestamp.Resolve(Text(item, "Timestamp")),
        };
    }

    private static string? Text(ITaskItem item, string name) => item.GetMetadata(name) is { Length: > 0 } v ? v : null;

    private static bool Bool(ITaskItem item, string name, bool defaultValue)
    {
        string value = item.GetMetadata(name).Trim();
        if (value.Length == 0)
            return defaultValue;
        if (bool.TryParse(value, out bool b))
            return b;
        throw new IsoBuildException(ErrorCodes.InvalidOption,
            $"The IsoImage metadata {name}='{value}' is not a boolean. Write true or false.");
    }
}
