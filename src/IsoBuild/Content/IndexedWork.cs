using System.Runtime.ExceptionServices;

namespace IsoBuild.Content;

/// <summary>
/// Runs a body for every index of a range on the calling thread and on a few threads of its own, each taking the
/// next index from one shared counter until none is left. Nothing waits for anything but the end (one join per
/// thread): the thread pool that <c>Parallel.For</c> uses lets its idle workers spin (<c>sched_yield</c>) before
/// they sleep, which on a busy machine with two cores took the core the work needed, thousands of times per
/// hundred thousand small files read.
/// </summary>
internal static class IndexedWork
{
    /// <summary>Ranges shorter than this run on the calling thread alone: a thread costs more than they do.</summary>
    private const int MinPerThread = 32;

    /// <summary>Threads in all, the calling one included: reading small files waits on the kernel more than it computes.</summary>
    private const int MaxThreads = 4;

    /// <summary>
    /// Calls <paramref name="body"/> once for each index from 0 to <paramref name="count"/> − 1, in no particular
    /// order and several at once. The first exception a call throws is thrown here (as it was thrown) once every
    /// thread has stopped; the indexes not yet taken then are not run.
    /// </summary>
    public static void For(int count, Action<int> body, CancellationToken cancellationToken)
    {
        int next = -1;
        Exception? failure = null;
        void Work()
        {
            try
            {
                int i;
                while (Volatile.Read(ref failure) is null && (i = Interlocked.Increment(ref next)) < count)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    body(i);
                }
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, e, null);
            }
        }
        int threads = Math.Min(Math.Min(Environment.ProcessorCount, MaxThreads), count / MinPerThread);
        var helpers = new Thread[Math.Max(threads - 1, 0)];
        for (int t = 0; t < helpers.Length; t++)
        {
            helpers[t] = new Thread(Work) { IsBackground = true, Name = "IsoBuild content reader" };
            helpers[t].Start();
        }
        Work();
        foreach (Thread helper in helpers)
            helper.Join();
        if (failure is not null)
            ExceptionDispatchInfo.Capture(failure).Throw();
    }
}
