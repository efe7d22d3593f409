using IsoBuild.Sectors;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;

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
    // El Torito 1.0, 2.1-2.4: 32-byte entries; the validation entry, then the default entry, then sections.
    private const int EntrySize = 32;
    private const int ValidationHeaderId = 1;
    private const int ValidationPlatformOffset = 1;
    private const int ValidationIdOffset = 4;
    private const int ValidationIdLength = 24;
    private const int ValidationKey55Offset = 30;
    private const int ValidationKeyAAOffset = 31;
    private const int BootIndicatorOffset = 0;
    private const int MediaTypeOffset = 1;
    private const int LoadSegmentOffset = 2;
    private const int SystemTypeOffset = 4;
    private const int SectorCountOffset = 6;
    private const int LoadRbaOffset = 8;
    private const int SectionPlatformOffset = 1;
    private const int SectionEntryCountOffset = 2;
    private const byte Bootable = 0x88;
    private const byte NotBootable = 0x00;
    private const int MaxSectors = 16;
    private const byte HeaderMore = 0x90;
    private const byte HeaderFinal = 0x91;
    private const byte Extension = 0x44;
    private const byte ExtensionFollows = 0x20;

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
        int sum = 0;
        for (int i = 0; i < EntrySize; i += 2)
            sum += BinaryPrimitives.ReadUInt16LittleEndian(v[i..]);
        bool keyed = v[0] == ValidationHeaderId && v[ValidationKey55Offset] == 0x55 && v[ValidationKeyAAOffset] == 0xAA;
        bool valid = keyed && (sum & 0xFFFF) == 0;
        catalog.ValidationEntryValid = valid;
        catalog.IdString = Encoding.ASCII.GetString(v.Slice(ValidationIdOffset, ValidationIdLength)).TrimEnd('\0', ' ');
        if (!valid)
        {
            problems.Add(!keyed
                ? $"{ErrorCodes.MalformedBootCatalog}: the boot catalog at sector {lba} does not start with a validation entry (header 01, key 55 AA)."
                : $"{ErrorCodes.MalformedBootCatalog}: the checksum of the boot catalog's validation entry at sector {lba} is wrong.");
        }
        byte platform = v[ValidationPlatformOffset];
        int p = EntrySize;
        entries.Add(ReadEntry(b.AsSpan(p, EntrySize), 1, platform, problems));
        p += EntrySize;
        bool final = false;
        while (!final && p + EntrySize <= b.Length)
        {
            byte header = b[p];
            if (header is not (HeaderMore or HeaderFinal))
                break;
            final = header == HeaderFinal;
            platform = b[p + SectionPlatformOffset];
            int count = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(p + SectionEntryCountOffset));
            p += EntrySize;
            for (int i = 0; i < count; i++)
            {
                if (p + EntrySize > b.Length)
                {
                    problems.Add($"{ErrorCodes.MalformedBootCatalog}: a section of the boot catalog at sector {lba} announces {count} entries, more than the catalog holds.");
                    break;
                }
                IsoBootEntry entry = ReadEntry(b.AsSpan(p, EntrySize), entries.Count + 1, platform, problems);
                entries.Add(entry);
                bool extended = (b[p + MediaTypeOffset] & ExtensionFollows) != 0;
                p += EntrySize;
                while (extended && p + EntrySize <= b.Length && b[p] == Extension)
                {
                    extended = (b[p + MediaTypeOffset] & ExtensionFollows) != 0;
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

    private static IsoBootEntry ReadEntry(ReadOnlySpan<byte> e, int index, byte platform, List<string> problems)
    {
        byte indicator = e[BootIndicatorOffset];
        int media = e[MediaTypeOffset] & 0x0F;
        if (indicator is not (Bootable or NotBootable))
            problems.Add($"{ErrorCodes.MalformedBootCatalog}: boot entry {index} has boot indicator 0x{indicator:X2} (expected 0x88 or 0x00).");
        if (media > 4)
            problems.Add($"{ErrorCodes.MalformedBootCatalog}: boot entry {index} has media type {media} (expected 0 to 4).");
        return new IsoBootEntry(index, platform, indicator == Bootable, (byte)media,
            BinaryPrimitives.ReadUInt16LittleEndian(e[LoadSegmentOffset..]), e[SystemTypeOffset],
            BinaryPrimitives.ReadUInt16LittleEndian(e[SectorCountOffset..]), BinaryPrimitives.ReadUInt32LittleEndian(e[LoadRbaOffset..]));
    }
}
