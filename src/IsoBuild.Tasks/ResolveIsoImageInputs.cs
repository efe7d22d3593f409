using System.Text;
using IsoBuild.Fat;
using IsoBuild.Options;
using IsoBuild.Reading;
using IsoBuild.Spec;
using Microsoft.Build.Framework;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace IsoBuild.Tasks;

/// <summary>
/// Finds what each image is made from, for MSBuild's up-to-date check: every source file, and a stamp file per image
/// that records the options, SOURCE_DATE_EPOCH and the list of entries. The stamp is rewritten only when its text
/// changes (like the SDK's CoreCompileInputs.cache), so a changed option, an added or removed file or another
/// timestamp makes the image out of date, and nothing else does.
/// </summary>
public sealed class ResolveIsoImageInputs : MSBuildTask
{
    /// <summary>The <c>IsoImage</c> items.</summary>
    [Required]
    public ITaskItem[] Images { get; set; } = [];

    /// <summary>The <c>IsoContent</c> items.</summary>
    public ITaskItem[] Content { get; set; } = [];

    /// <summary>The project's directory.</summary>
    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>Where the stamp files go (the intermediate output path).</summary>
    [Required]
    public string StampDirectory { get; set; } = string.Empty;

    /// <summary>Every file the images are made from, stamps included.</summary>
    [Output]
    public ITaskItem[] Inputs { get; private set; } = [];

    /// <summary>The stamp files (for FileWrites).</summary>
    [Output]
    public ITaskItem[] Stamps { get; private set; } = [];

    /// <inheritdoc />
    public override bool Execute()
    {
        var inputs = new SortedSet<string>(StringComparer.Ordinal);
        var stamps = new List<ITaskItem>();
        Directory.CreateDirectory(StampDirectory);
        foreach (ITaskItem image in Images)
        {
            string stamp = IsoImageItem.IntermediatePath(StampDirectory, image, ".isobuild.inputs");
            var text = new StringBuilder();
            try
            {
                ImageSpec spec = IsoImageItem.ToSpec(image, ProjectDirectory, Content);
                // Custom metadata only: well-known metadata such as ModifiedTime describe the image file itself.
                var metadata = image.CloneCustomMetadata();
                foreach (string name in metadata.Keys.Cast<string>().Order(StringComparer.Ordinal))
                    text.Append(name).Append('=').Append(metadata[name]).Append('\n');
                text.Append(BuildTimestamp.SourceDateEpochVariable).Append('=').Append(Environment.GetEnvironmentVariable(BuildTimestamp.SourceDateEpochVariable)).Append('\n');
                foreach (ImageEntry entry in spec.Entries)
                {
                    text.Append(entry.Path).Append('\t').Append(entry.Kind).Append('\t').Append(entry.Origin).Append('\t').Append(entry.Executable).Append('\t').Append(entry.LinkTarget).Append('\n');
                    AddInputs(entry.Content, inputs);
                }
                if (spec.Boot?.MbrCode is null && (spec.Boot?.HybridMbr ?? spec.Boot?.Grub2Mbr) is { } mbr)
                    inputs.Add(mbr);
            }
            catch (IsoBuildException e)
            {
                // The image target reports this with its code; here the image is simply out of date.
                text.Append("error ").Append(e.Code).Append(' ').Append(e.Message).Append('\n');
            }
            WriteIfDifferent(stamp, text.ToString());
            inputs.Add(stamp);
            stamps.Add(new Microsoft.Build.Utilities.TaskItem(stamp));
        }
        Inputs = [.. inputs.Select(i => new Microsoft.Build.Utilities.TaskItem(i))];
        Stamps = [.. stamps];
        return !Log.HasLoggedErrors;
    }

    private static void AddInputs(ContentSource? content, SortedSet<string> inputs)
    {
        switch (content)
        {
            case FileContentSource file:
                inputs.Add(file.FullPath);
                break;
            case IsoImageContentSource fromImage when fromImage.ImagePath is { } path:
                inputs.Add(path);
                break;
            case FatImageContent fat:
                foreach (string f in Directory.EnumerateFiles(fat.SourceDirectory, "*", SearchOption.AllDirectories))
                    inputs.Add(f);
                break;
        }
    }

    private static void WriteIfDifferent(string path, string text)
    {
        if (File.Exists(path) && File.ReadAllText(path) == text)
            return;
        File.WriteAllText(path, text);
    }
}
