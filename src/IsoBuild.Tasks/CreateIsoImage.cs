using IsoBuild.Spec;
using Microsoft.Build.Framework;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace IsoBuild.Tasks;

/// <summary>
/// Builds one ISO image per <c>IsoImage</c> item. The item's metadata carries the same options as
/// <c>dotnet iso pack</c>, under the same names; no ISO knowledge lives here.
/// </summary>
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

    /// <summary>
    /// Where incremental builds keep each image's manifest (the intermediate folder). Empty: every build writes the
    /// whole image.
    /// </summary>
    public string ManifestDirectory { get; set; } = string.Empty;

    /// <summary>The images written, with <c>Size</c>, <c>Files</c> and <c>Directories</c> metadata.</summary>
    [Output]
    public ITaskItem[] WrittenImages { get; private set; } = [];

    /// <inheritdoc />
    public void Cancel() => _cancellation.Cancel();

    /// <inheritdoc />
    public override bool Execute()
    {
        string projectDirectory = Path.GetFullPath(ProjectDirectory);
        string projectName = ProjectFile.Length > 0 ? Path.GetFileNameWithoutExtension(ProjectFile) : Path.GetFileName(Path.TrimEndingDirectorySeparator(projectDirectory));
        var written = new List<ITaskItem>();
        foreach (ITaskItem image in Images)
        {
            try
            {
                ImageSpec spec = IsoImageItem.ToSpec(image, projectDirectory, Content);
                string output = Path.GetFullPath(image.ItemSpec, projectDirectory);
                ImageBuildResult result = ManifestDirectory.Length > 0
                    ? IsoImageBuilder.BuildIncremental(spec, output, IsoImageItem.IntermediatePath(ManifestDirectory, image, ".isobuild.manifest"), _cancellation.Token)
                    : IsoImageBuilder.Build(spec, output, _cancellation.Token);
                Log.LogMessage(MessageImportance.High, "{0} -> {1}", projectName, result.OutputPath);
                Log.LogMessage(MessageImportance.Normal, "IsoImage: {0} ({1})", result.OutputPath, result.Summary);
                var item = new Microsoft.Build.Utilities.TaskItem(image);
                item.SetMetadata("Size", result.Size.ToString(System.Globalization.CultureInfo.InvariantCulture));
                item.SetMetadata("Files", result.Files.ToString(System.Globalization.CultureInfo.InvariantCulture));
                item.SetMetadata("Directories", result.Directories.ToString(System.Globalization.CultureInfo.InvariantCulture));
                written.Add(item);
            }
            catch (IsoBuildException e)
            {
                Log.LogError(subcategory: null, errorCode: e.Code, helpKeyword: null, file: ProjectFile.Length > 0 ? ProjectFile : null,
                    lineNumber: 0, columnNumber: 0, endLineNumber: 0, endColumnNumber: 0, message: "{0}: {1}", image.ItemSpec, e.Message);
            }
        }
        WrittenImages = [.. written];
        return !Log.HasLoggedErrors;
    }
}
