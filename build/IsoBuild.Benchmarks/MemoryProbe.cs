using IsoBuild.Layout;
using IsoBuild.Spec;
using IsoBuild.Writing;

namespace IsoBuild.Benchmarks;

/// <summary>
/// Memory per file of collecting a spec from a source tree and laying out its image, measured on the managed heap:
/// what stays reachable after each step (forced full collections) and the heap's peak while laying out.
/// Run on two trees of different sizes, the difference divided by the difference in files is the growth per file.
/// </summary>
internal static class MemoryProbe
{
    public static int Run(string[] trees)
    {
        Console.WriteLine("files      spec B/file   layout B/file   metadata peak B/file");
        var results = new List<(int Files, long Spec, long Layout, long Peak)>();
        foreach (string tree in trees)
        {
            // A first round warms up the code paths (statics, JIT data); the second one is measured.
            Measure(tree);
            results.Add(Measure(tree));
            (int files, long spec, long layout, long peak) = results[^1];
            Console.WriteLine($"{files,-10} {spec / (double)files,11:F0} {layout / (double)files,15:F0} {peak / (double)files,22:F0}");
        }
        if (results.Count >= 2)
        {
            (int f0, long s0, long l0, long p0) = results[0];
            (int f1, long s1, long l1, long p1) = results[^1];
            double n = f1 - f0;
            Console.WriteLine($"growth     {(s1 - s0) / n,11:F0} {(l1 - l0) / n,15:F0} {(p1 - p0) / n,22:F0}");
        }
        return 0;
    }

    private static (int Files, long Spec, long Layout, long Peak) Measure(string tree)
    {
        long before = Settle();
        ImageSpec spec = new ImageSpecBuilder().AddDirectoryContents("/", tree).Build();
        long afterSpec = Settle();
        ImageLayout layout = ImageLayout.Create(spec);
        long afterLayout = Settle();
        GC.KeepAlive(spec);

        // The metadata (every directory record and system use area) is made as the writer makes it; the heap's
        // peak size during that, above what the spec and layout hold, is the working memory of writing it.
        var sampler = new HeapPeak();
        byte[] hash = ImageWriter.MetadataHash(layout);
        long peak = sampler.Stop();
        GC.KeepAlive(hash);
        GC.KeepAlive(layout);
        return (layout.FileCount, afterSpec - before, afterLayout - afterSpec, Math.Max(0, peak - afterLayout));
    }

    private static long Settle()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: false);
    }

    /// <summary>Samples the managed heap's size on a second thread.</summary>
    private sealed class HeapPeak
    {
        private readonly Thread _thread;
        private volatile bool _stop;
        private long _peak;

        public HeapPeak()
        {
            _thread = new Thread(() =>
            {
                while (!_stop)
                {
                    _peak = Math.Max(_peak, GC.GetTotalMemory(forceFullCollection: false));
                    Thread.Sleep(1);
                }
            }) { IsBackground = true };
            _thread.Start();
        }

        public long Stop()
        {
            _stop = true;
            _thread.Join();
            return Math.Max(_peak, GC.GetTotalMemory(forceFullCollection: false));
        }
    }
}
