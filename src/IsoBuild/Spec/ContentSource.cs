using System.Buffers.Binary;
using System.Security.Cryptography;

namespace IsoBuild.Spec;

/// <summary>
/// Where the bytes of a file in the image come from. The length is fixed when the spec is made; a source that
/// yields another number of bytes when the image is written fails the build (ISO0010).
/// </summary>
/// <remarks>
/// Each kind of content says how an incremental build tells that it changed (<see cref="ChangeStamp"/>) and whether
/// its bytes are a local file that can be read directly (<see cref="LocalFilePath"/>); nothing else needs to know
/// which kind it is.
/// </remarks>
public abstract class ContentSource
{
    /// <summary>The number of bytes the image will hold for this file.</summary>
    public abstract long Length { get; }

    /// <summary>A short description for messages (a source path, for example).</summary>
    public abstract string Description { get; }

    /// <summary>Opens the content for reading from its start.</summary>
    public abstract Stream OpenRead();

    /// <summary>The full path of a local file that holds exactly these bytes, or null: the writer may then read or copy it directly.</summary>
    internal virtual string? LocalFilePath => null;

    /// <summary>Whether <see cref="LocalFilePath"/> is set, told without making the path.</summary>
    internal virtual bool IsLocalFile => false;

    /// <summary>
    /// For a file that has several names on disk (hard links), what all of them share; null otherwise. Entries whose
    /// contents share it are one file in the image too (one extent, one Rock Ridge file serial number).
    /// </summary>
    internal virtual object? HardLink => null;

    /// <summary>
    /// 64 bits that change whenever the content may have changed: by default the first 64 bits of the SHA-256 of
    /// the bytes; kinds that can tell cheaper (a file's size and modification time) say so.
    /// </summary>
    internal virtual ulong ChangeStamp()
    {
        using Stream stream = OpenRead();
        return BinaryPrimitives.ReadUInt64LittleEndian(SHA256.HashData(stream));
    }

    /// <summary>Content of a file on disk, read when the image is written.</summary>
    public static ContentSource FromFile(string path, long length) => new FileContentSource(path, length);

    /// <summary>Content held in memory.</summary>
    public static ContentSource FromBytes(ReadOnlyMemory<byte> bytes) => new BytesContentSource(bytes);

    /// <summary>
    /// Content a stream gives: <paramref name="open"/> is called each time the bytes are needed (when the image is
    /// written, and to stamp it for an incremental build) and must give <paramref name="length"/> bytes each time.
    /// </summary>
    public static ContentSource FromStream(Func<Stream> open, long length, string description = "a stream")
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new StreamContentSource(open, length, description);
    }

    /// <summary>A FAT image of every file and folder below <paramref name="directory"/> (an EFI system partition image), made when the image is written.</summary>
    public static ContentSource FatImageOf(string directory, DateTimeOffset timestamp) => FatImageContent.FromDirectory(directory, timestamp);

    /// <summary>64-bit FNV-1a of a length, a time and a path (a directory, '/', and a name), without making the path.</summary>
    private protected static ulong Fnv(long length, long ticks, ReadOnlySpan<char> directory, ReadOnlySpan<char> name)
    {
        const ulong prime = 0x100000001b3;
        ulong hash = 0xcbf29ce484222325;
        Span<byte> numbers = stackalloc byte[2 * sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(numbers, length);
        BinaryPrimitives.WriteInt64LittleEndian(numbers[sizeof(long)..], ticks);
        foreach (byte b in numbers)
            hash = (hash ^ b) * prime;
        foreach (char c in directory)
            hash = (hash ^ c) * prime;
        hash = (hash ^ '/') * prime;
        foreach (char c in name)
            hash = (hash ^ c) * prime;
        return hash;
    }
}

/// <summary>A file on disk.</summary>
/// <remarks>
/// A source tree's files keep their directory's path (one string for all of them) and their path in the image, whose
/// last segment is their name, rather than a full path each. A walked file with one name keeps its directory (a
/// <see cref="WalkedDirectory"/>) and where its name is among the directory's names in its <see cref="ImageEntry"/>,
/// which makes this object only when its content is asked for.
/// </remarks>
internal class FileContentSource : ContentSource
{
    private readonly string _directory;
    private readonly string _path;

    internal FileContentSource(string path, long length)
        : this(string.Empty, path, length, 0)
    {
    }

    private protected FileContentSource(string directory, string path, long length, long modifiedTicks)
    {
        _directory = directory;
        _path = path;
        Length = length;
        ModifiedTicks = modifiedTicks;
    }

    /// <summary>A file as the source walk found it (a file of several names keeps what they share: a million files that have one name each keep nothing).</summary>
    /// <param name="directory">The directory the file is in, or empty when <paramref name="path"/> is the full path.</param>
    /// <param name="path">The full path, or any path whose last '/'-separated segment is the file's name.</param>
    /// <param name="length">The file's length when it was found.</param>
    /// <param name="modifiedTicks">Its modification time then (UTC ticks), or 0 when not known.</param>
    /// <param name="hardLink">What the file's other names share when it has several (its device and inode), else null.</param>
    internal static FileContentSource Create(string directory, string path, long length, long modifiedTicks, object? hardLink = null) =>
        hardLink is null ? new FileContentSource(directory, path, length, modifiedTicks) : new HardLinkedFileContentSource(directory, path, length, modifiedTicks, hardLink);

    /// <summary>The absolute path of the source file.</summary>
    public string FullPath => _directory.Length == 0 ? _path : Path.Join(_directory, Name);

    private ReadOnlySpan<char> Name => _directory.Length == 0 ? _path : _path.AsSpan(_path.LastIndexOf('/') + 1);

    /// <summary>A walked file's directory and name (no string is made); false for a file given by its path alone.</summary>
    internal bool InDirectory(out string directory, out ReadOnlySpan<char> name)
    {
        directory = _directory;
        name = Name;
        return _directory.Length > 0;
    }

    /// <summary>The file's modification time (UTC ticks) when the source tree was read, or 0 when not known.</summary>
    internal long ModifiedTicks { get; }

    public override long Length { get; }

    public override string Description => FullPath;

    internal override string? LocalFilePath => FullPath;

    internal override bool IsLocalFile => true;

    public override Stream OpenRead() =>
        new FileStream(FullPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 0, FileOptions.SequentialScan);

    /// <summary>
    /// The path, size and modification time, the way MSBuild and make decide what changed: what the source walk's
    /// lstat saw when it saw the file, otherwise what the file system says now.
    /// </summary>
    internal override ulong ChangeStamp()
    {
        if (ModifiedTicks != 0)
            return Fnv(Length, ModifiedTicks, _directory, Name);
        var info = new FileInfo(FullPath);
        return info.Exists ? Fnv(info.Length, info.LastWriteTimeUtc.Ticks, _directory, Name) : Fnv(-1, -1, _directory, Name);
    }
}

/// <summary>A file on disk that has several names (hard links).</summary>
internal sealed class HardLinkedFileContentSource(string directory, string path, long length, long modifiedTicks, object hardLink)
    : FileContentSource(directory, path, length, modifiedTicks)
{
    internal override object? HardLink => hardLink;
}

/// <summary>Bytes in memory.</summary>
internal sealed class BytesContentSource(ReadOnlyMemory<byte> bytes) : ContentSource
{
    public override long Length => bytes.Length;

    public override string Description => $"{bytes.Length} bytes in memory";

    public override Stream OpenRead() => new MemoryStream(bytes.ToArray(), writable: false);
}

/// <summary>Bytes a stream gives, each time it is opened.</summary>
internal sealed class StreamContentSource(Func<Stream> open, long length, string description) : ContentSource
{
    public override long Length => length;

    public override string Description => description;

    public override Stream OpenRead() => open();
}
