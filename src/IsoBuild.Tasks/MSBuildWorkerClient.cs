using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using IsoBuild.Options;

namespace IsoBuild.Tasks;

/// <summary>
/// Runs the build of a project's images in the worker: the native dotnet-iso (<c>dotnet-iso __msbuild-worker</c>) that
/// the package carries for linux-x64 beside the task. It starts in milliseconds and compiles nothing, where the engine
/// loaded into MSBuild's process is compiled anew on every build and pauses in MSBuild's garbage collections; and a
/// large image's memory is handed back when it ends instead of staying in a reused MSBuild node.
/// </summary>
internal static partial class MSBuildWorkerClient
{
    /// <summary>Where the package keeps the worker for each runtime identifier, relative to the task assembly.</summary>
    private static string? DefaultWorker()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return null;
        string? tasks = Path.GetDirectoryName(typeof(MSBuildWorkerClient).Assembly.Location);
        return tasks is null ? null : Path.Combine(tasks, "linux-x64", "dotnet-iso");
    }

    /// <summary>
    /// The worker to run, or null to build in MSBuild's process; false (with an error logged) when the configured
    /// worker (relative to the project directory) does not exist.
    /// </summary>
    public static bool TryFind(string configured, string projectDirectory, TaskLog log, out string? worker)
    {
        worker = null;
        if (configured.Length > 0)
        {
            string path = Path.GetFullPath(IsoImageItem.MSBuildPath(configured), Path.GetFullPath(projectDirectory));
            if (!File.Exists(path))
            {
                log.Diagnostic(ErrorCodes.WorkerFailed, warning: false,
                    $"IsoBuildWorker is '{configured}', which does not exist. Point it at a dotnet-iso executable of this IsoBuild version, or remove it to use the one the package carries.");
                return false;
            }
            worker = path;
            return true;
        }
        if (DefaultWorker() is not { } packaged || !File.Exists(packaged))
            return true;
        // A package folder may hold the worker without its executable bit: NuGet does not always keep it.
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(packaged) & UnixFileMode.UserExecute) == 0)
        {
            try
            {
                File.SetUnixFileMode(packaged, File.GetUnixFileMode(packaged) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.Detail($"IsoBuild builds the images in MSBuild's process: the worker '{packaged}' is not executable and cannot be made so ({e.Message}).");
                return true;
            }
        }
        worker = packaged;
        return true;
    }

    /// <summary>
    /// Builds the request's images in <paramref name="worker"/>, passing on what it logs as it goes; null when the
    /// worker could not be started (the caller then builds in MSBuild's process).
    /// </summary>
    public static ImageItemBuildResult? Run(string worker, ImageItemBuildRequest request, TaskLog log, CancellationToken cancellationToken)
    {
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        var start = new ProcessStartInfo(worker)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = utf8,
            StandardOutputEncoding = utf8,
            StandardErrorEncoding = utf8,
        };
        start.ArgumentList.Add(WorkerProtocol.Command);
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (Win32Exception e)
        {
            log.Detail($"IsoBuild builds the images in MSBuild's process: the worker '{worker}' could not be started ({e.Message}).");
            return null;
        }
        if (process is null)
            return null;
        using (process)
        {
            log.Detail($"IsoBuild builds the images in its worker '{worker}' (process {process.Id}).");
            // Its error output (only a worker that fails writes any) is read on a thread of its own: reading it
            // asynchronously would cost MSBuild's process milliseconds of compiling on every build.
            string printed = string.Empty;
            var errors = new Thread(() => printed = process.StandardError.ReadToEnd()) { IsBackground = true, Name = "IsoBuild worker errors" };
            errors.Start();
            // Cancelling the build asks the worker to stop as Ctrl+C does: it reports ISO0016 and leaves the previous image as it was.
            using CancellationTokenRegistration cancel = cancellationToken.Register(() => Terminate(process));
            ImageItemBuildResult? result = null;
            string? protocolError = null;
            try
            {
                WorkerProtocol.WriteRequest(process.StandardInput, request);
                process.StandardInput.Close();
                result = WorkerProtocol.ReadOutput(process.StandardOutput, log);
            }
            catch (IOException)
            {
                // The worker ended before it read the whole request; what it wrote to its error output says why.
            }
            catch (InvalidDataException e)
            {
                // Not a worker of this version: it is stopped, not waited for.
                protocolError = e.Message;
                process.Kill(entireProcessTree: true);
            }
            process.WaitForExit();
            if (result is not null)
                return result;
            if (cancellationToken.IsCancellationRequested)
            {
                // Stopped before it could say so itself (the cancel came as it started).
                log.Diagnostic(ErrorCodes.Cancelled, warning: false, "Building the images was cancelled; the previous images are untouched.");
                return new ImageItemBuildResult();
            }
            errors.Join();
            printed = printed.Trim();
            log.Diagnostic(ErrorCodes.WorkerFailed, warning: false,
                $"The IsoBuild worker '{worker}' did not finish the build ({protocolError ?? $"it ended with exit code {process.ExitCode}"})" +
                (printed.Length == 0 ? "." : $"; it printed: {Tail(printed)}") +
                " The previous images are untouched. Build again; if it fails again, set the property IsoBuildOutOfProcess to false to build in MSBuild's process, and report the problem.");
            return new ImageItemBuildResult();
        }
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : "…" + text[^2000..];

    private static void Terminate(Process process)
    {
        try
        {
            if (OperatingSystem.IsWindows())
                process.Kill();
            else
                _ = Kill(process.Id, SigTerm);
        }
        catch (InvalidOperationException)
        {
            // It has ended already.
        }
    }

    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
