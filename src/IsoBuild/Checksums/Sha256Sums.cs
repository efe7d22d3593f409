using System.Security.Cryptography;
using System.Text;

namespace IsoBuild.Checksums;

/// <summary>
/// The image's SHA-256 written beside it, as a line <c>sha256sum -c</c> checks (GNU coreutils format: the digest, two
/// spaces, the file name; a name holding a backslash or a line break is escaped and the line starts with a backslash).
/// </summary>
/// <remarks>
/// Unlike the MD5s inside the image, this digest also protects against deliberate changes when it is published
/// apart from the image (signed, or on another server).
/// </remarks>
internal static class Sha256Sums
{
    /// <summary>The SHA-256 of <paramref name="image"/> from its current position to its end.</summary>
    public static byte[] Compute(Stream image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = new byte[1024 * 1024];
        int n;
        while ((n = image.Read(buffer)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            sha.AppendData(buffer, 0, n);
        }
        return sha.GetHashAndReset();
    }

    /// <summary>The line for <paramref name="fileName"/> (a name, not a path), with its line break.</summary>
    public static string Line(ReadOnlySpan<byte> sha256, string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        bool escape = fileName.AsSpan().IndexOfAny('\\', '\n', '\r') >= 0;
        string name = escape ? fileName.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal) : fileName;
        return (escape ? "\\" : string.Empty) + Convert.ToHexStringLower(sha256) + "  " + name + "\n";
    }

    /// <summary>
    /// Writes <c>IMAGE.sha256</c> beside <paramref name="imagePath"/> holding its line; returns that file's path.
    /// </summary>
    public static string WriteBeside(string imagePath, ReadOnlySpan<byte> sha256)
    {
        string full = Path.GetFullPath(imagePath);
        string sums = full + ".sha256";
        File.WriteAllText(sums, Line(sha256, Path.GetFileName(full)), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return sums;
    }
}
