using System.Globalization;
using IsoBuild.Options;
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
/// tree is walked once per build. Where the native worker is at hand the images are built in it, otherwise in
/// MSBuild's process (<see cref="MSBuildWorkerClient"/>).
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

    /// <summary>
    /// Build the images in the native worker when there is one for this machine (<c>IsoBuildOutOfProcess</c>, true by
    /// default); false builds them in MSBuild's process.
    /// </summary>
    public bool OutOfProcess { get; set; } = true;

    /// <summary>The worker to run (<c>IsoBuildWorker</c>); empty for the one the package carries for this machine, if any.</summary>
    public string Worker { get; set; } = string.Empty;

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
        var request = new ImageItemBuildRequest
        {
            Images = [.. Images.Select(i => new TaskBuildItem(i))],
            Content = [.. Content.Select(i => new TaskBuildItem(i))],
            ProjectDirectory = ProjectDirectory,
            ProjectFile = ProjectFile,
            ManifestDirectory = ManifestDirectory,
            Incremental = Incremental,
            SourceDateEpoch = SourceDateEpoch,
        };
        var log = new TaskLog(this);
        string? worker = null;
        if (OutOfProcess && !MSBuildWorkerClient.TryFind(Worker, ProjectDirectory, log, out worker))
            return false;
        ImageItemBuildResult result = (worker is null ? null : MSBuildWorkerClient.Run(worker, request, log, _cancellation.Token))
            ?? ImageItemBuild.Run(request, log, _cancellation.Token);
        WrittenImages = [.. result.Written.Select(w =>
        {
            var item = new TaskItem(Images[w.Image]);
            item.SetMetadata("Size", w.Size.ToString(CultureInfo.InvariantCulture));
            item.SetMetadata("Files", w.Files.ToString(CultureInfo.InvariantCulture));
            item.SetMetadata("Directories", w.Directories.ToString(CultureInfo.InvariantCulture));
            return (ITaskItem)item;
        })];
        Manifests = [.. result.Manifests.Select(m => (ITaskItem)new TaskItem(m))];
        return !Log.HasLoggedErrors;
    }
}

/// <summary>An item as the shared build reads it.</summary>
internal sealed class TaskBuildItem(ITaskItem item) : IBuildItem
{
    public string ItemSpec => item.ItemSpec;

    public IEnumerable<string> CustomMetadataNames => item.CloneCustomMetadata().Keys.Cast<string>();

    public string GetMetadata(string name) => item.GetMetadata(name);
}

/// <summary>The task's log, with every diagnostic about the project file.</summary>
internal sealed class TaskLog(CreateIsoImage task) : IItemBuildLog
{
    public void Message(bool high, string text) => task.Log.LogMessage(high ? MessageImportance.High : MessageImportance.Normal, "{0}", text);

    public void Diagnostic(string code, bool warning, string message)
    {
        string? file = task.ProjectFile.Length > 0 ? task.ProjectFile : null;
        if (warning)
            task.Log.LogWarning(null, code, null, file, 0, 0, 0, 0, "{0}", message);
        else
            task.Log.LogError(null, code, null, file, 0, 0, 0, 0, "{0}", message);
    }

    public void Detail(string text) => task.Log.LogMessage(MessageImportance.Low, "{0}", text);
}
