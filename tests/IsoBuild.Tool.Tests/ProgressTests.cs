using IsoBuild.Testing;

namespace IsoBuild.Tool.Tests;

/// <summary>pack shows progress on a terminal and nothing when its output is redirected.</summary>
public class ProgressTests
{
    [Fact]
    public void The_status_line_gives_files_bytes_rate_and_time_left()
    {
        var value = new ImageBuildProgress(FilesWritten: 1204, TotalFiles: 20000, BytesWritten: 400L << 20, TotalBytes: 1600L << 20);
        Assert.Equal("1,204/20,000 files  400.0/1,600.0 MiB  100.0 MiB/s  0:12 left", TerminalProgress.Format(value, TimeSpan.FromSeconds(4)));
        Assert.EndsWith("-:-- left", TerminalProgress.Format(value with { BytesWritten = 0 }, TimeSpan.Zero), StringComparison.Ordinal);
        Assert.EndsWith("1:06:37 left", TerminalProgress.Format(value with { BytesWritten = 1L << 20 }, TimeSpan.FromSeconds(2.5)), StringComparison.Ordinal);
    }

    [Fact]
    public void Pack_draws_progress_on_a_terminal_and_stays_quiet_when_redirected()
    {
        using var t = new TempDirectory("progress");
        string src = t.CreateDirectory("src");
        using (var f = new FileStream(Path.Combine(src, "big.bin"), FileMode.CreateNew))
            f.SetLength(64L << 20);
        File.WriteAllText(Path.Combine(src, "small.txt"), "small");
        string tool = Path.Combine(AppContext.BaseDirectory, "dotnet-iso.dll");

        // script(1) gives the tool a pseudo-terminal as standard output and error.
        ToolResult terminal = ExternalTool.Run("script", ["-qec", $"dotnet '{tool}' pack src -o tty.iso", "/dev/null"], t.Path).EnsureSuccess();
        Assert.Contains("2/2 files  64.0/64.0 MiB", terminal.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(" left", terminal.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("tty.iso: ", terminal.StandardOutput, StringComparison.Ordinal);

        ToolResult redirected = Cli.RunProcess(new Dictionary<string, string?>(), t.Path, "pack", "src", "-o", "file.iso").EnsureSuccess();
        Assert.Equal(string.Empty, redirected.StandardError);
        Assert.DoesNotContain("files  ", redirected.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(t.Combine("tty.iso")), File.ReadAllBytes(t.Combine("file.iso")));
    }
}
