using BenchmarkDotNet.Attributes;
using IsoBuild.Iso9660;
using IsoBuild.Joliet;
using IsoBuild.Layout;
using IsoBuild.Spec;
using IsoBuild.Writing;

namespace IsoBuild.Benchmarks;

/// <summary>Unique names like a real tree's: mixed case, spaces, non-ASCII, long names whose mapped forms collide.</summary>
internal static class Names
{
    public static string[] Make(int count)
    {
        var random = new Random(42);
        string[] stems = ["index", "Program", "read me", "a-rather-long-file-name-for-an-installer-component", "libfoo.so", "données", "settings.user"];
        string[] extensions = ["txt", "dll", "json", "html", "tar.gz", "", "config"];
        return [.. Enumerable.Range(0, count).Select(i =>
            $"{stems[random.Next(stems.Length)]}{i}.{extensions[random.Next(extensions.Length)]}".TrimEnd('.'))];
    }
}

/// <summary>The layout of a whole image (names, directories, sectors) from an in-memory spec.</summary>
[MemoryDiagnoser]
public class LayoutBenchmarks
{
    private ImageSpec _spec = null!;

    [Params(10_000, 100_000)]
    public int Files { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string[] names = Names.Make(Files);
        var builder = new ImageSpecBuilder();
        for (int i = 0; i < Files; i++)
            builder.AddBytes($"dir{i % (Files / 100):D4}/{names[i]}", new byte[i % 7 * 100]);
        _spec = builder.Build();
    }

    [Benchmark]
    public int Layout() => ImageLayout.Create(_spec).FileCount;

    [Benchmark]
    public byte[] LayoutAndMetadata() => ImageWriter.MetadataHash(ImageLayout.Create(_spec));
}

/// <summary>Name mapping: ISO 9660 level 2 and 1, Joliet, and the uniqueness pass over one directory.</summary>
[MemoryDiagnoser]
public class NameBenchmarks
{
    private readonly string[] _names = Names.Make(10_000);

    [Benchmark]
    public int IsoFileNames() => TotalLength(n => IsoNames.FileName(n));

    [Benchmark]
    public int IsoLevel1FileNames() => TotalLength(n => IsoNames.FileName(n, level1: true));

    [Benchmark]
    public int JolietFileNames() => TotalLength(n => JolietNames.Name(n, isDirectory: false));

    [Benchmark]
    public string[] UniqueIsoNamesInOneDirectory() => UniqueNames.Assign(
        [.. _names.Select(n => IsoNames.FileName(n))], (i, n) => IsoNames.NumberedFileName(_names[i], n), StringComparer.Ordinal, i => _names[i]);

    private int TotalLength(Func<string, string> map)
    {
        int total = 0;
        foreach (string name in _names)
            total += map(name).Length;
        return total;
    }
}

/// <summary>Directory records as the writer makes them: 10,000 records with Rock Ridge-sized system use areas.</summary>
[MemoryDiagnoser]
public class DirectoryRecordBenchmarks
{
    private readonly byte[] _extent = new byte[2048 * 1024];
    private readonly byte[] _identifier = "A_RATHER_LONG_FILE_NAME.TXT;1"u8.ToArray();
    private readonly byte[] _systemUse = new byte[120];
    private readonly DateTimeOffset _date = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Benchmark]
    public int WriteRecords()
    {
        int position = 0;
        for (uint i = 0; i < 10_000; i++)
            position += DirectoryRecord.Write(_extent.AsSpan(position), i, i * 3, _date, 0, _identifier, _systemUse);
        return position;
    }
}
