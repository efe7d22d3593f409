using System.Buffers.Binary;

namespace IsoBuild.Hybrid;

/// <summary>
/// One of the four 16-byte partition entries of an MBR: status (0x80 active), the CHS address of the first sector,
/// the type, the CHS address of the last sector, and the first sector and sector count in 512-byte sectors.
/// </summary>
internal readonly record struct MbrPartition(byte Status, ChsAddress FirstChs, byte Type, ChsAddress LastChs, uint FirstSector, uint SectorCount)
{
    public const int Size = 16;
    public const int StatusOffset = 0;
    public const int FirstChsOffset = 1;
    public const int TypeOffset = 4;
    public const int LastChsOffset = 5;
    public const int FirstSectorOffset = 8;
    public const int SectorCountOffset = 12;
    public const byte StatusActive = 0x80;
    public const byte StatusInactive = 0x00;

    /// <summary>A partition as IsoBuild writes them: the CHS addresses follow from the sectors (an empty one counts as one sector).</summary>
    public MbrPartition(bool active, byte type, uint firstSector, uint sectorCount)
        : this(active ? StatusActive : StatusInactive, ChsAddress.FromLba(firstSector), type,
            ChsAddress.FromLba(firstSector + Math.Max(sectorCount, 1) - 1), firstSector, sectorCount)
    {
    }

    public bool Active => Status == StatusActive;

    /// <summary>An unused slot: no type or no sectors.</summary>
    public bool IsEmpty => Type == 0 || SectorCount == 0;

    public void Write(Span<byte> entry)
    {
        entry[StatusOffset] = Status;
        FirstChs.Write(entry[FirstChsOffset..]);
        entry[TypeOffset] = Type;
        LastChs.Write(entry[LastChsOffset..]);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[FirstSectorOffset..], FirstSector);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[SectorCountOffset..], SectorCount);
    }

    public static MbrPartition Read(ReadOnlySpan<byte> entry) =>
        new(entry[StatusOffset], ChsAddress.Read(entry[FirstChsOffset..]), entry[TypeOffset], ChsAddress.Read(entry[LastChsOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(entry[FirstSectorOffset..]), BinaryPrimitives.ReadUInt32LittleEndian(entry[SectorCountOffset..]));
}
