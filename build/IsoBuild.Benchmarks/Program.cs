using BenchmarkDotNet.Running;

if (args.Length > 0 && args[0] == "--memory")
    return IsoBuild.Benchmarks.MemoryProbe.Run(args[1..]);

BenchmarkSwitcher.FromAssembly(typeof(IsoBuild.Benchmarks.LayoutBenchmarks).Assembly).Run(args);
return 0;
