namespace IsoBuild.Writing;

/// <summary>
/// The file an image is written to: every write reaches the kernel in pieces of at most <see cref="WriteSize"/> bytes,
/// smaller ones gathered up to that size. <see cref="File"/> is the file itself, for copies the kernel makes.
/// </summary>
/// <remarks>
/// Linux keeps written data in page-cache folios sized by the write: a write of 1 MiB asks for blocks of up to 1 MiB
/// of contiguous memory, which do not come from the per-processor free lists the way small blocks do. On a virtual
/// machine that hands free memory back to its host (virtio-balloon free page reporting, as on many CI agents), large
/// blocks are the ones the host takes back, and at times every such write waits for them: in alternating runs on a
/// 2-core virtual machine, packing the benchmarks' mixed tree took a median of 3.9 s with 1 MiB writes, 1.5 s with
/// 64 KiB ones and 1.3 s with 32 KiB ones, and genisoimage (4 to 28 KiB at a time) 1.6 s; on the same machine at a
/// calm time, 64 KiB writes cost nothing measurable and 32 KiB ones 10 to 15 % (docs/benchmarks.md). Large files are
/// still copied by the kernel (<c>copy_file_range</c>), which moves them a few pages at a time.
/// </remarks>
internal sealed class ImageOutputStream(string path, FileMode mode) : Stream
{
    public const int WriteSize = 64 << 10;

    public FileStream File { get; } = new(path, mode, FileAccess.ReadWrite, FileShare.None, WriteSize);

    public override bool CanRead => File.CanRead;
    public override bool CanSeek => File.CanSeek;
    public override bool CanWrite => File.CanWrite;
    public override long Length => File.Length;

    public override long Position
    {
        get => File.Position;
        set => File.Position = value;
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(new ReadOnlySpan<byte>(buffer, offset, count));
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        for (; buffer.Length > WriteSize; buffer = buffer[WriteSize..])
            File.Write(buffer[..WriteSize]);
        File.Write(buffer);
    }

    public override void WriteByte(byte value) => File.WriteByte(value);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return WriteAsync(new ReadOnlyMemory<byte>(buffer, offset, count), cancellationToken).AsTask();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        for (; buffer.Length > WriteSize; buffer = buffer[WriteSize..])
            await File.WriteAsync(buffer[..WriteSize], cancellationToken).ConfigureAwait(false);
        await File.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override int Read(byte[] buffer, int offset, int count) => File.Read(buffer, offset, count);
    public override int Read(Span<byte> buffer) => File.Read(buffer);
    public override int ReadByte() => File.ReadByte();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        File.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        File.ReadAsync(buffer, cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => File.Seek(offset, origin);
    public override void SetLength(long value) => File.SetLength(value);
    public override void Flush() => File.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => File.FlushAsync(cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            File.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await File.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
