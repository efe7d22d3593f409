using System.Buffers.Binary;

namespace IsoBuild.ElTorito;

/// <summary>
/// El Torito 2.2 and 2.4: a boot entry, the default (initial) entry after the validation entry or an entry of a
/// section. Only section entries use the selection criteria; the default entry keeps those bytes zero.
/// </summary>
/// <param name="Indicator">0x88 bootable, 0x00 not bootable.</param>
/// <param name="MediaType">Emulation in bits 0–3 (0 none, 1–3 floppies, 4 hard disk); bit 5 in a section entry: an extension entry follows.</param>
/// <param name="LoadSegment">Where BIOS loads the image; 0 means the traditional 0x7C0.</param>
/// <param name="SystemType">The partition type of a hard disk image's partition table.</param>
/// <param name="SectorCount">Virtual (512-byte) sectors BIOS loads.</param>
/// <param name="LoadRba">The image's first 2048-byte sector.</param>
/// <param name="SelectionCriteriaType">0 none, 1 language and version information (section entries).</param>
/// <param name="SelectionCriteria">The vendor-unique selection criteria, up to 19 bytes; null for none.</param>
internal readonly record struct BootEntry(byte Indicator, byte MediaType, ushort LoadSegment, byte SystemType, ushort SectorCount, uint LoadRba,
    byte SelectionCriteriaType = 0, byte[]? SelectionCriteria = null)
{
    public const int Size = BootCatalog.EntrySize;
    public const int IndicatorOffset = 0;
    public const int MediaTypeOffset = 1;
    public const int LoadSegmentOffset = 2;
    public const int SystemTypeOffset = 4;
    public const int SectorCountOffset = 6;
    public const int LoadRbaOffset = 8;
    public const int SelectionCriteriaTypeOffset = 12;
    public const int SelectionCriteriaOffset = 13;
    public const int SelectionCriteriaLength = Size - SelectionCriteriaOffset;

    public const byte Bootable = 0x88;
    public const byte NotBootable = 0x00;
    public const byte NoEmulation = 0x00;
    public const byte HardDiskEmulation = 0x04;
    public const byte EmulationMask = 0x0F;
    public const byte ExtensionFollows = 0x20;

    /// <summary>A bootable no-emulation entry, as IsoBuild writes them: default load segment, no system type, no criteria.</summary>
    public static BootEntry NoEmulationImage(uint loadRba, ushort sectorCount, ushort loadSegment = 0) => new(Bootable, NoEmulation, loadSegment, 0, sectorCount, loadRba);

    public bool IsBootable => Indicator == Bootable;

    /// <summary>The media type without its flag bits.</summary>
    public byte Emulation => (byte)(MediaType & EmulationMask);

    /// <summary>True when an extension entry (El Torito 2.5) follows this section entry.</summary>
    public bool HasExtension => (MediaType & ExtensionFollows) != 0;

    public void Write(Span<byte> entry)
    {
        Span<byte> e = entry[..Size];
        e.Clear();
        e[IndicatorOffset] = Indicator;
        e[MediaTypeOffset] = MediaType;
        BinaryPrimitives.WriteUInt16LittleEndian(e[LoadSegmentOffset..], LoadSegment);
        e[SystemTypeOffset] = SystemType;
        BinaryPrimitives.WriteUInt16LittleEndian(e[SectorCountOffset..], SectorCount);
        BinaryPrimitives.WriteUInt32LittleEndian(e[LoadRbaOffset..], LoadRba);
        e[SelectionCriteriaTypeOffset] = SelectionCriteriaType;
        if (SelectionCriteria is { } criteria)
            criteria.AsSpan(0, Math.Min(criteria.Length, SelectionCriteriaLength)).CopyTo(e[SelectionCriteriaOffset..]);
    }

    public static BootEntry Read(ReadOnlySpan<byte> entry)
    {
        ReadOnlySpan<byte> criteria = entry.Slice(SelectionCriteriaOffset, SelectionCriteriaLength);
        return new BootEntry(entry[IndicatorOffset], entry[MediaTypeOffset], BinaryPrimitives.ReadUInt16LittleEndian(entry[LoadSegmentOffset..]),
            entry[SystemTypeOffset], BinaryPrimitives.ReadUInt16LittleEndian(entry[SectorCountOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(entry[LoadRbaOffset..]), entry[SelectionCriteriaTypeOffset],
            criteria.IndexOfAnyExcept((byte)0) < 0 ? null : criteria.ToArray());
    }
}
