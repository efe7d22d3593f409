
namespace IsoBuild.Spec;

/// <summary>
/// A UDF file system in the image (see docs/udf.md): beside the ISO 9660 tree over the same file data (a bridge
/// image), or as the primary file system with an ISO 9660 tree that holds only a README, as Windows media have.
/// </summary>
public sealed record UdfSpec
{
    /// <summary>The name of the one file of the ISO 9660 and Joliet trees of a UDF-primary image.</summary>
    public const string ReadmeName = "README.TXT";

    /// <summary>What the README of a UDF-primary image says to a reader that sees only ISO 9660.</summary>
    public const string ReadmeText =
        "This disc contains a \"UDF\" file system and requires an operating system\r\n" +
        "that supports the ISO-13346 \"UDF\" file system specification.\r\n";

    /// <summary>The UDF revision: 1.02 (default, the widest reach), 2.01, or 2.50 (metadata partition).</summary>
    public UdfRevision Revision { get; init; } = UdfRevision.V102;

    /// <summary>
    /// UDF-primary: the ISO 9660 (and Joliet) tree holds only <see cref="ReadmeName"/>; every file is in UDF alone.
    /// Boot images stay reachable from El Torito.
    /// </summary>
    public bool Primary { get; init; }

    /// <summary>
    /// Record symbolic links in UDF too. Off by default: 7-Zip refuses a UDF file system that holds a link, and
    /// Windows shows none; the Rock Ridge tree keeps them, as Joliet leaves them out.
    /// </summary>
    public bool Symlinks { get; init; }
}
