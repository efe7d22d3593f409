using System.Diagnostics;
using IsoBuild.Incremental;
using IsoBuild.Layout;
using IsoBuild.Spec;

namespace IsoBuild.Benchmarks;

/// <summary>
/// An incremental re-pack against a full pack inside one warm process, the way an <c>IsoImage</c> item builds in
/// a reused MSBuild node: one file's content changes (same size) before each round, then the image is patched,
/// then packed whole to another path. Prints the medians and the time of each step of a re-pack.
/// </summary>
internal static class IncrementalProbe
{
    public static int Run(string tree, string victim, string outputDirectory, int rounds)
    {
        Directory.CreateDirectory(outputDirectory);
        string patched = Path.Combine(outputDirectory, "probe-incremental.iso");
        string full = Path.Combine(outputDirectory, "probe-full.iso");
        string manifest = patched + ".manifest";
        File.Delete(manifest);
        IsoImageBuilder.BuildIncremental(Spec(tree), patched, manifest);
        var incremental = new List<double>();
        var whole = new List<double>();
        var steps = new Dictionary<string, List<double>>();
        for (int round = 0; round <= rounds; round++)
        {
            byte[] bytes = File.ReadAllBytes(victim);
            Random.Shared.NextBytes(bytes);
            File.WriteAllBytes(victim, bytes);

            var clock = Stopwatch.StartNew();
            ImageBuildResult result = IsoImageBuilder.BuildIncremental(Spec(tree), patched, manifest);
            double patchMs = clock.Elapsed.TotalMilliseconds;
            if (!result.Patched || result.RewrittenFiles != 1)
                throw new InvalidOperationException($"The re-pack was not a one-file patch: {result}");
            File.Delete(full); // as build/bench.sh removes the output between runs, outside the time
            clock.Restart();
            IsoImageBuilder.Build(Spec(tree), full);
            double fullMs = clock.Elapsed.TotalMilliseconds;
            if (round == 0)
                continue; // warm-up
            incremental.Add(patchMs);
            whole.Add(fullMs);
            foreach ((string step, double ms) in Steps(tree, manifest))
                (steps.TryGetValue(step, out List<double>? list) ? list : steps[step] = []).Add(ms);
        }
        if (!File.ReadAllBytes(patched).AsSpan().SequenceEqual(File.ReadAllBytes(full)))
            throw new InvalidOperationException("The patched image differs from the full one.");
        double inc = Median(incremental), fullMedian = Median(whole);
        Console.WriteLine($"incremental {inc / 1000:F3} s, full {fullMedian / 1000:F3} s: incremental/full {inc / fullMedian:F3}");
        Console.WriteLine("steps of a re-pack (medians): " + string.Join(", ", steps.Select(s => $"{s.Key} {Median(s.Value):F1} ms")));
        File.Delete(patched);
        File.Delete(full);
        File.Delete(manifest);
        return 0;
    }

    private static ImageSpec Spec(string tree) => new ImageSpecBuilder().AddDirectoryContents("/", tree).Build();

    private static IEnumerable<(string, double)> Steps(string tree, string manifest)
    {
        var clock = Stopwatch.StartNew();
        ImageSpec spec = Spec(tree);
        yield return ("walk", Lap(clock));
        MetadataKey.Compute(spec, null);
        yield return ("metadata key", Lap(clock));
        BuildManifest.StampAll(ImagePatcher.DataFiles(spec));
        yield return ("stamps", Lap(clock));
        BuildManifest.TryRead(manifest);
        yield return ("manifest read", Lap(clock));
        ImageLayout.Create(spec);
        yield return ("(layout, not made)", Lap(clock));
    }

    private static double Lap(Stopwatch clock)
    {
        double ms = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        return ms;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }
}
