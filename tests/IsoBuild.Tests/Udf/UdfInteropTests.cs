using IsoBuild.Spec;
using IsoBuild.Sectors;
using IsoBuild.Testing;
using IsoBuild.Udf;

namespace IsoBuild.Tests.Udf;

/// <summary>Our UDF images, read by independent readers: 7-Zip, udftools' udfinfo, pycdlib, and our own reader.</summary>
[Trait(Category.Name, Category.External)]
public class UdfInteropTests
{
    public static TheoryData<int> Revisions => [0x0102, 0x0201, 0x0250];

    [Theory]
    [MemberData(nameof(Revisions))]
    public void Seven_zip_extracts_exactly_the_source_tree(int rev)
    {
        var revision = (UdfRevision)rev;
        using var dir = new TempDirectory("udf-7z");
        string source = dir.CreateDirectory("src");
        // 7-Zip refuses a UDF file system that holds symbolic links (it knows only files and directories).
        TestTrees.CreateVaried(source, withSymlink: false, withLongNames: true);
        string image = UdfImages.Build(source, dir.Combine("out.iso"), revision, isoStub: false);
        string target = dir.CreateDirectory("x");
        ExternalTool.Run("7zz", "x", "-tudf", "-o" + target, image).EnsureSuccess();
        UdfImages.AssertSameTree(TreeSnapshot.Take(source, withModes: false), TreeSnapshot.Take(target, withModes: false));
    }

    [Theory]
    [MemberData(nameof(Revisions))]
    public void Udfinfo_reads_the_volume_without_warnings(int rev)
    {
        var revision = (UdfRevision)rev;
        using var dir = new TempDirectory("udf-info");
        string source = dir.CreateDirectory("src");
        TestTrees.CreateVaried(source, withSymlink: true);
        string image = UdfImages.Build(source, dir.Combine("out.iso"), revision);
        ToolResult info = ExternalTool.Run("udfinfo", image).EnsureSuccess();
        Assert.DoesNotContain("Warning", info.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Error", info.StandardError, StringComparison.Ordinal);
        string revText = UdfVolumeInfo.FormatRevision((ushort)revision);
        Assert.Contains($"udfrev={revText}\n", info.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("integrity=closed\n", info.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("accesstype=readonly\n", info.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("label=UDF_TEST\n", info.StandardOutput, StringComparison.Ordinal);
        int files = TreeSnapshot.Take(source).Count(kv => kv.Value.Kind != "dir");
        int dirs = TreeSnapshot.Take(source).Count(kv => kv.Value.Kind == "dir") + 1;
        Assert.Contains($"numfiles={files}\n", info.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"numdirs={dirs}\n", info.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("start=256, blocks=1, type=ANCHOR", info.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Revisions))]
    public void Our_reader_sees_the_source_tree_with_links_and_modes(int rev)
    {
        var revision = (UdfRevision)rev;
        using var dir = new TempDirectory("udf-self");
        string source = dir.CreateDirectory("src");
        TestTrees.CreateVaried(source, withSymlink: true, withLongNames: true);
        string image = UdfImages.Build(source, dir.Combine("out.iso"), revision);
        UdfImages.AssertSameTree(TreeSnapshot.Take(source), UdfImages.Snapshot(image));
        using ImageSource src = ImageSource.OpenFile(image);
        Assert.Empty(UdfVerifier.Verify(src));
        UdfVolume volume = UdfVolume.Open(src);
        Assert.Equal((ushort)revision, volume.Info.Revision);
        Assert.Equal("UDF_TEST", volume.Info.LogicalVolumeIdentifier);
        Assert.Equal(UdfImages.Timestamp, volume.Info.RecordingTime);
        Assert.Equal(revision >= UdfRevision.V250 ? 2 : 1, volume.Info.Partitions.Count);
        UdfEntry tool = volume.Find("/bin/tool.sh")!;
        Assert.Equal(0x8000u | 0b111_101_101, tool.Mode);
        Assert.Equal(UdfImages.Timestamp, tool.ModifiedTime);
        Assert.Equal("tool.sh", volume.Find("/bin/tool-link")!.LinkTarget);
    }

    [Theory]
    [InlineData(0x0102)]
    [InlineData(0x0201)]
    public void Pycdlib_reads_the_udf_tree(int rev)
    {
        var revision = (UdfRevision)rev;
        using var dir = new TempDirectory("udf-pycdlib");
        string source = dir.CreateDirectory("src");
        TestTrees.CreateVaried(source, withSymlink: false);
        string image = UdfImages.Build(source, dir.Combine("out.iso"), revision);
        // pycdlib (UDF 2.60 writer, reads file entries of NSR02/NSR03 volumes) lists every path with its size and SHA-256.
        const string script = UdfImages.PycdlibUdfListing + """
print('\n'.join(sorted(out)))
""";
        ToolResult r = ExternalTool.Python(script, image).EnsureSuccess();
        var expected = TreeSnapshot.Take(source, withModes: false)
            .Select(kv => kv.Value.Kind == "dir" ? "dir /" + kv.Key : "file /" + kv.Key + " " + kv.Value.Sha256)
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, r.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void A_5_gib_file_is_recorded_in_several_extents_and_read_whole()
    {
        using var dir = new TempDirectory("udf-5g");
        string source = dir.CreateDirectory("src");
        const long size = 5L << 30;
        string big = Path.Combine(source, "große Datei.bin");
        using (var f = new FileStream(big, FileMode.Create))
        {
            f.SetLength(size);
            f.Position = size - 16;
            f.Write("end of the file!"u8);
        }
        File.WriteAllText(Path.Combine(source, "small.txt"), "small");
        string image = UdfImages.Build(source, dir.Combine("big.iso"), UdfRevision.V102, isoStub: false);

        ToolResult list = ExternalTool.Run("7zz", "l", "-slt", "-tudf", image).EnsureSuccess();
        Assert.Contains($"Size = {size}", list.StandardOutput, StringComparison.Ordinal);
        ToolResult tail = ExternalTool.Run("bash", "-c", "7zz e -so -tudf \"$1\" 'große Datei.bin' | tail -c 16", "_", image).EnsureSuccess();
        Assert.Equal("end of the file!", tail.StandardOutput);
        Assert.DoesNotContain("Warning", ExternalTool.Run("udfinfo", image).EnsureSuccess().StandardError, StringComparison.Ordinal);

        using ImageSource src = ImageSource.OpenFile(image);
        UdfEntry entry = UdfVolume.Open(src).Find("/große Datei.bin")!;
        Assert.Equal(size, entry.Length);
        using Stream s = entry.OpenRead();
        s.Position = size - 16;
        byte[] end = new byte[16];
        s.ReadExactly(end);
        Assert.Equal("end of the file!"u8.ToArray(), end);
    }
}
