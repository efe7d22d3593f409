using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using IsoBuild.Options;

namespace IsoBuild.Tool;

/// <summary>The <c>dotnet iso</c> command line: its commands, and how results and errors reach the user.</summary>
internal static class IsoCommandLine
{
    public const int ExitSuccess = 0;
    public const int ExitError = 1;
    public const int ExitUsage = 2;
    public const int ExitCancelled = 130;

    /// <summary>How users type the tool: the .NET SDK runs the dotnet-iso executable for <c>dotnet iso</c>.</summary>
    public const string Name = "dotnet iso";

    public static RootCommand Create() => Create(nameHelpAsTyped: true);

    private static RootCommand Create(bool nameHelpAsTyped)
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
        root.Add(OscdimgCommand.Create());
        if (nameHelpAsTyped)
        {
            foreach (HelpOption help in root.Options.OfType<HelpOption>())
                help.Action = new UsageHelp();
        }
        return root;
    }

    public static Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        // xorriso's mkisofs dialect has an argument syntax of its own: it does not go through System.CommandLine.
        if (Mkisofs.MkisofsRunner.Handles(args))
            return Task.FromResult(Mkisofs.MkisofsRunner.Run(args, output, error, cancellationToken));
        // oscdimg's options are not System.CommandLine's (-lLABEL, -bootdata:..., -h for hidden files): its door parses them itself.
        if (args.Length > 0 && args[0] == OscdimgCommand.Name)
            return OscdimgCommand.RunAsync(args[1..], output, error, cancellationToken);
        // The MSBuild task's worker reads its request from standard input.
        if (args is [WorkerProtocol.Command])
            return Task.FromResult(MSBuildWorker.Run(Console.In, output, error, cancellationToken));
        ParseResult parse = Create().Parse(args);
        // Cancellation comes through the token (Program.cs turns Ctrl+C into it), so commands can report and clean up.
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        if (parse.Action is not UsageHelp && UsageProblems(parse) is { Count: > 0 } problems)
        {
            // Only the problem and where to find help: the whole help after it would push the problem off the screen.
            foreach (string problem in problems)
                error.WriteLine($"error: {problem}");
            error.WriteLine($"Usage: {Usage(parse.CommandResult.Command)}");
            error.WriteLine($"Run '{CommandPath(parse.CommandResult.Command)} --help' for more.");
            return Task.FromResult(ExitUsage);
        }
        return parse.InvokeAsync(configuration, cancellationToken);
    }

    /// <summary>
    /// What is wrong with the command line: the parser's own errors, and tokens that look like options but are none
    /// (System.CommandLine would take them for arguments: a SOURCE named '--volume', a PATH named '-x').
    /// Arguments after '--' may start with '-'.
    /// </summary>
    private static List<string> UsageProblems(ParseResult parse)
    {
        var problems = new List<string>();
        List<Token> tokens = [.. parse.Tokens];
        int doubleDash = tokens.FindIndex(t => t.Type == TokenType.DoubleDash);
        bool LooksLikeOption(Token token) =>
            token.Value.Length > 1 && token.Value[0] == '-' && (doubleDash < 0 || tokens.FindIndex(t => ReferenceEquals(t, token)) < doubleDash);
        Command command = parse.CommandResult.Command;
        foreach (SymbolResult result in parse.CommandResult.Children)
        {
            // An argument never starts with '-' before '--'; an option's values beyond those it takes are no values
            // of it ('-o o.iso -x' makes '-x' a second value of '-o').
            IEnumerable<Token> suspects = result switch
            {
                ArgumentResult argument => argument.Tokens,
                OptionResult option => option.Tokens.Skip(option.Option.Arity.MaximumNumberOfValues),
                _ => [],
            };
            problems.AddRange(suspects.Where(LooksLikeOption).Select(t => UnknownOption(t.Value, command)));
        }
        if (problems.Count > 0)
            return [.. problems.Distinct()]; // the parser's own errors about the same tokens would only confuse
        const string Unrecognized = "Unrecognized command or argument '";
        foreach (ParseError e in parse.Errors)
        {
            string? token = e.Message.StartsWith(Unrecognized, StringComparison.Ordinal) ? e.Message.Split('\'')[1] : null;
            if (token is not null && token.StartsWith('-'))
                problems.Add(UnknownOption(token, command));
            else if (token is not null && command is RootCommand)
                problems.Add(Suggestions.Closest(token, command.Subcommands.Select(c => c.Name)) is { } meant
                    ? $"unknown command '{token}'; did you mean '{meant}'?" : $"unknown command '{token}'");
            else
                problems.Add(e.Message);
        }
        if (command is RootCommand && problems.Count > 1)
            problems.RemoveAll(p => p.StartsWith("Required command", StringComparison.Ordinal)); // an unknown one says more
        if (command is RootCommand && parse.Tokens.Count == 0)
            return [$"no command given: {string.Join(", ", command.Subcommands.Select(c => c.Name))}"];
        return [.. problems.Distinct()];
    }

    private static string UnknownOption(string token, Command command)
    {
        string option = token.Split('=', 2)[0];
        IEnumerable<string> known = command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Append(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal));
        string? meant = Suggestions.Closest(option, known);
        return meant is null ? $"unrecognized option '{option}'" : $"unrecognized option '{option}'; did you mean '{meant}'?";
    }

    /// <summary>The command as typed: <c>dotnet iso pack</c>.</summary>
    private static string CommandPath(Command command) => command is RootCommand ? Name : $"{Name} {command.Name}";

    /// <summary>The usage line of a command as help shows it.</summary>
    private static string Usage(Command command)
    {
        string help = UsageHelp.Text(command);
        int at = help.IndexOf("Usage:", StringComparison.Ordinal);
        return at < 0 ? CommandPath(command) : help[(at + "Usage:".Length)..].TrimStart().Split('\n')[0].TrimEnd();
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
            await error.WriteLineAsync($"error {e.Code}: {Wording.Format(e, FrontDoor.CommandLine)}").ConfigureAwait(false);
            return ExitCancelled;
        }
        catch (IsoBuildException e)
        {
            await error.WriteLineAsync($"error {e.Code}: {Wording.Format(e, FrontDoor.CommandLine)}").ConfigureAwait(false);
            return errorExitCode;
        }
    }

    /// <summary>"1 file", "2 files": counts as a sentence says them.</summary>
    public static string Count(int n, string one, string? many = null) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{n} {(n == 1 ? one : many ?? one + "s")}");

    /// <summary>Help as the parser writes it, with the command named as users type it (<c>dotnet iso</c>, not the executable's name).</summary>
    private sealed class UsageHelp : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.Write(Text(parseResult.CommandResult.Command));
            return ExitSuccess;
        }

        public static string Text(Command command)
        {
            // The parser's own help for the same command, written to a string, then named as users type it.
            var path = new List<string>();
            for (Command? c = command; c is not null && c is not RootCommand; c = c.Parents.OfType<Command>().FirstOrDefault())
                path.Insert(0, c.Name);
            using var text = new StringWriter();
            Create(nameHelpAsTyped: false).Parse([.. path, "--help"]).Invoke(new InvocationConfiguration { Output = text });
            string executable = RootName(command);
            return text.ToString().Replace("  " + executable + " ", "  " + Name + " ", StringComparison.Ordinal)
                .Replace("  " + executable + "\n", "  " + Name + "\n", StringComparison.Ordinal);
        }

        private static string RootName(Command command)
        {
            Command root = command;
            while (root.Parents.OfType<Command>().FirstOrDefault() is { } parent)
                root = parent;
            return root.Name;
        }
    }
}
