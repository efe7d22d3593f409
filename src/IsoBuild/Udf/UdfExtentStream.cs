using IsoBuild.Sectors;

namespace IsoBuild.Udf;

/// <summary>A read-only, seekable stream over a file's extents in the image; extents not recorded read as zeros.</summary>
internal sealed class UdfExtentStream : Stream
{
    private readonly ImageSource _source;
    private readonly UdfExtent[] _extents;
    private readonly long[] _starts;
    private readonly long _length;
    private readonly bool _ownsSource;
    private long _position;

    public UdfExtentStream(ImageSource source, IReadOnlyList<UdfExtent> extents, long length, bool ownsSource = false)
    {
        _source = source;
        _ownsSource = ownsSource;
        _extents = [.. extents];
        _starts = new long[_extents.Length];
        long at = 0;
        for (int i = 0; i < _extents.Length; i++)
        {
            _starts[i] = at;
            at += _extents[i].Length;
        }
        _length = Math.Min(length, at);
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= _length || buffer.IsEmpty)
            return 0;
        int index = Array.BinarySearch(_starts, _position);
        if (index < 0)
            index = ~index - 1;
        UdfExtent extent = _extents[index];
        long within = _position - _starts[index];
        int n = (int)Math.Min(buffer.Length, Math.Min(extent.Length - within, _length - _position));
        Span<byte> target = buffer[..n];
        if (extent.Sector is long sector)
            _source.ReadExactly(sector * UdfFormat.SectorSize + within, target, ErrorCodes.UdfExtentOutsidePartition, "UDF file data");
        else
            target.Clear();
        _position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        SeekOrigin.End => _length + offset,
        _ => throw new ArgumentOutOfRangeException(nameof(origin)),
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsSource)
            _source.Dispose();
        base.Dispose(disposing);
    }
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
