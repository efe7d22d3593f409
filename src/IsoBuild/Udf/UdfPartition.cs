namespace IsoBuild.Udf;

/// <summary>
/// One partition reference of a logical volume and how its logical blocks map to image sectors: directly (type 1),
/// around spared packets, through the virtual allocation table, or through the extents of the UDF 2.50 metadata file.
/// </summary>
internal abstract class UdfPartition(PartitionMapKind kind, ushort number, uint length)
{
    public PartitionMapKind Kind { get; } = kind;
    public ushort Number { get; } = number;

    /// <summary>The partition's length in blocks.</summary>
    public uint Length { get; } = length;

    /// <summary>The image sector of <paramref name="block"/> and how many blocks from there are contiguous (at least 1).</summary>
    public abstract (long Sector, uint Run) Map(uint block);
}

internal sealed class PhysicalPartition(ushort number, uint start, uint length) : UdfPartition(PartitionMapKind.Physical, number, length)
{
    public uint Start { get; } = start;

    public override (long, uint) Map(uint block) => (Start + (long)block, Length - block);
}

/// <summary>UDF 2.2.9 and 2.2.12: packets of <c>packetLength</c> blocks, some relocated by the sparing table.</summary>
internal sealed class SparablePartition(ushort number, uint start, uint length, uint packetLength, IReadOnlyDictionary<uint, uint> spared)
    : UdfPartition(PartitionMapKind.Sparable, number, length)
{
    public override (long, uint) Map(uint block)
    {
        if (spared.Count == 0 || packetLength == 0)
            return (start + (long)block, Length - block);
        uint within = block % packetLength;
        uint run = Math.Min(packetLength - within, Length - block);
        return spared.TryGetValue(block - within, out uint mapped) ? (mapped + (long)within, run) : (start + (long)block, run);
    }
}

/// <summary>UDF 2.2.8 and 2.2.11: every block is an entry of the virtual allocation table, relative to the physical partition.</summary>
internal sealed class VirtualPartition(ushort number, uint physicalStart, uint[] table) : UdfPartition(PartitionMapKind.Virtual, number, (uint)table.Length)
{
    public override (long, uint) Map(uint block)
    {
        uint entry = table[block];
        if (entry == uint.MaxValue)
            IsoBuildException.Throw(ErrorCodes.UdfPartitionTableDamaged, $"Virtual block {block} is not mapped by the virtual allocation table.");
        return (physicalStart + (long)entry, 1);
    }
}

/// <summary>UDF 2.2.10: block n is the n-th block of the metadata file, whose extents lie in the physical partition.</summary>
internal sealed class MetadataPartition(ushort number, PhysicalPartition physical, IReadOnlyList<(uint Block, uint Blocks)> extents, uint length)
    : UdfPartition(PartitionMapKind.Metadata, number, length)
{
    public IReadOnlyList<(uint Block, uint Blocks)> Extents { get; } = extents;

    public override (long, uint) Map(uint block)
    {
        uint skipped = 0;
        foreach ((uint start, uint blocks) in Extents)
        {
            if (block < skipped + blocks)
                return (physical.Start + (long)start + (block - skipped), blocks - (block - skipped));
            skipped += blocks;
        }
        IsoBuildException.Throw(ErrorCodes.UdfExtentOutsidePartition, $"Metadata block {block} lies beyond the metadata file.");
        return default;
    }
}
