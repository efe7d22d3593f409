using System.Globalization;
using IsoBuild.Testing;

namespace IsoBuild.Tool.Tests;

[Trait(Category.Name, Category.External)]
public class PackCommandTests
{
    [Fact]
    public async Task Pack_writes_an_image_and_prints_a_summary()
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        File.WriteAllText(Path.Combine(src, "a.txt"), "a");
        Directory.CreateDirectory(Path.Combine(src, "sub"));
        File.WriteAllText(Path.Combine(src, "sub", "b.txt"), "b");
        Cli.Result r = await Cli.RunAsync("pack", src, "-o", t.Combine("out.iso"), "-V", "CLI_TEST");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Error);
        Assert.Contains("out.iso", r.Output, StringComparison.Ordinal);
        Assert.Contains("2 files, 2 directories", r.Output, StringComparison.Ordinal);
        ToolResult info = ExternalTool.Run("isoinfo", "-d", "-i", t.Combine("out.iso")).EnsureSuccess();
        Assert.Contains("Volume id: CLI_TEST", info.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grafts_place_sources_at_paths_in_the_image()
    {
        using var t = new TempDirectory();
        string manual = t.CreateDirectory("manual");
        File.WriteAllText(Path.Combine(manual, "index.html"), "<html/>");
        string cfg = t.CreateDirectory("cfg");
        File.WriteAllText(Path.Combine(cfg, "x.cfg"), "x=1");
        File.WriteAllText(t.Combine("top.txt"), "top");
        Cli.Result r = await Cli.RunAsync("pack", "docs=" + manual, "boot/x.cfg=" + Path.Combine(cfg, "x.cfg"), t.Combine("top.txt"), "-o", t.Combine("g.iso"), "-q");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Output);
        string output = t.CreateDirectory("x");
        ExternalTool.Run("bsdtar", "-xf", t.Combine("g.iso"), "-C", output).EnsureSuccess();
        Assert.Equal("<html/>", File.ReadAllText(Path.Combine(output, "docs", "index.html")));
        Assert.Equal("x=1", File.ReadAllText(Path.Combine(output, "boot", "x.cfg")));
        Assert.Equal("top", File.ReadAllText(Path.Combine(output, "top.txt")));
    }

    [Theory]
    [InlineData("--no-joliet", "NO Joliet present")]
    [InlineData("--no-rock-ridge", "NO Rock Ridge present")]
    public async Task Extension_switches_are_honoured(string option, string expected)
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        File.WriteAllText(Path.Combine(src, "a.txt"), "a");
        Assert.Equal(0, (await Cli.RunAsync("pack", src, "-o", t.Combine("o.iso"), option)).ExitCode);
        Assert.Contains(expected, ExternalTool.Run("isoinfo", "-d", "-i", t.Combine("o.iso")).EnsureSuccess().StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timestamp_option_sets_every_date()
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        File.WriteAllText(Path.Combine(src, "a.txt"), "a");
        Assert.Equal(0, (await Cli.RunAsync("pack", src, "-o", t.Combine("o.iso"), "--timestamp", "2024-02-29T12:34:56Z")).ExitCode);
        ToolResult d = ExternalTool.Run("xorriso", "-indev", t.Combine("o.iso"), "-pvd_info").EnsureSuccess();
        Assert.Contains("Creation Time: 2024022912345600", d.StandardOutput, StringComparison.Ordinal);
        // The modification date carries the volume UUID: the timestamp plus less than a minute (docs/determinism.md).
        Assert.Matches(@"Modif\. Time  : 20240229(1234(5[6-9])|1235[0-5]\d)\d\d", d.StandardOutput);
        ToolResult l = ExternalTool.Run("xorriso", "-indev", t.Combine("o.iso"), "-find", "/a.txt", "-exec", "lsdl").EnsureSuccess();
        Assert.Contains("Feb 29  2024", l.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ISO0001", "pack", "{t}/missing", "-o", "{t}/o.iso")]
    [InlineData("ISO0005", "pack", "{src}", "-o", "{t}/o.iso", "-V", "bad/volume")]
    [InlineData("ISO0006", "pack", "{src}", "-o", "{t}/o.iso", "--timestamp", "soon")]
    [InlineData("ISO0004", "pack", "{src}", "-o", "{src}/o.iso")]
    [InlineData("ISO0007", "pack", "{src}", "-o", "{t}")]
    [InlineData("ISO0007", "pack", "{src}", "-o", "/proc/isobuild-cannot-write-here.iso")]
    [InlineData("ISO0002", "pack", "{src}", "a.txt={src}/a.txt", "-o", "{t}/o.iso")]
    [InlineData("ISO0003", "pack", "a/../b={src}/a.txt", "-o", "{t}/o.iso")]
    [InlineData("ISO0008", "pack", "{src}", "{t}/special", "-o", "{t}/o.iso")]
    [InlineData("ISO0008", "pack", "{src}", "null=/dev/null", "-o", "{t}/o.iso")]
    [InlineData("ISO0009", "pack", "{t}/loop", "-o", "{t}/o.iso", "--follow-symlinks")]
    [InlineData("ISO0009", "pack", "{t}/dangling", "-o", "{t}/o.iso", "--follow-symlinks")]
    [InlineData("ISO0009", "pack", "{t}/dangling", "-o", "{t}/o.iso", "--no-rock-ridge")]
    [InlineData("ISO0018", "pack", "{src}", "-o", "")]
    [InlineData("ISO0018", "pack", "{src}", "-o", "{t}/o.iso", "--iso-level", "4")]
    [InlineData("ISO0011", "pack", "{t}/huge", "-o", "{t}/o.iso", "--iso-level", "2")]
    [InlineData("ISO0019", "pack", "{t}/deep", "-o", "{t}/o.iso", "--iso-level", "2")]
    [InlineData("ISO0019", "pack", "{t}/long", "-o", "{t}/o.iso", "--iso-level", "2")]
    [InlineData("ISO0100", "pack", "{src}", "-o", "{t}/o.iso", "--bios-boot", "missing.img")]
    [InlineData("ISO0101", "pack", "{src}", "-o", "{t}/o.iso", "--bios-boot", "a.txt", "--boot-info-table")]
    [InlineData("ISO0101", "pack", "{src}", "-o", "{t}/o.iso", "--bios-boot", "a.txt", "--boot-load-size", "0")]
    [InlineData("ISO0102", "pack", "{src}", "-o", "{t}/o.iso", "--efi-boot", "a.txt")]
    [InlineData("ISO0103", "pack", "{src}", "-o", "{t}/o.iso", "--bios-boot", "a.txt", "--hybrid-mbr", "{src}/a.txt")]
    [InlineData("ISO0104", "pack", "{src}", "-o", "{t}/o.iso", "--bios-boot", "a.txt", "--gpt")]
    [InlineData("ISO0105", "pack", "{src}", "-o", "{t}/o.iso", "--bios-boot", "a.txt", "--boot-catalog", "a.txt")]
    [InlineData("ISO0106", "pack", "{src}", "-o", "{t}/o.iso", "--boot-info-table")]
    [InlineData("ISO0106", "pack", "{src}", "-o", "{t}/o.iso", "--bios-boot", "a.txt", "--hybrid-mbr", "{src}/a.txt", "--grub2-mbr", "{src}/a.txt")]
    [InlineData("ISO0001", "pack", "{src}", "-o", "{t}/o.iso", "--efi-boot-dir", "{t}/no-such-dir")]
    public async Task Bad_input_gets_a_coded_error_a_nonzero_exit_and_leaves_the_previous_image(string code, params string[] template)
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        File.WriteAllText(Path.Combine(src, "a.txt"), "a");
        // Trees for the cases above: a FIFO, a link loop, a dangling link.
        ExternalTool.Run("mkfifo", Path.Combine(t.CreateDirectory("special"), "pipe")).EnsureSuccess();
        Directory.CreateSymbolicLink(Path.Combine(t.CreateDirectory("loop", "a"), "back"), "..");
        File.CreateSymbolicLink(Path.Combine(t.CreateDirectory("dangling"), "gone"), "nowhere");
        // A 5 GiB file (sparse) for level 2, nine directory levels, and a path of more than 255 characters in eight levels.
        using (var huge = new FileStream(Path.Combine(t.CreateDirectory("huge"), "big.bin"), FileMode.CreateNew))
            huge.SetLength(5L << 30);
        File.WriteAllText(Path.Combine(t.CreateDirectory("deep", "1", "2", "3", "4", "5", "6", "7", "8", "9"), "f.txt"), "deep");
        File.WriteAllText(Path.Combine(t.CreateDirectory(["long", .. Enumerable.Range(0, 8).Select(i => new string((char)('a' + i), 40))]),
            new string('f', 40) + ".txt"), "long");
        string[] args = template.Select(a => a.Replace("{t}", t.Path, StringComparison.Ordinal).Replace("{src}", src, StringComparison.Ordinal)).ToArray();
        string output = args[Array.IndexOf(args, "-o") + 1];
        byte[]? previous = null;
        if (output.Length > 0 && !Directory.Exists(output) && !output.StartsWith("/proc", StringComparison.Ordinal) && !output.StartsWith(src, StringComparison.Ordinal))
        {
            File.WriteAllText(Path.Combine(t.CreateDirectory("prev"), "p.txt"), "previous");
            Assert.Equal(0, (await Cli.RunAsync("pack", t.Combine("prev"), "-o", output, "-q")).ExitCode);
            previous = File.ReadAllBytes(output);
        }
        Cli.Result r = await Cli.RunAsync(args);
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith($"error {code}: ", r.Error, StringComparison.Ordinal);
        Assert.Equal("", r.Output);
        if (previous is not null)
            Assert.Equal(previous, File.ReadAllBytes(output));
        Assert.Empty(Directory.GetFiles(t.Path, "*.isobuild-tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task More_directories_than_a_path_table_can_number_is_ISO0012_and_keeps_the_previous_image()
    {
        using var t = new TempDirectory("many-dirs");
        string src = t.CreateDirectory("src");
        for (int i = 0; i < 65_536; i++)
            Directory.CreateDirectory(Path.Combine(src, (i / 256).ToString("x2", CultureInfo.InvariantCulture), (i % 256).ToString("x2", CultureInfo.InvariantCulture)));
        File.WriteAllText(Path.Combine(t.CreateDirectory("prev"), "p.txt"), "previous");
        string output = t.Combine("o.iso");
        Assert.Equal(0, (await Cli.RunAsync("pack", t.Combine("prev"), "-o", output, "-q")).ExitCode);
        byte[] previous = File.ReadAllBytes(output);

        Cli.Result r = await Cli.RunAsync("pack", src, "-o", output);
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("error ISO0012: ", r.Error, StringComparison.Ordinal);
        Assert.Contains("fewer directories", r.Error, StringComparison.Ordinal);
        Assert.Equal(previous, File.ReadAllBytes(output));
    }

    [Fact]
    public async Task Missing_output_option_is_a_usage_error()
    {
        Cli.Result r = await Cli.RunAsync("pack", ".");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("--output", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_every_option_with_its_description()
    {
        Cli.Result r = await Cli.RunAsync("pack", "--help");
        Assert.Equal(0, r.ExitCode);
        foreach (IsoBuild.Options.ImageOption option in IsoBuild.Options.ImageOptions.All)
        {
            Assert.Contains(option.CliName, r.Output, StringComparison.Ordinal);
            Assert.Contains(option.Description[..20], r.Output, StringComparison.Ordinal);
        }
        Assert.Contains("PATH_IN_IMAGE=SOURCE", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Root_help_lists_pack()
    {
        Cli.Result r = await Cli.RunAsync("--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("pack", r.Output, StringComparison.Ordinal);
    }
}
