using System.IO.Enumeration;

namespace IsoBuild.Zisofs;

/// <summary>
/// Which files of an image are tried with zisofs (<c>--zisofs</c>): those of at least <see cref="MinimumLength"/>
/// bytes, at most 4 GiB − 1 (zisofs records the size in 32 bits), that no <see cref="Exclude"/> pattern matches. A
/// file tried is stored compressed only when that saves at least one sector
/// (<see cref="ZisofsCompressedFile.SavesSpace"/>); boot images must be excluded by the caller, since firmware reads
/// them raw.
/// </summary>
internal sealed record ZisofsPolicy
{
    /// <summary>The smallest file that can save a sector: one of 2049 bytes takes two sectors, compressed perhaps one.</summary>
    public const long DefaultMinimumLength = 2049;

    /// <summary>log2 of the block size: 15 (32 KiB, the default of mkzftree and xorriso), 16 or 17.</summary>
    public int BlockShift { get; init; } = ZisofsCompressor.DefaultBlockShift;

    public long MinimumLength { get; init; } = DefaultMinimumLength;

    /// <summary>
    /// Patterns of files stored as they are, with <c>*</c> and <c>?</c>, case-sensitive: a pattern without '/'
    /// matches file names (<c>*.jpg</c>), one with '/' whole paths from the image root (<c>boot/*</c>,
    /// <c>isolinux/isolinux.bin</c>; '*' also crosses '/').
    /// </summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>True when the file at <paramref name="imagePath"/> ('/'-separated, from the root) is to be tried.</summary>
    public bool Considers(string imagePath, long length)
    {
        ArgumentNullException.ThrowIfNull(imagePath);
        if (length < MinimumLength || length > ZisofsCompressor.MaxUncompressedLength)
            return false;
        string path = imagePath.TrimStart('/');
        string name = path[(path.LastIndexOf('/') + 1)..];
        foreach (string pattern in Exclude)
        {
            bool whole = pattern.Contains('/', StringComparison.Ordinal);
            if (FileSystemName.MatchesSimpleExpression(whole ? pattern.TrimStart('/') : pattern, whole ? path : name, ignoreCase: false))
                return false;
        }
        return true;
    }
}
