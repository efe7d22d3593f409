using IsoBuild.Spec;
using IsoBuild.Testing;
using IsoBuild.Udf;

namespace IsoBuild.Tests.Udf;

/// <summary>
/// IsoBuild's bridge and UDF-primary images (pack --udf, --udf-primary) read by independent readers: 7-Zip, which
/// opens them as UDF; udftools' udfinfo; pycdlib's UDF reader; xorriso for the ISO 9660 half beside UDF.
/// </summary>
[Trait(Category.Name, Category.External)]
public class UdfBridgeInteropTests
{
    public static TheoryData<int, bool> Layouts => new()
    {
        { 0x0102, false }, { 0x0201, false }, { 0x0250, false }, { 0x0102, true }, { 0x0250, true },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Seven_zip_opens_the_image_as_UDF_and_extracts_exactly_the_source_tree(int rev, bool primary)
    {
        using var t = new TempDirectory("udf-bridge-7z");
        string source = t.CreateDirectory("src");
        TestTrees.CreateVaried(source, withSymlink: true, withLongNames: true);
        string image = UdfBridgeImageTests.Build(UdfBridgeImageTests.Spec(source, new UdfSpec { Revision = (UdfRevision)rev, Primary = primary }, followSymlinks: primary),
            t.Combine("image.iso"));
        // No -t: 7-Zip picks UDF by itself, as for Windows media.
        ToolResult list = ExternalTool.Run("7zz", "l", image).EnsureSuccess();
        Assert.Contains("Type = Udf", list.StandardOutput, StringComparison.Ordinal);
        string target = t.CreateDirectory("x");
        ExternalTool.Run("7zz", "x", "-o" + target, image).EnsureSuccess();
        SortedDictionary<string, TreeItem> expected = TreeSnapshot.Take(source, withModes: false);
        if (primary)
            expected["bin/tool-link"] = TreeSnapshot.Take(source, withModes: false)["bin/tool.sh"]; // followed
        TreeSnapshot.AssertEqual(UdfBridgeImageTests.WithoutLinks(expected), TreeSnapshot.Take(target, withModes: false), "7-Zip's extraction");
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Udfinfo_reads_the_volume_without_warnings(int rev, bool primary)
    {
        var revision = (UdfRevision)rev;
        using var t = new TempDirectory("udf-bridge-info");
        string source = t.CreateDirectory("src");
        TestTrees.CreateVaried(source, withSymlink: true);
        string image = UdfBridgeImageTests.Build(UdfBridgeImageTests.Spec(source, new UdfSpec { Revision = revision, Primary = primary, Symlinks = true }) with { VolumeId = "BRIDGE_1" },
            t.Combine("image.iso"));
        ToolResult info = ExternalTool.Run("udfinfo", image).EnsureSuccess();
        Assert.DoesNotContain("Warning", info.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Error", info.StandardError, StringComparison.Ordinal);
        string o = info.StandardOutput;
        Assert.Contains($"udfrev={UdfVolumeInfo.FormatRevision((ushort)revision)}\n", o, StringComparison.Ordinal);
        Assert.Contains("label=BRIDGE_1\n", o, StringComparison.Ordinal);
        Assert.Contains("integrity=closed\n", o, StringComparison.Ordinal);
        Assert.Contains("accesstype=readonly\n", o, StringComparison.Ordinal);
        SortedDictionary<string, TreeItem> tree = TreeSnapshot.Take(source);
        Assert.Contains($"numfiles={tree.Count(kv => kv.Value.Kind != "dir")}\n", o, StringComparison.Ordinal);
        Assert.Contains($"numdirs={tree.Count(kv => kv.Value.Kind == "dir") + 1}\n", o, StringComparison.Ordinal);
        Assert.Contains("start=256, blocks=1, type=ANCHOR", o, StringComparison.Ordinal);
        long sectors = new FileInfo(image).Length / 2048;
        Assert.Contains($"start={sectors - 1}, blocks=1, type=ANCHOR", o, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x0102)]
    [InlineData(0x0201)]
    public void Pycdlib_reads_the_UDF_tree_and_the_ISO_9660_tree_of_a_bridge_image(int rev)
    {
        using var t = new TempDirectory("udf-bridge-pycdlib");
        string source = t.CreateDirectory("src");
        TestTrees.CreateVaried(source, withSymlink: false);
        string image = UdfBridgeImageTests.Build(UdfBridgeImageTests.Spec(source, new UdfSpec { Revision = (UdfRevision)rev }), t.Combine("image.iso"));
        // Every UDF path with its SHA-256, and how many files the Rock Ridge tree has.
        const string script = UdfImages.PycdlibUdfListing + """
rr = sum(1 for _, _, files in iso.walk(rr_path='/') for f in files)
print('\n'.join(sorted(out)))
print('rock-ridge-files ' + str(rr))
""";
        ToolResult r = ExternalTool.Python(script, image).EnsureSuccess();
        SortedDictionary<string, TreeItem> tree = TreeSnapshot.Take(source, withModes: false);
        var expected = tree.Select(kv => kv.Value.Kind == "dir" ? "dir /" + kv.Key : "file /" + kv.Key + " " + kv.Value.Sha256).ToList();
        expected.Add($"rock-ridge-files {tree.Count(kv => kv.Value.Kind == "file")}");
        Assert.Equal(expected.Order(StringComparer.Ordinal), r.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Xorriso_reads_the_ISO_9660_half_of_a_bridge_image_as_if_UDF_were_not_there()
    {
        using var t = new TempDirectory("udf-bridge-xorriso");
        string source = t.CreateDirectory("src");
        TestTrees.CreateVaried(source, withSymlink: true);
        string image = UdfBridgeImageTests.Build(UdfBridgeImageTests.Spec(source, new UdfSpec { Revision = UdfRevision.V250 }), t.Combine("image.iso"));
        string target = t.CreateDirectory("x");
        ExternalTool.Run("xorriso", "-abort_on", "FAILURE", "-osirrox", "on", "-indev", image, "-extract", "/", target).EnsureSuccess();
        TreeSnapshot.AssertEqual(TreeSnapshot.Take(source), TreeSnapshot.Take(target), "xorriso's extraction of the Rock Ridge tree");
        ToolResult check = ExternalTool.Run("xorriso", "-indev", image, "-check_media", "--").EnsureSuccess();
        Assert.Contains("+ good", check.StandardOutput + check.StandardError, StringComparison.Ordinal);
    }
}
