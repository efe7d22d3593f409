using IsoBuild.Options;

namespace IsoBuild.Tool;

/// <summary>
/// <c>dotnet-iso __msbuild-worker</c>: builds a project's images for the <c>CreateIsoImage</c> task outside MSBuild's
/// process (see <see cref="WorkerProtocol"/>). The native tool starts in milliseconds and compiles nothing, where the
/// engine loaded into MSBuild's process is compiled anew on every build and shares its garbage collections with MSBuild.
/// </summary>
internal static class MSBuildWorker
{
    public static int Run(TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ImageItemBuildRequest request;
        try
        {
            request = WorkerProtocol.ReadRequest(input);
        }
        catch (InvalidDataException e)
        {
            error.WriteLine($"error: {e.Message} This command serves the IsoBuild MSBuild task; run 'dotnet iso --help' for the tool's commands.");
            return IsoCommandLine.ExitUsage;
        }
        var log = new WorkerProtocol.Writer(output);
        log.Finish(ImageItemBuild.Run(request, log, cancellationToken));
        return IsoCommandLine.ExitSuccess;
    }
}
