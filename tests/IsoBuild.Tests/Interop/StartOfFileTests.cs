using IsoBuild.Content;
using IsoBuild.Interop;
using IsoBuild.Layout;
using IsoBuild.Spec;
using IsoBuild.Testing;
using IsoBuild.Writing;

namespace IsoBuild.Tests.Interop;

/// <summary>
/// <see cref="StartOfFile"/> reads a file's start with open, pread and close on Linux; whatever it does not read (a
/// missing file, a directory, a path too long for its buffer, or everything when it is off) the callers read through
/// .NET with the same bytes and the same coded errors. The tests that turn it off are in this class only, so that no
/// other test sees it off while asserting it on.
/// </summary>
public sealed class StartOfFileTests : IDisposable
{
    private readonly TempDirectory _dir = new("start-of-file");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(4096, 4097)]
    [InlineData(4096, 4096)]
    [InlineData(300_000, 65536)]
    public void Reads_the_start_of_a_file_up_to_the_buffer(int length, int bufferLength)
    {
        Assert.True(StartOfFile.Enabled, "the start of a file is read with open, pread and close on 64-bit Linux");
        byte[] bytes = Bytes(length);
        string path = Write("f.bin", bytes);
        byte[] buffer = new byte[bufferLength];
        Assert.True(StartOfFile.TryRead(path, buffer, length, out int read));
        Assert.Equal(Math.Min(length, bufferLength), read);
        Assert.Equal(bytes.AsSpan(0, read).ToArray(), buffer.AsSpan(0, read).ToArray());
    }

    [Fact]
    public void A_file_that_grew_fills_the_buffer_and_one_that_shrank_stops_at_its_end()
    {
        string path = Write("f.bin", Bytes(100));
        byte[] buffer = new byte[51];
        Assert.True(StartOfFile.TryRead(path, buffer, 50, out int read));
        Assert.Equal(51, read); // the caller expected 50 and tells the file grew
        buffer = new byte[201];
        Assert.True(StartOfFile.TryRead(path, buffer, 200, out read));
        Assert.Equal(100, read);
    }

    [Fact]
    public void What_it_cannot_read_is_left_to_the_caller()
    {
        byte[] buffer = new byte[10];
        Assert.False(StartOfFile.TryRead(_dir.Combine("missing"), buffer, 9, out _));
        Assert.False(StartOfFile.TryRead(_dir.CreateDirectory("dir"), buffer, 9, out _));
        Assert.False(StartOfFile.TryRead(LongPath(), buffer, 9, out _));
    }

    [Fact]
    public void The_callers_read_the_same_bytes_and_report_the_same_errors_without_it()
    {
        string[] paths = [Write("a.bin", Bytes(1)), Write("b.bin", Bytes(70_000)), Write("c.bin", Bytes(2048)), LongPath()];
        string missing = _dir.Combine("missing"), directory = _dir.CreateDirectory("a-directory");
        (int[] Fingerprints, byte[][] Whole, string[] Errors) With()
        {
            int[] fingerprints = [.. paths.Select(p => SourceReading.Fingerprint(Entry(p), 65536, null, default))];
            byte[][] whole = [.. paths.Select(p =>
            {
                byte[] buffer = SmallFileReader.ReadWhole(Node(p));
                byte[] copy = buffer.AsSpan(0, (int)new FileInfo(p).Length).ToArray();
                SmallFileReader.Return(buffer);
                return copy;
            })];
            string[] errors = [.. new[] { missing, directory }.SelectMany(p => new Func<object>[]
            {
                () => SourceReading.Fingerprint(Entry(p, 10), 65536, null, default),
                () => SmallFileReader.ReadWhole(Node(p, 10)),
            }).Select(read => Assert.Throws<IsoBuildException>(read).Code)];
            return (fingerprints, whole, errors);
        }
        var fast = With();
        Assert.Equal([ErrorCodes.SourceChanged, ErrorCodes.SourceChanged, ErrorCodes.SourceUnreadable, ErrorCodes.SourceUnreadable], fast.Errors);
        for (int i = 0; i < paths.Length; i++)
            Assert.Equal(File.ReadAllBytes(paths[i]), fast.Whole[i]);
        try
        {
            StartOfFile.Enabled = false;
            var slow = With();
            Assert.Equal(fast.Fingerprints, slow.Fingerprints);
            Assert.Equal(fast.Whole, slow.Whole);
            Assert.Equal(fast.Errors, slow.Errors);
        }
        finally
        {
            StartOfFile.Enabled = true;
        }
    }

    [Fact]
    public void Walked_files_are_read_by_name_in_their_directory_with_the_same_bytes_and_errors()
    {
        string src = _dir.CreateDirectory("tree");
        foreach ((string path, int length) in new[] { ("x/1.bin", 100), ("x/2.bin", 5000), ("y/3.bin", 1), ("y/é ü.bin", 777) })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(src, path))!);
            File.WriteAllBytes(Path.Combine(src, path), Bytes(length));
        }
        List<LayoutNode> files = [.. ImageLayout.Create(new ImageSpecBuilder(src).AddSource(".").Build()).Files.Where(SmallFileReader.Takes)];
        Assert.Equal(4, files.Count);
        Assert.All(files, f => Assert.True(((FileContentSource)f.Entry!.Content!).InDirectory(out _, out _), $"{f.Path} is a walked file"));
        using var directories = new StartOfFile.InDirectories();
        // Through both directories and back to the first, as the read-ahead and the fingerprint runs go.
        foreach (LayoutNode file in files.Concat(files))
        {
            byte[] buffer = SmallFileReader.ReadWhole(file, directories);
            Assert.Equal(File.ReadAllBytes(((FileContentSource)file.Entry!.Content!).FullPath), buffer.AsSpan(0, (int)file.Length).ToArray());
            SmallFileReader.Return(buffer);
            Assert.Equal(SourceReading.Fingerprint(file.Entry, 65536, null, default), SourceReading.Fingerprint(file.Entry, 65536, directories, default));
        }
        // A file gone since the walk: the same coded error as without the directory held open.
        LayoutNode gone = files.Single(f => f.Path.EndsWith("2.bin", StringComparison.Ordinal));
        File.Delete(((FileContentSource)gone.Entry!.Content!).FullPath);
        Assert.Equal(ErrorCodes.SourceChanged, Assert.Throws<IsoBuildException>(() => SmallFileReader.ReadWhole(gone, directories)).Code);
        Assert.Equal(ErrorCodes.SourceChanged, Assert.Throws<IsoBuildException>(() => SourceReading.Fingerprint(gone.Entry!, 65536, directories, default)).Code);
        Assert.Equal(ErrorCodes.SourceChanged, Assert.Throws<IsoBuildException>(() => SmallFileReader.ReadWhole(gone)).Code);
    }

    /// <summary>
    /// A file whose path may not fit the 4,096 bytes the reader encodes a path into (PATH_MAX) once in UTF-8 (over
    /// 1,365 characters), yet fits the kernel's limit.
    /// </summary>
    private string LongPath()
    {
        string dir = _dir.Path;
        while (dir.Length < 2000)
            dir = Path.Combine(dir, new string('d', 200));
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, "deep.bin");
        File.WriteAllBytes(path, Bytes(333));
        return path;
    }

    private string Write(string name, byte[] bytes)
    {
        string path = _dir.Combine(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Bytes(int length)
    {
        byte[] bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    private static ImageEntry Entry(string path, long? length = null) =>
        new("f.bin", EntryKind.File, ContentSource.FromFile(path, length ?? new FileInfo(path).Length));

    private static LayoutNode Node(string path, long? length = null) =>
        ImageLayout.Create(new ImageSpec { Entries = [Entry(path, length)] }).Files.Single();
}
