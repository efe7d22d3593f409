namespace IsoBuild.Layout;

/// <summary>
/// The ISO volume a second time, as the partition that starts at block <see cref="Offset"/> (xorriso's
/// <c>-partition_offset</c>): a second primary (and Joliet) descriptor and terminator at <see cref="Offset"/> + 16,
/// and a second copy of the path tables and directory trees whose block addresses count from <see cref="Offset"/>,
/// so that the partition alone mounts as an ISO 9660 file system (what a USB stick's first partition shows).
/// The file data is the one volume's.
/// </summary>
/// <remarks>
/// libisofs (ecma119.c, <c>write_head_part2</c>, <c>eff_partition_offset</c>) writes the second descriptors after zero
/// blocks up to <see cref="Offset"/> + 16, without an El Torito boot record (the catalog stays the first set's), and
/// the second trees behind the first ones. Here the second metadata is an exact copy of the first (path tables,
/// ISO 9660 directories with their continuation areas, Joliet directories) placed <see cref="Shift"/> blocks later,
/// so a structure of the copy lies where its original lies plus <see cref="Shift"/>: the renderer writes the copy
/// with <see cref="Metadata"/> and <see cref="Data"/> as its address rules.
/// </remarks>
internal sealed record PartitionVolume(uint Offset, uint PrimaryDescriptor, uint JolietDescriptor, uint Terminator, uint MetadataStart, uint Shift)
{
    /// <summary>The smallest offset other than 0: the partition's own system area must not hold the first descriptors.</summary>
    public const int MinOffset = 16;

    /// <summary>The largest offset: the partition's first 512-byte sector must fit an MBR entry.</summary>
    public const int MaxOffset = (int)(uint.MaxValue / 4);

    /// <summary>The first block of the copy (right after the first set's metadata).</summary>
    public uint CopyStart => MetadataStart + Shift;

    /// <summary>The first block after the copy.</summary>
    public uint CopyEnd => CopyStart + Shift;

    /// <summary>A block of the first set's metadata as the partition's copy records it.</summary>
    public uint Metadata(uint block) => block + Shift - Offset;

    /// <summary>
    /// A block of file data (shared by both sets) as the partition records it. Records without data (symbolic links)
    /// point at block 0, before the partition: they stay at 0.
    /// </summary>
    public uint Data(uint block) => block < Offset ? 0 : block - Offset;
}
