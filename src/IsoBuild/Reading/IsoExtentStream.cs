using IsoBuild.Sectors;
namespace IsoBuild.Reading;

/// <summary>A read-only, seekable view of a file's extents in an image; nothing is buffered beyond the caller's reads.</summary>
internal sealed class IsoExtentStream : ReadOnlySeekableStream
{
    private readonly ImageSource _source;
    private readonly IReadOnlyList<IsoExtent> _extents;
    private readonly bool _ownsSource;
    private readonly string _what;

    public IsoExtentStream(ImageSource source, IReadOnlyList<IsoExtent> extents, string what, bool ownsSource)
    {
        _source = source;
        _extents = extents;
        _what = what;
        _ownsSource = ownsSource;
        long length = 0;
        foreach (IsoExtent e in extents)
        {
            long start = (long)e.Lba * ImageSource.SectorSize;
            if (start + e.Length > source.Length)
            {
                IsoBuildException.Throw(ErrorCodes.DataOutsideImage,
                    $"The data of '{what}' (sector {e.Lba}, {e.Length} bytes) lies beyond the end of {source.Name} ({source.Length} bytes): the image is truncated or its directory record is damaged.");
            }
            length += e.Length;
        }
        Length = length;
    }

    public override long Length { get; }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (Position >= Length || buffer.IsEmpty)
            return 0;
        long skip = Position;
        foreach (IsoExtent e in _extents)
        {
            if (skip >= e.Length)
            {
                skip -= e.Length;
                continue;
            }
            int want = (int)Math.Min(buffer.Length, e.Length - skip);
            long at = (long)e.Lba * ImageSource.SectorSize + skip;
            _source.ReadExactly(at, buffer[..want], ErrorCodes.DataOutsideImage, $"The data of '{_what}'");
            Position += want;
            return want;
        }
        return 0;
    }

    protected override void Release()
    {
        if (_ownsSource)
            _source.Dispose();
    }
}
