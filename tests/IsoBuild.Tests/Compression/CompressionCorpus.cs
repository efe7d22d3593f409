using System.Text;

namespace IsoBuild.Tests.Compression;

/// <summary>
/// Inputs for the compressors, made by a fixed generator (xorshift64*), so that their bytes — and the golden hashes of
/// what is made of them — do not depend on the runtime's <see cref="Random"/>.
/// </summary>
internal static class CompressionCorpus
{
    private static readonly string[] Words =
    [
        "the", "image", "sector", "volume", "directory", "file", "of", "and", "a", "to", "in", "is", "that", "record", "name",
        "Rock", "Ridge", "Joliet", "boot", "catalog", "block", "zisofs", "compressed", "reader", "writer", "for", "with", "data",
        "extent", "length", "path", "table", "descriptor", "system", "use", "entry", "continuation", "area", "kernel", "reproducible",
    ];

    /// <summary>Every sample by name.</summary>
    public static IReadOnlyDictionary<string, byte[]> All { get; } = new Dictionary<string, byte[]>(StringComparer.Ordinal)
    {
        ["empty"] = [],
        ["one-byte"] = [0x41],
        // Small inputs end up in fixed-code blocks: literals with 9-bit codes (144-255) and long matches (codes 280-285).
        ["one-high-byte"] = [0xA2],
        ["short-long-matches"] = [0x01, 0x90, 0xFE, .. new byte[250], .. Enumerable.Repeat((byte)0xC8, 200)],
        ["zeros-1mib"] = new byte[1024 * 1024],
        ["random-256kib"] = Random(256 * 1024, seed: 1),
        ["text-512kib"] = Text(512 * 1024, seed: 2),
        ["records-300kib"] = Records(300 * 1024, seed: 3),
        ["runs-200kib"] = Runs(200 * 1024, seed: 4),
        ["window-edge"] = WindowEdge(seed: 5, gap: 0),
        ["window-beyond"] = WindowEdge(seed: 10, gap: 1),
        ["random-65535"] = Random(65535, seed: 6),
        ["text-65536"] = Text(65536, seed: 7),
        ["mixed-128kib"] = [.. Text(40 * 1024, seed: 8), .. Random(48 * 1024, seed: 9), .. new byte[40 * 1024]],
    };

    public static IEnumerable<object[]> Names => All.Keys.Select(k => new object[] { k });

    public static ulong Next(ref ulong state)
    {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        return state * 0x2545F4914F6CDD1DUL;
    }

    public static byte[] Random(int length, ulong seed)
    {
        ulong state = seed * 0x9E3779B97F4A7C15UL + 1;
        var data = new byte[length];
        for (int i = 0; i < length; i++)
            data[i] = (byte)(Next(ref state) >> 56);
        return data;
    }

    /// <summary>English-like text: words, punctuation, numbers and line breaks.</summary>
    public static byte[] Text(int length, ulong seed)
    {
        ulong state = seed * 0x9E3779B97F4A7C15UL + 1;
        var text = new StringBuilder(length + 64);
        while (text.Length < length)
        {
            ulong r = Next(ref state);
            text.Append(Words[(int)(r % (ulong)Words.Length)]);
            switch ((r >> 20) % 16)
            {
                case 0:
                    text.Append(".\n");
                    break;
                case 1:
                    text.Append(", ");
                    break;
                case 2:
                    text.Append(' ').Append((r >> 32) % 100000).Append(' ');
                    break;
                default:
                    text.Append(' ');
                    break;
            }
        }
        return Encoding.ASCII.GetBytes(text.ToString(0, length));
    }

    /// <summary>A table of fixed-size little-endian records (counters, flags, short names): like executables' data sections.</summary>
    public static byte[] Records(int length, ulong seed)
    {
        ulong state = seed * 0x9E3779B97F4A7C15UL + 1;
        var data = new byte[length];
        for (int p = 0, i = 0; p + 32 <= length; p += 32, i++)
        {
            ulong r = Next(ref state);
            BitConverter.TryWriteBytes(data.AsSpan(p), i);
            BitConverter.TryWriteBytes(data.AsSpan(p + 4), (uint)(0x400000 + i * 16));
            data[p + 8] = (byte)(r % 4);
            BitConverter.TryWriteBytes(data.AsSpan(p + 12), (ushort)(r >> 16 & 0x3FF));
            Encoding.ASCII.GetBytes(Words[(int)(r >> 40) % Words.Length].PadRight(16, (char)0).AsSpan(0, 16), data.AsSpan(p + 16));
        }
        return data;
    }

    /// <summary>Runs of one byte value, of random lengths up to 600 (matches at distance 1 and longer than 258).</summary>
    public static byte[] Runs(int length, ulong seed)
    {
        ulong state = seed * 0x9E3779B97F4A7C15UL + 1;
        var data = new byte[length];
        int p = 0;
        while (p < length)
        {
            ulong r = Next(ref state);
            int run = (int)Math.Min((ulong)(length - p), 1 + r % 600);
            data.AsSpan(p, run).Fill((byte)(r >> 48));
            p += run;
        }
        return data;
    }

    /// <summary>
    /// 32 KiB of random data, <paramref name="gap"/> bytes, then its first 5,000 bytes again: at distance 32,768 (the
    /// farthest DEFLATE reaches) for a gap of 0, beyond it for a gap of 1.
    /// </summary>
    public static byte[] WindowEdge(ulong seed, int gap)
    {
        byte[] first = Random(32 * 1024, seed);
        return [.. first, .. Random(gap, seed + 100), .. first.AsSpan(0, 5000)];
    }
}
