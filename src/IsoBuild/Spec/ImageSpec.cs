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

    /// <summary>El Torito boot entries and the hybrid system area, or null for an image that does not boot.</summary>
    public BootSpec? Boot { get; init; }

    /// <summary>The descriptors of the image an edit starts from, kept in the new one; null for a new image.</summary>
    internal BaseVolume? BaseVolume { get; init; }

    /// <summary>Directories the entries were collected from; the output may not lie inside them. Not part of the image.</summary>
    public IReadOnlyList<string> SourceDirectories { get; init; } = [];
}
