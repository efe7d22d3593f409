namespace IsoBuild.Sectors;

/// <summary>
/// What the read-only, seekable streams over an image's data share: a position that may lie past the end (reads there
/// return 0), seeking, reads of arrays and asynchronous reads served by <see cref="Read(Span{byte})"/>, and no writing.
/// A subclass reads at <see cref="Position"/>, advances it, and releases what it owns in <see cref="Release"/>.
/// </summary>
internal abstract class ReadOnlySeekableStream : Stream
{
    private long _position;

    /// <summary>True once the stream is disposed.</summary>
    protected bool IsDisposed { get; private set; }

    public override bool CanRead => !IsDisposed;
    public override bool CanSeek => !IsDisposed;
    public override bool CanWrite => false;

    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    public abstract override int Read(Span<byte> buffer);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    // The data is read from a file or from memory a sector at a time: asynchronous reads gain nothing.
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        SeekOrigin.End => Length + offset,
        _ => throw new ArgumentOutOfRangeException(nameof(origin)),
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Releases what the stream owns (the source it was given to own); called once.</summary>
    protected virtual void Release()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !IsDisposed)
            Release();
        IsDisposed = true;
        base.Dispose(disposing);
    }
}
