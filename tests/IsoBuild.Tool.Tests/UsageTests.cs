using IsoBuild.Testing;

namespace IsoBuild.Tool.Tests;

/// <summary>
/// Usage errors: an unknown option is never taken for a source or a path, a missing option's error is the last thing
/// printed, and help names the tool as users type it.
/// </summary>
public class UsageTests
{
    [Theory]
    [InlineData("--volume", "did you mean '--volume-id'?", "pack", "{src}", "-o", "{out}", "--volume", "APP")]
    [InlineData("--timstamp", "did you mean '--timestamp'?", "pack", "{src}", "-o", "{out}", "--timstamp=1")]
    [InlineData("-x", null, "ls", "{out}", "-x")]
    [InlineData("--recursiv", "did you mean '--recursive'?", "ls", "{out}", "--recursiv")]
    [InlineData("--ad", "did you mean '--add'?", "edit", "{out}", "-o", "{out}", "--ad", "x=y")]
    [InlineData("--jsn", "did you mean '--json'?", "diff", "{out}", "{out}", "--jsn")]
    public async Task An_unknown_option_is_a_usage_error_with_a_suggestion_never_a_source_or_path(string option, string? suggestion, params string[] template)
    {
        using var t = new TempDirectory("usage");
        string src = t.CreateDirectory("src");
        File.WriteAllText(Path.Combine(src, "a.txt"), "a");
        string output = t.Combine("out.iso");
        Assert.Equal(0, (await Cli.RunAsync("pack", src, "-o", output, "-q")).ExitCode);
        byte[] before = File.ReadAllBytes(output);

        Cli.Result r = await Cli.RunAsync([.. template.Select(a => a.Replace("{src}", src).Replace("{out}", output))]);
        Assert.Equal(2, r.ExitCode);
        string[] lines = r.Error.TrimEnd().Split('\n');
        Assert.Equal($"error: unrecognized option '{option}'" + (suggestion is null ? "" : "; " + suggestion), lines[0]);
        Assert.DoesNotContain("ISO0", r.Error, StringComparison.Ordinal);
        Assert.StartsWith($"Run 'dotnet iso {template[0]} --help'", lines[^1], StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(output));
    }

    [Fact]
    public void A_source_that_starts_with_a_dash_goes_after_double_dash()
    {
        using var t = new TempDirectory("usage-dash");
        File.WriteAllText(t.Combine("-zz.txt"), "odd");
        var env = new Dictionary<string, string?>();
        ToolResult refused = Cli.RunProcess(env, t.Path, "pack", "-o", "o.iso", "-zz.txt");
        Assert.Equal(2, refused.ExitCode);
        Assert.StartsWith("error: unrecognized option '-zz.txt'", refused.StandardError, StringComparison.Ordinal);
        Cli.RunProcess(env, t.Path, "pack", "-o", "o.iso", "--", "-zz.txt").EnsureSuccess();
        Assert.Equal("-zz.txt", Cli.RunProcess(env, t.Path, "ls", "o.iso").EnsureSuccess().StandardOutput.Trim());
    }

    [Theory]
    [InlineData("Option '--output' is required.", "pack", ".")]
    [InlineData("Required argument missing for command: 'ls'.", "ls")]
    public async Task A_missing_option_or_argument_is_the_last_thing_printed_but_the_usage(string message, params string[] args)
    {
        Cli.Result r = await Cli.RunAsync(args);
        Assert.Equal(2, r.ExitCode);
        string[] lines = r.Error.TrimEnd().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Equal($"error: {message}", lines[0]);
        Assert.StartsWith($"Usage: dotnet iso {args[0]} ", lines[1], StringComparison.Ordinal);
        Assert.Equal(string.Empty, r.Output);
    }

    [Fact]
    public async Task An_unknown_command_gets_a_suggestion()
    {
        Cli.Result r = await Cli.RunAsync("lss", "x.iso");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: unknown command 'lss'; did you mean 'ls'?", r.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pack", "dotnet iso pack <SOURCE>... [options]")]
    [InlineData("ls", "dotnet iso ls <IMAGE> [<PATH>] [options]")]
    [InlineData("extract", "dotnet iso extract <IMAGE> [<PATH>...] [options]")]
    [InlineData(null, "dotnet iso [command] [options]")]
    public async Task Help_names_the_tool_as_users_type_it_and_shows_optional_arguments_as_optional(string? command, string usage)
    {
        Cli.Result r = await Cli.RunAsync(command is null ? ["--help"] : [command, "--help"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Usage:\n  " + usage + "\n", r.Output.Replace("\r\n", "\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("dotnet-iso", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edit_help_says_the_ids_default_to_the_base_images()
    {
        string help = (await Cli.RunAsync("edit", "--help")).Output;
        Assert.DoesNotContain("Default: ISOIMAGE", help, StringComparison.Ordinal);
        Assert.Contains("Default: the base image's", help, StringComparison.Ordinal);
        Assert.Contains("Default: ISOIMAGE", (await Cli.RunAsync("pack", "--help")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_at_the_command_line_name_its_flags()
    {
        using var t = new TempDirectory("usage-words");
        string src = t.CreateDirectory("src");
        Cli.Result r = await Cli.RunAsync("pack", src, "-o", t.Combine("o.iso"), "--timestamp", "yesterday");
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("error ISO0006: The --timestamp 'yesterday' is not a date", r.Error, StringComparison.Ordinal);
        r = await Cli.RunAsync("pack", src, "-o", t.Combine("o.iso"), "--gpt");
        Assert.StartsWith("error ISO0104: --gpt makes the UEFI boot image the EFI system partition: give it with --efi-boot.", r.Error, StringComparison.Ordinal);
    }
}
