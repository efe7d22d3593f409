using System.Buffers.Binary;

namespace IsoBuild.Fat;

/// <summary>
/// A VFAT long name entry (Microsoft FAT specification 7): 13 UTF-16 code units of a long name, in entries before
/// the short entry they belong to, last part first, each with the short name's checksum.
/// </summary>
/// <param name="Order">The part's number from 1, with 0x40 on the last part (the first entry on disk).</param>
/// <param name="Checksum">The <see cref="ShortNameChecksum"/> of the short entry that follows.</param>
/// <param name="Text">Up to 13 code units; a shorter last part is ended by 0x0000 and padded with 0xFFFF.</param>
internal readonly record struct FatLongNameEntry(byte Order, byte Checksum, string Text)
{
    public const int Length = FatDirectoryEntry.Length;
    public const int OrderOffset = 0;
    public const int AttributesOffset = 11;
    public const int TypeOffset = 12;
    public const int ChecksumOffset = 13;
    public const int FirstClusterOffset = 26;
    public const int CharactersPerEntry = 13;
    public const byte LastPart = 0x40;

    /// <summary>Read-only, hidden, system and volume label at once: what marks a long name entry.</summary>
    public const byte Attributes = 0x0F;

    /// <summary>Where the 13 code units lie: 5 at offset 1, 6 at offset 14, 2 at offset 28.</summary>
    private static ReadOnlySpan<byte> CharacterOffsets => [1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30];

    public int Sequence => Order & 0x1F;
    public bool IsLastPart => (Order & LastPart) != 0;

    /// <summary>The entries of <paramref name="name"/> in the order they are recorded: last part first.</summary>
    public static IEnumerable<FatLongNameEntry> Split(string name, ReadOnlySpan<byte> shortName)
    {
        byte checksum = ShortNameChecksum(shortName);
        int parts = (name.Length + CharactersPerEntry - 1) / CharactersPerEntry;
        var entries = new List<FatLongNameEntry>(parts);
        for (int p = parts; p >= 1; p--)
        {
            int start = (p - 1) * CharactersPerEntry;
            entries.Add(new FatLongNameEntry((byte)(p | (p == parts ? LastPart : 0)), checksum, name.Substring(start, Math.Min(CharactersPerEntry, name.Length - start))));
        }
        return entries;
    }

    /// <summary>The checksum of an 11-byte short name that ties long name entries to their short entry.</summary>
    public static byte ShortNameChecksum(ReadOnlySpan<byte> shortName)
    {
        byte checksum = 0;
        foreach (byte c in shortName)
            checksum = (byte)(((checksum & 1) << 7) + (checksum >> 1) + c);
        return checksum;
    }

    public void Write(Span<byte> entry)
    {
        Span<byte> e = entry[..Length];
        e.Clear();
        e[OrderOffset] = Order;
        e[AttributesOffset] = Attributes;
        e[ChecksumOffset] = Checksum;
        for (int k = 0; k < CharactersPerEntry; k++)
        {
            ushort c = k < Text.Length ? Text[k] : k == Text.Length ? (ushort)0 : (ushort)0xFFFF;
            BinaryPrimitives.WriteUInt16LittleEndian(e[CharacterOffsets[k]..], c);
        }
    }

    /// <summary>Reads a long name entry; false when the entry's attributes do not mark one.</summary>
    public static bool TryRead(ReadOnlySpan<byte> entry, out FatLongNameEntry longName)
    {
        longName = default;
        if (entry[AttributesOffset] != Attributes)
            return false;
        Span<char> text = stackalloc char[CharactersPerEntry];
        int n = 0;
        while (n < CharactersPerEntry)
        {
            ushort c = BinaryPrimitives.ReadUInt16LittleEndian(entry[CharacterOffsets[n]..]);
            if (c == 0)
                break;
            text[n++] = (char)c;
        }
        longName = new FatLongNameEntry(entry[OrderOffset], entry[ChecksumOffset], new string(text[..n]));
        return true;
    }
}
