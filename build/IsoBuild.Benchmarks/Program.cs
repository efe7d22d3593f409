using BenchmarkDotNet.Running;

if (args.Length > 0 && args[0] == "--memory")
    return IsoBuild.Benchmarks.MemoryProbe.Run(args[1..]);
if (args.Length == 5 && args[0] == "--incremental")
    return IsoBuild.Benchmarks.IncrementalProbe.Run(args[1], args[2], args[3], int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture));

BenchmarkSwitcher.FromAssembly(typeof(IsoBuild.Benchmarks.LayoutBenchmarks).Assembly).Run(args);
return 0;
