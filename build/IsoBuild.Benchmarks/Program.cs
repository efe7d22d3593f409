using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(IsoBuild.Benchmarks.LayoutBenchmarks).Assembly).Run(args);
