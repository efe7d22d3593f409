namespace IsoBuild.ElTorito;

/// <summary>
/// One boot image the layout puts in the catalog: by default a bootable no-emulation image for a platform, loaded at
/// <paramref name="LoadSegment"/> (0: the default 0x7C0).
/// </summary>
internal readonly record struct BootCatalogEntry(byte Platform, uint Sector, ushort SectorCount, ushort LoadSegment = 0,
    byte MediaType = BootEntry.NoEmulation, byte SystemType = 0, bool Bootable = true)
{
    public BootEntry ToBootEntry() => new(Bootable ? BootEntry.Bootable : BootEntry.NotBootable, MediaType, LoadSegment, SystemType, SectorCount, Sector);
}

/// <summary>
/// El Torito 1.0, 2.x: the boot catalog, 32-byte entries in one sector. A <see cref="ValidationEntry"/> and the
/// default (initial) <see cref="BootEntry"/> for the first platform; further platforms each get a
/// <see cref="SectionHeader"/> and one section entry (the last header marked final).
/// </summary>
internal static class BootCatalog
{
    public const int Size = 2048;
    public const int EntrySize = 32;
    public const byte PlatformBios = 0x00;
    public const byte PlatformPowerPc = 0x01;
    public const byte PlatformMac = 0x02;
    public const byte PlatformEfi = 0xEF;

    public static byte[] Create(IReadOnlyList<BootCatalogEntry> entries)
    {
        byte[] catalog = new byte[Size];
        new ValidationEntry(entries[0].Platform).Write(catalog.AsSpan(0, EntrySize));
        entries[0].ToBootEntry().Write(catalog.AsSpan(EntrySize, EntrySize));
        int offset = 2 * EntrySize;
        for (int i = 1; i < entries.Count; i++)
        {
            new SectionHeader(Final: i == entries.Count - 1, entries[i].Platform, 1).Write(catalog.AsSpan(offset, EntrySize));
            entries[i].ToBootEntry().Write(catalog.AsSpan(offset + EntrySize, EntrySize));
            offset += 2 * EntrySize;
        }
        return catalog;
    }
}
