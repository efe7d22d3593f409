using IsoBuild.Testing;

namespace IsoBuild.Tool.Tests;

/// <summary>
/// <c>dotnet iso pack</c> in separate processes with other TZ, LANG, umask and processor counts (one processor: the
/// source walk reads every directory itself; four: it reads ahead on four threads) gives the same bytes.
/// </summary>
[Trait(Category.Name, Category.External)]
public class EnvironmentDeterminismTests
{
    [Fact]
    public void TZ_LANG_umask_and_processor_count_do_not_change_the_bytes()
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        TestTrees.CreateVaried(src, withLongNames: true);
        var runs = new (string Name, Dictionary<string, string?> Env)[]
        {
            ("utc", new() { ["TZ"] = "UTC", ["LANG"] = "C.UTF-8", ["LC_ALL"] = "C.UTF-8" }),
            ("kiritimati", new() { ["TZ"] = "Pacific/Kiritimati", ["LANG"] = "tr_TR.UTF-8", ["LC_ALL"] = "tr_TR.UTF-8" }),
            ("new-york", new() { ["TZ"] = "America/New_York", ["LANG"] = "ja_JP.UTF-8", ["LC_ALL"] = "ja_JP.UTF-8", ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1" }),
            ("one-processor", new() { ["DOTNET_PROCESSOR_COUNT"] = "1" }),
            ("four-processors", new() { ["DOTNET_PROCESSOR_COUNT"] = "4" }),
        };
        byte[]? first = null;
        foreach ((string name, Dictionary<string, string?> env) in runs)
        {
            env["SOURCE_DATE_EPOCH"] = null;
            Cli.RunProcess(env, t.Path, "pack", "src", "-o", $"{name}.iso", "-q").EnsureSuccess();
            byte[] bytes = File.ReadAllBytes(t.Combine($"{name}.iso"));
            first ??= bytes;
            Assert.True(first.AsSpan().SequenceEqual(bytes), $"{name} differs");
        }
        // umask: run through a shell with a restrictive umask; the image must not change.
        ExternalTool.Run("sh", ["-c", $"umask 077 && dotnet '{Path.Combine(AppContext.BaseDirectory, "dotnet-iso.dll")}' pack src -o umask.iso -q"], t.Path).EnsureSuccess();
        Assert.True(first!.AsSpan().SequenceEqual(File.ReadAllBytes(t.Combine("umask.iso"))), "umask 077 differs");
    }

    [Fact]
    public void SOURCE_DATE_EPOCH_is_honoured_and_wins_over_the_option()
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        File.WriteAllText(Path.Combine(src, "a.txt"), "a");
        Cli.RunProcess(new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = "1700000000" }, t.Path, "pack", "src", "-o", "env.iso", "-q", "--timestamp", "2001-01-01").EnsureSuccess();
        Cli.RunProcess(new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = null }, t.Path, "pack", "src", "-o", "opt.iso", "-q", "--timestamp", "1700000000").EnsureSuccess();
        Assert.Equal(File.ReadAllBytes(t.Combine("opt.iso")), File.ReadAllBytes(t.Combine("env.iso")));
        ToolResult d = ExternalTool.Run("xorriso", "-indev", t.Combine("env.iso"), "-pvd_info").EnsureSuccess();
        Assert.Contains("Creation Time: 2023111422132000", d.StandardOutput, StringComparison.Ordinal);
    }
}
