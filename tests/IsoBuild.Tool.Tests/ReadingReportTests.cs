using IsoBuild.Testing;

namespace IsoBuild.Tool.Tests;

/// <summary>
/// What the reading commands report of real-world images: info names an Apple partition map and HFS+, verify names
/// files by their Rock Ridge names as ls and extract do, and extract sums up a truncated image as truncated.
/// </summary>
[Trait(Category.Name, Category.External)]
public class ReadingReportTests
{
    private static string Tree(TempDirectory t)
    {
        string src = t.CreateDirectory("src");
        Directory.CreateDirectory(Path.Combine(src, "Mixed Case Dir"));
        File.WriteAllText(Path.Combine(src, "Mixed Case Dir", "a rather long name.txt"), "small");
        File.WriteAllBytes(Path.Combine(src, "Mixed Case Dir", "zz-large-file.bin"), new byte[300_000]);
        return src;
    }

    [Fact]
    public async Task Info_names_an_Apple_partition_map_and_HFS_plus()
    {
        using var t = new TempDirectory("report-hfsplus");
        string src = Tree(t);
        string mac = t.Combine("mac.iso");
        ExternalTool.Run("xorriso", "-outdev", mac, "-hfsplus", "on", "-map", src, "/", "-commit").EnsureSuccess();
        Cli.Result info = await Cli.RunAsync("info", mac);
        Assert.Equal(0, info.ExitCode);
        Assert.Contains("Apple partition map", info.Output, StringComparison.Ordinal);
        Assert.Contains("HFS+", info.Output, StringComparison.Ordinal);
        Cli.Result json = await Cli.RunAsync("info", mac, "--json");
        Assert.Contains("\"Apple partition map\"", json.Output, StringComparison.Ordinal);

        // What info names, edit refuses to drop silently: ISO0218 names both, --drop-hfsplus drops them.
        Cli.Result refused = await Cli.RunAsync("edit", mac, "-o", t.Combine("edited.iso"), "-q");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("ISO0218", refused.Error, StringComparison.Ordinal);
        Assert.Contains("an Apple partition map", refused.Error, StringComparison.Ordinal);
        Assert.Contains("an HFS+ volume", refused.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(t.Combine("edited.iso")));
        Assert.Equal(0, (await Cli.RunAsync("edit", mac, "-o", t.Combine("edited.iso"), "--drop-hfsplus", "-q")).ExitCode);
        Assert.DoesNotContain("HFS+", (await Cli.RunAsync("info", t.Combine("edited.iso"))).Output, StringComparison.Ordinal);

        string plain = t.Combine("plain.iso");
        ExternalTool.Run("xorriso", "-outdev", plain, "-map", src, "/", "-commit").EnsureSuccess();
        string plainInfo = (await Cli.RunAsync("info", plain)).Output;
        Assert.DoesNotContain("Apple partition map", plainInfo, StringComparison.Ordinal);
        Assert.DoesNotContain("HFS+", plainInfo, StringComparison.Ordinal);
    }

    /// <summary>An image of <see cref="Tree"/> cut short inside the large file's data, which comes last.</summary>
    private static async Task<string> TruncatedImage(TempDirectory t)
    {
        string src = Tree(t);
        string image = t.Combine("image.iso");
        Assert.Equal(0, (await Cli.RunAsync("pack", src, "-o", image, "-q")).ExitCode);
        byte[] bytes = File.ReadAllBytes(image);
        string cut = t.Combine("cut.iso");
        // The large file's data is last before the padding: keep its first sectors only.
        long end = bytes.Length - 300 * 1024 - 100 * 2048;
        File.WriteAllBytes(cut, bytes.AsSpan(0, (int)end).ToArray());
        return cut;
    }

    [Fact]
    public async Task Verify_names_files_by_their_Rock_Ridge_names_as_ls_does()
    {
        using var t = new TempDirectory("report-verify");
        string cut = await TruncatedImage(t);
        Cli.Result verify = await Cli.RunAsync("verify", cut);
        Assert.NotEqual(0, verify.ExitCode);
        Assert.Contains("'/Mixed Case Dir/zz-large-file.bin'", verify.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("ZZ_LARGE", verify.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("/Mixed Case Dir/zz-large-file.bin", (await Cli.RunAsync("ls", cut, "-R")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_of_a_truncated_image_sums_up_as_truncated()
    {
        using var t = new TempDirectory("report-extract");
        string cut = await TruncatedImage(t);
        Cli.Result extract = await Cli.RunAsync("extract", cut, "-o", t.Combine("out"));
        Assert.NotEqual(0, extract.ExitCode);
        Assert.Contains("refused: /Mixed Case Dir/zz-large-file.bin: ISO0211", extract.Error, StringComparison.Ordinal);
        Assert.Contains("error ISO0211: 1 entry was not extracted (listed above): its data lies beyond the end of the image", extract.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("ISO0210", extract.Error, StringComparison.Ordinal);
        Assert.Equal("small", File.ReadAllText(Path.Combine(t.Combine("out"), "Mixed Case Dir", "a rather long name.txt")));
    }
}
