using IsoBuild.Sectors;
namespace IsoBuild.Reading;

/// <summary>A read-only, seekable view of a file's extents in an image; nothing is buffered beyond the caller's reads.</summary>
internal sealed class IsoExtentStream : Stream
{
    private readonly ImageSource _source;
    private readonly IReadOnlyList<IsoExtent> _extents;
    private readonly bool _ownsSource;
    private readonly string _what;
    private long _position;
    private bool _disposed;

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

    public override bool CanRead => !_disposed;
    public override bool CanSeek => !_disposed;
    public override bool CanWrite => false;
    public override long Length { get; }

    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_position >= Length || buffer.IsEmpty)
            return 0;
        long skip = _position;
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
            _position += want;
            return want;
        }
        return 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override long Seek(long offset, SeekOrigin origin)
    {
        long target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => Length + offset,
        };
        Position = target;
        return target;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed && _ownsSource)
            _source.Dispose();
        _disposed = true;
        base.Dispose(disposing);
    }
}
