using System.IO.Compression;
using System.Text;
using BenchmarkDotNet.Attributes;
using IsoBuild.Compression;
using IsoBuild.Zisofs;

namespace IsoBuild.Benchmarks;

/// <summary>
/// The managed zlib encoder against .NET's ZLibStream (zlib-ng) on 4 MiB of text, machine code and random bytes, and
/// zisofs compression of the same (32 KiB blocks, all processors). Sizes are printed at setup.
/// </summary>
[MemoryDiagnoser]
public class CompressionBenchmarks
{
    private const int Size = 4 * 1024 * 1024;
    private byte[] _input = [];

    [Params("text", "binary", "random")]
    public string Input { get; set; } = "text";

    [GlobalSetup]
    public void Setup()
    {
        _input = Input switch
        {
            "text" => Text(),
            "binary" => File.ReadAllBytes(typeof(object).Assembly.Location).AsSpan(0, Size).ToArray(),
            _ => Random(),
        };
        Console.WriteLine($"// {Input}: {_input.Length} bytes; ZlibEncoder {ZlibEncoder.Compress(_input).Length}, " +
            $"ZLibStream(Optimal) {RuntimeZlib(CompressionLevel.Optimal).Length}, zisofs {ZisofsCompressor.Compress(_input).Length}");
    }

    [Benchmark(Baseline = true)]
    public int ZLibStreamOptimal() => RuntimeZlib(CompressionLevel.Optimal).Length;

    [Benchmark]
    public int ManagedZlibEncoder() => ZlibEncoder.Compress(_input).Length;

    [Benchmark]
    public long ZisofsParallel() => ZisofsCompressor.Compress(new MemoryStream(_input, writable: false), _input.Length, Stream.Null).CompressedLength;

    private byte[] RuntimeZlib(CompressionLevel level)
    {
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, level, leaveOpen: true))
            z.Write(_input);
        return output.ToArray();
    }

    private static byte[] Text()
    {
        string[] words = ["the", "image", "sector", "volume", "directory", "file", "of", "and", "a", "to", "in", "record", "name",
            "Rock", "Ridge", "boot", "catalog", "block", "compressed", "reader", "writer", "for", "with", "data", "extent"];
        var random = new Random(1);
        var text = new StringBuilder(Size + 16);
        while (text.Length < Size)
            text.Append(words[random.Next(words.Length)]).Append(random.Next(12) == 0 ? ".\n" : " ");
        return Encoding.ASCII.GetBytes(text.ToString(0, Size));
    }

    private static byte[] Random()
    {
        byte[] data = new byte[Size];
        new Random(2).NextBytes(data);
        return data;
    }
}
