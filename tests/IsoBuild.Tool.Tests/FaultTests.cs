using System.Diagnostics;
using IsoBuild.Testing;

namespace IsoBuild.Tool.Tests;

/// <summary>Killed, cancelled, disk-full and concurrent builds never damage the previous image.</summary>
[Trait(Category.Name, Category.External)]
public class FaultTests
{
    private static string ToolDll => Path.Combine(AppContext.BaseDirectory, "dotnet-iso.dll");

    /// <summary>A source tree with a large sparse file: reading it is fast, writing the image takes a while.</summary>
    private static (TempDirectory Dir, string Source, string Output, byte[] Previous) Prepare(long bigFileBytes)
    {
        var t = new TempDirectory("fault");
        string previousSource = t.CreateDirectory("previous");
        File.WriteAllText(Path.Combine(previousSource, "old.txt"), "the previous image");
        string output = t.Combine("out", "image.iso");
        Cli.RunProcess(new Dictionary<string, string?>(), t.Path, "pack", previousSource, "-o", output, "-q").EnsureSuccess();
        string source = t.CreateDirectory("src");
        using (var f = new FileStream(Path.Combine(source, "big.bin"), FileMode.CreateNew))
            f.SetLength(bigFileBytes);
        File.WriteAllText(Path.Combine(source, "small.txt"), "small");
        return (t, source, output, File.ReadAllBytes(output));
    }

    private static Process StartPack(string source, string output, params string[] options)
    {
        // A shell starts background jobs with SIGINT ignored, and a child keeps what it inherits ignored (as it should:
        // that is how nohup and '&' work). The build is started as if from a terminal, with SIGINT at its default,
        // by a wrapper that resets it and becomes the build (exec keeps the process id).
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in (string[])["-c", "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])",
                     "dotnet", ToolDll, "pack", source, "-o", output, .. options])
            psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    private static string WaitForTemporary(string directory, Process process)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            string? temp = Directory.GetFiles(directory, "*.isobuild-tmp").FirstOrDefault();
            if (temp is not null)
                return temp;
            if (process.HasExited)
                Assert.Fail("the build finished before it could be interrupted: " + process.StandardError.ReadToEnd());
            Thread.Sleep(2);
        }
        throw new TimeoutException("no temporary file appeared");
    }

    [Fact]
    public void A_build_killed_mid_write_leaves_the_previous_image_and_the_next_build_removes_its_leftovers()
    {
        (TempDirectory t, string source, string output, byte[] previous) = Prepare(3L << 30);
        using (t)
        {
            using Process p = StartPack(source, output);
            string temp = WaitForTemporary(Path.GetDirectoryName(output)!, p);
            p.Kill();
            p.WaitForExit();
            Assert.Equal(previous, File.ReadAllBytes(output));
            Assert.True(File.Exists(temp), "a killed build cannot clean up; its temporary file stays until the next build");

            File.Delete(Path.Combine(source, "big.bin"));
            Cli.RunProcess(new Dictionary<string, string?>(), t.Path, "pack", source, "-o", output, "-q").EnsureSuccess();
            Assert.False(File.Exists(temp));
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(output)!, "*.isobuild-tmp"));
            Assert.NotEqual(previous, File.ReadAllBytes(output));
        }
    }

    [Fact]
    public void A_killed_incremental_patch_leaves_an_image_no_reader_accepts_and_the_next_build_is_full()
    {
        using var t = new TempDirectory("fault-patch");
        string source = t.CreateDirectory("src");
        string big = Path.Combine(source, "big.bin");
        using (var f = new FileStream(big, FileMode.CreateNew))
            f.SetLength(1L << 30);
        File.WriteAllText(Path.Combine(source, "small.txt"), "small");
        string output = t.Combine("image.iso");
        string manifest = output + ".isobuild-manifest";
        var env = new Dictionary<string, string?>();
        Assert.Contains("full build (no manifest of an earlier build)",
            Cli.RunProcess(env, t.Path, "pack", source, "-o", output, "--incremental").EnsureSuccess().StandardOutput, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(source, "small.txt"), "SMALL");
        Assert.Contains("patched in place, 1 file rewritten",
            Cli.RunProcess(env, t.Path, "pack", source, "-o", output, "--incremental").EnsureSuccess().StandardOutput, StringComparison.Ordinal);

        // Kill the process while it patches the big file: the undo file appears once the patch has begun.
        File.SetLastWriteTimeUtc(big, DateTime.UtcNow.AddMinutes(1));
        using (Process p = StartPack(source, output, "--incremental"))
        {
            var watch = Stopwatch.StartNew();
            while (!File.Exists(manifest + ".undo"))
            {
                Assert.False(p.HasExited, "the patch finished before it could be interrupted");
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), "the patch never started");
                Thread.Sleep(2);
            }
            p.Kill();
            p.WaitForExit();
        }
        Assert.Contains("\"Dirty\":true", File.ReadAllText(manifest), StringComparison.Ordinal);
        // Never a silently mixed image: every reader refuses it until the next build, and IsoBuild's say why.
        foreach (string[] read in new[] { new[] { "verify", output }, ["ls", output], ["info", output] })
        {
            ToolResult refused = Cli.RunProcess(env, t.Path, read);
            Assert.NotEqual(0, refused.ExitCode);
            // verify lists it as the image's problem; the others fail with it.
            Assert.Contains(read[0] == "verify" ? "ISO0400: " : "error ISO0400: ", read[0] == "verify" ? refused.StandardOutput : refused.StandardError, StringComparison.Ordinal);
            Assert.Contains("an incremental build was interrupted", refused.AllOutput, StringComparison.Ordinal);
        }
        Assert.NotEqual(0, ExternalTool.Run("isoinfo", "-d", "-i", output).ExitCode);

        // The next build of any kind repairs it: a full one replaces it, and an incremental one after that still
        // knows the manifest's image was interrupted and writes the whole image.
        Cli.RunProcess(env, t.Path, "pack", source, "-o", output).EnsureSuccess();
        Cli.RunProcess(env, t.Path, "verify", output).EnsureSuccess();
        Assert.Contains("full build (the last incremental build was interrupted)",
            Cli.RunProcess(env, t.Path, "pack", source, "-o", output, "--incremental").EnsureSuccess().StandardOutput, StringComparison.Ordinal);
        Cli.RunProcess(env, t.Path, "pack", source, "-o", t.Combine("clean.iso")).EnsureSuccess();
        Assert.True(FilesEqual(output, t.Combine("clean.iso")), "the image after the interrupted patch differs from a clean build");
    }

    private static bool FilesEqual(string a, string b)
    {
        using FileStream fa = File.OpenRead(a), fb = File.OpenRead(b);
        if (fa.Length != fb.Length)
            return false;
        byte[] ba = new byte[1 << 20], bb = new byte[1 << 20];
        int n;
        while ((n = fa.ReadAtLeast(ba, ba.Length, throwOnEndOfStream: false)) > 0)
        {
            fb.ReadExactly(bb, 0, n);
            if (!ba.AsSpan(0, n).SequenceEqual(bb.AsSpan(0, n)))
                return false;
        }
        return true;
    }

    private const int SignalInterrupt = 2;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    [Fact]
    public void Ctrl_C_cancels_with_ISO0016_exit_130_and_leaves_nothing_behind()
    {
        (TempDirectory t, string source, string output, byte[] previous) = Prepare(3L << 30);
        using (t)
        {
            using Process p = StartPack(source, output);
            WaitForTemporary(Path.GetDirectoryName(output)!, p);
            // Signalled from here, not through a kill(1) process, which a busy machine may start only after the build ended.
            Assert.Equal(0, SendSignal(p.Id, SignalInterrupt));
            Assert.True(p.WaitForExit(30_000));
            Assert.Equal(130, p.ExitCode);
            Assert.Contains("error ISO0016", p.StandardError.ReadToEnd(), StringComparison.Ordinal);
            Assert.Equal(previous, File.ReadAllBytes(output));
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(output)!, "*.isobuild-tmp"));
        }
    }

    [Fact]
    public void A_full_disk_fails_with_ISO0015_and_keeps_the_previous_image()
    {
        (TempDirectory t, string source, string output, byte[] previous) = Prepare(20L << 20);
        using (t)
        {
            // ulimit -f stands in for a full disk; the runtime's W^X double mapping needs a larger file, so it is off.
            ToolResult r = ExternalTool.Run("sh", ["-c", $"ulimit -f 8192; exec dotnet '{ToolDll}' pack '{source}' -o '{output}'"], t.Path,
                new Dictionary<string, string?> { ["DOTNET_EnableWriteXorExecute"] = "0" });
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("error ISO0015", r.StandardError, StringComparison.Ordinal);
            Assert.Equal(previous, File.ReadAllBytes(output));
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(output)!, "*.isobuild-tmp"));
        }
    }

    [Fact]
    public async Task Two_builds_of_one_output_at_once_give_one_whole_image()
    {
        using var t = new TempDirectory("fault");
        string a = t.CreateDirectory("a");
        string b = t.CreateDirectory("b");
        var random = new Random(3);
        for (int i = 0; i < 20; i++)
        {
            byte[] data = new byte[200_000];
            random.NextBytes(data);
            File.WriteAllBytes(Path.Combine(a, $"a{i}.bin"), data);
            random.NextBytes(data);
            File.WriteAllBytes(Path.Combine(b, $"b{i}.bin"), data);
        }
        Assert.Equal(0, (await Cli.RunAsync("pack", a, "-o", t.Combine("a.iso"), "-q")).ExitCode);
        Assert.Equal(0, (await Cli.RunAsync("pack", b, "-o", t.Combine("b.iso"), "-q")).ExitCode);
        byte[] imageA = File.ReadAllBytes(t.Combine("a.iso"));
        byte[] imageB = File.ReadAllBytes(t.Combine("b.iso"));
        string shared = t.Combine("shared.iso");
        for (int round = 0; round < 3; round++)
        {
            Task<ToolResult> first = Task.Run(() => Cli.RunProcess(new Dictionary<string, string?>(), t.Path, "pack", a, "-o", shared, "-q"));
            Task<ToolResult> second = Task.Run(() => Cli.RunProcess(new Dictionary<string, string?>(), t.Path, "pack", b, "-o", shared, "-q"));
            (await first).EnsureSuccess();
            (await second).EnsureSuccess();
            byte[] result = File.ReadAllBytes(shared);
            Assert.True(result.AsSpan().SequenceEqual(imageA) || result.AsSpan().SequenceEqual(imageB), "the output is neither build's image");
        }
        Assert.Empty(Directory.GetFiles(t.Path, "*.isobuild-tmp"));
    }

    [Fact]
    public void Unreadable_sources_are_ISO0014_for_an_unprivileged_user()
    {
        using var t = new TempDirectory("fault");
        File.SetUnixFileMode(t.Path, (UnixFileMode)0b111_111_111);
        string src = t.CreateDirectory("src");
        File.WriteAllText(Path.Combine(src, "secret.txt"), "secret");
        File.SetUnixFileMode(Path.Combine(src, "secret.txt"), UnixFileMode.None);
        string locked = t.CreateDirectory("locked");
        File.WriteAllText(Path.Combine(locked, "inside.txt"), "x");
        File.SetUnixFileMode(locked, UnixFileMode.None);
        string home = t.CreateDirectory("home");
        File.SetUnixFileMode(home, (UnixFileMode)0b111_111_111);
        var env = new Dictionary<string, string?> { ["HOME"] = home, ["DOTNET_CLI_HOME"] = home };
        string[] asNobody = ["--reuid=65534", "--regid=65534", "--clear-groups", "dotnet", ToolDll, "pack"];

        ToolResult file = ExternalTool.Run("setpriv", [.. asNobody, src, "-o", Path.Combine(home, "a.iso")], home, env);
        Assert.Equal(1, file.ExitCode);
        Assert.Contains("error ISO0014", file.StandardError, StringComparison.Ordinal);
        Assert.Contains("secret.txt", file.StandardError, StringComparison.Ordinal);

        ToolResult dir = ExternalTool.Run("setpriv", [.. asNobody, locked, "-o", Path.Combine(home, "b.iso")], home, env);
        Assert.Equal(1, dir.ExitCode);
        Assert.Contains("error ISO0014", dir.StandardError, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(home, "*.iso*"));
    }
}
