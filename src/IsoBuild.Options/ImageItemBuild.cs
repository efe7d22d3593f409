using System.Globalization;
using IsoBuild.Spec;

namespace IsoBuild.Options;

/// <summary>Where the build of a project's images reports: the MSBuild task's log, or the worker's output.</summary>
internal interface IItemBuildLog
{
    /// <summary>A message; <paramref name="high"/> ones show at MSBuild's minimal verbosity.</summary>
    void Message(bool high, string text);

    /// <summary>A coded error or warning, about the project file.</summary>
    void Diagnostic(string code, bool warning, string message);
}

/// <summary>What the <c>CreateIsoImage</c> task is given: a project's <c>IsoImage</c> and <c>IsoContent</c> items and its settings.</summary>
internal sealed class ImageItemBuildRequest
{
    public required IReadOnlyList<IBuildItem> Images { get; init; }
    public IReadOnlyList<IBuildItem> Content { get; init; } = [];
    public required string ProjectDirectory { get; init; }
    public string ProjectFile { get; init; } = string.Empty;
    public required string ManifestDirectory { get; init; }
    public bool Incremental { get; init; } = true;
    public string SourceDateEpoch { get; init; } = string.Empty;
}

/// <summary>An image a build wrote or patched: its index among the request's images, and its figures.</summary>
internal readonly record struct WrittenImage(int Image, long Size, int Files, int Directories);

/// <summary>What a build of a project's images did: the images written or patched and every image's manifest.</summary>
internal sealed class ImageItemBuildResult
{
    public List<WrittenImage> Written { get; } = [];
    public List<string> Manifests { get; } = [];
}

/// <summary>
/// Builds the images of a project's <c>IsoImage</c> items that are out of date, the same whether it runs in MSBuild's
/// process or in the worker (<c>dotnet-iso __msbuild-worker</c>).
/// </summary>
internal static class ImageItemBuild
{
    public static ImageItemBuildResult Run(ImageItemBuildRequest request, IItemBuildLog log, CancellationToken cancellationToken)
    {
        string projectDirectory = Path.GetFullPath(request.ProjectDirectory);
        string projectName = request.ProjectFile.Length > 0
            ? Path.GetFileNameWithoutExtension(request.ProjectFile)
            : Path.GetFileName(Path.TrimEndingDirectorySeparator(projectDirectory));
        var context = new ImageOptionContext(projectDirectory, FrontDoor.MSBuild, request.SourceDateEpoch.Length > 0 ? request.SourceDateEpoch : null);
        WarnAboutContentForNoImage(request, log);
        var result = new ImageItemBuildResult();
        for (int i = 0; i < request.Images.Count; i++)
        {
            IBuildItem image = request.Images[i];
            string output = IsoImageItem.OutputPath(image, projectDirectory);
            string manifest = IsoImageItem.IntermediatePath(Path.GetFullPath(IsoImageItem.MSBuildPath(request.ManifestDirectory), projectDirectory), output, ".isobuild.manifest");
            result.Manifests.Add(manifest);
            foreach ((string name, string? meant) in IsoImageItem.UnknownMetadata(image))
            {
                log.Diagnostic(ErrorCodes.UnknownItemMetadata, warning: true,
                    $"{image.ItemSpec}: IsoBuild does not know the metadata '{name}' and ignores it.{(meant is null ? " See docs/msbuild.md for the metadata it reads." : $" Did you mean '{meant}'?")}");
            }
            try
            {
                ImageSpec spec = IsoImageItem.ToSpec(image, context, request.Content);
                ImageBuildResult built = IsoImageBuilder.BuildIncremental(spec, output, manifest, request.Incremental, progress: null, cancellationToken);
                log.Message(high: true, string.Create(CultureInfo.InvariantCulture, $"{projectName} -> {built.OutputPath}"));
                log.Message(high: false, string.Create(CultureInfo.InvariantCulture, $"IsoImage: {built.OutputPath} ({built.Summary})"));
                if (!built.UpToDate)
                    result.Written.Add(new WrittenImage(i, built.Size, built.Files, built.Directories));
            }
            catch (IsoBuildException e)
            {
                log.Diagnostic(e.Code, warning: false, $"{image.ItemSpec}: {Wording.Format(e, FrontDoor.MSBuild)}");
            }
        }
        return result;
    }

    /// <summary>An IsoContent item whose Image names no IsoImage would silently go nowhere.</summary>
    private static void WarnAboutContentForNoImage(ImageItemBuildRequest request, IItemBuildLog log)
    {
        foreach (IBuildItem content in request.Content)
        {
            if (content.GetMetadata("Image").Length > 0 && !request.Images.Any(image => IsoImageItem.IsFor(content, image)))
            {
                log.Diagnostic(ErrorCodes.ContentForNoImage, warning: true,
                    $"The IsoContent item '{content.ItemSpec}' is for Image=\"{content.GetMetadata("Image")}\", which is no IsoImage of this project ({string.Join(", ", request.Images.Select(i => i.ItemSpec))}), so it goes into no image. Name an image by its item spec or file name, or leave Image out to put it into every image.");
            }
        }
    }
}
