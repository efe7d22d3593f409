using System.Buffers;
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
/// files, not once per batch.
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

    // A private pool: the read-ahead holds hundreds of buffers at once, more than the shared pool keeps per size.
    private static readonly ArrayPool<byte> s_buffers = ArrayPool<byte>.Create(MaxLength, (Depth + 2) * BatchFiles);

    private readonly object _gate = new(); // guards the fields below
    private readonly Queue<List<Read>> _ready = new(Depth);
    private readonly Stack<List<Read>> _taken = new(); // batches the writer is done with, for the reading thread to fill again
    private bool _readerWaits; // the reading thread waits on _readerWakes (or is about to)
    private bool _writerWaits; // the writer waits on _writerWakes (or is about to)
    private readonly Wakeups _readerWakes = new();
    private readonly Wakeups _writerWakes = new();
    private bool _finished; // the reading thread added its last batch (or stopped)
    private bool _stopped;  // the writer is done with the read-ahead, or the build is cancelled

    private List<Read>? _batch;
    private int _next;
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
        _reader = new Thread(() => ReadAll(files)) { IsBackground = true, Name = "IsoBuild small-file reader" };
        _reader.Start();
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

    /// <summary>Queues a batch for the writer; returns an empty one to fill next, or null when the writer wants no more.</summary>
    private List<Read>? Add(List<Read> batch)
    {
        while (true)
        {
            List<Read>? next = null;
            bool wakeWriter = false;
            lock (_gate)
            {
                if (_stopped)
                {
                    Release(batch);
                    return null;
                }
                if (_ready.Count == Depth)
                {
                    _readerWaits = true;
                }
                else
                {
                    _ready.Enqueue(batch);
                    (wakeWriter, _writerWaits) = (_writerWaits, false);
                    next = _taken.TryPop(out List<Read>? taken) ? taken : new List<Read>(BatchFiles);
                }
            }
            if (next is null)
            {
                _readerWakes.Wait();
                continue;
            }
            if (wakeWriter)
                _writerWakes.Release();
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

    public static void Return(byte[] buffer) => s_buffers.Return(buffer);

    /// <summary>
    /// Reads a small file whole into a buffer from the pool, checking that it still has the length the layout gave
    /// it: one open, one read and one close (a read that stops short of the buffer is the end of a regular file),
    /// made by <see cref="StartOfFile"/> where it can (relative to the file's directory when
    /// <paramref name="directories"/> are given, for a walked file), and through .NET (which reports what went wrong)
    /// otherwise.
    /// </summary>
    public static byte[] ReadWhole(LayoutNode file, StartOfFile.InDirectories? directories = null)
    {
        int length = (int)file.Length;
        byte[] buffer = s_buffers.Rent(length + 1);
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
            s_buffers.Return(buffer);
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
            long bytes = 0;
            foreach (LayoutNode file in files)
            {
                if (Volatile.Read(ref _stopped))
                {
                    Release(batch);
                    return;
                }
                Read read;
                try
                {
                    read = new Read(file, ReadWhole(file, directories), null);
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
                    if (Add(batch) is not { } next)
                        return;
                    batch = next;
                    bytes = 0;
                }
            }
            if (batch.Count > 0)
                Add(batch);
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

    private static void Release(IEnumerable<Read> reads)
    {
        foreach (Read read in reads)
        {
            if (read.Buffer is not null)
                Return(read.Buffer);
        }
    }

    /// <summary>Stops reading ahead and gives back the buffers nobody took.</summary>
    public void Dispose()
    {
        _cancellation.Dispose();
        Stop();
        _reader.Join();
        _readerWakes.Dispose();
        _writerWakes.Dispose();
        Release(_batch ?? []);
        while (_ready.TryDequeue(out List<Read>? batch))
            Release(batch);
    }
}
