namespace IsoBuild.Spec;

/// <summary>Where the bytes of a file in the image come from. The length is fixed when the spec is made.</summary>
public abstract class ContentSource
{
    /// <summary>The number of bytes the image will hold for this file.</summary>
    public abstract long Length { get; }

    /// <summary>A short description for messages (a source path, for example).</summary>
    public abstract string Description { get; }

    /// <summary>Opens the content for reading from its start.</summary>
    public abstract Stream OpenRead();

    /// <summary>Content of a file on disk, read when the image is written.</summary>
    public static ContentSource FromFile(string path, long length) => new FileContentSource(path, length);

    /// <summary>Content held in memory.</summary>
    public static ContentSource FromBytes(ReadOnlyMemory<byte> bytes) => new BytesContentSource(bytes);
}

/// <summary>A file on disk.</summary>
/// <remarks>
/// A source tree's files keep their directory's path (one string for all of them) and their path in the image, whose
/// last segment is their name, rather than a full path each: a large tree costs a small object per file.
/// </remarks>
public sealed class FileContentSource : ContentSource
{
    private readonly string _directory;
    private readonly string _path;

    internal FileContentSource(string path, long length)
        : this(string.Empty, path, length, 0)
    {
    }

    /// <param name="directory">The directory the file is in, or empty when <paramref name="path"/> is the full path.</param>
    /// <param name="path">The full path, or any path whose last '/'-separated segment is the file's name.</param>
    /// <param name="length">The file's length when it was found.</param>
    /// <param name="modifiedTicks">Its modification time then (UTC ticks), or 0 when not known.</param>
    internal FileContentSource(string directory, string path, long length, long modifiedTicks)
    {
        _directory = directory;
        _path = path;
        Length = length;
        ModifiedTicks = modifiedTicks;
    }

    /// <summary>The absolute path of the source file.</summary>
    public string FullPath => _directory.Length == 0 ? _path : Path.Join(_directory, _path.AsSpan(_path.LastIndexOf('/') + 1));

    /// <summary>
    /// The parts <see cref="FullPath"/> is joined from without joining them: the directory (empty when
    /// <paramref name="name"/> is the whole path) and the file's name.
    /// </summary>
    internal string PathParts(out ReadOnlySpan<char> name)
    {
        name = _directory.Length == 0 ? _path : _path.AsSpan(_path.LastIndexOf('/') + 1);
        return _directory;
    }

    /// <summary>The file's modification time (UTC ticks) when the source tree was read, or 0 when not known.</summary>
    internal long ModifiedTicks { get; }

    /// <inheritdoc />
    public override long Length { get; }

    /// <inheritdoc />
    public override string Description => FullPath;

    /// <inheritdoc />
    public override Stream OpenRead() =>
        new FileStream(FullPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 0, FileOptions.SequentialScan);
}

/// <summary>Bytes in memory.</summary>
public sealed class BytesContentSource : ContentSource
{
    private readonly ReadOnlyMemory<byte> _bytes;

    internal BytesContentSource(ReadOnlyMemory<byte> bytes) => _bytes = bytes;

    /// <inheritdoc />
    public override long Length => _bytes.Length;

    /// <inheritdoc />
    public override string Description => $"{_bytes.Length} bytes in memory";

    /// <inheritdoc />
    public override Stream OpenRead() => new MemoryStream(_bytes.ToArray(), writable: false);
}
