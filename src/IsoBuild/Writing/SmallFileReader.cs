using System.Buffers;
using System.Numerics;
using System.Runtime.ExceptionServices;
using IsoBuild.Content;
using IsoBuild.Interop;
using IsoBuild.Layout;
using Microsoft.Win32.SafeHandles;

namespace IsoBuild.Writing;

/// <summary>
/// Reads small source files whole, on a second thread, in the order the image holds them and a bounded distance
/// ahead of the writer: opening, reading and closing thousands of small files then overlaps writing the image
/// instead of alternating with it. Files are handed over in batches (at most <see cref="BatchFiles"/> files or about
/// <see cref="BatchBytes"/> bytes), so that the two threads meet once per batch rather than once per file, and at most
/// <see cref="Depth"/> batches (about 18 MiB) wait to be written. A file that cannot be read is reported to the writer
/// when it reaches that file, so errors surface in image order, exactly as without reading ahead.
/// </summary>
/// <remarks>
/// A thread that has to wait for the other sleeps at once (<see cref="Wakeups"/>) instead of spinning first, as
/// <c>BlockingCollection</c> and <c>SemaphoreSlim</c> do: on a machine with few cores, or busy with other work, a
/// spinning thread holds the core that the thread it waits for needs. Each side wakes the other only when the other
/// waits, and only once it has left the lock: a thread woken by <see cref="Monitor.Pulse(object)"/> would wake while
/// the other still holds the lock and spin (sched_yield) to take it back. The reading thread, once stopped by a full
/// queue, is woken only when the writer has taken half of it, so the threads meet a few times per queue's worth of
/// files, not once per batch. The buffers go round the same way: the reading thread takes them from a shelf of its
/// own, the writer gives each back once written (<see cref="GiveBack"/>), and they travel back with the writer's empty
/// batches, so that no pool is locked by both threads once a file (a shared pool's spin lock made them yield).
/// </remarks>
internal sealed class SmallFileReader : IDisposable
{
    /// <summary>Files shorter than this are read whole; larger ones are copied by the writer (in the kernel where it can).</summary>
    public const int MaxLength = 256 << 10;

    // Tiny files (a million of a few hundred bytes) fill a batch by count long before its bytes: 256 of them make
    // the threads meet a quarter as often as 64 did, and each meeting costs a wake-up and a sleep.
    private const int BatchFiles = 256;
    private const int BatchBytes = 2 << 20;
    private const int Depth = 8;

    // For files read whole without reading ahead, by the writer alone.
    private static readonly ArrayPool<byte> s_buffers = ArrayPool<byte>.Create(MaxLength, BatchFiles);

    private readonly object _gate = new(); // guards the fields below
    private readonly Queue<List<Read>> _ready = new(Depth);
    private readonly Stack<List<Read>> _taken = new(); // batches the writer is done with, for the reading thread to fill again
    private bool _readerWaits; // the reading thread waits on _readerWakes (or is about to)
    private bool _writerWaits; // the writer waits on _writerWakes (or is about to)
    private readonly Wakeups _readerWakes = new();
    private readonly Wakeups _writerWakes = new();
    private List<byte[]> _givenBack = []; // buffers on their way back to the reading thread
    private bool _finished; // the reading thread added its last batch (or stopped)
    private bool _stopped;  // the writer is done with the read-ahead, or the build is cancelled

    private List<Read>? _batch;
    private int _next;
    private readonly List<byte[]> _written = []; // the writer's: buffers it gave back since it last took a batch
    private readonly Shelf _shelf = new(); // the reading thread's: buffers to read into
    private readonly Func<bool>? _whileWaiting;
    private readonly CancellationToken _cancellationToken;
    private readonly CancellationTokenRegistration _cancellation;
    private readonly Thread _reader;

    private readonly record struct Read(LayoutNode File, byte[]? Buffer, ExceptionDispatchInfo? Error);

    /// <summary>Starts reading <paramref name="files"/> (each eligible: see <see cref="Takes"/>) in this order.</summary>
    /// <param name="files">The files.</param>
    /// <param name="whileWaiting">
    /// Work the writer does, a little at a time, instead of waiting for files not read yet: true when it did some,
    /// false when none is left (the writer then waits).
    /// </param>
    /// <param name="cancellationToken">Stops the reading.</param>
    public SmallFileReader(IEnumerable<LayoutNode> files, Func<bool>? whileWaiting, CancellationToken cancellationToken)
    {
        _whileWaiting = whileWaiting;
        _cancellationToken = cancellationToken;
        _cancellation = cancellationToken.UnsafeRegister(static state => ((SmallFileReader)state!).Stop(), this);
        _reader = HelperThreads.Start("IsoBuild small-file reader", () => ReadAll(files));
    }

    /// <summary>Whether a file is read whole: a non-empty file on disk shorter than <see cref="MaxLength"/>.</summary>
    public static bool Takes(LayoutNode file) =>
        file.Length is > 0 and < MaxLength && file.Entry?.IsLocalFile == true;

    /// <summary>
    /// The bytes of the next file, which must be <paramref name="file"/>: a buffer of at least its length, to be
    /// given back with <see cref="Return"/>. Throws what reading the file threw.
    /// </summary>
    public byte[] Take(LayoutNode file)
    {
        if (_batch is null || _next == _batch.Count)
        {
            _batch = NextBatch();
            _next = 0;
        }
        Read read = _batch[_next];
        _batch[_next++] = default;
        if (read.File != file)
            throw new InvalidOperationException($"The read-ahead holds '{read.File.ImagePath}' where the writer expects '{file.ImagePath}'.");
        read.Error?.Throw();
        return read.Buffer!;
    }

    private List<Read> NextBatch()
    {
        bool work = _whileWaiting is not null; // something to do instead of waiting
        while (true)
        {
            List<Read>? batch = null;
            bool wakeReader = false;
            lock (_gate)
            {
                if (_batch is not null)
                {
                    _batch.Clear();
                    _taken.Push(_batch); // filled again rather than made anew: the reading thread then allocates nothing
                    _batch = null;       // no longer the writer's, whatever happens next
                }
                if (_written.Count > 0)
                {
                    _givenBack.AddRange(_written);
                    _written.Clear();
                }
                if (_ready.Count == 0 && !_finished && !_cancellationToken.IsCancellationRequested)
                {
                    _writerWaits = !work;
                }
                else
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    if (_ready.Count == 0)
                        throw new InvalidOperationException("The read-ahead ended before the writer's last small file.");
                    batch = _ready.Dequeue();
                    if (_readerWaits && _ready.Count <= Depth / 2)
                        (wakeReader, _readerWaits) = (true, false);
                }
            }
            if (batch is null)
            {
                if (work)
                    work = _whileWaiting!(); // when nothing is left to do, wait next time round
                else
                    _writerWakes.Wait();
                continue;
            }
            if (wakeReader)
                _readerWakes.Release();
            return batch;
        }
    }

    /// <summary>
    /// Queues a batch for the writer; returns an empty one to fill next, or null when the writer wants no more.
    /// <paramref name="spare"/> (empty) is swapped for the buffers the writer gave back, which go on the shelf.
    /// </summary>
    private List<Read>? Add(List<Read> batch, ref List<byte[]> spare)
    {
        while (true)
        {
            List<Read>? next = null;
            bool wakeWriter = false;
            lock (_gate)
            {
                if (_stopped)
                    return null;
                if (_ready.Count == Depth)
                {
                    _readerWaits = true;
                }
                else
                {
                    _ready.Enqueue(batch);
                    (wakeWriter, _writerWaits) = (_writerWaits, false);
                    next = _taken.TryPop(out List<Read>? taken) ? taken : new List<Read>(BatchFiles);
                    (spare, _givenBack) = (_givenBack, spare);
                }
            }
            if (next is null)
            {
                _readerWakes.Wait();
                continue;
            }
            if (wakeWriter)
                _writerWakes.Release();
            foreach (byte[] buffer in spare)
                _shelf.Put(buffer);
            spare.Clear();
            return next;
        }
    }

    /// <summary>Stops the reading thread (the writer is done, or the build is cancelled) and wakes whichever thread waits.</summary>
    private void Stop()
    {
        bool wakeReader, wakeWriter;
        lock (_gate)
        {
            _stopped = true;
            (wakeReader, _readerWaits) = (_readerWaits, false);
            (wakeWriter, _writerWaits) = (_writerWaits, false);
        }
        if (wakeReader)
            _readerWakes.Release();
        if (wakeWriter)
            _writerWakes.Release();
    }

    /// <summary>Gives back a buffer that <see cref="Take"/> returned, once its bytes are written (the writer's thread).</summary>
    public void GiveBack(byte[] buffer) => _written.Add(buffer);

    /// <summary>Gives back a buffer that <see cref="ReadWhole(LayoutNode, StartOfFile.InDirectories?)"/> returned.</summary>
    public static void Return(byte[] buffer) => s_buffers.Return(buffer);

    /// <summary>
    /// Reads a small file whole into a buffer from the pool, checking that it still has the length the layout gave
    /// it: one open, one read and one close (a read that stops short of the buffer is the end of a regular file),
    /// made by <see cref="StartOfFile"/> where it can (relative to the file's directory when
    /// <paramref name="directories"/> are given, for a walked file), and through .NET (which reports what went wrong)
    /// otherwise.
    /// </summary>
    public static byte[] ReadWhole(LayoutNode file, StartOfFile.InDirectories? directories = null) => ReadWhole(file, directories, null);

    /// <summary>The same, into a buffer from <paramref name="shelf"/> when one is given.</summary>
    private static byte[] ReadWhole(LayoutNode file, StartOfFile.InDirectories? directories, Shelf? shelf)
    {
        int length = (int)file.Length;
        byte[] buffer = shelf is null ? s_buffers.Rent(length + 1) : shelf.Take(length + 1);
        try
        {
            // Asking for one byte more than the file should hold tells a grown file from a complete one.
            Span<byte> start = buffer.AsSpan(0, length + 1);
            if (SourceReading.TryReadStart(file.Entry!, start, length, directories, out int read))
            {
                if (read != length)
                    FileDataCopier.ThrowChanged(file);
                return buffer;
            }
            ReadThroughDotNet(file, buffer, length);
            return buffer;
        }
        catch
        {
            if (shelf is null)
                s_buffers.Return(buffer);
            else
                shelf.Put(buffer);
            throw;
        }
    }

    /// <summary>
    /// Reads a small file into <paramref name="buffer"/> through .NET, which reports what went wrong (a method of its
    /// own: what its lambdas capture is made only for a file read this way).
    /// </summary>
    private static void ReadThroughDotNet(LayoutNode file, byte[] buffer, int length)
    {
        string path = file.Entry!.Content!.LocalFilePath!;
        using SafeFileHandle handle = FileDataCopier.OpenSource(file, () =>
            File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete));
        int total = 0;
        while (total < length)
        {
            int n = FileDataCopier.ReadSource(file, () => RandomAccess.Read(handle, buffer.AsSpan(total, length + 1 - total), total));
            if (n == 0)
                break;
            total += n;
        }
        if (total != length)
            FileDataCopier.ThrowChanged(file);
    }

    private void ReadAll(IEnumerable<LayoutNode> files)
    {
        // The files come in image order, a directory's files one after another: each is opened by its name.
        using var directories = new StartOfFile.InDirectories();
        try
        {
            var batch = new List<Read>(BatchFiles);
            List<byte[]> spare = [];
            long bytes = 0;
            foreach (LayoutNode file in files)
            {
                if (Volatile.Read(ref _stopped))
                    return;
                Read read;
                try
                {
                    read = new Read(file, ReadWhole(file, directories, _shelf), null);
                }
                catch (Exception e)
                {
                    read = new Read(file, null, ExceptionDispatchInfo.Capture(e));
                }
                batch.Add(read);
                bytes += file.Length;
                if (read.Error is not null)
                    break;
                if (batch.Count == BatchFiles || bytes >= BatchBytes)
                {
                    if (Add(batch, ref spare) is not { } next)
                        return;
                    batch = next;
                    bytes = 0;
                }
            }
            if (batch.Count > 0)
                Add(batch, ref spare);
        }
        finally
        {
            bool wakeWriter;
            lock (_gate)
            {
                _finished = true;
                (wakeWriter, _writerWaits) = (_writerWaits, false);
            }
            if (wakeWriter)
                _writerWakes.Release();
        }
    }

    /// <summary>Stops reading ahead; the buffers of a read-ahead are its own and go with it.</summary>
    public void Dispose()
    {
        _cancellation.Dispose();
        Stop();
        _reader.Join();
        _readerWakes.Dispose();
        _writerWakes.Dispose();
    }

    /// <summary>Buffers of the lengths the pool gives (16 bytes to <see cref="MaxLength"/>, powers of two), kept for one thread.</summary>
    private sealed class Shelf
    {
        private readonly Stack<byte[]>?[] _lengths = new Stack<byte[]>?[Index(MaxLength) + 1];

        public byte[] Take(int minimumLength) =>
            _lengths[Index(minimumLength)] is { } kept && kept.TryPop(out byte[]? buffer)
                ? buffer
                : GC.AllocateUninitializedArray<byte>(16 << Index(minimumLength));

        public void Put(byte[] buffer) => (_lengths[Index(buffer.Length)] ??= new Stack<byte[]>()).Push(buffer);

        private static int Index(int length) => BitOperations.Log2((uint)(length - 1) | 15) - 3;
    }
}
