using System.Runtime.ExceptionServices;
using IsoBuild.Interop;

namespace IsoBuild.Content;

/// <summary>
/// Runs a body for every index of a range on the calling thread and on a few helper threads, each taking the next
/// index from one shared counter until none is left. Nothing waits for anything but the end of a range. The thread
/// pool that <c>Parallel.For</c> uses lets its idle workers spin (<c>sched_yield</c>) before they sleep, which on a
/// busy machine with two cores took the core the work needed, thousands of times per hundred thousand small files
/// read. The helpers are started once, when a range first needs them, and run every later range: starting a thread
/// waits for it with <c>sched_yield</c>, so a thread per range would yield more the more ranges a tree makes.
/// Between ranges they sleep in the kernel (<see cref="Wakeups"/>).
/// </summary>
/// <remarks>One range at a time, from one thread; disposing stops the helpers.</remarks>
internal sealed class IndexedWork : IDisposable
{
    /// <summary>Ranges shorter than this run on the calling thread alone: a thread costs more than they do.</summary>
    private const int MinPerThread = 32;

    /// <summary>Threads in all, the calling one included: reading small files waits on the kernel more than it computes.</summary>
    private const int MaxThreads = 4;

    private readonly List<Thread> _helpers = [];
    private readonly Wakeups _start = new();
    private readonly Wakeups _done = new();
    private Range? _range; // the range the helpers woken last run; Range.Stop to stop them

    /// <summary>The helper threads started so far.</summary>
    internal int HelperCount => _helpers.Count;

    /// <summary>
    /// Calls <paramref name="body"/> once for each index from 0 to <paramref name="count"/> − 1, in no particular
    /// order and several at once. The first exception a call throws is thrown here (as it was thrown) once every
    /// thread has stopped; the indexes not yet taken then are not run.
    /// </summary>
    public void For(int count, Action<int> body, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_range is { Stopped: true }, this);
        var range = new Range(count, body, cancellationToken);
        int helpers = Math.Max(Math.Min(Math.Min(Environment.ProcessorCount, MaxThreads), count / MinPerThread) - 1, 0);
        while (_helpers.Count < helpers)
        {
            _helpers.Add(HelperThreads.Start("IsoBuild content reader", Help));
        }
        Volatile.Write(ref _range, range);
        _start.Release(helpers);
        range.Work();
        for (int i = 0; i < helpers; i++)
            _done.Wait();
        if (range.Failure is { } failure)
            ExceptionDispatchInfo.Capture(failure).Throw();
    }

    private void Help()
    {
        while (true)
        {
            _start.Wait();
            Range range = Volatile.Read(ref _range)!;
            if (range.Stopped)
                return;
            range.Work();
            _done.Release();
        }
    }

    public void Dispose()
    {
        if (_range is { Stopped: true })
            return;
        Volatile.Write(ref _range, Range.Stop);
        _start.Release(_helpers.Count);
        foreach (Thread helper in _helpers)
            helper.Join();
        _start.Dispose();
        _done.Dispose();
    }

    /// <summary>One range of indexes, and the first exception its calls threw.</summary>
    private sealed class Range(int count, Action<int>? body, CancellationToken cancellationToken)
    {
        /// <summary>Tells the helpers to stop.</summary>
        public static readonly Range Stop = new(0, null, CancellationToken.None);

        private int _next = -1;
        private Exception? _failure;

        public bool Stopped => body is null;

        public Exception? Failure => Volatile.Read(ref _failure);

        public void Work()
        {
            try
            {
                int i;
                while (Volatile.Read(ref _failure) is null && (i = Interlocked.Increment(ref _next)) < count)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    body!(i);
                }
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, e, null);
            }
        }
    }
}
