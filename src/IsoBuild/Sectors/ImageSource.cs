using Microsoft.Win32.SafeHandles;

namespace IsoBuild.Sectors;

/// <summary>Positioned reads from an image: a file handle (thread-safe, no shared position) or a caller's stream.</summary>
internal abstract class ImageSource : IDisposable
{
    public const int SectorSize = 2048;

    public abstract long Length { get; }

    /// <summary>A description for messages: the image path, or "the stream".</summary>
    public abstract string Name { get; }

    /// <summary>Reads up to <paramref name="buffer"/>.Length bytes at <paramref name="offset"/>; fewer only at the end.</summary>
    public abstract int ReadAt(long offset, Span<byte> buffer);

    public abstract void Dispose();

    public long Sectors => Length / SectorSize;

    /// <summary>Reads whole bytes or fails with a coded error naming what was being read.</summary>
    public void ReadExactly(long offset, Span<byte> buffer, string code, string what)
    {
        if (offset < 0 || offset + buffer.Length > Length)
        {
            IsoBuildException.Throw(code,
                $"{what} (bytes {offset}..{offset + buffer.Length}) lies beyond the end of {Name} ({Length} bytes): the image is truncated or damaged.");
        }
        int done = 0;
        while (done < buffer.Length)
        {
            int n = ReadAt(offset + done, buffer[done..]);
            if (n <= 0)
                IsoBuildException.Throw(code, $"{what}: {Name} ended early at byte {offset + done}.");
            done += n;
        }
    }

    public static ImageSource OpenFile(string path)
    {
        string full = Path.GetFullPath(path);
        try
        {
            // FileShare.Delete: an edit may replace this very file once the new image is complete.
            SafeFileHandle handle = File.OpenHandle(full, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            return new FileImageSource(handle, full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (Directory.Exists(full))
                throw new IsoBuildException(ErrorCodes.ImageUnreadable, $"'{full}' is a directory, not an image file.", e);
            throw new IsoBuildException(ErrorCodes.ImageUnreadable, $"The image '{full}' cannot be opened: {e.Message}", e);
        }
    }

    private sealed class FileImageSource : ImageSource
    {
        private readonly SafeFileHandle _handle;

        public FileImageSource(SafeFileHandle handle, string path)
        {
            _handle = handle;
            Name = "'" + path + "'";
            Length = RandomAccess.GetLength(handle);
        }

        public override long Length { get; }
        public override string Name { get; }

        public override int ReadAt(long offset, Span<byte> buffer)
        {
            try
            {
                return RandomAccess.Read(_handle, buffer, offset);
            }
            catch (IOException e)
            {
                throw new IsoBuildException(ErrorCodes.ImageUnreadable, $"Reading {Name} at byte {offset} failed: {e.Message}", e);
            }
        }

        public override void Dispose() => _handle.Dispose();
    }
}

/// <summary>A caller's seekable stream; reads are serialised because they move its position.</summary>
internal sealed class StreamImageSource : ImageSource
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly Lock _lock = new();

    public StreamImageSource(Stream stream, bool leaveOpen)
    {
        if (!stream.CanRead || !stream.CanSeek)
            throw new ArgumentException("The image stream must be readable and seekable.", nameof(stream));
        _stream = stream;
        _leaveOpen = leaveOpen;
        Length = stream.Length;
    }

    public override long Length { get; }
    public override string Name => "the image stream";

    public override int ReadAt(long offset, Span<byte> buffer)
    {
        lock (_lock)
        {
            _stream.Position = offset;
            return _stream.Read(buffer);
        }
    }

    public override void Dispose()
    {
        if (!_leaveOpen)
            _stream.Dispose();
    }
}
