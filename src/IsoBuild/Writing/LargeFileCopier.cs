using IsoBuild.Interop;
using IsoBuild.Layout;

namespace IsoBuild.Writing;

/// <summary>
/// Copies large files into the image ahead of the writer, a piece at a time, in the kernel (copy_file_range) straight
/// to their places, while the writer would otherwise wait for small files to be read: the kernel's copy of the large
/// files then fills the writer's idle time instead of following the small files. No thread of its own: a second
/// thread writing the same file makes the two take turns at the file's lock in the kernel, spinning.
/// </summary>
/// <remarks>
/// Whatever goes wrong here (the kernel will not copy, a source that cannot be opened or changed size, a full disk)
/// stops the copying ahead of that file and leaves the rest of it to the writer, which meets the same trouble when it
/// reaches the file and reports it there: errors surface in image order, exactly as without copying ahead. A file's
/// place is its extent counted from where the image starts in the output, which the first file the writer copies
/// fixes (<see cref="Start"/>); the writer checks that it is there when it reaches each file.
/// </remarks>
internal sealed class LargeFileCopier : IDisposable
{
    /// <summary>Bytes copied per call: short enough that the writer soon sees small files ready.</summary>
    private const int Piece = 2 << 20;

    private readonly LayoutNode[] _files;
    private readonly FileStream _image;
    private readonly long[] _copied; // bytes of each file in place; its length once it is there whole and checked
    private long _start = -1;        // where the image starts in the output
    private int _next;               // the writer's next file of _files
    private int _ahead;              // the file copied ahead now
    private FileStream? _source;     // its source, open
    private bool _stopped;           // nothing more is copied ahead

    /// <param name="files">The files, each eligible (see <see cref="Takes"/>), in the order the writer reaches them.</param>
    /// <param name="image">The image's file.</param>
    public LargeFileCopier(LayoutNode[] files, FileStream image)
    {
        _files = files;
        _image = image;
        _copied = new long[files.Length];
    }

    /// <summary>Whether a file can be copied ahead: a file on disk too large to be read whole (<see cref="SmallFileReader.Takes"/>).</summary>
    public static bool Takes(LayoutNode file) => file.Length >= SmallFileReader.MaxLength && file.Entry?.IsLocalFile == true;

    /// <summary>
    /// Fixes, once, where the image starts: the writer is at <paramref name="position"/> of the output, where the data
    /// of <paramref name="first"/>, the first file it copies, goes.
    /// </summary>
    public void Start(LayoutNode first, long position)
    {
        if (_start < 0)
            _start = position - Place(first);
    }

    private static long Place(LayoutNode file) => (long)file.DataExtent * ImageLayout.SectorSize;

    /// <summary>
    /// Copies the next piece ahead of the writer: false once there is nothing left to copy (the writer then waits).
    /// </summary>
    public bool CopyPiece()
    {
        while (!_stopped && _ahead < _files.Length)
        {
            LayoutNode file = _files[_ahead];
            if (_copied[_ahead] == file.Length)
            {
                _ahead++;
                continue;
            }
            try
            {
                _source ??= FileDataCopier.OpenSource(file) as FileStream;
                long done = _copied[_ahead];
                long n = _source is null
                    ? -1
                    : KernelCopy.TryCopy(_source.SafeFileHandle, done, _image.SafeFileHandle, _start + Place(file) + done, Math.Min(Piece, file.Length - done));
                if (n <= 0)
                    return Stop(); // the kernel will not copy, or the file got shorter: the writer takes it from here
                _copied[_ahead] = done += n;
                if (done == file.Length)
                {
                    // A byte past the length the layout gave it tells a grown file from a complete one.
                    byte[] past = new byte[1];
                    if (RandomAccess.Read(_source!.SafeFileHandle, past, done) != 0)
                    {
                        _copied[_ahead] = 0; // all of it again by the writer, which then finds the change
                        return Stop();
                    }
                    _source.Dispose();
                    _source = null;
                    _ahead++;
                }
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or IsoBuildException)
            {
                return Stop();
            }
        }
        return false;
    }

    /// <summary>
    /// When <paramref name="file"/> is the writer's next one here: the bytes of it already in place (its length when
    /// it is all there) and, for a file partly copied, its source, open (the caller's to dispose). The writer, at
    /// <paramref name="position"/>, copies the rest.
    /// </summary>
    public (long Copied, FileStream? Source) Take(LayoutNode file, long position)
    {
        if (_next == _files.Length || !ReferenceEquals(_files[_next], file))
            return default;
        int index = _next++;
        if (_copied[index] > 0 && position != _start + Place(file))
            throw new InvalidOperationException($"The writer is at byte {position} where '{file.ImagePath}' was copied to byte {_start + Place(file)}.");
        FileStream? source = null;
        if (_ahead <= index)
        {
            // Copying ahead moves on past the writer: a partly copied file goes on with its open source.
            if (_ahead == index)
                (source, _source) = (_source, null);
            else
                CloseSource();
            _ahead = index + 1;
        }
        return (_copied[index], source);
    }

    private bool Stop()
    {
        _stopped = true;
        CloseSource();
        return false;
    }

    private void CloseSource()
    {
        _source?.Dispose();
        _source = null;
    }

    public void Dispose() => CloseSource();
}
