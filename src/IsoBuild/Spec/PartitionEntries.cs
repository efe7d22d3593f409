namespace IsoBuild.Spec;

/// <summary>What a <see cref="PartitionBound"/> is measured from.</summary>
public enum PartitionAnchor
{
    /// <summary>Sector 0 of the image: the bound is a fixed sector.</summary>
    ImageStart,

    /// <summary>The first sector after the ISO 9660 volume (its padding and cylinder padding included).</summary>
    VolumeEnd,

    /// <summary>The first sector after the image (appended partitions and the backup GPT included).</summary>
    ImageEnd,

    /// <summary>The first sector of a file of the tree (<see cref="PartitionBound.Path"/>).</summary>
    FileStart,

    /// <summary>The first sector after a file of the tree (its length rounded up to 512 bytes).</summary>
    FileEnd,

    /// <summary>The first sector of appended partition <see cref="PartitionBound.Number"/>.</summary>
    AppendedStart,

    /// <summary>The first sector after appended partition <see cref="PartitionBound.Number"/>.</summary>
    AppendedEnd,

    /// <summary>
    /// The first sector after an earlier entry of the same table (<see cref="PartitionBound.Number"/> = its index in
    /// the list, from 0): a gap that follows its neighbour wherever the neighbour ends.
    /// </summary>
    EntryEnd,
}

/// <summary>
/// A partition boundary as a rule the layout resolves, in 512-byte sectors: an anchor (a fixed sector, the end of the
/// volume or image, a file of the tree, an appended partition) plus an offset. What moves in a new layout (the volume
/// grows, a file is placed elsewhere) is followed; a fixed bound stays where it is.
/// </summary>
/// <param name="Anchor">What the bound is measured from.</param>
/// <param name="Offset">Sectors added to the anchor (may be negative: "48 sectors before the end of the volume").</param>
public sealed record PartitionBound(PartitionAnchor Anchor, long Offset = 0)
{
    /// <summary>The file of the tree (<see cref="PartitionAnchor.FileStart"/>, <see cref="PartitionAnchor.FileEnd"/>).</summary>
    public string? Path { get; init; }

    /// <summary>The appended partition's number, or the earlier entry's index (<see cref="PartitionAnchor.EntryEnd"/>).</summary>
    public int Number { get; init; }

    /// <summary>A fixed sector.</summary>
    public static PartitionBound Sector(long sector) => new(PartitionAnchor.ImageStart, sector);

    /// <summary>The end of the ISO volume, moved by <paramref name="offset"/> sectors.</summary>
    public static PartitionBound AfterVolume(long offset = 0) => new(PartitionAnchor.VolumeEnd, offset);

    /// <summary>The end of the image, moved by <paramref name="offset"/> sectors.</summary>
    public static PartitionBound AfterImage(long offset = 0) => new(PartitionAnchor.ImageEnd, offset);

    /// <summary>The first sector of the file at <paramref name="path"/> in the image.</summary>
    public static PartitionBound StartOf(string path, long offset = 0) => new(PartitionAnchor.FileStart, offset) { Path = path };

    /// <summary>The first sector after the file at <paramref name="path"/> in the image.</summary>
    public static PartitionBound EndOf(string path, long offset = 0) => new(PartitionAnchor.FileEnd, offset) { Path = path };

    /// <summary>The first sector of appended partition <paramref name="number"/>.</summary>
    public static PartitionBound StartOfAppended(int number) => new(PartitionAnchor.AppendedStart) { Number = number };

    /// <summary>The first sector after appended partition <paramref name="number"/>.</summary>
    public static PartitionBound EndOfAppended(int number) => new(PartitionAnchor.AppendedEnd) { Number = number };

    /// <summary>The first sector after the earlier entry at <paramref name="index"/> of the same table.</summary>
    public static PartitionBound AfterEntry(int index, long offset = 0) => new(PartitionAnchor.EntryEnd, offset) { Number = index };

    /// <inheritdoc/>
    public override string ToString() => Anchor switch
    {
        PartitionAnchor.ImageStart => $"{Offset}",
        PartitionAnchor.FileStart or PartitionAnchor.FileEnd => $"{Anchor}({Path}){Offset:+0;-0;''}",
        PartitionAnchor.AppendedStart or PartitionAnchor.AppendedEnd or PartitionAnchor.EntryEnd => $"{Anchor}({Number}){Offset:+0;-0;''}",
        _ => $"{Anchor}{Offset:+0;-0;''}",
    };
}

/// <summary>A partition's sectors as two rules: the first sector and the first sector after it (an empty extent is allowed).</summary>
/// <param name="Start">The first sector.</param>
/// <param name="End">The first sector after the partition.</param>
public sealed record PartitionExtent(PartitionBound Start, PartitionBound End)
{
    /// <summary>Fixed sectors: <paramref name="count"/> from <paramref name="first"/>.</summary>
    public static PartitionExtent Fixed(long first, long count) => new(PartitionBound.Sector(first), PartitionBound.Sector(first + count));

    /// <inheritdoc/>
    public override string ToString() => $"{Start}..{End}";
}

/// <summary>
/// One MBR partition entry told explicitly (<see cref="SystemAreaSpec.MbrEntries"/>): its slot, status and type bytes
/// as given, its sectors by rule, and its CHS addresses computed in a geometry or kept as given.
/// </summary>
/// <param name="Slot">1–4.</param>
/// <param name="Status">The status byte (0x80 active, 0x00 inactive, any other byte as given).</param>
/// <param name="Type">The type byte.</param>
/// <param name="Extent">Its sectors.</param>
public sealed record MbrEntry(int Slot, byte Status, byte Type, PartitionExtent Extent)
{
    /// <summary>Heads per cylinder of the computed CHS addresses; 0 = the system area's geometry (64, raised for large volumes).</summary>
    public int ChsHeads { get; init; }

    /// <summary>Sectors per head of the computed CHS addresses.</summary>
    public int ChsSectorsPerTrack { get; init; } = 32;

    /// <summary>The first sector's CHS address as its 3 recorded bytes (head, sector|cylinder high bits, cylinder), kept as given; null = computed.</summary>
    public int? FirstChs { get; init; }

    /// <summary>The last sector's CHS address as its 3 recorded bytes, kept as given; null = computed.</summary>
    public int? LastChs { get; init; }
}

/// <summary>
/// One GPT partition entry told explicitly (<see cref="SystemAreaSpec.GptEntries"/>): type, unique GUID, name and
/// attribute bits as given, its sectors by rule (the last one is clamped to the GPT's last usable sector).
/// </summary>
/// <param name="Type">The partition type GUID.</param>
/// <param name="Extent">Its sectors.</param>
public sealed record GptEntry(Guid Type, PartitionExtent Extent)
{
    /// <summary>The unique partition GUID; null = derived from the disk GUID as xorriso derives it (byte 9 changed by the entry's number).</summary>
    public Guid? Id { get; init; }

    /// <summary>The name (UTF-16, at most 36 code units).</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The attribute bits (bit 0 required, bit 2 legacy BIOS bootable, bits 48–63 the type's own).</summary>
    public ulong Attributes { get; init; }
}
