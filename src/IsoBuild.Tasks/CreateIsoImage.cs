using System.Globalization;
using IsoBuild.Options;
using IsoBuild.Spec;
using Microsoft.Build.Framework;
using MSBuildTask = Microsoft.Build.Utilities.Task;
using TaskItem = Microsoft.Build.Utilities.TaskItem;

namespace IsoBuild.Tasks;

/// <summary>
/// Builds the images of the <c>IsoImage</c> items that are out of date. The item's metadata carries the same options as
/// <c>dotnet iso pack</c>, under the same names; no ISO knowledge lives here.
/// </summary>
/// <remarks>
/// Each image is up to date on its own: the manifest of its last build (in the intermediate folder) records a key of
/// everything in it but file data and a stamp of every file it holds, so an image whose own inputs did not change is
/// left untouched, modification time included, whatever happened to the other images of the project. Each source
/// tree is walked once per build.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "MSBuild never disposes tasks; a CancellationTokenSource without a timer holds nothing that needs disposing.")]
public sealed class CreateIsoImage : MSBuildTask, ICancelableTask
{
    private readonly CancellationTokenSource _cancellation = new();

    /// <summary>The <c>IsoImage</c> items: the item spec is the image path, metadata are the options.</summary>
    [Required]
    public ITaskItem[] Images { get; set; } = [];

    /// <summary>
    /// <c>IsoContent</c> items: files to put into images at <c>PathInImage</c> (a path ending in '/' keeps the file's
    /// name), into the image named by <c>Image</c> or into every image.
    /// </summary>
    public ITaskItem[] Content { get; set; } = [];

    /// <summary>Relative sources and image paths are resolved against this directory (the project's).</summary>
    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>The project file: errors point at it, and its name starts the "project -> image" line of the log.</summary>
    public string ProjectFile { get; set; } = string.Empty;

    /// <summary>Where each image's manifest is kept (the intermediate folder).</summary>
    [Required]
    public string ManifestDirectory { get; set; } = string.Empty;

    /// <summary>Patch changed file data into the previous image in place (<c>IsoImagesIncremental</c>); false writes the whole image.</summary>
    public bool Incremental { get; set; } = true;

    /// <summary>The project's SOURCE_DATE_EPOCH (from the environment or a property); empty when unset.</summary>
    public string SourceDateEpoch { get; set; } = string.Empty;

    /// <summary>The images written or patched by this build, with <c>Size</c>, <c>Files</c> and <c>Directories</c> metadata.</summary>
    [Output]
    public ITaskItem[] WrittenImages { get; private set; } = [];

    /// <summary>The manifests of every image (for FileWrites).</summary>
    [Output]
    public ITaskItem[] Manifests { get; private set; } = [];

    /// <inheritdoc />
    public void Cancel() => _cancellation.Cancel();

    /// <inheritdoc />
    public override bool Execute()
    {
        string projectDirectory = Path.GetFullPath(ProjectDirectory);
        string projectName = ProjectFile.Length > 0 ? Path.GetFileNameWithoutExtension(ProjectFile) : Path.GetFileName(Path.TrimEndingDirectorySeparator(projectDirectory));
        var context = new ImageOptionContext(projectDirectory, FrontDoor.MSBuild, SourceDateEpoch.Length > 0 ? SourceDateEpoch : null);
        WarnAboutContentForNoImage();
        var written = new List<ITaskItem>();
        var manifests = new List<ITaskItem>();
        foreach (ITaskItem image in Images)
        {
            string output = IsoImageItem.OutputPath(image, projectDirectory);
            string manifest = IsoImageItem.IntermediatePath(Path.GetFullPath(IsoImageItem.MSBuildPath(ManifestDirectory), projectDirectory), output, ".isobuild.manifest");
            manifests.Add(new TaskItem(manifest));
            foreach ((string name, string? meant) in IsoImageItem.UnknownMetadata(image))
            {
                Diagnostic(ErrorCodes.UnknownItemMetadata, warning: true,
                    $"{image.ItemSpec}: IsoBuild does not know the metadata '{name}' and ignores it.{(meant is null ? " See docs/msbuild.md for the metadata it reads." : $" Did you mean '{meant}'?")}");
            }
            try
            {
                ImageSpec spec = IsoImageItem.ToSpec(image, context, Content);
                ImageBuildResult result = IsoImageBuilder.BuildIncremental(spec, output, manifest, Incremental, progress: null, _cancellation.Token);
                Log.LogMessage(MessageImportance.High, "{0} -> {1}", projectName, result.OutputPath);
                Log.LogMessage(MessageImportance.Normal, "IsoImage: {0} ({1})", result.OutputPath, result.Summary);
                if (result.UpToDate)
                    continue;
                var item = new TaskItem(image);
                item.SetMetadata("Size", result.Size.ToString(CultureInfo.InvariantCulture));
                item.SetMetadata("Files", result.Files.ToString(CultureInfo.InvariantCulture));
                item.SetMetadata("Directories", result.Directories.ToString(CultureInfo.InvariantCulture));
                written.Add(item);
            }
            catch (IsoBuildException e)
            {
                Diagnostic(e.Code, warning: false, $"{image.ItemSpec}: {Wording.Format(e, FrontDoor.MSBuild)}");
            }
        }
        WrittenImages = [.. written];
        Manifests = [.. manifests];
        return !Log.HasLoggedErrors;
    }

    /// <summary>An IsoContent item whose Image names no IsoImage would silently go nowhere.</summary>
    private void WarnAboutContentForNoImage()
    {
        foreach (ITaskItem content in Content)
        {
            if (content.GetMetadata("Image").Length > 0 && !Images.Any(image => IsoImageItem.IsFor(content, image)))
            {
                Diagnostic(ErrorCodes.ContentForNoImage, warning: true,
                    $"The IsoContent item '{content.ItemSpec}' is for Image=\"{content.GetMetadata("Image")}\", which is no IsoImage of this project ({string.Join(", ", Images.Select(i => i.ItemSpec))}), so it goes into no image. Name an image by its item spec or file name, or leave Image out to put it into every image.");
            }
        }
    }

    private void Diagnostic(string code, bool warning, string message)
    {
        string? file = ProjectFile.Length > 0 ? ProjectFile : null;
        if (warning)
            Log.LogWarning(null, code, null, file, 0, 0, 0, 0, "{0}", message);
        else
            Log.LogError(null, code, null, file, 0, 0, 0, 0, "{0}", message);
    }
}
