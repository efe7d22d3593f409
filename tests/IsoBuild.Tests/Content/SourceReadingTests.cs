using System.Security.Cryptography;
using IsoBuild.Content;
using IsoBuild.Spec;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Content;

/// <summary>
/// <see cref="SourceReading.Hash"/> and <see cref="SourceReading.Fingerprint"/>: files on disk are read with positioned
/// reads into a pooled buffer, other sources through their stream; both give the SHA-256 (the fingerprint) of exactly
/// the bytes asked for and tell a file that grew or shrank since the walk, also at the buffer's edge (1 MiB) and
/// across several buffers.
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
        Assert.Equal(expected, SourceReading.Hash(FileEntry(path, length), default));
        Assert.Equal(expected, SourceReading.Hash(StreamEntry(bytes, length), default));
    }

    [Theory]
    [InlineData(4096, 1)]
    [InlineData(4096, 4095)]
    [InlineData(4096, 4096)]
    [InlineData(4096, 4097)]
    [InlineData(65536, 3 * Buffer)]
    public void A_fingerprint_covers_the_first_bytes_from_disk_and_from_a_stream(int prefix, int length)
    {
        byte[] bytes = Bytes(length);
        string path = Write(bytes);
        var expected = new HashCode();
        expected.AddBytes(bytes.AsSpan(0, Math.Min(prefix, length)));
        Assert.Equal(expected.ToHashCode(), SourceReading.Fingerprint(FileEntry(path, length), prefix, null, default));
        Assert.Equal(expected.ToHashCode(), SourceReading.Fingerprint(StreamEntry(bytes, length), prefix, null, default));
        // A byte past the prefix changes nothing; a byte within it changes the fingerprint.
        if (length > prefix)
        {
            bytes[prefix]++;
            Assert.Equal(expected.ToHashCode(), SourceReading.Fingerprint(FileEntry(Write(bytes), length), prefix, null, default));
        }
        bytes[Math.Min(prefix, length) - 1]++;
        Assert.NotEqual(expected.ToHashCode(), SourceReading.Fingerprint(FileEntry(Write(bytes), length), prefix, null, default));
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
        byte[] bytes = Bytes(now);
        string path = Write(bytes);
        var e = Assert.Throws<IsoBuildException>(() => SourceReading.Hash(FileEntry(path, walked), default));
        Assert.Equal(ErrorCodes.SourceChanged, e.Code);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.SourceChanged, Assert.Throws<IsoBuildException>(() => SourceReading.Hash(StreamEntry(bytes, walked), default)).Code);
        // The fingerprint of a whole file (one no longer than its prefix) tells it too.
        Assert.Equal(ErrorCodes.SourceChanged, Assert.Throws<IsoBuildException>(() => SourceReading.Fingerprint(FileEntry(path, walked), 3 * Buffer, null, default)).Code);
        Assert.Equal(ErrorCodes.SourceChanged, Assert.Throws<IsoBuildException>(() => SourceReading.Fingerprint(StreamEntry(bytes, walked), 3 * Buffer, null, default)).Code);
    }

    [Fact]
    public void A_file_shorter_than_the_prefix_asked_for_is_ISO_source_changed()
    {
        string path = Write(Bytes(1000));
        var e = Assert.Throws<IsoBuildException>(() => SourceReading.Fingerprint(FileEntry(path, 5000), 4096, null, default));
        Assert.Equal(ErrorCodes.SourceChanged, e.Code);
    }

    [Fact]
    public void A_file_that_disappeared_is_ISO_source_changed_and_an_unreadable_one_names_its_path()
    {
        string gone = _dir.Combine("gone.bin");
        Assert.Equal(ErrorCodes.SourceChanged, Assert.Throws<IsoBuildException>(() => SourceReading.Hash(FileEntry(gone, 10), default)).Code);
        Assert.Equal(ErrorCodes.SourceChanged, Assert.Throws<IsoBuildException>(() => SourceReading.Fingerprint(FileEntry(gone, 10), 100, null, default)).Code);
        string directory = _dir.CreateDirectory("a-directory");
        foreach (Func<object> read in new Func<object>[] { () => SourceReading.Hash(FileEntry(directory, 10), default), () => SourceReading.Fingerprint(FileEntry(directory, 10), 100, null, default) })
        {
            var e = Assert.Throws<IsoBuildException>(read);
            Assert.Equal(ErrorCodes.SourceUnreadable, e.Code);
            Assert.Contains(directory, e.Message, StringComparison.Ordinal);
        }
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
