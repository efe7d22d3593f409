using System.Globalization;
using System.Text;

namespace IsoBuild.Checksums;

/// <summary>
/// The value of the AAIP attribute "isofs.ca" on the root's "." record (libisofs doc/susp_aaip_isofs_names.txt):
/// where the checksum array is and what it holds. libisofs writes each number as 4 bytes, the item size as 1.
/// </summary>
/// <param name="RangeStart">The session's first block: entry 0 of the array covers from here…</param>
/// <param name="ArrayStart">…up to this block, where the array starts.</param>
/// <param name="Count">Entries in the array: files + 2.</param>
/// <param name="ItemSize">Bytes per entry (16).</param>
/// <param name="Algorithm">"MD5", the only one registered.</param>
internal sealed record ChecksumArrayAttribute(uint RangeStart, uint ArrayStart, uint Count, int ItemSize, string Algorithm)
{
    public const string Name = "isofs.ca";

    /// <summary>The attribute on each checksummed file: its index in the array, 4 bytes most significant first.</summary>
    public const string IndexName = "isofs.cx";

    public byte[] ToValue() =>
    [
        4, .. AaipAttributeList.BigEndian(RangeStart, 4),
        4, .. AaipAttributeList.BigEndian(ArrayStart, 4),
        4, .. AaipAttributeList.BigEndian(Count, 4),
        1, (byte)ItemSize,
        .. Encoding.ASCII.GetBytes(Algorithm),
    ];

    /// <summary>Reads the value (numbers of any length up to 4 bytes); null when it is malformed.</summary>
    public static ChecksumArrayAttribute? Parse(ReadOnlySpan<byte> value)
    {
        Span<ulong> numbers = stackalloc ulong[4];
        int p = 0;
        for (int i = 0; i < 4; i++)
        {
            if (p >= value.Length || value[p] > 4 || p + 1 + value[p] > value.Length)
                return null;
            numbers[i] = AaipAttributeList.ReadBigEndian(value.Slice(p + 1, value[p]));
            p += 1 + value[p];
        }
        if (numbers[3] is 0 or > 1024)
            return null;
        return new ChecksumArrayAttribute((uint)numbers[0], (uint)numbers[1], (uint)numbers[2], (int)numbers[3], Encoding.ASCII.GetString(value[p..]));
    }
}

/// <summary>
/// libisofs's checksum array (doc/checksums.txt "The Checksum Array"): after the session's file data, N + 2 MD5s of
/// 16 bytes — entry 0 the MD5 of the session from its start up to the array, entries 1 to N the files' MD5s (of their
/// bytes as stored in the image), entry N + 1 the MD5 of entries 0 to N — in whole blocks, the rest zero.
/// </summary>
internal static class ChecksumArray
{
    public const int BlockSize = 2048;

    /// <summary>The blocks an array for <paramref name="fileCount"/> files takes.</summary>
    public static int Blocks(int fileCount) => checked(((fileCount + 2) * Md5.Length + BlockSize - 1) / BlockSize);

    /// <summary>The array's blocks.</summary>
    public static byte[] Build(ReadOnlySpan<byte> sessionMd5, IReadOnlyList<byte[]> fileMd5s)
    {
        ArgumentNullException.ThrowIfNull(fileMd5s);
        int n = fileMd5s.Count;
        byte[] blocks = new byte[Blocks(n) * BlockSize];
        sessionMd5.CopyTo(blocks);
        for (int i = 0; i < n; i++)
        {
            if (fileMd5s[i].Length != Md5.Length)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"File MD5 {i + 1} is not 16 bytes."), nameof(fileMd5s));
            fileMd5s[i].CopyTo(blocks, (i + 1) * Md5.Length);
        }
        Md5.Hash(blocks.AsSpan(0, (n + 1) * Md5.Length)).CopyTo(blocks, (n + 1) * Md5.Length);
        return blocks;
    }
}
