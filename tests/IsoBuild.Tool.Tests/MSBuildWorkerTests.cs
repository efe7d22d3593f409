using IsoBuild.Options;
using IsoBuild.Testing;

namespace IsoBuild.Tool.Tests;

/// <summary><c>dotnet-iso __msbuild-worker</c>: the MSBuild task's worker, which reads a request and answers in lines.</summary>
public class MSBuildWorkerTests
{
    [Fact]
    public void The_worker_builds_the_requested_image_and_reports_it_in_the_protocol()
    {
        using var t = new TempDirectory("worker");
        File.WriteAllText(Path.Combine(t.CreateDirectory("payload"), "readme.txt"), "from the worker");
        var image = new BuildItem("out/app.iso", t.Combine("out", "app.iso"));
        image.SetMetadata("SourceDirectory", "payload");
        image.SetMetadata("VolumeId", "WORKER");
        image.SetMetadata("VolumeLabel", "X");
        var missing = new BuildItem("out/missing.iso", t.Combine("out", "missing.iso"));
        missing.SetMetadata("SourceDirectory", "nowhere");
        string request = Request(new ImageItemBuildRequest
        {
            Images = [image, missing],
            ProjectDirectory = t.Path,
            ProjectFile = t.Combine("app.csproj"),
            ManifestDirectory = "obj/isobuild/",
            SourceDateEpoch = "1700000000",
        });

        ToolResult run = ExternalTool.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "dotnet-iso.dll"), WorkerProtocol.Command], t.Path, standardInput: request).EnsureSuccess();
        string[] lines = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("done", lines[^1]);
        Assert.Contains(lines, l => l.StartsWith("warning\tISO0300\tout/app.iso: ", StringComparison.Ordinal) && l.Contains("'VolumeLabel'", StringComparison.Ordinal));
        Assert.Contains($"message\thigh\tapp -> {t.Combine("out", "app.iso")}", lines);
        Assert.Contains(lines, l => l.StartsWith("error\tISO0001\tout/missing.iso: ", StringComparison.Ordinal));
        long size = new FileInfo(t.Combine("out", "app.iso")).Length;
        Assert.Contains($"written\t0\t{size}\t1\t1", lines);
        Assert.Equal(2, lines.Count(l => l.StartsWith("manifest\t" + t.Combine("obj", "isobuild") + "/", StringComparison.Ordinal)));
        Assert.Empty(run.StandardError);

        // The same bytes as dotnet iso pack with the same options.
        Cli.RunProcess(new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = "1700000000" }, t.Path, "pack", "payload", "-o", "packed.iso", "--volume-id", "WORKER", "-q").EnsureSuccess();
        Assert.Equal(File.ReadAllBytes(t.Combine("packed.iso")), File.ReadAllBytes(t.Combine("out", "app.iso")));
    }

    [Fact]
    public void A_request_from_another_version_or_none_at_all_is_refused_with_exit_code_2()
    {
        using var t = new TempDirectory("worker");
        foreach (string input in new[] { "", "isobuild-msbuild-request 0\nend\n", "pack . -o x.iso\n" })
        {
            var output = new StringWriter();
            var error = new StringWriter();
            Assert.Equal(IsoCommandLine.ExitUsage, MSBuildWorker.Run(new StringReader(input), output, error, CancellationToken.None));
            Assert.Empty(output.ToString());
            Assert.Contains("serves the IsoBuild MSBuild task", error.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_worker_is_not_offered_in_help()
    {
        Cli.Result help = await Cli.RunAsync("--help");
        Assert.DoesNotContain(WorkerProtocol.Command, help.Output, StringComparison.Ordinal);
    }

    private static string Request(ImageItemBuildRequest request)
    {
        var writer = new StringWriter();
        WorkerProtocol.WriteRequest(writer, request);
        return writer.ToString();
    }
}
