namespace IsoBuild.Spec;

/// <summary>
/// Everything an image is made from: entries, descriptor strings, extension switches and the build timestamp.
/// The bytes of an image depend on this and on the content of the sources only.
/// </summary>
public sealed record ImageSpec
{
    /// <summary>The volume identifier used when none is given.</summary>
    public const string DefaultVolumeId = "ISOIMAGE";

    /// <summary>The application identifier recorded in the volume descriptors. It carries no version on purpose.</summary>
    public const string ApplicationId = "ISOBUILD";

    /// <summary>Files, directories and links; parents may be left implicit.</summary>
    public required IReadOnlyList<ImageEntry> Entries { get; init; }

    /// <summary>Volume identifier: 1–32 characters of A–Z a–z 0–9 _ - . and space.</summary>
    public string VolumeId { get; init; } = DefaultVolumeId;

    /// <summary>Publisher identifier (printable ASCII, at most 128 characters), or null.</summary>
    public string? Publisher { get; init; }

    /// <summary>Data preparer identifier (printable ASCII, at most 128 characters), or null.</summary>
    public string? DataPreparer { get; init; }

    /// <summary>Write a Joliet supplementary volume descriptor and tree (Windows names).</summary>
    public bool Joliet { get; init; } = true;

    /// <summary>Write Rock Ridge (RRIP 1.12) entries: exact POSIX names, modes, dates and symbolic links.</summary>
    public bool RockRidge { get; init; } = true;

    /// <summary>
    /// ISO 9660 interchange level: 3 (default) records files of 4 GiB and more in several extents and deep
    /// directories in place; 2 keeps to ECMA-119's limits (one extent per file, 8 levels, 255-character paths);
    /// 1 also limits names to 8.3.
    /// </summary>
    public int IsoLevel { get; init; } = 3;

    /// <summary>The one timestamp every date in the image derives from (see <see cref="BuildTimestamp"/>).</summary>
    public DateTimeOffset Timestamp { get; init; } = BuildTimestamp.Default;

    /// <summary>
    /// The volume UUID (blkid, udev's <c>/dev/disk/by-uuid</c>, GRUB's <c>search --fs-uuid</c>), recorded as the volume
    /// modification date; null derives one from the image's names, sizes and options (docs/determinism.md), so that
    /// different images made with one timestamp get different UUIDs.
    /// </summary>
    public VolumeUuid? VolumeUuid { get; init; }

    /// <summary>El Torito boot entries and the hybrid system area, or null for an image that does not boot.</summary>
    public BootSpec? Boot { get; init; }

    /// <summary>The descriptors of the image an edit starts from, kept in the new one; null for a new image.</summary>
    internal BaseVolume? BaseVolume { get; init; }

    /// <summary>A UDF file system beside (or instead of) the ISO 9660 tree, or null for none.</summary>
    public UdfSpec? Udf { get; init; }

    /// <summary>zisofs compression of the files (Rock Ridge only), or null to store every file as it is.</summary>
    public ZisofsSpec? Zisofs { get; init; }

    /// <summary>
    /// Store files with identical content once: their directory records all point at the extent of the first in image
    /// order. On by default; files are hashed only when another file has the same size. Hard links always share.
    /// </summary>
    public bool Deduplicate { get; init; } = true;

    /// <summary>
    /// Record libisofs MD5 checksums (as <c>xorriso -md5 on</c>): tags for the descriptors, the tree and the session,
    /// and each file's MD5 in a checksum array (Rock Ridge only); <c>xorriso -check_md5</c> checks them.
    /// </summary>
    public bool Md5 { get; init; }

    /// <summary>
    /// Implant an isomd5sum checksum in the primary volume descriptor (as <c>implantisomd5</c>), which
    /// <c>checkisomd5</c> and Fedora-style installers check. Cannot be combined with <see cref="Md5"/>.
    /// </summary>
    public bool ImplantMd5 { get; init; }

    /// <summary>Write the image's SHA-256 beside it (<c>IMAGE.sha256</c>, a line <c>sha256sum -c</c> checks). Not part of the image.</summary>
    public bool Sha256 { get; init; }

    /// <summary>Directories the entries were collected from; the output may not lie inside them. Not part of the image.</summary>
    public IReadOnlyList<string> SourceDirectories { get; init; } = [];
}
