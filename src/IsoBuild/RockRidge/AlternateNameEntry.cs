using System.Text;

namespace IsoBuild.RockRidge;

/// <summary>
/// RRIP 4.1.4 "NM": a record's POSIX name (UTF-8 by common practice), continued over several entries with the
/// CONTINUE flag when long; CURRENT and PARENT stand for "." and ".." without text.
/// </summary>
/// <param name="Flags">CONTINUE, CURRENT, PARENT.</param>
/// <param name="Name">This entry's part of the name.</param>
internal readonly record struct AlternateNameEntry(byte Flags, byte[] Name)
{
    public const byte FlagContinue = 0x01;
    public const byte FlagCurrent = 0x02;
    public const byte FlagParent = 0x04;

    /// <summary>The most name bytes one entry holds.</summary>
    public const int MaxNameBytes = SuspEntry.MaxLength - SuspEntry.HeaderLength - 1;

    public bool Continues => (Flags & FlagContinue) != 0;
    public bool IsCurrent => (Flags & FlagCurrent) != 0;
    public bool IsParent => (Flags & FlagParent) != 0;

    /// <summary>The entries of a name: as few as hold it, each but the last with CONTINUE set.</summary>
    public static IEnumerable<AlternateNameEntry> Split(string name)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(name);
        for (int offset = 0; offset < utf8.Length || offset == 0; offset += MaxNameBytes)
        {
            int n = Math.Min(MaxNameBytes, utf8.Length - offset);
            bool more = offset + n < utf8.Length;
            yield return new AlternateNameEntry(more ? FlagContinue : (byte)0, utf8.AsSpan(offset, n).ToArray());
            if (!more)
                yield break;
        }
    }

    /// <summary>The bytes of the entries <see cref="Split"/> makes for <paramref name="name"/>.</summary>
    public static int SplitLength(ReadOnlySpan<char> name)
    {
        int utf8 = Encoding.UTF8.GetByteCount(name);
        int entries = Math.Max(1, (utf8 + MaxNameBytes - 1) / MaxNameBytes);
        return entries * (SuspEntry.HeaderLength + 1) + utf8;
    }

    /// <summary>
    /// Writes the one entry of a name that one entry holds at the start of <paramref name="destination"/> (the bytes
    /// <see cref="Split"/> and <see cref="Write()"/> make, without arrays); returns its length, or -1 for a longer name.
    /// </summary>
    public static int WriteSingle(ReadOnlySpan<char> name, Span<byte> destination)
    {
        int utf8 = Encoding.UTF8.GetByteCount(name);
        if (utf8 > MaxNameBytes)
            return -1;
        int length = SuspEntry.HeaderLength + 1 + utf8;
        SuspEntry.WriteHeader(destination, SuspSignature.AlternateName, length);
        destination[SuspEntry.HeaderLength] = 0;
        Encoding.UTF8.GetBytes(name, destination[(SuspEntry.HeaderLength + 1)..length]);
        return length;
    }

    public byte[] Write()
    {
        byte[] e = SuspEntry.Entry(SuspSignature.AlternateName, 1 + Name.Length, out Span<byte> d);
        d[0] = Flags;
        Name.CopyTo(d[1..]);
        return e;
    }

    /// <summary>Reads an NM entry (header included); false when it has no flags byte.</summary>
    public static bool TryRead(ReadOnlySpan<byte> entry, out AlternateNameEntry nm)
    {
        nm = default;
        ReadOnlySpan<byte> d = SuspEntry.Data(entry);
        if (d.Length < 1)
            return false;
        nm = new AlternateNameEntry(d[0], d[1..].ToArray());
        return true;
    }
}
