using IsoBuild.Testing;

namespace IsoBuild.Tool.Tests;

/// <summary>Runs <c>dotnet iso</c> in-process, or as a separate process when the environment matters.</summary>
internal static class Cli
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await IsoCommandLine.InvokeAsync(args, output, error);
        return new Result(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs the built dotnet-iso.dll with <c>dotnet</c>, with extra environment variables.</summary>
    public static ToolResult RunProcess(IReadOnlyDictionary<string, string?> environment, string workingDirectory, params string[] args) =>
        ExternalTool.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "dotnet-iso.dll"), .. args], workingDirectory, environment);
}
