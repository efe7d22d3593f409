using IsoBuild.Testing;

namespace IsoBuild.Tool.Tests.Mkisofs;

/// <summary>
/// Remastering what distributions ship: xorriso's own image of a pipeline's command line, edited with
/// <c>dotnet iso edit --add</c>, keeps its boot setup — El Torito entries, MBR and GPT entries with their types,
/// flags, names and GUIDs, the appended partitions (in the MBR for archiso, in the GPT only for Ubuntu and Fedora),
/// the partition offset and cylinder alignment — and boots in every mode the pipeline's image boots in.
/// </summary>
public sealed partial class MkisofsImageTests
{
    /// <summary>The pipelines without an Apple partition map or HFS+ (which an edit refuses unless told to drop them).</summary>
    public static TheoryData<string> RemasteredPipelines => new() { "archiso", "ubuntu", "lorax", "cosmos", "osdev-isolinux" };

    [Theory]
    [MemberData(nameof(RemasteredPipelines))]
    public void An_edit_of_xorrisos_image_of_a_pipeline_keeps_its_boot_setup_and_boots(string pipeline)
    {
        object[] row = Pipelines.Single(r => (string)r[0] == pipeline);
        string[] argv = [.. Argv.Split((string)row[1])];
        var epoch = new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = Epoch };
        string original = _payloads.Dir.Combine(pipeline + ".remaster-base.iso");
        string edited = _payloads.Dir.Combine(pipeline + ".remastered.iso");
        ExternalTool.Run("xorriso", ["-as", "mkisofs", .. argv, "-o", original, "iso"], _payloads.Dir.Path, epoch).EnsureSuccess();
        File.WriteAllText(_payloads.Dir.Combine("user-data"), "#cloud-config\nautoinstall:\n  version: 1\n");
        ToolResult r = Cli.RunProcess(epoch, _payloads.Dir.Path, ["edit", original, "-o", edited, "--add", "autoinstall/user-data=user-data"]);
        Assert.True(r.ExitCode == 0, r.AllOutput);

        string before = Report(original), after = Report(edited);
        Assert.Equal(Describe(before, []), Describe(after, []));
        // What Describe leaves out as addresses, sizes and ids must stay too: the kind of system area, the disk and
        // partition GUIDs, the partition offset.
        Assert.Equal(Kept(before), Kept(after));
        Assert.Equal(SgdiskVerdict(original), SgdiskVerdict(edited));
        Assert.Contains("autoinstall/user-data", IsoBuildListing(edited).Keys);
        if (argv.Contains("-partition_offset"))
            ThePartitionReadsAsTheVolume(edited, kernel: false);

        foreach (string mode in ((string)row[2]).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            Boots(edited, mode.Split(':')[0], readsIso: !mode.EndsWith(":isolinux", StringComparison.Ordinal));
        File.Delete(original);
        File.Delete(edited);
    }

    private static List<string> Kept(string report) =>
        [.. report.Split('\n').Select(l => l.TrimEnd()).Where(l =>
            l.StartsWith("System area ", StringComparison.Ordinal) || l.StartsWith("GPT disk GUID", StringComparison.Ordinal)
            || l.StartsWith("GPT partition GUID", StringComparison.Ordinal) || l.StartsWith("GPT partition name", StringComparison.Ordinal)
            || l.StartsWith("GPT partition flags", StringComparison.Ordinal) || l.StartsWith("Partition offset", StringComparison.Ordinal))];

    /// <summary>What <c>sgdisk -v</c> concludes (the problems it names, not the sectors it counts).</summary>
    private static List<string> SgdiskVerdict(string image) =>
        [.. ExternalTool.Run("sgdisk", "-v", image).StandardOutput.Split('\n')
            .Where(l => l.StartsWith("No problems", StringComparison.Ordinal) || l.StartsWith("Problem:", StringComparison.Ordinal)
                || l.StartsWith("Invalid partition data", StringComparison.Ordinal))
            .Select(l => l.StartsWith("No problems", StringComparison.Ordinal) ? "No problems found." : l)];
}
