using System.CommandLine;

namespace IsoBuild.Tool;

/// <summary>The <c>dotnet iso</c> command line: its commands, and how results and errors reach the user.</summary>
internal static class IsoCommandLine
{
    public const int ExitSuccess = 0;
    public const int ExitError = 1;
    public const int ExitCancelled = 130;

    public static RootCommand Create()
    {
        var root = new RootCommand(
            "Build reproducible ISO 9660 images (Joliet, Rock Ridge): the same inputs give the same bytes on any machine.");
        root.Add(PackCommand.Create());
        root.Add(LsCommand.Create());
        root.Add(InfoCommand.Create());
        root.Add(ExtractCommand.Create());
        root.Add(VerifyCommand.Create());
        root.Add(DiffCommand.Create());
        root.Add(EditCommand.Create());
        root.Add(ConvertCommand.Create());
        return root;
    }

    public static Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ParseResult parse = Create().Parse(args);
        // Cancellation comes through the token (Program.cs turns Ctrl+C into it), so commands can report and clean up.
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        Task<int> run = parse.InvokeAsync(configuration, cancellationToken);
        // diff exits with 1 when the images differ, so its usage errors exit with 2, as diff(1)'s do.
        if (parse.Errors.Count > 0 && parse.CommandResult.Command.Name == "diff")
            return run.ContinueWith(t => t.Result == ExitError ? DiffCommand.ExitTrouble : t.Result, cancellationToken, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return run;
    }

    /// <summary>Runs a command body, turning IsoBuild's coded errors into "error ISO####: …" on standard error.</summary>
    public static async Task<int> RunAsync(ParseResult parse, Func<TextWriter, CancellationToken, Task<int>> body, CancellationToken cancellationToken,
        int errorExitCode = ExitError)
    {
        TextWriter error = parse.InvocationConfiguration.Error;
        TextWriter output = parse.InvocationConfiguration.Output;
        try
        {
            return await body(output, cancellationToken).ConfigureAwait(false);
        }
        catch (IsoBuildException e) when (e.Code == ErrorCodes.Cancelled)
        {
            await error.WriteLineAsync($"error {e.Code}: {e.Message}").ConfigureAwait(false);
            return ExitCancelled;
        }
        catch (IsoBuildException e)
        {
            await error.WriteLineAsync($"error {e.Code}: {e.Message}").ConfigureAwait(false);
            return errorExitCode;
        }
    }
}
