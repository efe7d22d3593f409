using Microsoft.Win32.SafeHandles;

namespace IsoBuild.Content;

/// <summary>
/// A temporary file beside the output holding the compressed bytes of the files to be stored compressed, from the
/// time they are compressed (before the layout, which needs their sizes) until the image is written. Nothing is left
/// behind, not even when the process is killed (see <see cref="CreateTemporaryFile"/>).
/// </summary>
internal sealed class ZisofsSpool : IDisposable
{
    private readonly Lock _lock = new();

    private ZisofsSpool(FileStream stream) => Stream = stream;

    /// <summary>The spool; written at its end, by one writer at a time.</summary>
    public FileStream Stream { get; }

    public static ZisofsSpool Create(string directory) => new(CreateTemporaryFile(directory));

    /// <summary>
    /// A temporary file in <paramref name="directory"/> that nothing else sees and that is gone once closed: on Unix its
    /// name is removed at once (the open file lives on), on Windows it is deleted on close, also when the process dies.
    /// </summary>
    internal static FileStream CreateTemporaryFile(string directory)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, $".isobuild-zisofs.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Delete, bufferSize: 1 << 16, FileOptions.DeleteOnClose);
        if (!OperatingSystem.IsWindows())
            File.Delete(path);
        return stream;
    }

    /// <summary>Appends <paramref name="bytes"/>; returns where they start.</summary>
    public long Append(ReadOnlySpan<byte> bytes)
    {
        lock (_lock)
        {
            long start = Stream.Length;
            Stream.Position = start;
            Stream.Write(bytes);
            return start;
        }
    }

    /// <summary>A read-only stream of <paramref name="length"/> bytes from <paramref name="offset"/>.</summary>
    public Stream Open(long offset, long length)
    {
        lock (_lock)
            Stream.Flush();
        return new Slice(Stream.SafeFileHandle, offset, length);
    }

    public void Dispose() => Stream.Dispose();

    /// <summary>Positional reads of a part of the spool, independent of the spool stream's position.</summary>
    private sealed class Slice(SafeFileHandle handle, long offset, long length) : System.IO.Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int want = (int)Math.Min(buffer.Length, length - _position);
            if (want <= 0)
                return 0;
            int n = RandomAccess.Read(handle, buffer[..want], offset + _position);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
