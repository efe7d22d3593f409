using System.Text;
using IsoBuild.Reading;
using IsoBuild.Spec;
using IsoBuild.Testing;

namespace IsoBuild.Tests;

/// <summary>
/// The library as .NET code uses it: images written to any stream, forward only, and asynchronously; content from
/// streams; the one-line jobs; structured results.
/// </summary>
public class LibraryApiTests
{
    private static ImageSpec Spec(string source) => new ImageSpecBuilder(source).AddSource(".")
        .AddBytes("notes/hello.txt", Encoding.UTF8.GetBytes("hello"))
        .Build() with { VolumeId = "LIBRARY" };

    private static string Tree(TempDirectory t)
    {
        string src = t.CreateDirectory("src");
        TestTrees.CreateVaried(src);
        File.WriteAllBytes(Path.Combine(src, "big.bin"), [.. Enumerable.Range(0, 3_000_000).Select(i => (byte)(i * 31))]);
        return src;
    }

    [Fact]
    public async Task A_forward_only_stream_gets_the_bytes_of_a_file_sync_and_async()
    {
        using var t = new TempDirectory("library-stream");
        string src = Tree(t);
        byte[] expected = File.ReadAllBytes(IsoImageBuilder.Build(Spec(src), t.Combine("file.iso")).OutputPath!);

        using var sync = new ForwardOnlyStream(allowSync: true);
        ImageBuildResult result = IsoImageBuilder.Write(Spec(src), sync);
        Assert.Null(result.OutputPath);
        Assert.Equal(expected.Length, result.Size);
        Assert.Equal(expected, sync.ToArray());

        // Async writes only: a synchronous Write or Read on the way would throw.
        using var async = new ForwardOnlyStream(allowSync: false);
        await IsoImageBuilder.WriteAsync(Spec(src), async);
        Assert.Equal(expected, async.ToArray());

        Assert.Equal(expected, File.ReadAllBytes((await IsoImageBuilder.BuildAsync(Spec(src), t.Combine("async.iso"))).OutputPath!));
    }

    [Fact]
    public async Task Cancelling_an_async_build_is_ISO0016_and_keeps_the_previous_image()
    {
        using var t = new TempDirectory("library-cancel");
        string src = Tree(t);
        string output = t.Combine("image.iso");
        IsoImageBuilder.Build(Spec(src) with { VolumeId = "PREVIOUS" }, output);
        byte[] previous = File.ReadAllBytes(output);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        IsoBuildException e = await Assert.ThrowsAsync<IsoBuildException>(() => IsoImageBuilder.BuildAsync(Spec(src), output, null, cancelled.Token));
        Assert.Equal(ErrorCodes.Cancelled, e.Code);
        Assert.Equal(previous, File.ReadAllBytes(output));
        Assert.Equal(["image.iso", "src"], Directory.GetFileSystemEntries(t.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Content_from_a_stream_is_the_content_of_the_same_bytes()
    {
        using var t = new TempDirectory("library-content");
        byte[] data = [.. Enumerable.Range(0, 100_000).Select(i => (byte)i)];
        ImageSpec FromBytes() => new ImageSpecBuilder().AddBytes("a/data.bin", data).Build();
        ImageSpec fromStream = FromBytes() with
        {
            Entries = [new ImageEntry("a/data.bin", EntryKind.File, ContentSource.FromStream(() => new MemoryStream(data), data.Length))],
        };
        Assert.Equal(File.ReadAllBytes(IsoImageBuilder.Build(FromBytes(), t.Combine("bytes.iso")).OutputPath!),
            File.ReadAllBytes(IsoImageBuilder.Build(fromStream, t.Combine("stream.iso")).OutputPath!));
        // A stream that gives fewer bytes than it promised fails the build with the code for a changed source.
        ImageSpec shorter = fromStream with { Entries = [new ImageEntry("a/data.bin", EntryKind.File, ContentSource.FromStream(() => new MemoryStream(data, 0, 10), data.Length))] };
        Assert.Equal(ErrorCodes.SourceChanged, Assert.Throws<IsoBuildException>(() => IsoImageBuilder.Build(shorter, t.Combine("short.iso"))).Code);
    }

    [Fact]
    public async Task One_liners_make_an_image_of_a_directory_and_a_directory_of_an_image()
    {
        using var t = new TempDirectory("library-oneliner");
        string src = Tree(t);
        ImageBuildResult made = IsoFile.CreateFromDirectory(src, t.Combine("one.iso"), s => s with { VolumeId = "ONE" });
        Assert.Equal(File.ReadAllBytes(made.OutputPath!),
            File.ReadAllBytes(IsoImageBuilder.Build(new ImageSpecBuilder().AddDirectoryContents("", src).Build() with { VolumeId = "ONE" }, t.Combine("two.iso")).OutputPath!));
        await IsoFile.CreateFromDirectoryAsync(src, t.Combine("three.iso"), s => s with { VolumeId = "ONE" });
        Assert.Equal(File.ReadAllBytes(made.OutputPath!), File.ReadAllBytes(t.Combine("three.iso")));

        IsoExtractResult extracted = IsoFile.ExtractToDirectory(made.OutputPath!, t.Combine("out"));
        Assert.Empty(extracted.Refused);
        Assert.Equal(File.ReadAllBytes(Path.Combine(src, "big.bin")), File.ReadAllBytes(t.Combine("out", "big.bin")));
        Assert.Equal(extracted, await IsoFile.ExtractToDirectoryAsync(made.OutputPath!, t.Combine("out2")) with { Refused = extracted.Refused });
    }

    [Fact]
    public void Verify_gives_problems_with_a_code_a_message_and_a_location()
    {
        using var t = new TempDirectory("library-verify");
        string image = IsoFile.CreateFromDirectory(Tree(t), t.Combine("v.iso")).OutputPath!;
        Assert.Empty(IsoImageVerifier.Verify(image));
        // Damage the root directory of the Joliet tree: its first record no longer says '.'.
        byte[] bytes = File.ReadAllBytes(image);
        bytes[ReadRootSector(bytes) * 2048 + 33] = 0x7F;
        File.WriteAllBytes(image, bytes);
        IsoProblem problem = Assert.Single(IsoImageVerifier.Verify(image), p => p.Location == "/");
        Assert.Equal(ErrorCodes.MalformedDirectory, problem.Code);
        Assert.StartsWith("Joliet tree: ", problem.Message, StringComparison.Ordinal);
        Assert.Equal($"{problem.Code}: {problem.Message}", problem.ToString());
    }

    /// <summary>The root extent of the Joliet descriptor (the supplementary descriptor after the primary one).</summary>
    private static uint ReadRootSector(byte[] image)
    {
        for (int sector = 17; sector < 32; sector++)
        {
            if (image[sector * 2048] == 2)
                return BitConverter.ToUInt32(image, sector * 2048 + 156 + 2);
        }
        throw new InvalidOperationException("no Joliet descriptor");
    }

    /// <summary>A stream that only goes forward (a pipe); optionally only asynchronously.</summary>
    private sealed class ForwardOnlyStream(bool allowSync) : Stream
    {
        private readonly MemoryStream _written = new();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public byte[] ToArray() => _written.ToArray();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (!allowSync)
                throw new InvalidOperationException("a synchronous write");
            _written.Write(buffer);
        }
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            _written.Write(buffer.Span);
        }
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
        public override void Flush()
        {
            if (!allowSync)
                throw new InvalidOperationException("a synchronous flush");
        }
        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
