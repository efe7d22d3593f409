using System.Buffers.Binary;

namespace IsoBuild.Udf;

/// <summary>
/// ECMA-167 3/10.10 with UDF 2.2.6: the state of the logical volume (closed), the next unique id, per-partition free
/// and total sizes, and UDF's implementation use: file and directory counts and the revisions a reader needs.
/// </summary>
internal sealed record LogicalVolumeIntegrityDescriptor
{
    public const int FixedSize = 80;
    public const int RecordingTimeOffset = 16;
    public const int IntegrityTypeOffset = 28;
    public const int NextIntegrityExtentOffset = 32;
    public const int ContentsUseOffset = 40;
    public const int PartitionCountOffset = 72;
    public const int ImplementationUseLengthOffset = 76;
    public const int FreeSpaceTableOffset = 80;
    // Implementation use (UDF 2.2.6.4), relative to its start.
    public const int ImplementationUseLength = 46;
    public const int FileCountOffset = 32;
    public const int DirectoryCountOffset = 36;
    public const int MinReadRevisionOffset = 40;
    public const int MinWriteRevisionOffset = 42;
    public const int MaxWriteRevisionOffset = 44;

    public const uint IntegrityOpen = 0;
    public const uint IntegrityClose = 1;

    public DateTimeOffset? RecordingTime { get; init; }
    public uint IntegrityType { get; init; } = IntegrityClose;
    /// <summary>The logical volume header descriptor (4/14.15): the next unique id to give.</summary>
    public ulong NextUniqueId { get; init; }
    public IReadOnlyList<uint> FreeSpace { get; init; } = [];
    public IReadOnlyList<uint> PartitionSizes { get; init; } = [];
    public uint FileCount { get; init; }
    public uint DirectoryCount { get; init; }
    public ushort MinReadRevision { get; init; }
    public ushort MinWriteRevision { get; init; }
    public ushort MaxWriteRevision { get; init; }

    public int Size => FixedSize + 8 * FreeSpace.Count + ImplementationUseLength;

    public void Write(Span<byte> destination, uint location, ushort version)
    {
        if (FreeSpace.Count != PartitionSizes.Count)
            throw new InvalidOperationException("Free space and size tables must have one entry per partition.");
        Span<byte> d = destination[..Size];
        d.Clear();
        if (RecordingTime is DateTimeOffset time)
            UdfTimestamp.Write(d[RecordingTimeOffset..], time);
        BinaryPrimitives.WriteUInt32LittleEndian(d[IntegrityTypeOffset..], IntegrityType);
        BinaryPrimitives.WriteUInt64LittleEndian(d[ContentsUseOffset..], NextUniqueId);
        int n = FreeSpace.Count;
        BinaryPrimitives.WriteUInt32LittleEndian(d[PartitionCountOffset..], (uint)n);
        BinaryPrimitives.WriteUInt32LittleEndian(d[ImplementationUseLengthOffset..], ImplementationUseLength);
        for (int i = 0; i < n; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(d[(FreeSpaceTableOffset + 4 * i)..], FreeSpace[i]);
            BinaryPrimitives.WriteUInt32LittleEndian(d[(FreeSpaceTableOffset + 4 * (n + i))..], PartitionSizes[i]);
        }
        Span<byte> use = d[(FreeSpaceTableOffset + 8 * n)..];
        EntityIdentifier.Implementation().Write(use);
        BinaryPrimitives.WriteUInt32LittleEndian(use[FileCountOffset..], FileCount);
        BinaryPrimitives.WriteUInt32LittleEndian(use[DirectoryCountOffset..], DirectoryCount);
        BinaryPrimitives.WriteUInt16LittleEndian(use[MinReadRevisionOffset..], MinReadRevision);
        BinaryPrimitives.WriteUInt16LittleEndian(use[MinWriteRevisionOffset..], MinWriteRevision);
        BinaryPrimitives.WriteUInt16LittleEndian(use[MaxWriteRevisionOffset..], MaxWriteRevision);
        DescriptorTag.Write(d, TagIdentifier.LogicalVolumeIntegrityDescriptor, version, UdfFormat.TagSerialNumber, location);
    }

    /// <summary>Reads the descriptor from its sector; null when its tables do not fit in it.</summary>
    public static LogicalVolumeIntegrityDescriptor? Read(ReadOnlySpan<byte> sector)
    {
        uint n = BinaryPrimitives.ReadUInt32LittleEndian(sector[PartitionCountOffset..]);
        uint useLength = BinaryPrimitives.ReadUInt32LittleEndian(sector[ImplementationUseLengthOffset..]);
        if (n > LogicalVolumeDescriptor.MaxMaps || FreeSpaceTableOffset + 8L * n + useLength > sector.Length)
            return null;
        var free = new uint[n];
        var sizes = new uint[n];
        for (int i = 0; i < n; i++)
        {
            free[i] = BinaryPrimitives.ReadUInt32LittleEndian(sector[(FreeSpaceTableOffset + 4 * i)..]);
            sizes[i] = BinaryPrimitives.ReadUInt32LittleEndian(sector[(FreeSpaceTableOffset + 4 * ((int)n + i))..]);
        }
        ReadOnlySpan<byte> use = sector.Slice(FreeSpaceTableOffset + 8 * (int)n, (int)useLength);
        bool hasUse = use.Length >= ImplementationUseLength;
        return new()
        {
            RecordingTime = UdfTimestamp.Read(sector[RecordingTimeOffset..]),
            IntegrityType = BinaryPrimitives.ReadUInt32LittleEndian(sector[IntegrityTypeOffset..]),
            NextUniqueId = BinaryPrimitives.ReadUInt64LittleEndian(sector[ContentsUseOffset..]),
            FreeSpace = free,
            PartitionSizes = sizes,
            FileCount = hasUse ? BinaryPrimitives.ReadUInt32LittleEndian(use[FileCountOffset..]) : 0,
            DirectoryCount = hasUse ? BinaryPrimitives.ReadUInt32LittleEndian(use[DirectoryCountOffset..]) : 0,
            MinReadRevision = hasUse ? BinaryPrimitives.ReadUInt16LittleEndian(use[MinReadRevisionOffset..]) : (ushort)0,
            MinWriteRevision = hasUse ? BinaryPrimitives.ReadUInt16LittleEndian(use[MinWriteRevisionOffset..]) : (ushort)0,
            MaxWriteRevision = hasUse ? BinaryPrimitives.ReadUInt16LittleEndian(use[MaxWriteRevisionOffset..]) : (ushort)0,
        };
    }

    public bool Equals(LogicalVolumeIntegrityDescriptor? other) => other is not null && RecordingTime == other.RecordingTime
        && IntegrityType == other.IntegrityType && NextUniqueId == other.NextUniqueId && FreeSpace.SequenceEqual(other.FreeSpace)
        && PartitionSizes.SequenceEqual(other.PartitionSizes) && FileCount == other.FileCount && DirectoryCount == other.DirectoryCount
        && MinReadRevision == other.MinReadRevision && MinWriteRevision == other.MinWriteRevision && MaxWriteRevision == other.MaxWriteRevision;

    public override int GetHashCode() => HashCode.Combine(NextUniqueId, FileCount, DirectoryCount);
}
