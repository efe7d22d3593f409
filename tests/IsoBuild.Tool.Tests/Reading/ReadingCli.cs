namespace IsoBuild.Tool.Tests.Reading;

/// <summary>The result of one in-process <c>dotnet iso</c> run.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public CliResult Succeeded()
    {
        if (ExitCode != 0)
            throw new Xunit.Sdk.XunitException($"dotnet iso exited with {ExitCode}.\nstdout:\n{Output}\nstderr:\n{Error}");
        return this;
    }

    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Runs <c>dotnet iso</c> commands in-process, as the tool's Main does.</summary>
internal static class ReadingCli
{
    public static CliResult Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = IsoCommandLine.InvokeAsync(args, output, error).GetAwaiter().GetResult();
        return new CliResult(exit, output.ToString(), error.ToString());
    }
}
