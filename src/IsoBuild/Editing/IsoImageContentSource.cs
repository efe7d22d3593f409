using IsoBuild.Reading;
using IsoBuild.Spec;
using IsoBuild.Zisofs;

namespace IsoBuild.Editing;

/// <summary>
/// A file of an existing image as the content of a new one (<c>dotnet iso edit</c>, <c>BaseImage</c>): its bytes are
/// streamed from the base image's extents when the new image is written, never copied to memory or disk first.
/// </summary>
/// <remarks>
/// When the base was opened from a path, each <see cref="OpenRead"/> opens that file again (shared for reading and
/// for deletion, so the new image may replace it once complete); a base opened from a stream must stay open until
/// the new image is written.
/// </remarks>
internal sealed class IsoImageContentSource : ContentSource
{
    private readonly IsoImageReader _image;
    private readonly IReadOnlyList<IsoExtent> _extents;
    private readonly Udf.UdfEntry? _udf;
    private readonly ZisofsEntry? _zisofs;

    internal IsoImageContentSource(IsoImageReader image, IsoEntry entry)
    {
        _image = image;
        _extents = entry.Extents;
        _udf = entry.Udf;
        _zisofs = entry.Zisofs;
        Length = entry.Length;
        EntryPath = entry.Path;
        Description = $"{image.ImagePath ?? "base image"}:{entry.Path}";
    }

    /// <summary>The base image's path on disk, when it was opened from a file.</summary>
    public string? ImagePath => _image.ImagePath;

    /// <summary>The file's path in the base image.</summary>
    public string EntryPath { get; }

    /// <inheritdoc />
    public override long Length { get; }

    /// <inheritdoc />
    public override string Description { get; }

    /// <summary>
    /// The base image's path, size and modification time and where the file lies in it: reading a file of a large
    /// base image to stamp it would cost as much as copying it.
    /// </summary>
    internal override ulong ChangeStamp()
    {
        if (BaseImageStamp(_image, EntryPath) is not ulong stamp)
            return base.ChangeStamp();
        foreach (IsoExtent e in _extents)
            stamp = (stamp ^ e.Lba ^ ((ulong)e.Length << 32)) * 0x100000001b3;
        foreach (Udf.UdfExtent e in _udf?.Extents ?? [])
            stamp = (stamp ^ (ulong)(e.Sector ?? -1) ^ ((ulong)e.Length << 32)) * 0x100000001b3;
        return stamp;
    }

    /// <summary>
    /// A stamp of the base image file (its path, size and modification time) and of <paramref name="key"/>, or null
    /// for a base read from a stream.
    /// </summary>
    internal static ulong? BaseImageStamp(IsoImageReader image, string key)
    {
        if (image.ImagePath is not string path)
            return null;
        var info = new FileInfo(path);
        return Fnv(info.Exists ? info.Length : -1, info.Exists ? info.LastWriteTimeUtc.Ticks : -1, path, key);
    }

    /// <inheritdoc />
    /// <remarks>A zisofs-compressed file is decompressed: <see cref="Length"/> is its uncompressed size.</remarks>
    public override Stream OpenRead()
    {
        if (_udf is not null)
            return OpenUdf();
        Stream stored = _image.ImagePath is string path
            ? new IsoExtentStream(Disc.DiscImage.OpenSource(path), _extents, Description, ownsSource: true)
            : new IsoExtentStream(_image.Source, _extents, Description, ownsSource: false);
        return _zisofs is { } zisofs ? new ZisofsReadStream(stored, zisofs, Description) : stored;
    }

    /// <summary>A file of the base image's UDF tree: its data may be in its entry, or have sparse extents.</summary>
    private Stream OpenUdf()
    {
        if (_udf!.EmbeddedData is not null)
            return _udf.OpenRead();
        return _image.ImagePath is string path
            ? new Udf.UdfExtentStream(Disc.DiscImage.OpenSource(path), _udf.Extents, Length, ownsSource: true)
            : new Udf.UdfExtentStream(_image.Source, _udf.Extents, Length);
    }
}
