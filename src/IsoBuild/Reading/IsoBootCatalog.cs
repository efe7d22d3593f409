using IsoBuild.Sectors;
using System.Globalization;
using IsoBuild.ElTorito;

namespace IsoBuild.Reading;

/// <summary>One boot entry of an El Torito catalog (the default entry or a section entry).</summary>
/// <param name="Index">1 for the default entry, then section entries in catalog order.</param>
/// <param name="PlatformId">0 x86 (BIOS), 1 PowerPC, 2 Mac, 0xEF EFI.</param>
/// <param name="Bootable">Boot indicator 0x88.</param>
/// <param name="MediaType">0 no emulation, 1–3 floppy emulation, 4 hard disk emulation.</param>
/// <param name="LoadSegment">Where BIOS loads the image (0 means the default 0x07C0).</param>
/// <param name="SystemType">The partition type byte (hard disk emulation).</param>
/// <param name="SectorCount">Virtual 512-byte sectors the BIOS loads.</param>
/// <param name="LoadLba">The first 2048-byte sector of the boot image.</param>
public sealed record IsoBootEntry(int Index, byte PlatformId, bool Bootable, byte MediaType, ushort LoadSegment, byte SystemType, ushort SectorCount, uint LoadLba)
{
    /// <summary>The platform by name: "BIOS", "EFI", "PowerPC", "Mac" or the number.</summary>
    public string Platform => PlatformId switch
    {
        0 => "BIOS",
        1 => "PowerPC",
        2 => "Mac",
        0xEF => "EFI",
        _ => "0x" + PlatformId.ToString("X2", CultureInfo.InvariantCulture),
    };

    /// <summary>The emulation by name.</summary>
    public string Emulation => (MediaType & 0x0F) switch
    {
        0 => "no emulation",
        1 => "1.2M floppy",
        2 => "1.44M floppy",
        3 => "2.88M floppy",
        4 => "hard disk",
        _ => "unknown (" + MediaType.ToString(CultureInfo.InvariantCulture) + ")",
    };
}

/// <summary>An El Torito boot catalog (El Torito 1.0, 2.0–2.5), read tolerantly: damage is listed in <see cref="Problems"/>.</summary>
public sealed class IsoBootCatalog
{
    // El Torito 1.0, 2.1-2.5: 32-byte entries; the validation entry, then the default entry, then sections.
    private const int EntrySize = BootCatalog.EntrySize;
    private const int MaxSectors = 16;

    private IsoBootCatalog(uint lba) => Lba = lba;

    /// <summary>The catalog's sector.</summary>
    public uint Lba { get; }

    /// <summary>True when the validation entry's header, key bytes and checksum are right.</summary>
    public bool ValidationEntryValid { get; private set; }

    /// <summary>The boot entries, the default entry first.</summary>
    public IReadOnlyList<IsoBootEntry> Entries { get; private set; } = [];

    /// <summary>What is wrong with the catalog; empty when it is sound.</summary>
    public IReadOnlyList<string> Problems { get; private set; } = [];

    /// <summary>The id string of the validation entry (who wrote the catalog).</summary>
    public string IdString { get; private set; } = string.Empty;

    internal static IsoBootCatalog Read(ImageSource source, uint lba)
    {
        var catalog = new IsoBootCatalog(lba);
        var problems = new List<string>();
        var entries = new List<IsoBootEntry>();
        long start = (long)lba * ImageSource.SectorSize;
        int sectors = (int)Math.Min(MaxSectors, Math.Max(0, (source.Length - start) / ImageSource.SectorSize));
        if (start < 0 || sectors == 0)
        {
            problems.Add($"{ErrorCodes.MalformedBootCatalog}: the boot catalog at sector {lba} lies beyond the end of the image.");
            catalog.Problems = problems;
            return catalog;
        }
        byte[] b = new byte[sectors * ImageSource.SectorSize];
        source.ReadExactly(start, b, ErrorCodes.MalformedBootCatalog, "The El Torito boot catalog");

        ReadOnlySpan<byte> v = b.AsSpan(0, EntrySize);
        bool keyed = ValidationEntry.IsKeyed(v);
        bool valid = keyed && ValidationEntry.ChecksumMatches(v);
        ValidationEntry validation = ValidationEntry.Read(v);
        catalog.ValidationEntryValid = valid;
        catalog.IdString = validation.IdString;
        if (!valid)
        {
            problems.Add(!keyed
                ? $"{ErrorCodes.MalformedBootCatalog}: the boot catalog at sector {lba} does not start with a validation entry (header 01, key 55 AA)."
                : $"{ErrorCodes.MalformedBootCatalog}: the checksum of the boot catalog's validation entry at sector {lba} is wrong.");
        }
        int p = EntrySize;
        entries.Add(ReadEntry(b.AsSpan(p, EntrySize), 1, validation.PlatformId, problems));
        p += EntrySize;
        bool final = false;
        while (!final && p + EntrySize <= b.Length && SectionHeader.TryRead(b.AsSpan(p, EntrySize), out SectionHeader header))
        {
            final = header.Final;
            int count = header.EntryCount;
            p += EntrySize;
            for (int i = 0; i < count; i++)
            {
                if (p + EntrySize > b.Length)
                {
                    problems.Add($"{ErrorCodes.MalformedBootCatalog}: a section of the boot catalog at sector {lba} announces {count} entries, more than the catalog holds.");
                    break;
                }
                entries.Add(ReadEntry(b.AsSpan(p, EntrySize), entries.Count + 1, header.PlatformId, problems));
                bool extended = BootEntry.Read(b.AsSpan(p, EntrySize)).HasExtension;
                p += EntrySize;
                while (extended && p + EntrySize <= b.Length && ExtensionEntry.TryRead(b.AsSpan(p, EntrySize), out ExtensionEntry extension))
                {
                    extended = extension.MoreFollow;
                    p += EntrySize;
                }
            }
        }
        foreach (IsoBootEntry e in entries)
        {
            if ((e.LoadLba + 1L) * ImageSource.SectorSize > source.Length && e.Bootable)
                problems.Add($"{ErrorCodes.MalformedBootCatalog}: boot entry {e.Index} loads sector {e.LoadLba}, beyond the end of the image.");
        }
        catalog.Entries = entries;
        catalog.Problems = problems;
        return catalog;
    }

    private static IsoBootEntry ReadEntry(ReadOnlySpan<byte> bytes, int index, byte platform, List<string> problems)
    {
        BootEntry e = BootEntry.Read(bytes);
        if (e.Indicator is not (BootEntry.Bootable or BootEntry.NotBootable))
            problems.Add($"{ErrorCodes.MalformedBootCatalog}: boot entry {index} has boot indicator 0x{e.Indicator:X2} (expected 0x88 or 0x00).");
        if (e.Emulation > 4)
            problems.Add($"{ErrorCodes.MalformedBootCatalog}: boot entry {index} has media type {e.Emulation} (expected 0 to 4).");
        return new IsoBootEntry(index, platform, e.IsBootable, e.Emulation, e.LoadSegment, e.SystemType, e.SectorCount, e.LoadRba);
    }
}
