using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using IsoBuild.Compression;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Compression;

/// <summary>
/// The managed zlib encoder: what it makes decompresses to the input (by .NET's inflater and by Python's zlib), its
/// bytes are pinned by golden hashes, and it compresses about as well as zlib at level 6.
/// </summary>
[Trait(Category.Name, Category.External)]
public sealed class ZlibEncoderTests
{
    /// <summary>
    /// SHA-256 of the zlib stream of each corpus sample. These are the reproducibility contract: a change here changes
    /// every zisofs image, so it must be deliberate (and documented in docs/compression.md).
    /// </summary>
    private static readonly Dictionary<string, string> Golden = new(StringComparer.Ordinal)
    {
        ["empty"] = "aca503def43dc086a5aaa5c3d6f86bcbbc2aa6a80007ddea4a81bce2b376fceb",
        ["mixed-128kib"] = "0051650eb5d627325dc355fd7d6fc95a7d97077a45dbd7a5f0d2ec2122116855",
        ["one-high-byte"] = "35150192739269b61e2f01ce3c984a0577d5fd75793dddd197367c2d908e7200",
        ["short-long-matches"] = "5f9a1527591070603d71ad25db8b9064475a60ab939962c2292cedc1b3dbb9a7",
        ["one-byte"] = "d9e0f423b7a63ac0e9644a140cf29b4822eda2525c5ee7e8ba85c96527beeaf1",
        ["random-256kib"] = "b44768c54d8e7d9b86804c42bad8fa37d1d41ccfedada0c24f19ee2d6cf25053",
        ["random-65535"] = "32c252b956207ea4ff98ae5a88d41d8947e29caa78ea80eb36738a3e0ec49852",
        ["records-300kib"] = "bbe34bce7d218923c77c405b79c20ae05e86ec15873fcb8034cccb20948f18f7",
        ["runs-200kib"] = "c281a3c0560d4120c6b84adf7e76be755d6260ad835ac8961a438c507ad7ad6c",
        ["text-512kib"] = "7045b82da6d25ab5461b314d7bca7883583024f4ccaa36903703656be54b573c",
        ["text-65536"] = "3932ea2c9043287060ceece9b00d614a0c793eeab2869f1e1dcd806e6edec4f6",
        ["window-beyond"] = "ab08ce47e80d66052f0dc78ed5064677fe073b9ff12e890c8f6622f63d4e3fc1",
        ["window-edge"] = "2a08bcdd155e5e64f6eb4f5793353d6b73bd6f653f057445bcaae10526a59c3a",
        ["zeros-1mib"] = "fa7d6e5cacaeb0a57431cf144e2e682b5fb67b60fa02e14845e54c29e943084a",
    };

    [Theory]
    [MemberData(nameof(CompressionCorpus.Names), MemberType = typeof(CompressionCorpus))]
    public void Round_trips_through_the_runtime_inflater(string sample)
    {
        byte[] input = CompressionCorpus.All[sample];
        byte[] compressed = ZlibEncoder.Compress(input);
        Assert.Equal(input, Inflate(compressed));
        Assert.True(compressed.Length <= ZlibEncoder.MaxCompressedLength(input.Length));
    }

    [Theory]
    [MemberData(nameof(CompressionCorpus.Names), MemberType = typeof(CompressionCorpus))]
    public void Output_is_pinned(string sample)
    {
        byte[] compressed = ZlibEncoder.Compress(CompressionCorpus.All[sample]);
        Assert.True(Golden.TryGetValue(sample, out string? expected), $"no golden hash for {sample}: {Convert.ToHexStringLower(SHA256.HashData(compressed))}");
        Assert.Equal(expected, Convert.ToHexStringLower(SHA256.HashData(compressed)));
    }

    [Fact]
    public void Same_bytes_on_every_thread_and_call()
    {
        byte[] input = CompressionCorpus.All["mixed-128kib"];
        byte[] first = ZlibEncoder.Compress(input);
        byte[][] others = new byte[8][];
        Parallel.For(0, others.Length, i => others[i] = ZlibEncoder.Compress(input));
        Assert.All(others, o => Assert.Equal(first, o));
        // An encoder that has just compressed something else starts afresh.
        ZlibEncoder.Compress(CompressionCorpus.All["random-256kib"]);
        Assert.Equal(first, ZlibEncoder.Compress(input));
    }

    [Fact]
    public void Empty_input_is_the_same_stream_zlib_makes()
    {
        // zlib's compress2() of nothing at level 6: header, a fixed block holding only end-of-block, Adler-32 = 1.
        Assert.Equal(Convert.FromHexString("789C030000000001"), ZlibEncoder.Compress([]));
    }

    [Fact]
    public void Incompressible_data_costs_little_more_than_its_size()
    {
        byte[] input = CompressionCorpus.All["random-256kib"];
        byte[] compressed = ZlibEncoder.Compress(input);
        // Stored blocks: 5 bytes per block of at most 65,535 bytes (and per symbol-buffer block), plus header and trailer.
        Assert.InRange(compressed.Length, input.Length, input.Length + 200);
    }

    [Fact]
    public void Python_zlib_decompresses_every_sample()
    {
        using var dir = new TempDirectory("zlib");
        var expected = new StringBuilder();
        foreach ((string name, byte[] input) in CompressionCorpus.All.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            File.WriteAllBytes(dir.Combine(name + ".zz"), ZlibEncoder.Compress(input));
            expected.Append(name).Append(' ').Append(Convert.ToHexStringLower(SHA256.HashData(input))).Append('\n');
        }
        string script = """
            import hashlib, os, sys, zlib
            d = sys.argv[1]
            for n in sorted(f[:-3] for f in os.listdir(d) if f.endswith('.zz')):
                data = zlib.decompress(open(os.path.join(d, n + '.zz'), 'rb').read())
                print(n, hashlib.sha256(data).hexdigest())
            """;
        ToolResult result = ExternalTool.Python(script, dir.Path).EnsureSuccess();
        Assert.Equal(expected.ToString(), result.StandardOutput);
    }

    /// <summary>Within 10 % of zlib's level 6 (Python's zlib, the system's) on text and structured binaries.</summary>
    [Theory]
    [InlineData("text-512kib")]
    [InlineData("records-300kib")]
    [InlineData("runs-200kib")]
    [InlineData("mixed-128kib")]
    public void Compresses_about_as_well_as_zlib_level_6(string sample)
    {
        using var dir = new TempDirectory("zlib");
        byte[] input = CompressionCorpus.All[sample];
        string path = dir.Combine("input");
        File.WriteAllBytes(path, input);
        int zlibLength = ZlibLevel6Length(path);
        int ours = ZlibEncoder.Compress(input).Length;
        Assert.True(ours <= zlibLength * 1.10, $"{sample}: {ours} bytes, zlib level 6 {zlibLength}");
    }

    [Fact]
    public void Compresses_real_binaries_about_as_well_as_zlib_level_6()
    {
        // The runtime's own libraries: machine code, metadata, strings. Not pinned (they change with the runtime).
        string library = typeof(object).Assembly.Location;
        byte[] input = File.ReadAllBytes(library).AsSpan(0, 2 * 1024 * 1024).ToArray();
        using var dir = new TempDirectory("zlib");
        string path = dir.Combine("input");
        File.WriteAllBytes(path, input);
        byte[] ours = ZlibEncoder.Compress(input);
        Assert.Equal(input, Inflate(ours));
        int zlibLength = ZlibLevel6Length(path);
        Assert.True(ours.Length <= zlibLength * 1.10, $"{ours.Length} bytes, zlib level 6 {zlibLength}");
    }

    /// <summary>
    /// Why IsoBuild carries its own encoder: .NET's ZLibStream compresses with the zlib-ng it ships (since .NET 9),
    /// whose bytes differ from zlib's, and can change with a runtime update. Both decode to the same data, so only a
    /// fixed encoder makes a fixed image.
    /// </summary>
    [Fact]
    public void Runtime_zlib_stream_output_is_not_the_bytes_of_system_zlib()
    {
        using var dir = new TempDirectory("zlib");
        byte[] input = CompressionCorpus.All["text-512kib"];
        string path = dir.Combine("input");
        File.WriteAllBytes(path, input);
        byte[] runtime = RuntimeDeflate(input, CompressionLevel.Optimal);
        Assert.Equal(input, Inflate(runtime));
        string systemZlib = ExternalTool.Python(
            "import hashlib, sys, zlib; print(hashlib.sha256(zlib.compress(open(sys.argv[1], 'rb').read(), 6)).hexdigest())", path)
            .EnsureSuccess().StandardOutput.Trim();
        Assert.NotEqual(systemZlib, Convert.ToHexStringLower(SHA256.HashData(runtime)));
        Assert.NotEqual(runtime, ZlibEncoder.Compress(input));
    }

    [Fact]
    public void Adler32_matches_known_values()
    {
        Assert.Equal(1u, Adler32.Compute([]));
        Assert.Equal(0x11E60398u, Adler32.Compute("Wikipedia"u8));
        // Longer than the 5,552-byte run between reductions: compare with a direct computation.
        byte[] data = CompressionCorpus.Random(100_000, seed: 11);
        uint a = 1, b = 0;
        foreach (byte x in data)
        {
            a = (a + x) % 65521;
            b = (b + a) % 65521;
        }
        Assert.Equal((b << 16) | a, Adler32.Compute(data));
        Assert.Equal(Adler32.Compute(data), Adler32.Update(Adler32.Compute(data.AsSpan(0, 7777)), data.AsSpan(7777)));
    }

    internal static byte[] Inflate(byte[] zlib)
    {
        using var input = new ZLibStream(new MemoryStream(zlib), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static byte[] RuntimeDeflate(byte[] input, CompressionLevel level)
    {
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, level, leaveOpen: true))
            z.Write(input);
        return output.ToArray();
    }

    private static int ZlibLevel6Length(string path) => int.Parse(
        ExternalTool.Python("import sys, zlib; print(len(zlib.compress(open(sys.argv[1], 'rb').read(), 6)))", path)
            .EnsureSuccess().StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture);
}
