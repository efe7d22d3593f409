using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace IsoBuild.Zisofs;

/// <summary>
/// The uncompressed content of zisofs (or zisofs2 with zlib) data: a read-only, seekable stream that inflates one
/// block at a time, read through the block pointers as it is needed.
/// </summary>
/// <remarks>
/// Hostile data costs bounded work: each block is read only after its pointers are checked against the data's length
/// and the largest compressed block zlib can make of it, inflates to exactly its size, and nothing is allocated
/// beyond one block and its compressed bytes.
/// </remarks>
internal sealed class ZisofsReadStream : Stream
{
    private readonly Stream _data;
    private readonly bool _leaveOpen;
    private readonly string _what;
    private readonly ZisofsHeader _header;
    private readonly byte[] _block;
    private long _cachedBlock = -1;
    private int _cachedLength;
    private long _position;
    private bool _disposed;

    /// <param name="data">The zisofs data (a file's bytes in the image), seekable.</param>
    /// <param name="entry">The file's Rock Ridge ZF entry, checked against the header; null to trust the header alone.</param>
    /// <param name="what">The file's path, for messages.</param>
    /// <param name="leaveOpen">True to leave <paramref name="data"/> open when this stream is disposed.</param>
    /// <exception cref="IsoBuildException">ISO0800 when the data is not zisofs or disagrees with the entry; ISO0801 for algorithms other than zlib.</exception>
    public ZisofsReadStream(Stream data, ZisofsEntry? entry, string what, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!data.CanSeek)
            throw new ArgumentException("zisofs data must be seekable.", nameof(data));
        _data = data;
        _leaveOpen = leaveOpen;
        _what = what;
        Span<byte> head = stackalloc byte[ZisofsHeader.Zisofs2Length];
        data.Position = 0;
        int n = data.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        _header = ZisofsHeader.Read(head[..n], what);
        if (_header.Format == 2 && _header.Algorithm != ZisofsHeader.Zisofs2Zlib || entry is { IsZlib: false })
        {
            IsoBuildException.Throw(ErrorCodes.ZisofsUnsupported, string.Create(CultureInfo.InvariantCulture,
                $"'{what}' is compressed with zisofs2 algorithm {entry?.Algorithm ?? _header.Algorithm.ToString(CultureInfo.InvariantCulture)}; IsoBuild decompresses zlib only. Extract it with xorriso (osirrox)."));
        }
        if (entry is { } e && (e.UncompressedLength != _header.UncompressedLength || e.BlockShift != _header.BlockShift || e.HeaderWords * 4 != _header.HeaderLength))
        {
            IsoBuildException.Throw(ErrorCodes.ZisofsDamaged, string.Create(CultureInfo.InvariantCulture,
                $"The Rock Ridge ZF entry of '{what}' ({e.UncompressedLength} bytes in blocks of 2^{e.BlockShift}) disagrees with its zisofs header ({_header.UncompressedLength} bytes in blocks of 2^{_header.BlockShift}): the image is damaged."));
        }
        if (_header.DataOffset > (ulong)data.Length)
        {
            IsoBuildException.Throw(ErrorCodes.ZisofsDamaged, string.Create(CultureInfo.InvariantCulture,
                $"The zisofs data of '{what}' ({data.Length} bytes) is too short for the block pointers of {_header.UncompressedLength} bytes: the image is damaged."));
        }
        Length = (long)_header.UncompressedLength;
        _block = new byte[Length == 0 ? 0 : (int)Math.Min(_header.BlockSize, Length)];
    }

    /// <summary>The data's header: format, block size, uncompressed size.</summary>
    public ZisofsHeader Header => _header;

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
        long block = _position >> _header.BlockShift;
        if (block != _cachedBlock)
            LoadBlock(block);
        int within = (int)(_position - (block << _header.BlockShift));
        int n = Math.Min(buffer.Length, _cachedLength - within);
        _block.AsSpan(within, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    private void LoadBlock(long block)
    {
        int size = (int)Math.Min(_header.BlockSize, Length - (block << _header.BlockShift));
        Span<byte> pair = stackalloc byte[16];
        int pointerLength = _header.PointerLength;
        _data.Position = _header.HeaderLength + block * pointerLength;
        _data.ReadExactly(pair[..(2 * pointerLength)]);
        ulong start = pointerLength == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(pair) : BinaryPrimitives.ReadUInt64LittleEndian(pair);
        ulong end = pointerLength == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(pair[4..]) : BinaryPrimitives.ReadUInt64LittleEndian(pair[8..]);
        // zlib's compressBound() for the largest block, with room to spare: anything longer is not a compressed block.
        ulong maxCompressed = (ulong)_header.BlockSize + (ulong)(_header.BlockSize >> 8) + 1024;
        if (end < start || end > (ulong)_data.Length || start < _header.DataOffset || end - start > maxCompressed)
        {
            IsoBuildException.Throw(ErrorCodes.ZisofsDamaged, string.Create(CultureInfo.InvariantCulture,
                $"Block {block} of the zisofs file '{_what}' has pointers {start}..{end}, outside its {_data.Length} bytes of data or too long for a block: the image is damaged."));
        }
        _cachedBlock = -1;
        if (start == end)
        {
            // zisofs_format.txt: an empty block stands for a block of zeros.
            _block.AsSpan(0, size).Clear();
        }
        else
        {
            byte[] compressed = new byte[end - start];
            _data.Position = (long)start;
            _data.ReadExactly(compressed);
            Inflate(compressed, size, block);
        }
        _cachedBlock = block;
        _cachedLength = size;
    }

    private void Inflate(byte[] compressed, int size, long block)
    {
        try
        {
            using var inflater = new ZLibStream(new MemoryStream(compressed, writable: false), CompressionMode.Decompress);
            int n = inflater.ReadAtLeast(_block.AsSpan(0, size), size, throwOnEndOfStream: false);
            // Reading on to the end of the stream makes the inflater check zlib's Adler-32 of the block.
            Span<byte> beyond = stackalloc byte[1];
            if (n < size || inflater.Read(beyond) != 0)
            {
                IsoBuildException.Throw(ErrorCodes.ZisofsDamaged, string.Create(CultureInfo.InvariantCulture,
                    $"Block {block} of the zisofs file '{_what}' inflates to {(n < size ? n.ToString(CultureInfo.InvariantCulture) : "more than " + size.ToString(CultureInfo.InvariantCulture))} bytes, not {size}: the image is damaged."));
            }
        }
        catch (InvalidDataException e)
        {
            throw new IsoBuildException(ErrorCodes.ZisofsDamaged, string.Create(CultureInfo.InvariantCulture,
                $"Block {block} of the zisofs file '{_what}' is not valid zlib data ({e.Message}): the image is damaged."), e);
        }
    }

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
        if (disposing && !_disposed && !_leaveOpen)
            _data.Dispose();
        _disposed = true;
        base.Dispose(disposing);
    }
}
