using IsoBuild.Testing;
using Microsoft.Build.Execution;

namespace IsoBuild.Tasks.Tests.InProcess;

/// <summary>
/// The task builds the images in the worker (<c>dotnet-iso __msbuild-worker</c>) when it has one: the same bytes, the
/// same coded diagnostics at the project file, the same cancellation, and a coded error when the worker fails. Here the
/// worker is the suite's framework-dependent dotnet-iso behind a two-line script; the package carries the native one.
/// </summary>
[Collection(InProcessMSBuild.Collection)]
[Trait(Category.Name, Category.External)]
public class WorkerTests
{
    private const string Items = """
  <ItemGroup>
    <IsoImage Include="out/app.iso" SourceDirectory="payload" VolumeId="WORKER" VolumeLabel="IGNORED" />
    <IsoImage Include="out/other.iso" Sources="payload;notes.txt" RockRidge="false" />
    <IsoContent Include="notes.txt" PathInImage="docs/" Image="app.iso" />
  </ItemGroup>
""";

    [Fact]
    public void The_worker_builds_the_same_bytes_and_says_the_same_as_MSBuilds_process()
    {
        using var t = NewProject(out string project, out string worker);
        (BuildResult outside, RecordingLogger outsideLog) = InProcessMSBuild.Build(project, "BuildIsoImages", InProcessMSBuild.Properties(("IsoBuildWorker", worker)));
        Assert.Equal(BuildResultCode.Success, outside.OverallResult);
        Assert.Contains(outsideLog.Messages, m => m.StartsWith($"IsoBuild builds the images in its worker '{worker}'", StringComparison.Ordinal));
        byte[][] fromWorker = [File.ReadAllBytes(t.Combine("out", "app.iso")), File.ReadAllBytes(t.Combine("out", "other.iso"))];

        Directory.Delete(t.Combine("out"), recursive: true);
        Directory.Delete(t.Combine("obj"), recursive: true);
        (BuildResult inside, RecordingLogger insideLog) = InProcessMSBuild.Build(project, "BuildIsoImages", InProcessMSBuild.Properties(("IsoBuildWorker", worker), ("IsoBuildOutOfProcess", "false")));
        Assert.Equal(BuildResultCode.Success, inside.OverallResult);
        Assert.DoesNotContain(insideLog.Messages, m => m.StartsWith("IsoBuild builds the images in its worker", StringComparison.Ordinal));
        Assert.Equal(fromWorker[0], File.ReadAllBytes(t.Combine("out", "app.iso")));
        Assert.Equal(fromWorker[1], File.ReadAllBytes(t.Combine("out", "other.iso")));
        // The warning about the unknown metadata, and the lines the log shows, are the same wherever the images are built.
        Assert.Equal(insideLog.Warnings.Select(w => (w.Code, w.File, w.Message)), outsideLog.Warnings.Select(w => (w.Code, w.File, w.Message)));
        Assert.Contains(outsideLog.Warnings, w => w.Code == "ISO0300" && w.Message!.Contains("'VolumeLabel'", StringComparison.Ordinal));
        Assert.Equal(Lines(insideLog), Lines(outsideLog));
        Assert.Equal(2, Lines(outsideLog).Count(l => l.StartsWith("app -> ", StringComparison.Ordinal)));

        // An incremental build in the worker patches the changed file in place, as in MSBuild's process.
        File.WriteAllText(t.Combine("payload", "readme.txt"), "built by the WORKER"); // the same size: patched in place
        (BuildResult patched, RecordingLogger patchedLog) = InProcessMSBuild.Build(project, "BuildIsoImages", InProcessMSBuild.Properties(("IsoBuildWorker", worker)));
        Assert.Equal(BuildResultCode.Success, patched.OverallResult);
        Assert.Contains(patchedLog.Messages, m => m.Contains("app.iso (", StringComparison.Ordinal) && m.Contains("patched", StringComparison.Ordinal));
        byte[] fromPatch = File.ReadAllBytes(t.Combine("out", "app.iso"));
        Directory.Delete(t.Combine("out"), recursive: true);
        Directory.Delete(t.Combine("obj"), recursive: true);
        Assert.Equal(BuildResultCode.Success, InProcessMSBuild.Build(project, "BuildIsoImages", InProcessMSBuild.Properties(("IsoBuildOutOfProcess", "false"))).Result.OverallResult);
        Assert.Equal(File.ReadAllBytes(t.Combine("out", "app.iso")), fromPatch);
    }

    [Fact]
    public void An_error_in_the_worker_is_the_same_coded_error_at_the_project_file()
    {
        using var t = NewProject(out string project, out string worker, """<ItemGroup><IsoImage Include="out/app.iso" SourceDirectory="missing" /></ItemGroup>""");
        (BuildResult result, RecordingLogger log) = InProcessMSBuild.Build(project, "BuildIsoImages", InProcessMSBuild.Properties(("IsoBuildWorker", worker)));
        Assert.Equal(BuildResultCode.Failure, result.OverallResult);
        Microsoft.Build.Framework.BuildErrorEventArgs error = Assert.Single(log.Errors);
        Assert.Equal(("ISO0001", project), (error.Code, error.File));
        Assert.StartsWith("out/app.iso: ", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(t.Combine("out", "app.iso")));
    }

    [Fact]
    public void A_worker_that_is_missing_or_fails_is_ISO0304_and_the_previous_image_stays()
    {
        using var t = NewProject(out string project, out string worker);
        Assert.Equal(BuildResultCode.Success, InProcessMSBuild.Build(project, "BuildIsoImages", InProcessMSBuild.Properties(("IsoBuildWorker", worker))).Result.OverallResult);
        byte[] previous = File.ReadAllBytes(t.Combine("out", "app.iso"));
        File.WriteAllText(t.Combine("payload", "readme.txt"), "a change the failed builds never write");

        (BuildResult missing, RecordingLogger missingLog) = InProcessMSBuild.Build(project, "BuildIsoImages", InProcessMSBuild.Properties(("IsoBuildWorker", t.Combine("no-such-worker"))));
        Assert.Equal(BuildResultCode.Failure, missing.OverallResult);
        Microsoft.Build.Framework.BuildErrorEventArgs error = Assert.Single(missingLog.Errors);
        Assert.Equal(("ISO0304", project), (error.Code, error.File));
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);

        // A worker that dies before it finishes: what it printed and its exit code reach the error.
        string dying = Script(t, "dying", "echo 'worker fell over' >&2\nexit 3");
        (BuildResult died, RecordingLogger diedLog) = InProcessMSBuild.Build(project, "BuildIsoImages", InProcessMSBuild.Properties(("IsoBuildWorker", dying)));
        Assert.Equal(BuildResultCode.Failure, died.OverallResult);
        error = Assert.Single(diedLog.Errors);
        Assert.Equal(("ISO0304", project), (error.Code, error.File));
        Assert.Contains("exit code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("worker fell over", error.Message, StringComparison.Ordinal);
        Assert.Contains("IsoBuildOutOfProcess", error.Message, StringComparison.Ordinal);

        // One that answers in another protocol.
        string stranger = Script(t, "stranger", "cat > /dev/null\necho 'hello there'");
        (BuildResult strange, RecordingLogger strangeLog) = InProcessMSBuild.Build(project, "BuildIsoImages", InProcessMSBuild.Properties(("IsoBuildWorker", stranger)));
        Assert.Equal(BuildResultCode.Failure, strange.OverallResult);
        error = Assert.Single(strangeLog.Errors);
        Assert.Equal("ISO0304", error.Code);
        Assert.Contains("'hello there'", error.Message, StringComparison.Ordinal);
        Assert.Equal(previous, File.ReadAllBytes(t.Combine("out", "app.iso")));
    }

    [Fact]
    public void Cancelling_a_build_in_the_worker_keeps_the_previous_image_and_leaves_no_temporary_file()
    {
        using var t = NewProject(out string project, out string worker, """<ItemGroup><IsoImage Include="out/app.iso" SourceDirectory="$(Src)" /></ItemGroup><PropertyGroup><Src Condition="'$(Src)' == ''">payload</Src></PropertyGroup>""");
        RecordingLogger log = InProcessMSBuild.CancelMidWrite(t, project, ("IsoBuildWorker", worker));
        // The worker itself reports the cancellation: it was asked to stop (SIGTERM), not killed.
        Assert.DoesNotContain(log.Errors, e => e.Code == "ISO0304");
    }

    /// <summary>The high-importance lines and the IsoImage summaries, as the console shows them.</summary>
    private static List<string> Lines(RecordingLogger log) =>
        [.. log.Messages.Where(m => m.StartsWith("app -> ", StringComparison.Ordinal) || m.StartsWith("IsoImage: ", StringComparison.Ordinal))];

    private static string Script(TempDirectory t, string name, string body)
    {
        string path = t.Combine(name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static TempDirectory NewProject(out string project, out string worker, string items = Items)
    {
        var t = new TempDirectory("worker");
        File.WriteAllText(Path.Combine(t.CreateDirectory("payload"), "readme.txt"), "built by the worker");
        File.WriteAllText(t.Combine("notes.txt"), "notes");
        project = DotnetBuild.WriteProject(t.Path, items);
        worker = Script(t, "worker", $"exec dotnet '{Repository.ToolDll}' \"$@\"");
        return t;
    }
}
