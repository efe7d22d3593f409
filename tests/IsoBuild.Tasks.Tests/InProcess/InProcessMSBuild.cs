using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using IsoBuild.Testing;
using Microsoft.Build.Evaluation;
using Microsoft.Build.Execution;
using Microsoft.Build.Framework;
using Microsoft.Build.Locator;

namespace IsoBuild.Tasks.Tests.InProcess;

/// <summary>
/// MSBuild in this process: the SDK's own MSBuild, found by MSBuildLocator before any MSBuild type is loaded.
/// One build manager serves the process, so the tests that use it share one collection and run one at a time.
/// </summary>
internal static class InProcessMSBuild
{
    public const string Collection = "in-process MSBuild";

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "MSBuildLocator must run before the first MSBuild type loads, in any test.")]
    internal static void RegisterSdkMSBuild()
    {
        if (!MSBuildLocator.IsRegistered)
            MSBuildLocator.RegisterDefaults();
    }

    /// <summary>Global properties that load the task into this process (the projects ask for a task host).</summary>
    public static Dictionary<string, string?> Properties(params (string Name, string Value)[] extra)
    {
        var properties = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["IsoBuildUseTaskHost"] = "false" };
        foreach ((string name, string value) in extra)
            properties[name] = value;
        return properties;
    }

    /// <summary>Evaluates <paramref name="projectPath"/> and hands the evaluated project to <paramref name="inspect"/>.</summary>
    public static void Evaluate(string projectPath, IDictionary<string, string?> properties, Action<Project> inspect)
    {
        using var collection = new ProjectCollection(properties);
        inspect(collection.LoadProject(projectPath));
    }

    /// <summary>Builds <paramref name="target"/>; <paramref name="whileRunning"/> runs on this thread while the build does.</summary>
    public static (BuildResult Result, RecordingLogger Log) Build(string projectPath, string target, IDictionary<string, string?> properties,
        Action<BuildManager>? whileRunning = null)
    {
        var logger = new RecordingLogger();
        using var collection = new ProjectCollection();
        var parameters = new BuildParameters(collection) { Loggers = [logger], EnableNodeReuse = false, MaxNodeCount = 1 };
        var request = new BuildRequestData(projectPath, properties, null, [target], null);
        BuildManager manager = BuildManager.DefaultBuildManager;
        manager.BeginBuild(parameters);
        try
        {
            BuildSubmission submission = manager.PendBuildRequest(request);
            submission.ExecuteAsync(null, null);
            whileRunning?.Invoke(manager);
            submission.WaitHandle.WaitOne();
            return (submission.BuildResult!, logger);
        }
        finally
        {
            manager.EndBuild();
        }
    }

    /// <summary>
    /// Builds the project's image from <c>$(Src)</c> (its default), then cancels a build from 9 GiB of sparse sources
    /// once its temporary file appears, and checks that the cancel is ISO0016, the previous image is untouched and no
    /// temporary file is left. Returns the cancelled build's log.
    /// </summary>
    public static RecordingLogger CancelMidWrite(TempDirectory t, string project, params (string Name, string Value)[] properties)
    {
        Assert.Equal(BuildResultCode.Success, Build(project, "BuildIsoImages", Properties(properties)).Result.OverallResult);
        string output = t.Combine("out");
        byte[] previous = File.ReadAllBytes(Path.Combine(output, "app.iso"));

        // Sparse sources large enough that the write is still running when the cancel arrives.
        string big = t.CreateDirectory("big");
        foreach (string name in new[] { "a.bin", "b.bin", "c.bin" })
        {
            using FileStream f = File.Create(Path.Combine(big, name));
            f.SetLength(3L << 30);
        }
        bool sawTemporary = false;
        (BuildResult result, RecordingLogger log) = Build(project, "BuildIsoImages", Properties([.. properties, ("Src", "big")]), manager =>
        {
            DateTime deadline = DateTime.UtcNow.AddMinutes(2);
            while (!sawTemporary && DateTime.UtcNow < deadline)
            {
                sawTemporary = Directory.GetFiles(output, "*.isobuild-tmp").Length > 0;
                Thread.Sleep(20);
            }
            manager.CancelAllSubmissions();
        });
        Assert.True(sawTemporary, "the write never started");
        Assert.Equal(BuildResultCode.Failure, result.OverallResult);
        Assert.Contains(log.Errors, e => e.Code == "ISO0016");
        Assert.Equal(previous, File.ReadAllBytes(Path.Combine(output, "app.iso")));
        Assert.Equal(["app.iso"], Directory.GetFiles(output).Select(Path.GetFileName));
        return log;
    }
}

/// <summary>Keeps the errors and messages of a build.</summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly List<BuildErrorEventArgs> _errors = [];
    private readonly List<BuildWarningEventArgs> _warnings = [];
    private readonly List<string> _messages = [];

    public LoggerVerbosity Verbosity { get; set; } = LoggerVerbosity.Normal;

    public string? Parameters { get; set; }

    public IReadOnlyList<BuildErrorEventArgs> Errors { get { lock (_errors) return [.. _errors]; } }

    public IReadOnlyList<BuildWarningEventArgs> Warnings { get { lock (_warnings) return [.. _warnings]; } }

    public IReadOnlyList<string> Messages { get { lock (_messages) return [.. _messages]; } }

    public void Initialize(IEventSource eventSource)
    {
        eventSource.ErrorRaised += (_, e) => { lock (_errors) _errors.Add(e); };
        eventSource.WarningRaised += (_, e) => { lock (_warnings) _warnings.Add(e); };
        eventSource.MessageRaised += (_, e) => { lock (_messages) _messages.Add(e.Message ?? string.Empty); };
    }

    public void Shutdown()
    {
    }
}
