using System.Buffers.Binary;
using System.Text;

namespace IsoBuild.ElTorito;

/// <summary>
/// El Torito 2.3: a section header, which starts the entries of one platform after the default entry; the last
/// header of the catalog is marked final (0x91), the others 0x90.
/// </summary>
/// <param name="Final">True for the catalog's last section header.</param>
/// <param name="PlatformId">The platform of the section's entries.</param>
/// <param name="EntryCount">The section entries that follow the header (extension entries not counted).</param>
/// <param name="IdString">ASCII, at most 28 characters; recorded padded with zeros.</param>
internal readonly record struct SectionHeader(bool Final, byte PlatformId, ushort EntryCount, string IdString = "")
{
    public const int Size = BootCatalog.EntrySize;
    public const int IndicatorOffset = 0;
    public const int PlatformIdOffset = 1;
    public const int EntryCountOffset = 2;
    public const int IdStringOffset = 4;
    public const int IdStringLength = 28;
    public const byte MoreHeadersFollow = 0x90;
    public const byte FinalHeader = 0x91;

    public void Write(Span<byte> entry)
    {
        Span<byte> h = entry[..Size];
        h.Clear();
        h[IndicatorOffset] = Final ? FinalHeader : MoreHeadersFollow;
        h[PlatformIdOffset] = PlatformId;
        BinaryPrimitives.WriteUInt16LittleEndian(h[EntryCountOffset..], EntryCount);
        Encoding.ASCII.GetBytes(IdString.AsSpan(0, Math.Min(IdString.Length, IdStringLength)), h[IdStringOffset..]);
    }

    /// <summary>Reads a section header; false when the entry is none (its indicator is neither 0x90 nor 0x91).</summary>
    public static bool TryRead(ReadOnlySpan<byte> entry, out SectionHeader header)
    {
        header = default;
        if (entry[IndicatorOffset] is not (MoreHeadersFollow or FinalHeader))
            return false;
        header = new SectionHeader(entry[IndicatorOffset] == FinalHeader, entry[PlatformIdOffset],
            BinaryPrimitives.ReadUInt16LittleEndian(entry[EntryCountOffset..]),
            Encoding.ASCII.GetString(entry.Slice(IdStringOffset, IdStringLength)).TrimEnd('\0', ' '));
        return true;
    }
}
