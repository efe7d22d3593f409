namespace IsoBuild.Options.Tests;

public class WorkerProtocolTests
{
    [Fact]
    public void A_request_reads_back_as_written_whatever_its_values_hold()
    {
        var image = new BuildItem("out/a b.iso", "/p/out/a b.iso");
        image.SetMetadata("VolumeId", "A\tB");
        image.SetMetadata("Sources", "x\\y;line one\nline two\r\n;ünï ⊂ ✓");
        var content = new BuildItem("notes.txt", "/p/notes.txt");
        content.SetMetadata("PathInImage", "docs/");
        var request = new ImageItemBuildRequest
        {
            Images = [image, new BuildItem("second.iso", "/p/second.iso")],
            Content = [content],
            ProjectDirectory = "/p",
            ProjectFile = "/p/app.csproj",
            ManifestDirectory = "obj\\isobuild/",
            Incremental = false,
            SourceDateEpoch = "1700000000",
        };
        var written = new StringWriter();
        WorkerProtocol.WriteRequest(written, request);
        string text = written.ToString();
        // One line per field set: values with tabs and line breaks do not break the lines.
        Assert.Equal(13, text.Count(c => c == '\n'));
        Assert.StartsWith(WorkerProtocol.RequestHeader + "\n", text, StringComparison.Ordinal);

        ImageItemBuildRequest read = WorkerProtocol.ReadRequest(new StringReader(text));
        Assert.Equal((request.ProjectDirectory, request.ProjectFile, request.ManifestDirectory, request.Incremental, request.SourceDateEpoch),
            (read.ProjectDirectory, read.ProjectFile, read.ManifestDirectory, read.Incremental, read.SourceDateEpoch));
        Assert.Equal(Describe(request.Images), Describe(read.Images));
        Assert.Equal(Describe(request.Content), Describe(read.Content));
        Assert.Equal("A\tB", read.Images[0].GetMetadata("volumeid"));
        Assert.Equal(string.Empty, read.Images[1].GetMetadata("VolumeId"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("isobuild-msbuild-request 2\nend\n")]
    [InlineData("isobuild-msbuild-request 1\nproject\t/p\n")]
    [InlineData("isobuild-msbuild-request 1\nmetadata\tVolumeId\tX\nend\n")]
    [InlineData("isobuild-msbuild-request 1\nproject\t/p\tmore\nend\n")]
    [InlineData("isobuild-msbuild-request 1\nsomething\telse\nend\n")]
    public void A_request_the_worker_does_not_read_is_refused(string text) =>
        Assert.Throws<InvalidDataException>(() => WorkerProtocol.ReadRequest(new StringReader(text)));

    [Fact]
    public void What_the_worker_writes_reaches_the_log_in_order_with_what_it_did()
    {
        var output = new StringWriter();
        var writer = new WorkerProtocol.Writer(output);
        writer.Diagnostic("ISO0300", warning: true, "out/a.iso: odd\tmetadata");
        writer.Message(high: true, "app -> /p/out/a.iso");
        writer.Diagnostic("ISO0001", warning: false, "out/b.iso: missing\nsource");
        writer.Message(high: false, "IsoImage: /p/out/a.iso (…)");
        var result = new ImageItemBuildResult();
        result.Written.Add(new WrittenImage(0, 5L << 32, 20005, 201));
        result.Manifests.Add("/p/obj/isobuild/a.iso.1234abcd.isobuild.manifest");
        result.Manifests.Add("/p/obj/isobuild/b.iso.5678abcd.isobuild.manifest");
        writer.Finish(result);

        var log = new RecordingLog();
        ImageItemBuildResult? read = WorkerProtocol.ReadOutput(new StringReader(output.ToString()), log);
        Assert.NotNull(read);
        Assert.Equal([
            "warning ISO0300 out/a.iso: odd\tmetadata",
            "high app -> /p/out/a.iso",
            "error ISO0001 out/b.iso: missing\nsource",
            "normal IsoImage: /p/out/a.iso (…)",
        ], log.Entries);
        Assert.Equal(result.Written, read.Written);
        Assert.Equal(result.Manifests, read.Manifests);
    }

    [Fact]
    public void Output_that_ends_before_done_is_a_worker_that_did_not_finish_and_a_stranger_line_is_refused()
    {
        var log = new RecordingLog();
        Assert.Null(WorkerProtocol.ReadOutput(new StringReader("message\thigh\tapp -> x\n"), log));
        Assert.Equal(["high app -> x"], log.Entries);
        Assert.Throws<InvalidDataException>(() => WorkerProtocol.ReadOutput(new StringReader("Unhandled exception.\ndone\n"), new RecordingLog()));
        Assert.Throws<InvalidDataException>(() => WorkerProtocol.ReadOutput(new StringReader("written\t0\t-1\t1\t1\ndone\n"), new RecordingLog()));
    }

    private static List<string> Describe(IReadOnlyList<IBuildItem> items) =>
        [.. items.Select(i => $"{i.ItemSpec}|{i.GetMetadata(BuildItem.FullPath)}|" + string.Join("|", i.CustomMetadataNames.Order(StringComparer.Ordinal).Select(n => $"{n}={i.GetMetadata(n)}")))];

    private sealed class RecordingLog : IItemBuildLog
    {
        public List<string> Entries { get; } = [];

        public void Message(bool high, string text) => Entries.Add((high ? "high " : "normal ") + text);

        public void Diagnostic(string code, bool warning, string message) => Entries.Add($"{(warning ? "warning" : "error")} {code} {message}");
    }
}
