using IsoBuild.Sectors;

namespace IsoBuild.Udf;

/// <summary>A read-only, seekable stream over a file's extents in the image; extents not recorded read as zeros.</summary>
internal sealed class UdfExtentStream : ReadOnlySeekableStream
{
    private readonly ImageSource _source;
    private readonly UdfExtent[] _extents;
    private readonly long[] _starts;
    private readonly long _length;
    private readonly bool _ownsSource;

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

    public override long Length => _length;

    public override int Read(Span<byte> buffer)
    {
        if (Position >= _length || buffer.IsEmpty)
            return 0;
        int index = Array.BinarySearch(_starts, Position);
        if (index < 0)
            index = ~index - 1;
        UdfExtent extent = _extents[index];
        long within = Position - _starts[index];
        int n = (int)Math.Min(buffer.Length, Math.Min(extent.Length - within, _length - Position));
        Span<byte> target = buffer[..n];
        if (extent.Sector is long sector)
            _source.ReadExactly(sector * UdfFormat.SectorSize + within, target, ErrorCodes.UdfExtentOutsidePartition, "UDF file data");
        else
            target.Clear();
        Position += n;
        return n;
    }

    protected override void Release()
    {
        if (_ownsSource)
            _source.Dispose();
    }
}
