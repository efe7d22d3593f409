namespace IsoBuild.Compression;

/// <summary>The Adler-32 checksum that ends a zlib stream (RFC 1950 section 9).</summary>
internal static class Adler32
{
    /// <summary>The value of an empty input.</summary>
    public const uint Initial = 1;

    private const uint Modulus = 65521;

    /// <summary>
    /// The largest run of bytes summed before reducing modulo 65521 without overflowing 32 bits (zlib's NMAX):
    /// 255 n (n + 1) / 2 + (n + 1) (Modulus - 1) stays below 2^32 for n = 5552.
    /// </summary>
    private const int MaxRun = 5552;

    /// <summary>Continues <paramref name="adler"/> over <paramref name="data"/>.</summary>
    public static uint Update(uint adler, ReadOnlySpan<byte> data)
    {
        uint a = adler & 0xFFFF;
        uint b = adler >> 16;
        while (!data.IsEmpty)
        {
            int n = Math.Min(MaxRun, data.Length);
            ReadOnlySpan<byte> run = data[..n];
            int i = 0;
            for (; i + 4 <= run.Length; i += 4)
            {
                a += run[i];
                b += a;
                a += run[i + 1];
                b += a;
                a += run[i + 2];
                b += a;
                a += run[i + 3];
                b += a;
            }
            for (; i < run.Length; i++)
            {
                a += run[i];
                b += a;
            }
            a %= Modulus;
            b %= Modulus;
            data = data[n..];
        }
        return (b << 16) | a;
    }

    /// <summary>The Adler-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Update(Initial, data);
}
