using IsoBuild.Iso9660;

namespace IsoBuild.Spec;

/// <summary>
/// The volume descriptors of the image an edit starts from, kept in the new image: every id (system, volume set,
/// application, copyright, abstract and bibliographic files), the Joliet descriptor's own spelling of them, the
/// four volume dates and the root directory's attributes. The volume id, publisher and data preparer are the spec's
/// (options may change them); where the spec keeps the base's value, the Joliet descriptor keeps its own.
/// </summary>
internal sealed record BaseVolume
{
    /// <summary>The base's primary volume descriptor, as read.</summary>
    public required VolumeDescriptor Primary { get; init; }

    /// <summary>The base's Joliet descriptor, as read, or null.</summary>
    public VolumeDescriptor? Joliet { get; init; }

    /// <summary>True when the base records Rock Ridge: the new image does too (options may turn it off).</summary>
    public bool RockRidge { get; init; } = true;

    /// <summary>The volume id, publisher and data preparer the spec got from the base (cleaned to what a descriptor may hold).</summary>
    public string? VolumeId { get; init; }
    public string? Publisher { get; init; }
    public string? DataPreparer { get; init; }

    /// <summary>True to keep the base's volume dates; false when an explicit timestamp dates the new volume.</summary>
    public bool KeepDates { get; init; } = true;

    /// <summary>The root directory's attributes (its "." record).</summary>
    public EntryAttributes? Root { get; init; }

    /// <summary>The boot catalog's attributes, when the base lists it as a file (the new catalog is made anew, at the same path).</summary>
    public EntryAttributes? Catalog { get; init; }

    /// <summary>What of the base the new image cannot carry ("an Apple partition map", "an HFS+ volume"); the edit is refused unless <see cref="DropUncarried"/>.</summary>
    public IReadOnlyList<string> Uncarried { get; init; } = [];

    /// <summary>True to leave out what cannot be carried (<see cref="ImageSetting.DropHfsPlus"/>).</summary>
    public bool DropUncarried { get; init; }

    /// <summary>
    /// The base's MBR or GPT entries whose sectors no rule of the new layout can follow (named, for example "MBR
    /// partition 3 (type 0x83, sectors 100–199)"); the edit is refused unless <see cref="DropPartitions"/>.
    /// </summary>
    public IReadOnlyList<string> UncarriedPartitions { get; init; } = [];

    /// <summary>True to leave out the entries of <see cref="UncarriedPartitions"/> (<see cref="ImageSetting.DropPartitions"/>).</summary>
    public bool DropPartitions { get; init; }

    /// <summary>The descriptor to take the kept fields of the primary (false) or Joliet (true) descriptor from.</summary>
    public VolumeDescriptor For(bool joliet) => joliet ? Joliet ?? Primary : Primary;
}
