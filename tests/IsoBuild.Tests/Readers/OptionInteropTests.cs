using IsoBuild.Testing;

namespace IsoBuild.Tests.Readers;

/// <summary>The options change what readers see the way users expect.</summary>
public class OptionInteropTests
{
    [Fact]
    public void Without_Joliet_and_Rock_Ridge_readers_see_plain_ISO_9660_names()
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        File.WriteAllText(Path.Combine(src, "Hello World.txt"), "hi");
        Images.Pack(src, t.Combine("plain.iso"), s => s with { Joliet = false, RockRidge = false });
        ToolResult d = ExternalTool.Run("isoinfo", "-d", "-i", t.Combine("plain.iso")).EnsureSuccess();
        Assert.Contains("NO Joliet present", d.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("NO Rock Ridge present", d.StandardOutput, StringComparison.Ordinal);
        ToolResult l = ExternalTool.Run("isoinfo", "-f", "-i", t.Combine("plain.iso")).EnsureSuccess();
        Assert.Contains("/HELLO_WORLD.TXT;1", l.StandardOutput, StringComparison.Ordinal);
        string output = t.CreateDirectory("x");
        ExternalTool.Run("bsdtar", "-xf", t.Combine("plain.iso"), "-C", output).EnsureSuccess();
        // libarchive shows plain ISO 9660 names in lower case.
        string extracted = Assert.Single(Directory.GetFiles(output));
        Assert.Equal("hello_world.txt", Path.GetFileName(extracted), ignoreCase: true);
        Assert.Equal("hi", File.ReadAllText(extracted));
    }

    [Fact]
    public void Joliet_only_images_give_7z_and_bsdtar_the_exact_names()
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        TestTrees.CreateVaried(src, withSymlink: false);
        Images.Pack(src, t.Combine("j.iso"), s => s with { RockRidge = false });
        SortedDictionary<string, TreeItem> expected = TreeSnapshot.Take(src, withModes: false);
        string bsd = t.CreateDirectory("bsd");
        ExternalTool.Run("bsdtar", "-xf", t.Combine("j.iso"), "-C", bsd).EnsureSuccess();
        TreeSnapshot.AssertEqual(expected, TreeSnapshot.Take(bsd, withModes: false), "bsdtar (Joliet)");
        string sz = t.Combine("7z");
        ExternalTool.Run("7zz", "x", "-y", "-o" + sz, t.Combine("j.iso")).EnsureSuccess();
        TreeSnapshot.AssertEqual(expected, TreeSnapshot.Take(sz, withModes: false), "7z (Joliet)");
    }

    [Fact]
    public void Rock_Ridge_only_images_give_osirrox_the_exact_tree()
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        TestTrees.CreateVaried(src, withLongNames: true);
        Images.Pack(src, t.Combine("rr.iso"), s => s with { Joliet = false });
        Assert.Contains("NO Joliet present", ExternalTool.Run("isoinfo", "-d", "-i", t.Combine("rr.iso")).EnsureSuccess().StandardOutput, StringComparison.Ordinal);
        string output = t.Combine("out");
        ExternalTool.Run("osirrox", "-indev", t.Combine("rr.iso"), "-extract", "/", output).EnsureSuccess();
        TreeSnapshot.AssertEqual(TreeSnapshot.Take(src), TreeSnapshot.Take(output), "osirrox (Rock Ridge only)");
    }

    [Fact]
    public void Long_symlink_targets_and_names_survive_continuation_areas()
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        // About 700 bytes: several SL entries and a continuation area, within libisofs's 1024-byte link limit.
        string target = string.Join('/', Enumerable.Range(0, 60).Select(i => $"segment-{i:000}"));
        File.CreateSymbolicLink(Path.Combine(src, "far-link"), target);
        for (int i = 0; i < 30; i++)
            File.WriteAllText(Path.Combine(src, $"{i:00}-" + new string('x', 200)), i.ToString());
        Images.Pack(src, t.Combine("ce.iso"));
        foreach (string reader in new[] { "osirrox", "bsdtar" })
        {
            string output = t.CreateDirectory(reader);
            Directory.CreateDirectory(output + "/x");
            if (reader == "osirrox")
                ExternalTool.Run("osirrox", "-indev", t.Combine("ce.iso"), "-extract", "/", output + "/x").EnsureSuccess();
            else
                ExternalTool.Run("bsdtar", "-xf", t.Combine("ce.iso"), "-C", output + "/x").EnsureSuccess();
            TreeSnapshot.AssertEqual(TreeSnapshot.Take(src), TreeSnapshot.Take(output + "/x"), reader);
        }
    }
}
