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
public sealed class FileContentSource : ContentSource
{
    internal FileContentSource(string path, long length)
    {
        FullPath = path;
        Length = length;
    }

    /// <summary>The absolute path of the source file.</summary>
    public string FullPath { get; }

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
