using System.Security.Cryptography;

namespace IsoBuild.Checksums;

/// <summary>
/// MD5, which isomd5sum and libisofs prescribe: it detects damage (a bad download, a failing disc), it is not a
/// defence against tampering; docs/checksums.md says so, and points to the image's SHA-256 for that.
/// </summary>
internal static class Md5
{
    public const int Length = 16;

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        using var md5 = Create();
        md5.AppendData(data);
        return md5.GetHashAndReset();
    }

    public static IncrementalHash Create() => IncrementalHash.CreateHash(HashAlgorithmName.MD5);
}
