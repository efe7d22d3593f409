namespace IsoBuild.Reading;

/// <summary>What the primary volume descriptor (and the other descriptors) of an image say.</summary>
public sealed record IsoVolumeInfo
{
    /// <summary>Volume identifier (trailing spaces removed).</summary>
    public required string VolumeId { get; init; }

    /// <summary>System identifier.</summary>
    public required string SystemId { get; init; }

    /// <summary>Volume set identifier.</summary>
    public required string VolumeSetId { get; init; }

    /// <summary>Publisher identifier.</summary>
    public required string Publisher { get; init; }

    /// <summary>Data preparer identifier.</summary>
    public required string DataPreparer { get; init; }

    /// <summary>Application identifier.</summary>
    public required string Application { get; init; }

    /// <summary>Volume creation date, or null when not specified.</summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>Volume modification date, or null when not specified.</summary>
    public DateTimeOffset? Modified { get; init; }

    /// <summary>
    /// The volume UUID as blkid and udev (<c>/dev/disk/by-uuid</c>) compute it: the modification date's digits as
    /// <c>YYYY-MM-DD-HH-MM-SS-cc</c>, or the creation date's when the modification date is not specified; null when
    /// neither is.
    /// </summary>
    public string? Uuid { get; init; }

    /// <summary>
    /// The volume UUID as GRUB computes it (<c>search --fs-uuid</c>): like <see cref="Uuid"/>, but from the Joliet
    /// descriptor when the root carries no Rock Ridge, and never from the creation date; null when GRUB finds none.
    /// Equal to <see cref="Uuid"/> for images IsoBuild writes.
    /// </summary>
    public string? GrubUuid { get; init; }

    /// <summary>Volume expiration date, or null when not specified.</summary>
    public DateTimeOffset? Expires { get; init; }

    /// <summary>Volume effective date, or null when not specified.</summary>
    public DateTimeOffset? Effective { get; init; }

    /// <summary>The volume space size in 2048-byte sectors, as recorded.</summary>
    public required uint VolumeSectors { get; init; }

    /// <summary>The Joliet volume identifier, or null without Joliet.</summary>
    public string? JolietVolumeId { get; init; }

    /// <summary>The Joliet UCS-2 level (1, 2 or 3), or null without Joliet.</summary>
    public int? JolietLevel { get; init; }

    /// <summary>True when the ISO 9660 tree carries Rock Ridge (SUSP SP in the root).</summary>
    public bool RockRidge { get; init; }

    /// <summary>The SUSP extension identifiers (ER), for example IEEE_P1282 or RRIP_1991A.</summary>
    public IReadOnlyList<string> Extensions { get; init; } = [];

    /// <summary>True when an El Torito boot record descriptor is present.</summary>
    public bool ElTorito { get; init; }

    /// <summary>The image's UDF file system, or null when it has none (or it cannot be read).</summary>
    public IsoUdfInfo? Udf { get; init; }

    /// <summary>True when the image has no ISO 9660 volume descriptors, only UDF (as mkudffs writes).</summary>
    public bool UdfOnly { get; init; }
}

/// <summary>What the UDF file system of an image records about itself (ECMA-167 / OSTA UDF descriptors).</summary>
public sealed record IsoUdfInfo
{
    /// <summary>The UDF revision, as "1.02", "2.01", "2.50".</summary>
    public required string Revision { get; init; }

    /// <summary>The volume recognition descriptor: NSR02 (UDF up to 1.50) or NSR03 (2.00 and later); empty when missing.</summary>
    public required string Recognition { get; init; }

    /// <summary>The primary volume descriptor's volume identifier.</summary>
    public required string VolumeId { get; init; }

    /// <summary>The volume set identifier (UDF asks for 16 hex digits of a unique number first).</summary>
    public required string VolumeSetId { get; init; }

    /// <summary>The logical volume identifier (what most systems show as the label).</summary>
    public required string LogicalVolumeId { get; init; }

    /// <summary>The file set identifier.</summary>
    public required string FileSetId { get; init; }

    /// <summary>The implementation identifier of the writer ("*IsoBuild", "*mkudffs", "*genisoimage").</summary>
    public required string Implementation { get; init; }

    /// <summary>The recording time of the primary volume descriptor, or null.</summary>
    public DateTimeOffset? Recorded { get; init; }

    /// <summary>The partitions, by partition reference.</summary>
    public required IReadOnlyList<IsoUdfPartition> Partitions { get; init; }

    /// <summary>True when the logical volume integrity descriptor says closed; null when there is none.</summary>
    public bool? IntegrityClosed { get; init; }

    /// <summary>Files the integrity descriptor counts.</summary>
    public uint Files { get; init; }

    /// <summary>Directories the integrity descriptor counts.</summary>
    public uint Directories { get; init; }
}

/// <summary>One UDF partition as the logical volume maps it.</summary>
/// <param name="Reference">The partition reference number (its map's index).</param>
/// <param name="Kind">physical, sparable, virtual, metadata or unknown.</param>
/// <param name="Number">The partition number of the partition descriptor.</param>
/// <param name="Start">The first sector of the partition (of the physical partition for virtual and metadata ones).</param>
/// <param name="Length">The length in blocks.</param>
/// <param name="Access">read-only, write-once, rewritable, overwritable or pseudo-overwritable.</param>
public sealed record IsoUdfPartition(int Reference, string Kind, int Number, uint Start, uint Length, string Access);
