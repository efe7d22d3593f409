using IsoBuild.Editing;
using IsoBuild.Spec;

namespace IsoBuild.Options;

/// <summary>
/// Translates an <c>IsoImage</c> item into an <see cref="ImageSpec"/>: <c>SourceDirectory</c>, <c>Sources</c>,
/// <c>BaseImage</c> and <c>RemovePaths</c> name the content, every other option is read from the metadata named in
/// the shared <see cref="ImageOptions"/> table.
/// </summary>
internal static class IsoImageItem
{
    /// <summary>The content metadata of an <c>IsoImage</c> item (the options are in <see cref="ImageOptions"/>).</summary>
    public const string SourceDirectory = "SourceDirectory";
    public const string Sources = "Sources";
    public const string BaseImage = "BaseImage";
    public const string RemovePaths = "RemovePaths";

    /// <summary>Every metadata name IsoBuild reads from an <c>IsoImage</c> item.</summary>
    public static IReadOnlyList<string> KnownMetadata { get; } =
        [SourceDirectory, Sources, BaseImage, RemovePaths, .. ImageOptions.All.Select(o => o.MetadataName)];

    /// <summary>Names users reach for that mean one IsoBuild knows under another name.</summary>
    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["VolumeLabel"] = "VolumeId",
        ["VolumeName"] = "VolumeId",
        ["Label"] = "VolumeId",
        ["VolumeIdentifier"] = "VolumeId",
        ["Source"] = SourceDirectory,
        ["SourceFolder"] = SourceDirectory,
        ["Directory"] = SourceDirectory,
        ["Base"] = BaseImage,
        ["Remove"] = RemovePaths,
        ["DataPreparer"] = "Preparer",
    };

    /// <summary>Custom metadata of <paramref name="item"/> that IsoBuild does not read, each with the known name it most likely meant (or null).</summary>
    public static IEnumerable<(string Name, string? Meant)> UnknownMetadata(IBuildItem item)
    {
        foreach (string name in item.CustomMetadataNames.Order(StringComparer.Ordinal))
        {
            if (!KnownMetadata.Contains(name, StringComparer.OrdinalIgnoreCase))
                yield return (name, Suggestions.Closest(name, KnownMetadata, Synonyms));
        }
    }

    public static ImageSpec ToSpec(IBuildItem item, ImageOptionContext context, IEnumerable<IBuildItem>? content = null)
    {
        string? ValueOf(ImageOption option) => item.GetMetadata(option.MetadataName) is { Length: > 0 } v
            ? option.IsSourcePath ? MSBuildPath(v) : v
            : null;

        var builder = new ImageSpecBuilder(context.BaseDirectory)
        {
            FollowSymlinks = ImageOptions.FollowSymlinks.ParseBoolean(ValueOf(ImageOptions.FollowSymlinks), false, context),
        };
        // BaseImage: start from an existing image; RemovePaths drops paths of it; content items add or replace files.
        string[] removePaths = item.GetMetadata(RemovePaths).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (item.GetMetadata(BaseImage) is { Length: > 0 } baseImage)
        {
            builder.AddBaseImage(MSBuildPath(baseImage), removePaths);
        }
        else if (removePaths.Length > 0)
        {
            throw new IsoBuildException(ErrorCodes.RemovePathsWithoutBaseImage,
                "RemovePaths removes paths of a BaseImage, and the item has none: add BaseImage=\"…\" or drop RemovePaths.");
        }
        string sourceDirectory = MSBuildPath(item.GetMetadata(SourceDirectory));
        if (sourceDirectory.Length > 0)
            builder.AddGraft(string.Empty, sourceDirectory);
        foreach (string source in item.GetMetadata(Sources).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            builder.AddSource(MSBuildPath(source));
        foreach (IBuildItem file in content ?? [])
        {
            if (!IsFor(file, item))
                continue;
            // PathInImage works like NuGet's PackagePath: a path ending in '/' (or empty) keeps the file's name.
            string pathInImage = MSBuildPath(file.GetMetadata("PathInImage"));
            builder.AddGraft(pathInImage, MSBuildPath(file.GetMetadata("FullPath")));
        }
        return ImageOptions.Apply(builder.Build(), ValueOf, context);
    }

    /// <summary>An IsoContent item belongs to every image unless its Image metadata names one (by path or file name).</summary>
    public static bool IsFor(IBuildItem content, IBuildItem image)
    {
        string target = content.GetMetadata("Image");
        if (target.Length == 0)
            return true;
        string wanted = MSBuildPath(target);
        string spec = MSBuildPath(image.ItemSpec);
        return wanted == spec || wanted == Path.GetFileName(spec) || MSBuildPath(image.GetMetadata("FullPath")) == wanted;
    }

    /// <summary>
    /// MSBuild paths use '\' as a separator on every OS (<c>$(OutDir)</c> is <c>bin\Debug/net10.0/</c> on Linux), and
    /// MSBuild itself only rewrites it where the path already exists when the project is evaluated.
    /// </summary>
    internal static string MSBuildPath(string path) => OperatingSystem.IsWindows() ? path : path.Replace('\\', '/');

    /// <summary>The image an item writes: its item spec, relative to the project directory, with '/' separators.</summary>
    public static string OutputPath(IBuildItem image, string projectDirectory) => Path.GetFullPath(MSBuildPath(image.ItemSpec), projectDirectory);

    /// <summary>A per-image file in the intermediate folder: the image's name and a hash of its full path.</summary>
    public static string IntermediatePath(string directory, string outputPath, string suffix)
    {
        string hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(outputPath)))[..8];
        return Path.Combine(directory, Path.GetFileName(outputPath) + "." + hash + suffix);
    }
}
