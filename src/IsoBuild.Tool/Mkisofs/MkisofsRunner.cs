using IsoBuild.Options;
using IsoBuild.Spec;

namespace IsoBuild.Tool.Mkisofs;

/// <summary>
/// <c>dotnet iso mkisofs ARGS…</c> and <c>dotnet iso xorriso … -as mkisofs ARGS…</c>: parse, print help or version,
/// translate, build. These commands bypass System.CommandLine, since xorriso's argument syntax is its own. Exit
/// codes: 0 done, 1 the engine refused the image (coded ISO#### error), 2 an option IsoBuild does not offer or a
/// malformed command line (the option is named).
/// </summary>
internal static class MkisofsRunner
{
    /// <summary>The first words of <c>dotnet iso</c> that lead here.</summary>
    public static bool Handles(string[] args) => args.Length > 0 && args[0] is "mkisofs" or "xorriso" or "xorrisofs";

    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken,
        string? workingDirectory = null, Func<Stream>? standardOutput = null)
    {
        string program = args[0] == "xorriso" ? "xorriso" : "xorrisofs";
        MkisofsRequest request;
        try
        {
            string[] rest = args[1..];
            request = args[0] == "xorriso" ? MkisofsCommandLine.ParseXorriso(rest) : MkisofsCommandLine.ParseMkisofs(rest);
        }
        catch (MkisofsUsageException e)
        {
            error.WriteLine($"{program}: error: {e.Message}");
            return MkisofsUsageException.ExitCode;
        }

        if (request.ShowNativeVersion)
            output.Write(MkisofsTexts.VersionBlock);
        if (request.ShowVersion)
        {
            output.Write(MkisofsTexts.MkisofsVersionLine);
            error.Write(MkisofsTexts.VersionBlock);
        }
        if (request.ShowNativeHelp)
            output.Write(MkisofsTexts.NativeHelp);
        if (request.ShowHelp)
            error.Write(MkisofsTexts.Help);
        if (!request.BuildsImage)
            return IsoCommandLine.ExitSuccess;

        TextWriter messages = error;
        StreamWriter? log = null;
        try
        {
            if (request.LogFile is { } logFile)
                messages = log = new StreamWriter(Path.GetFullPath(logFile, workingDirectory ?? Environment.CurrentDirectory), append: true);
            foreach (MkisofsMessage message in request.Messages)
            {
                if (message.Severity == MkisofsSeverity.Warning || request.Verbosity != MkisofsVerbosity.Quiet)
                    messages.WriteLine($"{program}: {message}");
            }
            (ImageSpec spec, IReadOnlyList<string> warnings) = MkisofsTranslation.Translate(request, workingDirectory ?? Environment.CurrentDirectory,
                Environment.GetEnvironmentVariable(BuildTimestamp.SourceDateEpochVariable));
            foreach (string warning in warnings)
                messages.WriteLine($"{program}: WARNING: {warning}");
            if (request.PrintSize)
            {
                ImageBuildResult planned = IsoImageBuilder.Plan(spec, "size.iso");
                output.WriteLine((planned.Size / 2048).ToString(System.Globalization.CultureInfo.InvariantCulture));
                return IsoCommandLine.ExitSuccess;
            }
            ImageBuildResult result;
            if (request.WritesToStandardOutput)
            {
                using Stream stdout = (standardOutput ?? Console.OpenStandardOutput)();
                result = IsoImageBuilder.Write(spec, stdout, cancellationToken: cancellationToken);
            }
            else
            {
                result = IsoImageBuilder.Build(spec, Path.GetFullPath(request.Output!, workingDirectory ?? Environment.CurrentDirectory), cancellationToken: cancellationToken);
            }
            if (request.Verbosity == MkisofsVerbosity.Verbose)
                messages.WriteLine($"{program}: {PackCommand.Describe(result)}");
            return IsoCommandLine.ExitSuccess;
        }
        catch (MkisofsUsageException e)
        {
            messages.WriteLine($"{program}: error: {e.Option}: {e.Message}");
            return MkisofsUsageException.ExitCode;
        }
        catch (IsoBuildException e)
        {
            messages.WriteLine($"{program}: error {e.Code}: {Wording.Format(e, FrontDoor.CommandLine)}");
            return e.Code == ErrorCodes.Cancelled ? IsoCommandLine.ExitCancelled : IsoCommandLine.ExitError;
        }
        finally
        {
            log?.Dispose();
        }
    }
}
