using System.Buffers.Binary;

namespace IsoBuild.ElTorito;

/// <summary>One El Torito boot entry: a no-emulation image for a platform, loaded at <paramref name="LoadSegment"/> (0: the default 0x7C0).</summary>
internal readonly record struct BootCatalogEntry(byte Platform, uint Sector, ushort SectorCount, ushort LoadSegment = 0);

/// <summary>
/// El Torito 1.0, 2.x: the boot catalog. A validation entry and the default (initial) entry for the first platform;
/// further platforms each get a section header and a section entry (the last header marked final, 0x91).
/// </summary>
internal static class BootCatalog
{
    public const int Size = 2048;
    public const int EntrySize = 32;
    public const byte PlatformBios = 0x00;
    public const byte PlatformEfi = 0xEF;
    public const byte Bootable = 0x88;
    public const byte NoEmulation = 0x00;
    public const byte SectionHeader = 0x90;
    public const byte FinalSectionHeader = 0x91;
    public const byte HeaderId = 0x01;

    public static byte[] Create(IReadOnlyList<BootCatalogEntry> entries)
    {
        byte[] catalog = new byte[Size];
        Span<byte> v = catalog.AsSpan(0, EntrySize);
        v[0] = HeaderId;
        v[1] = entries[0].Platform;
        v[30] = 0x55;
        v[31] = 0xAA;
        // The 16-bit words of the validation entry sum to zero.
        ushort sum = 0;
        for (int i = 0; i < EntrySize; i += 2)
            sum += BinaryPrimitives.ReadUInt16LittleEndian(v[i..]);
        BinaryPrimitives.WriteUInt16LittleEndian(v[28..], (ushort)(0x10000 - sum));

        WriteEntry(catalog.AsSpan(EntrySize, EntrySize), entries[0]);
        int offset = 2 * EntrySize;
        for (int i = 1; i < entries.Count; i++)
        {
            Span<byte> header = catalog.AsSpan(offset, EntrySize);
            header[0] = i == entries.Count - 1 ? FinalSectionHeader : SectionHeader;
            header[1] = entries[i].Platform;
            BinaryPrimitives.WriteUInt16LittleEndian(header[2..], 1);
            WriteEntry(catalog.AsSpan(offset + EntrySize, EntrySize), entries[i]);
            offset += 2 * EntrySize;
        }
        return catalog;
    }

    private static void WriteEntry(Span<byte> e, BootCatalogEntry entry)
    {
        e[0] = Bootable;
        e[1] = NoEmulation;
        BinaryPrimitives.WriteUInt16LittleEndian(e[2..], entry.LoadSegment); // 0: the default 0x7C0
        e[4] = 0; // system type
        BinaryPrimitives.WriteUInt16LittleEndian(e[6..], entry.SectorCount);
        BinaryPrimitives.WriteUInt32LittleEndian(e[8..], entry.Sector);
    }
}
