using IsoBuild.Options;
using IsoBuild.Spec;
using Microsoft.Build.Framework;

namespace IsoBuild.Tasks;

/// <summary>
/// Translates an <c>IsoImage</c> item into an <see cref="ImageSpec"/>: <c>SourceDirectory</c> and <c>Sources</c>
/// name the content, every other option is read from the metadata named in the engine's <see cref="ImageOptions"/>.
/// </summary>
internal static class IsoImageItem
{
    public static ImageSpec ToSpec(ITaskItem item, string projectDirectory, IEnumerable<ITaskItem>? content = null)
    {
        var context = new ImageOptionContext(projectDirectory, CommandLine: false);
        string? ValueOf(ImageOption option) => item.GetMetadata(option.MetadataName) is { Length: > 0 } v
            ? option.HelpName is "FILE" or "DIR" ? MSBuildPath(v) : v
            : null;

        var builder = new ImageSpecBuilder(projectDirectory)
        {
            FollowSymlinks = ImageOptions.FollowSymlinks.ParseBoolean(ValueOf(ImageOptions.FollowSymlinks), false, context),
        };
        // BaseImage: start from an existing image; RemovePaths drops paths of it; content items add or replace files.
        if (item.GetMetadata("BaseImage") is { Length: > 0 } baseImage)
            builder.AddBaseImage(MSBuildPath(baseImage), item.GetMetadata("RemovePaths").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        string sourceDirectory = MSBuildPath(item.GetMetadata("SourceDirectory"));
        if (sourceDirectory.Length > 0)
            builder.AddGraft(string.Empty, sourceDirectory);
        foreach (string source in item.GetMetadata("Sources").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            builder.AddSource(MSBuildPath(source));
        foreach (ITaskItem file in content ?? [])
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
    private static bool IsFor(ITaskItem content, ITaskItem image)
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

    /// <summary>A per-image file in the intermediate folder: the image's name and a hash of its full path.</summary>
    public static string IntermediatePath(string directory, ITaskItem image, string suffix)
    {
        string hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(image.GetMetadata("FullPath"))))[..8];
        return Path.Combine(directory, Path.GetFileName(image.ItemSpec) + "." + hash + suffix);
    }
}
