using System.Collections.Concurrent;
using IsoBuild.Content;

namespace IsoBuild.Tests.Content;

/// <summary>The indexed work runs every index once, on helper threads started once for all its ranges.</summary>
public class IndexedWorkTests
{
    private static readonly int Threads = Math.Min(Environment.ProcessorCount, 4);

    [Fact]
    public void Every_index_of_every_range_runs_once_on_helpers_started_once()
    {
        using var work = new IndexedWork();
        var threads = new ConcurrentDictionary<int, bool>();
        for (int range = 0; range < 50; range++)
        {
            int count = 1000 + range;
            int[] runs = new int[count];
            work.For(count, i =>
            {
                Interlocked.Increment(ref runs[i]);
                threads[Environment.CurrentManagedThreadId] = true;
            }, CancellationToken.None);
            Assert.All(runs, r => Assert.Equal(1, r));
        }
        Assert.Equal(Threads - 1, work.HelperCount);
        Assert.True(threads.Count <= Threads, $"{threads.Count} threads ran the ranges");
    }

    [Fact]
    public void A_short_range_runs_on_the_calling_thread_alone()
    {
        using var work = new IndexedWork();
        var threads = new ConcurrentBag<int>();
        work.For(40, _ => threads.Add(Environment.CurrentManagedThreadId), CancellationToken.None);
        Assert.Equal(40, threads.Count);
        Assert.All(threads, id => Assert.Equal(Environment.CurrentManagedThreadId, id));
        Assert.Equal(0, work.HelperCount);
    }

    [Fact]
    public void A_failure_is_thrown_as_it_was_and_the_next_range_runs()
    {
        using var work = new IndexedWork();
        var e = Assert.Throws<IOException>(() => work.For(10_000, i =>
        {
            if (i == 5000)
                throw new IOException("index 5000");
        }, CancellationToken.None));
        Assert.Equal("index 5000", e.Message);
        int ran = 0;
        work.For(10_000, _ => Interlocked.Increment(ref ran), CancellationToken.None);
        Assert.Equal(10_000, ran);
    }

    [Fact]
    public void Cancelling_stops_a_range_and_disposing_stops_the_helpers()
    {
        var work = new IndexedWork();
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => work.For(100_000, i =>
        {
            if (i == 10)
                cancel.Cancel();
        }, cancel.Token));
        work.Dispose();
        work.Dispose();
        Assert.Throws<ObjectDisposedException>(() => work.For(1, _ => { }, CancellationToken.None));
    }
}
