using System.Buffers.Binary;

namespace IsoBuild.Udf;

/// <summary>ICB file types (ECMA-167 4/14.6.6, UDF 2.3.5.2).</summary>
internal enum IcbFileType : byte
{
    Unspecified = 0,
    Directory = 4,
    File = 5,
    BlockDevice = 6,
    CharacterDevice = 7,
    ExtendedAttributes = 8,
    Fifo = 9,
    Socket = 10,
    TerminalEntry = 11,
    Symlink = 12,
    StreamDirectory = 13,
    VirtualAllocationTable = 248,
    RealTimeFile = 249,
    MetadataFile = 250,
    MetadataMirrorFile = 251,
    MetadataBitmapFile = 252,
}

/// <summary>How a file entry records where its data is: the low 3 bits of the ICB flags (4/14.6.8).</summary>
internal enum AllocationKind : byte
{
    Short = 0,
    Long = 1,
    Extended = 2,
    /// <summary>The data is inside the file entry itself, in the allocation descriptors field.</summary>
    Embedded = 3,
}

/// <summary>ECMA-167 4/14.6: the 20-byte ICB tag of a file entry. IsoBuild writes strategy 4 (one direct entry).</summary>
internal readonly record struct IcbTag(IcbFileType FileType, AllocationKind Allocation, ushort Flags = 0, ushort Strategy = 4)
{
    public const int Length = 20;
    public const int PriorEntriesOffset = 0;
    public const int StrategyTypeOffset = 4;
    public const int StrategyParameterOffset = 6;
    public const int MaxEntriesOffset = 8;
    public const int FileTypeOffset = 11;
    public const int ParentOffset = 12;
    public const int FlagsOffset = 18;

    /// <summary>ICB flags besides the allocation kind (4/14.6.8).</summary>
    public const ushort SetUid = 1 << 6;
    public const ushort SetGid = 1 << 7;
    public const ushort Sticky = 1 << 8;
    public const ushort Contiguous = 1 << 9;
    public const ushort System = 1 << 10;

    public void Write(Span<byte> destination)
    {
        Span<byte> d = destination[..Length];
        d.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(d[StrategyTypeOffset..], Strategy);
        BinaryPrimitives.WriteUInt16LittleEndian(d[MaxEntriesOffset..], 1);
        d[FileTypeOffset] = (byte)FileType;
        BinaryPrimitives.WriteUInt16LittleEndian(d[FlagsOffset..], (ushort)((Flags & ~7) | (int)Allocation));
    }

    public static IcbTag Read(ReadOnlySpan<byte> source)
    {
        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(source[FlagsOffset..]);
        return new((IcbFileType)source[FileTypeOffset], (AllocationKind)(flags & 7), (ushort)(flags & ~7),
            BinaryPrimitives.ReadUInt16LittleEndian(source[StrategyTypeOffset..]));
    }
}
