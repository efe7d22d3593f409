using System.Text;

namespace IsoBuild.Checksums;

/// <summary>
/// AAIP 2.0 "AL" system use entries (libisofs doc/susp_aaip_2_0.txt): name/value pairs of extended attributes, each
/// name and value a component of SL-style component records (flags, length, bytes). libisofs keeps its checksum
/// bookkeeping here: "isofs.ca" on the root's "." record, "isofs.cx" on each file.
/// </summary>
/// <remarks>
/// Entry: 'A' 'L' length 1 flags component-area; flag 1 = CONTINUE (another AL entry follows). Component record:
/// flags (1 = the component goes on in the next record), length, bytes. A name starting with byte 4 is in the
/// namespace "isofs." (AAIP's short notation, which libisofs writes).
/// </remarks>
internal static class AaipAttributeList
{
    public const string Signature = "AL";
    public const int HeaderLength = 5;
    private const int MaxEntryLength = 255;
    private const byte EntryContinue = 0x01;
    private const byte ComponentContinue = 0x01;
    private const int MaxComponentRecord = 255;

    /// <summary>Namespace prefixes of AAIP's short notation (bytes 0x02 to 0x06).</summary>
    private static readonly string[] Namespaces = ["", "", "system.", "user.", "isofs.", "trusted.", "security."];

    /// <summary>The AL entries recording <paramref name="attributes"/> (names in the "isofs." etc. namespaces are shortened).</summary>
    public static List<byte[]> Entries(IEnumerable<(string Name, byte[] Value)> attributes)
    {
        var records = new List<byte>();
        foreach ((string name, byte[] value) in attributes)
        {
            AddComponent(records, EncodeName(name));
            AddComponent(records, value);
        }
        var entries = new List<byte[]>();
        int at = 0;
        do
        {
            // A component record is split where an entry fills up: its first part gets the CONTINUE flag.
            var area = new List<byte>();
            while (at < records.Count && area.Count < MaxEntryLength - HeaderLength)
            {
                int room = MaxEntryLength - HeaderLength - area.Count;
                byte flags = records[at];
                int length = records[at + 1];
                if (2 + length <= room)
                {
                    area.AddRange(records.GetRange(at, 2 + length));
                    at += 2 + length;
                    continue;
                }
                if (room < 3)
                    break;
                int part = room - 2;
                area.Add((byte)(flags | ComponentContinue));
                area.Add((byte)part);
                area.AddRange(records.GetRange(at + 2, part));
                // The rest becomes a record of its own, its header over the two bytes just taken.
                records[at + part] = flags;
                records[at + part + 1] = (byte)(length - part);
                at += part;
                break;
            }
            bool more = at < records.Count;
            byte[] entry = new byte[HeaderLength + area.Count];
            entry[0] = (byte)'A';
            entry[1] = (byte)'L';
            entry[2] = (byte)entry.Length;
            entry[3] = 1;
            entry[4] = more ? EntryContinue : (byte)0;
            area.CopyTo(entry, HeaderLength);
            entries.Add(entry);
        }
        while (at < records.Count);
        return entries;
    }

    private static void AddComponent(List<byte> records, byte[] component)
    {
        int at = 0;
        do
        {
            int n = Math.Min(MaxComponentRecord, component.Length - at);
            records.Add(at + n < component.Length ? ComponentContinue : (byte)0);
            records.Add((byte)n);
            records.AddRange(component.AsSpan(at, n));
            at += n;
        }
        while (at < component.Length);
    }

    private static byte[] EncodeName(string name)
    {
        for (int i = 2; i < Namespaces.Length; i++)
        {
            if (name.StartsWith(Namespaces[i], StringComparison.Ordinal) && name.Length > Namespaces[i].Length)
                return [(byte)i, .. Encoding.UTF8.GetBytes(name[Namespaces[i].Length..])];
        }
        return Encoding.UTF8.GetBytes(name);
    }

    /// <summary>
    /// The attributes in the concatenated component areas of a record's AL entries (the empty name, AAIP's ACL, is
    /// kept as ""). Stops at the first malformed record.
    /// </summary>
    public static List<(string Name, byte[] Value)> Parse(ReadOnlySpan<byte> componentAreas)
    {
        var attributes = new List<(string, byte[])>();
        var component = new List<byte>();
        byte[]? name = null;
        int p = 0;
        while (p + 2 <= componentAreas.Length)
        {
            byte flags = componentAreas[p];
            int length = componentAreas[p + 1];
            if (p + 2 + length > componentAreas.Length)
                break;
            component.AddRange(componentAreas.Slice(p + 2, length));
            p += 2 + length;
            if ((flags & ComponentContinue) != 0)
                continue;
            if (name is null)
            {
                name = [.. component];
            }
            else
            {
                attributes.Add((DecodeName(name), [.. component]));
                name = null;
            }
            component.Clear();
        }
        return attributes;
    }

    private static string DecodeName(byte[] name)
    {
        if (name.Length > 0 && name[0] < Namespaces.Length && name[0] >= 2)
            return Namespaces[name[0]] + Encoding.UTF8.GetString(name, 1, name.Length - 1);
        if (name.Length > 0 && name[0] == 1)
            return Encoding.UTF8.GetString(name, 1, name.Length - 1);
        return Encoding.UTF8.GetString(name);
    }

    /// <summary>A number as AAIP values hold it: most significant byte first, <paramref name="bytes"/> long.</summary>
    public static byte[] BigEndian(ulong value, int bytes)
    {
        byte[] b = new byte[bytes];
        for (int i = bytes - 1; i >= 0; i--, value >>= 8)
            b[i] = (byte)value;
        return b;
    }

    /// <summary>Reads a big-endian number of up to 8 bytes.</summary>
    public static ulong ReadBigEndian(ReadOnlySpan<byte> bytes)
    {
        ulong v = 0;
        foreach (byte b in bytes)
            v = (v << 8) | b;
        return v;
    }
}
