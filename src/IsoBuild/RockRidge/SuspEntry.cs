using System.Text;
using IsoBuild.Iso9660;

namespace IsoBuild.RockRidge;

/// <summary>
/// System Use Sharing Protocol (SUSP 1.12) and Rock Ridge (RRIP 1.12) entries. Each entry is a 4-byte header
/// (signature, length, version) and its data; an entry is at most 255 bytes.
/// </summary>
internal static class SuspEntry
{
    public const int HeaderLength = 4;
    public const int MaxLength = 255;
    public const int ContinuationLength = 28;
    public const int PosixAttributesLength = 44;
    public const int SharingProtocolLength = HeaderLength + 3;
    public const int TimestampsLength = HeaderLength + 1 + 3 * IsoDate.RecordDateLength;
    public static readonly int ExtensionReferenceLength = HeaderLength + 4 + ExtensionId.Length + ExtensionDescriptor.Length + ExtensionSource.Length;
    private const int NameChunk = MaxLength - HeaderLength - 1;

    // RRIP 1.12 (IEEE P1282) extension reference, as the specification words it.
    public const string ExtensionId = "IEEE_P1282";
    public const string ExtensionDescriptor = "THE IEEE P1282 PROTOCOL PROVIDES SUPPORT FOR POSIX FILE SYSTEM SEMANTICS";
    public const string ExtensionSource = "PLEASE CONTACT THE IEEE STANDARDS DEPARTMENT, PISCATAWAY, NJ, USA FOR THE P1282 SPECIFICATION";

    public const byte NameContinue = 0x01;
    public const byte LinkContinue = 0x01;
    public const byte ComponentContinue = 0x01;
    public const byte ComponentCurrent = 0x02;
    public const byte ComponentParent = 0x04;
    public const byte ComponentRoot = 0x08;

    public const byte TimeModify = 0x02;
    public const byte TimeAccess = 0x04;
    public const byte TimeAttributes = 0x08;

    private static byte[] Entry(string signature, int dataLength, out Span<byte> data)
    {
        var e = new byte[HeaderLength + dataLength];
        e[0] = (byte)signature[0];
        e[1] = (byte)signature[1];
        e[2] = (byte)e.Length;
        e[3] = 1;
        data = e.AsSpan(HeaderLength);
        return e;
    }

    /// <summary>SUSP 5.3 "SP": marks SUSP use; first entry of the root directory's own record.</summary>
    public static byte[] SharingProtocol()
    {
        byte[] e = Entry("SP", SharingProtocolLength - HeaderLength, out Span<byte> d);
        d[0] = 0xBE;
        d[1] = 0xEF;
        d[2] = 0; // no bytes skipped
        return e;
    }

    /// <summary>SUSP 5.5 "ER": names the extension (RRIP 1.12) in the root directory's own record.</summary>
    public static byte[] ExtensionReference()
    {
        byte[] e = Entry("ER", ExtensionReferenceLength - HeaderLength, out Span<byte> d);
        d[0] = (byte)ExtensionId.Length;
        d[1] = (byte)ExtensionDescriptor.Length;
        d[2] = (byte)ExtensionSource.Length;
        d[3] = 1;
        int o = 4;
        o += Encoding.ASCII.GetBytes(ExtensionId, d[o..]);
        o += Encoding.ASCII.GetBytes(ExtensionDescriptor, d[o..]);
        Encoding.ASCII.GetBytes(ExtensionSource, d[o..]);
        return e;
    }

    /// <summary>SUSP 5.1 "CE": where the rest of the system use entries continue.</summary>
    public static void WriteContinuation(Span<byte> destination, uint block, uint offset, uint length)
    {
        destination[0] = (byte)'C';
        destination[1] = (byte)'E';
        destination[2] = ContinuationLength;
        destination[3] = 1;
        BothEndian.WriteUInt32(destination[4..], block);
        BothEndian.WriteUInt32(destination[12..], offset);
        BothEndian.WriteUInt32(destination[20..], length);
    }

    /// <summary>RRIP 4.1.1 "PX" (1.12 form with the file serial number).</summary>
    public static byte[] PosixAttributes(uint mode, uint links, uint serial)
    {
        byte[] e = Entry("PX", PosixAttributesLength - HeaderLength, out Span<byte> d);
        BothEndian.WriteUInt32(d, mode);
        BothEndian.WriteUInt32(d[8..], links);
        BothEndian.WriteUInt32(d[16..], 0); // uid: normalised
        BothEndian.WriteUInt32(d[24..], 0); // gid: normalised
        BothEndian.WriteUInt32(d[32..], serial);
        return e;
    }

    /// <summary>RRIP 4.1.6 "TF": modification, access and attribute-change times, all the build timestamp.</summary>
    public static byte[] Timestamps(DateTimeOffset time)
    {
        byte[] e = Entry("TF", TimestampsLength - HeaderLength, out Span<byte> d);
        d[0] = TimeModify | TimeAccess | TimeAttributes;
        for (int i = 0; i < 3; i++)
            IsoDate.WriteRecordDate(d[(1 + i * IsoDate.RecordDateLength)..], time);
        return e;
    }

    /// <summary>RRIP 4.1.4 "NM": the POSIX name in UTF-8, split over several entries when long.</summary>
    public static IEnumerable<byte[]> AlternateName(string name)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(name);
        for (int offset = 0; offset < utf8.Length || offset == 0; offset += NameChunk)
        {
            int n = Math.Min(NameChunk, utf8.Length - offset);
            bool more = offset + n < utf8.Length;
            byte[] e = Entry("NM", 1 + n, out Span<byte> d);
            d[0] = more ? NameContinue : (byte)0;
            utf8.AsSpan(offset, n).CopyTo(d[1..]);
            yield return e;
            if (!more)
                yield break;
        }
    }

    /// <summary>The bytes of the "NM" entries <see cref="AlternateName"/> makes for <paramref name="name"/>.</summary>
    public static int AlternateNameLength(ReadOnlySpan<char> name)
    {
        int utf8 = Encoding.UTF8.GetByteCount(name);
        int entries = Math.Max(1, (utf8 + NameChunk - 1) / NameChunk);
        return entries * (HeaderLength + 1) + utf8;
    }

    /// <summary>RRIP 4.1.3 "SL": a symbolic link's target as component records, split over several entries when long.</summary>
    /// <remarks>
    /// An entry boundary falls inside a component (its CONTINUE flag set) wherever possible: readers disagree on
    /// whether a boundary between whole components means a '/' (Linux adds one, libarchive does not), but all of them
    /// join a continued component without one.
    /// </remarks>
    public static IEnumerable<byte[]> SymbolicLink(string target)
    {
        var pending = new LinkedList<(byte Flags, byte[] Text)>();
        if (target.StartsWith('/'))
            pending.AddLast((ComponentRoot, []));
        foreach (string part in target.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            pending.AddLast(part switch
            {
                "." => (ComponentCurrent, []),
                ".." => (ComponentParent, []),
                _ => ((byte)0, Encoding.UTF8.GetBytes(part)),
            });
        }
        if (pending.Count == 0)
            pending.AddLast((ComponentCurrent, []));

        const int capacity = MaxLength - HeaderLength - 1;
        const int maxComponentText = byte.MaxValue;
        var entries = new List<byte[]>();
        var current = new List<(byte Flags, byte[] Text)>();
        int room = capacity;
        while (pending.Count > 0)
        {
            (byte flags, byte[] text) = pending.First!.Value;
            int need = 2 + text.Length;
            if (need <= room && text.Length <= maxComponentText)
            {
                current.Add((flags, text));
                room -= need;
                pending.RemoveFirst();
                continue;
            }
            if (flags == 0 && room >= 3)
            {
                int n = Math.Min(room - 2, maxComponentText);
                current.Add((ComponentContinue, text[..n]));
                pending.First.Value = (0, text[n..]);
                room -= 2 + n;
                if (room >= 3)
                    continue; // a component longer than 255 bytes continues in this entry
            }
            else if (current.Count > 0 && current[^1] is { Flags: 0, Text.Length: > 1 } last)
            {
                // Move the last byte of the previous component on, so the boundary falls inside it.
                current[^1] = (ComponentContinue, last.Text[..^1]);
                pending.AddFirst((0, last.Text[^1..]));
            }
            entries.Add(LinkEntry(current, more: true));
            current.Clear();
            room = capacity;
        }
        entries.Add(LinkEntry(current, more: false));
        return entries;
    }

    private static byte[] LinkEntry(List<(byte Flags, byte[] Text)> components, bool more)
    {
        byte[] e = Entry("SL", 1 + components.Sum(c => 2 + c.Text.Length), out Span<byte> d);
        d[0] = more ? LinkContinue : (byte)0;
        int o = 1;
        foreach ((byte flags, byte[] text) in components)
        {
            d[o] = flags;
            d[o + 1] = (byte)text.Length;
            text.CopyTo(d[(o + 2)..]);
            o += 2 + text.Length;
        }
        return e;
    }
}
