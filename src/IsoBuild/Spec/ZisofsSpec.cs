namespace IsoBuild.Spec;

/// <summary>
/// zisofs compression of an image's files (Rock Ridge "ZF" entries, as <c>mkzftree</c> and <c>xorriso -z</c> make
/// them): readers that know zisofs (the Linux kernel, xorriso, libarchive, IsoBuild) see the original content, others
/// the compressed bytes. A file is stored compressed when it is at least 2049 bytes and under 4 GiB, no
/// <see cref="Exclude"/> pattern matches it, it is not a boot image, and compressing it saves a sector.
/// </summary>
public sealed record ZisofsSpec
{
    /// <summary>32 KiB blocks, the default of mkzftree and xorriso.</summary>
    public const int DefaultBlockSize = 32 * 1024;

    /// <summary>Bytes per compressed block: 32768, 65536 or 131072 (the sizes the Linux kernel reads).</summary>
    public int BlockSize { get; init; } = DefaultBlockSize;

    /// <summary>
    /// Files stored as they are: patterns with <c>*</c> and <c>?</c>, case-sensitive; a pattern without '/' matches
    /// file names (<c>*.jpg</c>), one with '/' whole paths from the image root (<c>boot/*</c>).
    /// </summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];
}
