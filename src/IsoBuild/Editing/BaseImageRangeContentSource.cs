using IsoBuild.Reading;
using IsoBuild.Spec;

namespace IsoBuild.Editing;

/// <summary>
/// A stretch of a base image that is not a file of its tree (an appended partition after the volume) as the content
/// of a new image: streamed from the base when the new image is written, like <see cref="IsoImageContentSource"/>.
/// </summary>
internal sealed class BaseImageRangeContentSource : ContentSource
{
    private readonly IsoImageReader _image;
    private readonly IsoExtent[] _extents;

    internal BaseImageRangeContentSource(IsoImageReader image, uint firstSector, long length, string what)
    {
        _image = image;
        _extents = [new IsoExtent(firstSector, length)];
        Length = length;
        Description = $"{image.ImagePath ?? "base image"}:({what})";
    }

    /// <inheritdoc />
    public override long Length { get; }

    /// <inheritdoc />
    public override string Description { get; }

    /// <summary>The base image's path, size and modification time and where the stretch lies in it.</summary>
    internal override ulong ChangeStamp()
    {
        if (IsoImageContentSource.BaseImageStamp(_image, Description) is not ulong stamp)
            return base.ChangeStamp();
        return (stamp ^ _extents[0].Lba ^ ((ulong)Length << 32)) * 0x100000001b3;
    }

    /// <inheritdoc />
    public override Stream OpenRead() => _image.ImagePath is string path
        ? new IsoExtentStream(Disc.DiscImage.OpenSource(path), _extents, Description, ownsSource: true)
        : new IsoExtentStream(_image.Source, _extents, Description, ownsSource: false);
}
