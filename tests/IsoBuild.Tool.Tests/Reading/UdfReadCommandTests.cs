using System.Text.Json;
using IsoBuild.Testing;

namespace IsoBuild.Tool.Tests.Reading;

/// <summary>
/// The read commands on images with UDF: the tree they default to, <c>--names</c>, what <c>info</c> shows,
/// <c>verify</c> on damaged UDF, <c>diff</c> and <c>edit</c>; and images other tools made (genisoimage -udf, pycdlib).
/// </summary>
[Trait(Category.Name, Category.External)]
public class UdfReadCommandTests
{
    private static string Source(TempDirectory t)
    {
        string src = t.CreateDirectory("src");
        TestTrees.CreateVaried(src, withSymlink: true, withLongNames: true);
        return src;
    }

    private static string Pack(TempDirectory t, string source, string name, params string[] options)
    {
        string image = t.Combine(name);
        ReadingCli.Run(["pack", source, "-o", image, "-q", .. options]).Succeeded();
        return image;
    }

    [Fact]
    public void Ls_reads_UDF_by_default_when_the_ISO_9660_tree_is_a_stub_and_names_picks_any_tree()
    {
        using var t = new TempDirectory("udf-ls");
        string source = Source(t);
        string primary = Pack(t, source, "primary.iso", "--udf-primary", "--udf-symlinks");
        string bridge = Pack(t, source, "bridge.iso", "--udf");
        var all = TreeSnapshot.Take(source).Keys.Select(k => "/" + k).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(all, ReadingCli.Run("ls", "-R", primary).Succeeded().Lines.Order(StringComparer.Ordinal));
        Assert.Equal(["/README.TXT"], ReadingCli.Run("ls", "-R", "--names", "iso9660", primary).Succeeded().Lines);
        Assert.Equal(["/README.TXT"], ReadingCli.Run("ls", "-R", "--names", "joliet", primary).Succeeded().Lines);
        Assert.Equal(all, ReadingCli.Run("ls", "-R", bridge).Succeeded().Lines.Order(StringComparer.Ordinal));
        // UDF of a bridge image holds no links (unless --udf-symlinks): 7-Zip refuses a UDF tree with one.
        Assert.Equal(all.Where(p => p != "/bin/tool-link"), ReadingCli.Run("ls", "-R", "--names", "udf", bridge).Succeeded().Lines.Order(StringComparer.Ordinal));
        Assert.Contains("lrwxrwxrwx", ReadingCli.Run("ls", "-l", "--names", "udf", primary, "/bin").Succeeded().Output, StringComparison.Ordinal);

        CliResult bad = ReadingCli.Run("ls", "--names", "hfs", bridge);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("error ISO0018", bad.Error, StringComparison.Ordinal);
        string plain = Pack(t, source, "plain.iso");
        CliResult none = ReadingCli.Run("ls", "--names", "udf", plain);
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("error ISO0610", none.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Info_shows_the_UDF_volume_in_text_and_JSON()
    {
        using var t = new TempDirectory("udf-info");
        string image = Pack(t, Source(t), "b.iso", "--udf-revision", "2.50", "-V", "INFO_250", "--timestamp", "2024-05-06T07:08:09Z");
        string text = ReadingCli.Run("info", image).Succeeded().Output;
        Assert.Contains("UDF 2.50", text, StringComparison.Ordinal);
        Assert.Contains("UDF revision:     2.50 (NSR03)", text, StringComparison.Ordinal);
        Assert.Contains("UDF volume id:    INFO_250", text, StringComparison.Ordinal);
        Assert.Contains("UDF recorded:     2024-05-06T07:08:09Z", text, StringComparison.Ordinal);
        Assert.Contains("UDF integrity:    closed", text, StringComparison.Ordinal);
        Assert.Contains("UDF partition:    0: physical, partition 0", text, StringComparison.Ordinal);
        Assert.Contains("UDF partition:    1: metadata, partition 0", text, StringComparison.Ordinal);
        Assert.Contains("Names from:       Rock Ridge", text, StringComparison.Ordinal);
        Assert.Contains("Names from:       UDF", ReadingCli.Run("info", "--names", "udf", image).Succeeded().Output, StringComparison.Ordinal);

        using JsonDocument json = JsonDocument.Parse(ReadingCli.Run("info", "--json", image).Succeeded().Output);
        JsonElement udf = json.RootElement.GetProperty("udf");
        Assert.Equal("2.50", udf.GetProperty("revision").GetString());
        Assert.Equal("*IsoBuild", udf.GetProperty("implementation").GetString());
        Assert.True(udf.GetProperty("integrityClosed").GetBoolean());
        Assert.Equal(["physical", "metadata"], udf.GetProperty("partitions").EnumerateArray().Select(p => p.GetProperty("kind").GetString()));
        Assert.Matches("^[0-9A-F]{16}$", udf.GetProperty("volumeSetId").GetString()!);
    }

    [Fact]
    public void Extract_writes_the_UDF_tree_of_a_UDF_primary_image()
    {
        using var t = new TempDirectory("udf-extract");
        string source = Source(t);
        string image = Pack(t, source, "primary.iso", "--udf-primary", "--udf-symlinks", "--udf-revision", "2.01");
        string target = t.Combine("out");
        CliResult r = ReadingCli.Run("extract", image, "-o", target).Succeeded();
        Assert.Contains("1 links", r.Output, StringComparison.Ordinal);
        TreeSnapshot.AssertEqual(TreeSnapshot.Take(source), TreeSnapshot.Take(target), "extraction through UDF");
    }

    [Fact]
    public void Verify_reports_damaged_UDF_descriptors_with_their_codes()
    {
        using var t = new TempDirectory("udf-verify");
        string image = Pack(t, Source(t), "b.iso", "--udf");
        Assert.Contains("sound", ReadingCli.Run("verify", image).Succeeded().Output, StringComparison.Ordinal);
        using JsonDocument json = JsonDocument.Parse(ReadingCli.Run("info", "--json", image).Succeeded().Output);
        long partition = json.RootElement.GetProperty("udf").GetProperty("partitions")[0].GetProperty("start").GetInt64();
        // Metadata block 2 is the root directory's file entry: a byte of its body changes, its CRC no longer matches.
        using (var f = new FileStream(image, FileMode.Open))
        {
            f.Position = (partition + 2) * 2048 + 100;
            int b = f.ReadByte();
            f.Position--;
            f.WriteByte((byte)(b ^ 0x01));
        }
        CliResult r = ReadingCli.Run("verify", image);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("ISO0618: UDF:", r.Output, StringComparison.Ordinal);
        Assert.Contains("error ISO0212", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_compares_UDF_trees_and_edit_keeps_UDF()
    {
        using var t = new TempDirectory("udf-diff-edit");
        string source = Source(t);
        // One UUID for both: two different images otherwise get different ones, and diff reports it.
        string primary = Pack(t, source, "primary.iso", "--udf-primary", "--follow-symlinks", "--volume-uuid", "2026-01-01-00-00-00-00");
        string bridge = Pack(t, source, "bridge.iso", "--udf", "--follow-symlinks", "--volume-uuid", "2026-01-01-00-00-00-00");
        Assert.Equal(0, ReadingCli.Run("diff", "--names", "udf", primary, bridge).ExitCode);

        File.WriteAllText(t.Combine("new.txt"), "new");
        string edited = t.Combine("edited.iso");
        ReadingCli.Run("edit", primary, "-o", edited, "--add", "docs/new.txt=" + t.Combine("new.txt"), "--remove", "data", "-q").Succeeded();
        CliResult diff = ReadingCli.Run("diff", primary, edited);
        Assert.Equal(1, diff.ExitCode);
        Assert.Contains("+ /docs/new.txt", diff.Lines);
        Assert.Contains("- /data/random-3mb.bin", diff.Lines);
        Assert.Equal(["/README.TXT"], ReadingCli.Run("ls", "-R", "--names", "iso9660", edited).Succeeded().Lines);

        // An option overrides what the base image had: the revision.
        string upgraded = t.Combine("upgraded.iso");
        ReadingCli.Run("edit", bridge, "-o", upgraded, "--udf-revision", "2.50", "-q").Succeeded();
        Assert.Contains("UDF revision:     2.50", ReadingCli.Run("info", upgraded).Succeeded().Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Genisoimage_udf_and_pycdlib_images_are_read_through_their_UDF_trees()
    {
        using var t = new TempDirectory("udf-foreign-cli");
        string source = t.CreateDirectory("src");
        TestTrees.CreateVaried(source, withSymlink: false);
        string geniso = t.Combine("g.iso");
        ExternalTool.Run("genisoimage", "-quiet", "-udf", "-R", "-J", "-joliet-long", "-o", geniso, source).EnsureSuccess();
        string target = t.Combine("g");
        ReadingCli.Run("extract", "--names", "udf", geniso, "-o", target).Succeeded();
        TreeSnapshot.AssertEqual(TreeSnapshot.Take(source, withModes: false), TreeSnapshot.Take(target, withModes: false), "genisoimage -udf through UDF");
        Assert.Contains("UDF written by:   *genisoimage", ReadingCli.Run("info", geniso).Succeeded().Output, StringComparison.Ordinal);
        Assert.Contains("sound", ReadingCli.Run("verify", geniso).Succeeded().Output, StringComparison.Ordinal);

        string pyc = t.Combine("p.iso");
        const string script = """
import sys, pycdlib
iso = pycdlib.PyCdlib()
iso.new(udf='2.60')
iso.add_directory('/D', udf_path='/Dir with spaces')
iso.add_fp(__import__('io').BytesIO(b'pycdlib'), 7, '/A.TXT;1', udf_path='/Ünïcödé.txt')
iso.add_fp(__import__('io').BytesIO(b'inside'), 6, '/D/B.TXT;1', udf_path='/Dir with spaces/b.txt')
iso.write(sys.argv[1])
""";
        ExternalTool.Python(script, pyc).EnsureSuccess();
        Assert.Equal(["/Dir with spaces", "/Dir with spaces/b.txt", "/Ünïcödé.txt"], ReadingCli.Run("ls", "-R", "--names", "udf", pyc).Succeeded().Lines);
        string pt = t.Combine("p");
        ReadingCli.Run("extract", "--names", "udf", pyc, "-o", pt).Succeeded();
        Assert.Equal("pycdlib", File.ReadAllText(Path.Combine(pt, "Ünïcödé.txt")));
    }
}
