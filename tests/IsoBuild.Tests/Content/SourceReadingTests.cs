using System.Security.Cryptography;
using IsoBuild.Content;
using IsoBuild.Spec;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Content;

/// <summary>
/// <see cref="SourceReading.Hash"/>: files on disk are read with positioned reads into a pooled buffer, other sources
/// through their stream; both give the SHA-256 of exactly the bytes asked for and tell a file that grew or shrank
/// since the walk, also at the buffer's edge (1 MiB) and across several buffers.
/// </summary>
public sealed class SourceReadingTests : IDisposable
{
    private const int Buffer = 1 << 20;
    private readonly TempDirectory _dir = new("source-reading");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2047)]
    [InlineData(65536)]
    [InlineData(Buffer - 1)]
    [InlineData(Buffer)]
    [InlineData(Buffer + 1)]
    [InlineData((5 * Buffer / 2) + 7)]
    public void A_whole_file_hashes_to_the_SHA256_of_its_bytes_from_disk_and_from_a_stream(int length)
    {
        byte[] bytes = Bytes(length);
        string path = Write(bytes);
        byte[] expected = SHA256.HashData(bytes);
        Assert.Equal(expected, SourceReading.Hash(FileEntry(path, length), long.MaxValue, default));
        Assert.Equal(expected, SourceReading.Hash(StreamEntry(bytes, length), long.MaxValue, default));
    }

    [Theory]
    [InlineData(65536, 65536 + 1)]
    [InlineData(65536, 3 * Buffer)]
    [InlineData(Buffer, Buffer + 5)]
    [InlineData(Buffer + 3, 2 * Buffer)]
    public void A_prefix_hashes_to_the_SHA256_of_the_first_bytes(int prefix, int length)
    {
        byte[] bytes = Bytes(length);
        string path = Write(bytes);
        byte[] expected = SHA256.HashData(bytes.AsSpan(0, prefix));
        Assert.Equal(expected, SourceReading.Hash(FileEntry(path, length), prefix, default));
        Assert.Equal(expected, SourceReading.Hash(StreamEntry(bytes, length), prefix, default));
    }

    [Theory]
    [InlineData(100, 101)]
    [InlineData(100, 99)]
    [InlineData(Buffer, Buffer + 1)]
    [InlineData(Buffer, Buffer - 1)]
    [InlineData(2 * Buffer, (2 * Buffer) + 1)]
    [InlineData(0, 1)]
    public void A_file_whose_length_changed_since_the_walk_is_ISO_source_changed(int walked, int now)
    {
        string path = Write(Bytes(now));
        var e = Assert.Throws<IsoBuildException>(() => SourceReading.Hash(FileEntry(path, walked), long.MaxValue, default));
        Assert.Equal(ErrorCodes.SourceChanged, e.Code);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_shorter_than_the_prefix_asked_for_is_ISO_source_changed()
    {
        string path = Write(Bytes(1000));
        var e = Assert.Throws<IsoBuildException>(() => SourceReading.Hash(FileEntry(path, 5000), 4096, default));
        Assert.Equal(ErrorCodes.SourceChanged, e.Code);
    }

    [Fact]
    public void A_file_that_disappeared_is_ISO_source_changed_and_an_unreadable_one_names_its_path()
    {
        string gone = _dir.Combine("gone.bin");
        Assert.Equal(ErrorCodes.SourceChanged, Assert.Throws<IsoBuildException>(() => SourceReading.Hash(FileEntry(gone, 10), 100, default)).Code);
        string directory = _dir.CreateDirectory("a-directory");
        var e = Assert.Throws<IsoBuildException>(() => SourceReading.Hash(FileEntry(directory, 10), 100, default));
        Assert.Equal(ErrorCodes.SourceUnreadable, e.Code);
        Assert.Contains(directory, e.Message, StringComparison.Ordinal);
    }

    private static byte[] Bytes(int length)
    {
        byte[] bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    private string Write(byte[] bytes)
    {
        string path = _dir.Combine($"f{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static ImageEntry FileEntry(string path, long length) => new("f.bin", EntryKind.File, ContentSource.FromFile(path, length));

    private static ImageEntry StreamEntry(byte[] bytes, long length) =>
        new("f.bin", EntryKind.File, ContentSource.FromStream(() => new MemoryStream(bytes), length));
}
