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
}
