using System.Buffers.Binary;

namespace IsoBuild.Udf;

/// <summary>
/// ECMA-167 4/14.9 (file entry, tag 261) and 4/14.17 (extended file entry, tag 266, UDF 2.00+): a file's, directory's
/// or link's attributes and where its data is. The two differ only in the fixed fields; one type reads and writes both.
/// </summary>
internal sealed record FileEntry
{
    public const int IcbTagOffset = 16;
    public const int UidOffset = 36;
    public const int GidOffset = 40;
    public const int PermissionsOffset = 44;
    public const int LinkCountOffset = 48;
    public const int InformationLengthOffset = 56;

    // File entry (4/14.9).
    public const int FixedSize = 176;
    public const int LogicalBlocksOffset = 64;
    public const int AccessTimeOffset = 72;
    public const int ModificationTimeOffset = 84;
    public const int AttributeTimeOffset = 96;
    public const int CheckpointOffset = 108;
    public const int ImplementationIdentifierOffset = 128;
    public const int UniqueIdOffset = 160;
    public const int ExtendedAttributesLengthOffset = 168;
    public const int AllocationDescriptorsLengthOffset = 172;

    // Extended file entry (4/14.17).
    public const int ExtendedFixedSize = 216;
    public const int ExtendedObjectSizeOffset = 64;
    public const int ExtendedLogicalBlocksOffset = 72;
    public const int ExtendedAccessTimeOffset = 80;
    public const int ExtendedModificationTimeOffset = 92;
    public const int ExtendedCreationTimeOffset = 104;
    public const int ExtendedAttributeTimeOffset = 116;
    public const int ExtendedCheckpointOffset = 128;
    public const int ExtendedImplementationIdentifierOffset = 168;
    public const int ExtendedUniqueIdOffset = 200;
    public const int ExtendedExtendedAttributesLengthOffset = 208;
    public const int ExtendedAllocationDescriptorsLengthOffset = 212;

    /// <summary>Permission bits (4/14.9.5): execute, write, read, change attributes, delete; per class, 5 bits apart.</summary>
    public const uint PermissionExecute = 1, PermissionWrite = 2, PermissionRead = 4, PermissionChangeAttributes = 8, PermissionDelete = 16;

    /// <summary>"Not specified" uid/gid (UDF 2.3.6.3).</summary>
    public const uint UnspecifiedId = 0xFFFF_FFFF;

    public bool IsExtended { get; init; }
    public IcbTag Icb { get; init; }
    public uint Uid { get; init; }
    public uint Gid { get; init; }
    public uint Permissions { get; init; }
    public ushort LinkCount { get; init; } = 1;
    public ulong InformationLength { get; init; }
    public ulong LogicalBlocksRecorded { get; init; }
    public DateTimeOffset? AccessTime { get; init; }
    public DateTimeOffset? ModificationTime { get; init; }
    public DateTimeOffset? AttributeTime { get; init; }
    public DateTimeOffset? CreationTime { get; init; }
    public ulong UniqueId { get; init; }
    public byte[] ExtendedAttributes { get; init; } = [];
    /// <summary>The allocation descriptors, or the data itself when <see cref="IcbTag.Allocation"/> is embedded.</summary>
    public byte[] AllocationDescriptors { get; init; } = [];

    public static int FixedSizeOf(bool extended) => extended ? ExtendedFixedSize : FixedSize;

    public int Size => FixedSizeOf(IsExtended) + ExtendedAttributes.Length + AllocationDescriptors.Length;

    /// <summary>POSIX permission bits (rwxrwxrwx) as UDF permissions; write also grants change-attributes and delete, as Linux records.</summary>
    public static uint PermissionsFromMode(uint mode)
    {
        uint result = 0;
        for (int cls = 0; cls < 3; cls++)
        {
            uint bits = (mode >> (3 * cls)) & 7;
            uint udf = ((bits & 1) != 0 ? PermissionExecute : 0) | ((bits & 2) != 0 ? PermissionWrite | PermissionChangeAttributes | PermissionDelete : 0)
                | ((bits & 4) != 0 ? PermissionRead : 0);
            result |= udf << (5 * cls);
        }
        return result;
    }

    /// <summary>UDF permissions as POSIX permission bits (rwxrwxrwx).</summary>
    public static uint ModeFromPermissions(uint permissions)
    {
        uint mode = 0;
        for (int cls = 0; cls < 3; cls++)
            mode |= ((permissions >> (5 * cls)) & 7) << (3 * cls);
        return mode;
    }

    public void Write(Span<byte> destination, uint location, ushort version)
    {
        Span<byte> d = destination[..Size];
        d.Clear();
        Icb.Write(d[IcbTagOffset..]);
        BinaryPrimitives.WriteUInt32LittleEndian(d[UidOffset..], Uid);
        BinaryPrimitives.WriteUInt32LittleEndian(d[GidOffset..], Gid);
        BinaryPrimitives.WriteUInt32LittleEndian(d[PermissionsOffset..], Permissions);
        BinaryPrimitives.WriteUInt16LittleEndian(d[LinkCountOffset..], LinkCount);
        BinaryPrimitives.WriteUInt64LittleEndian(d[InformationLengthOffset..], InformationLength);
        int ea;
        if (IsExtended)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(d[ExtendedObjectSizeOffset..], InformationLength);
            BinaryPrimitives.WriteUInt64LittleEndian(d[ExtendedLogicalBlocksOffset..], LogicalBlocksRecorded);
            WriteTime(d[ExtendedAccessTimeOffset..], AccessTime);
            WriteTime(d[ExtendedModificationTimeOffset..], ModificationTime);
            WriteTime(d[ExtendedCreationTimeOffset..], CreationTime);
            WriteTime(d[ExtendedAttributeTimeOffset..], AttributeTime);
            BinaryPrimitives.WriteUInt32LittleEndian(d[ExtendedCheckpointOffset..], 1);
            EntityIdentifier.Implementation().Write(d[ExtendedImplementationIdentifierOffset..]);
            BinaryPrimitives.WriteUInt64LittleEndian(d[ExtendedUniqueIdOffset..], UniqueId);
            BinaryPrimitives.WriteUInt32LittleEndian(d[ExtendedExtendedAttributesLengthOffset..], (uint)ExtendedAttributes.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(d[ExtendedAllocationDescriptorsLengthOffset..], (uint)AllocationDescriptors.Length);
            ea = ExtendedFixedSize;
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(d[LogicalBlocksOffset..], LogicalBlocksRecorded);
            WriteTime(d[AccessTimeOffset..], AccessTime);
            WriteTime(d[ModificationTimeOffset..], ModificationTime);
            WriteTime(d[AttributeTimeOffset..], AttributeTime);
            BinaryPrimitives.WriteUInt32LittleEndian(d[CheckpointOffset..], 1);
            EntityIdentifier.Implementation().Write(d[ImplementationIdentifierOffset..]);
            BinaryPrimitives.WriteUInt64LittleEndian(d[UniqueIdOffset..], UniqueId);
            BinaryPrimitives.WriteUInt32LittleEndian(d[ExtendedAttributesLengthOffset..], (uint)ExtendedAttributes.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(d[AllocationDescriptorsLengthOffset..], (uint)AllocationDescriptors.Length);
            ea = FixedSize;
        }
        ExtendedAttributes.CopyTo(d[ea..]);
        AllocationDescriptors.CopyTo(d[(ea + ExtendedAttributes.Length)..]);
        DescriptorTag.Write(d, IsExtended ? TagIdentifier.ExtendedFileEntry : TagIdentifier.FileEntry, version, UdfFormat.TagSerialNumber, location);
    }

    private static void WriteTime(Span<byte> destination, DateTimeOffset? time)
    {
        if (time is DateTimeOffset t)
            UdfTimestamp.Write(destination, t);
    }

    /// <summary>
    /// Reads a file entry or extended file entry from its block(s); null when the tag is neither or the recorded
    /// lengths do not fit in <paramref name="source"/>.
    /// </summary>
    public static FileEntry? Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < FixedSize)
            return null;
        var id = (TagIdentifier)BinaryPrimitives.ReadUInt16LittleEndian(source);
        bool extended = id == TagIdentifier.ExtendedFileEntry;
        if (!extended && id != TagIdentifier.FileEntry)
            return null;
        int fixedSize = FixedSizeOf(extended);
        if (source.Length < fixedSize)
            return null;
        uint eaLength = BinaryPrimitives.ReadUInt32LittleEndian(source[(extended ? ExtendedExtendedAttributesLengthOffset : ExtendedAttributesLengthOffset)..]);
        uint adLength = BinaryPrimitives.ReadUInt32LittleEndian(source[(extended ? ExtendedAllocationDescriptorsLengthOffset : AllocationDescriptorsLengthOffset)..]);
        if ((long)fixedSize + eaLength + adLength > source.Length)
            return null;
        return new FileEntry
        {
            IsExtended = extended,
            Icb = IcbTag.Read(source[IcbTagOffset..]),
            Uid = BinaryPrimitives.ReadUInt32LittleEndian(source[UidOffset..]),
            Gid = BinaryPrimitives.ReadUInt32LittleEndian(source[GidOffset..]),
            Permissions = BinaryPrimitives.ReadUInt32LittleEndian(source[PermissionsOffset..]),
            LinkCount = BinaryPrimitives.ReadUInt16LittleEndian(source[LinkCountOffset..]),
            InformationLength = BinaryPrimitives.ReadUInt64LittleEndian(source[InformationLengthOffset..]),
            LogicalBlocksRecorded = BinaryPrimitives.ReadUInt64LittleEndian(source[(extended ? ExtendedLogicalBlocksOffset : LogicalBlocksOffset)..]),
            AccessTime = UdfTimestamp.Read(source[(extended ? ExtendedAccessTimeOffset : AccessTimeOffset)..]),
            ModificationTime = UdfTimestamp.Read(source[(extended ? ExtendedModificationTimeOffset : ModificationTimeOffset)..]),
            AttributeTime = UdfTimestamp.Read(source[(extended ? ExtendedAttributeTimeOffset : AttributeTimeOffset)..]),
            CreationTime = extended ? UdfTimestamp.Read(source[ExtendedCreationTimeOffset..]) : null,
            UniqueId = BinaryPrimitives.ReadUInt64LittleEndian(source[(extended ? ExtendedUniqueIdOffset : UniqueIdOffset)..]),
            ExtendedAttributes = source.Slice(fixedSize, (int)eaLength).ToArray(),
            AllocationDescriptors = source.Slice(fixedSize + (int)eaLength, (int)adLength).ToArray(),
        };
    }

    public bool Equals(FileEntry? other) => other is not null && IsExtended == other.IsExtended && Icb == other.Icb && Uid == other.Uid
        && Gid == other.Gid && Permissions == other.Permissions && LinkCount == other.LinkCount && InformationLength == other.InformationLength
        && LogicalBlocksRecorded == other.LogicalBlocksRecorded && AccessTime == other.AccessTime && ModificationTime == other.ModificationTime
        && AttributeTime == other.AttributeTime && CreationTime == other.CreationTime && UniqueId == other.UniqueId
        && ExtendedAttributes.AsSpan().SequenceEqual(other.ExtendedAttributes) && AllocationDescriptors.AsSpan().SequenceEqual(other.AllocationDescriptors);

    public override int GetHashCode() => HashCode.Combine(IsExtended, Icb, UniqueId, InformationLength);
}
