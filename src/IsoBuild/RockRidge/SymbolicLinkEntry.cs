using System.Text;

namespace IsoBuild.RockRidge;

/// <summary>RRIP 4.1.3.1: one component record of a symbolic link's target.</summary>
/// <param name="Flags">CONTINUE, CURRENT, PARENT, ROOT.</param>
/// <param name="Text">The component's bytes (none for CURRENT, PARENT and ROOT).</param>
internal readonly record struct SymbolicLinkComponent(byte Flags, byte[] Text)
{
    public const byte FlagContinue = 0x01;
    public const byte FlagCurrent = 0x02;
    public const byte FlagParent = 0x04;
    public const byte FlagRoot = 0x08;
    public const int HeaderLength = 2;

    /// <summary>The most text one component record holds: its length is one byte.</summary>
    public const int MaxText = byte.MaxValue;

    public bool Continues => (Flags & FlagContinue) != 0;
}

/// <summary>
/// RRIP 4.1.3 "SL": a symbolic link's target as component records, continued over several entries with the
/// entry's CONTINUE flag when long; a component itself may continue in the next record (its own CONTINUE flag).
/// </summary>
/// <param name="Flags">CONTINUE: the target goes on in the next SL entry.</param>
/// <param name="Components">The component records of this entry.</param>
internal readonly record struct SymbolicLinkEntry(byte Flags, IReadOnlyList<SymbolicLinkComponent> Components)
{
    public const byte FlagContinue = 0x01;

    /// <summary>The most component record bytes one entry holds.</summary>
    public const int Capacity = SuspEntry.MaxLength - SuspEntry.HeaderLength - 1;

    public bool Continues => (Flags & FlagContinue) != 0;

    /// <summary>The entries of a target: "/" a ROOT component, "." CURRENT, ".." PARENT, empty components dropped.</summary>
    /// <remarks>
    /// An entry boundary falls inside a component (its CONTINUE flag set) wherever possible: readers disagree on
    /// whether a boundary between whole components means a '/' (Linux adds one, libarchive does not), but all of them
    /// join a continued component without one.
    /// </remarks>
    public static List<SymbolicLinkEntry> Split(string target)
    {
        var pending = new LinkedList<SymbolicLinkComponent>();
        if (target.StartsWith('/'))
            pending.AddLast(new SymbolicLinkComponent(SymbolicLinkComponent.FlagRoot, []));
        foreach (string part in target.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            pending.AddLast(part switch
            {
                "." => new SymbolicLinkComponent(SymbolicLinkComponent.FlagCurrent, []),
                ".." => new SymbolicLinkComponent(SymbolicLinkComponent.FlagParent, []),
                _ => new SymbolicLinkComponent(0, Encoding.UTF8.GetBytes(part)),
            });
        }
        if (pending.Count == 0)
            pending.AddLast(new SymbolicLinkComponent(SymbolicLinkComponent.FlagCurrent, []));

        var entries = new List<SymbolicLinkEntry>();
        var current = new List<SymbolicLinkComponent>();
        int room = Capacity;
        while (pending.Count > 0)
        {
            (byte flags, byte[] text) = pending.First!.Value;
            int need = SymbolicLinkComponent.HeaderLength + text.Length;
            if (need <= room && text.Length <= SymbolicLinkComponent.MaxText)
            {
                current.Add(new SymbolicLinkComponent(flags, text));
                room -= need;
                pending.RemoveFirst();
                continue;
            }
            if (flags == 0 && room >= SymbolicLinkComponent.HeaderLength + 1)
            {
                int n = Math.Min(room - SymbolicLinkComponent.HeaderLength, SymbolicLinkComponent.MaxText);
                current.Add(new SymbolicLinkComponent(SymbolicLinkComponent.FlagContinue, text[..n]));
                pending.First.Value = new SymbolicLinkComponent(0, text[n..]);
                room -= SymbolicLinkComponent.HeaderLength + n;
                if (room >= SymbolicLinkComponent.HeaderLength + 1)
                    continue; // a component longer than 255 bytes continues in this entry
            }
            else if (current.Count > 0 && current[^1] is { Flags: 0, Text.Length: > 1 } last)
            {
                // Move the last byte of the previous component on, so the boundary falls inside it.
                current[^1] = new SymbolicLinkComponent(SymbolicLinkComponent.FlagContinue, last.Text[..^1]);
                pending.AddFirst(new SymbolicLinkComponent(0, last.Text[^1..]));
            }
            entries.Add(new SymbolicLinkEntry(FlagContinue, [.. current]));
            current.Clear();
            room = Capacity;
        }
        entries.Add(new SymbolicLinkEntry(0, [.. current]));
        return entries;
    }

    public byte[] Write()
    {
        byte[] e = SuspEntry.Entry(SuspSignature.SymbolicLink, 1 + Components.Sum(c => SymbolicLinkComponent.HeaderLength + c.Text.Length), out Span<byte> d);
        d[0] = Flags;
        int o = 1;
        foreach ((byte flags, byte[] text) in Components)
        {
            d[o] = flags;
            d[o + 1] = (byte)text.Length;
            text.CopyTo(d[(o + SymbolicLinkComponent.HeaderLength)..]);
            o += SymbolicLinkComponent.HeaderLength + text.Length;
        }
        return e;
    }

    /// <summary>
    /// Reads an SL entry (header included); a component whose length runs past the entry is cut at its end. False
    /// when it has no flags byte.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> entry, out SymbolicLinkEntry sl)
    {
        sl = default;
        ReadOnlySpan<byte> d = SuspEntry.Data(entry);
        if (d.Length < 1)
            return false;
        ReadOnlySpan<byte> records = d[1..];
        var components = new List<SymbolicLinkComponent>();
        int p = 0;
        while (p + SymbolicLinkComponent.HeaderLength <= records.Length)
        {
            int length = Math.Min(records[p + 1], records.Length - p - SymbolicLinkComponent.HeaderLength);
            components.Add(new SymbolicLinkComponent(records[p], records.Slice(p + SymbolicLinkComponent.HeaderLength, length).ToArray()));
            p += SymbolicLinkComponent.HeaderLength + length;
        }
        sl = new SymbolicLinkEntry(d[0], components);
        return true;
    }

    /// <summary>
    /// Appends this entry's components to a target being read. Components are joined by '/', except that a component
    /// whose CONTINUE flag is set goes on in the next one, also across SL entries (which is how IsoBuild, xorriso and
    /// Linux treat it); ROOT starts the target over at "/". <paramref name="needsSeparator"/> carries over between entries.
    /// </summary>
    public void AppendTo(StringBuilder target, ref bool needsSeparator)
    {
        foreach (SymbolicLinkComponent c in Components)
        {
            if ((c.Flags & SymbolicLinkComponent.FlagRoot) != 0)
            {
                target.Clear();
                target.Append('/');
                needsSeparator = false;
                continue;
            }
            if (needsSeparator)
                target.Append('/');
            if ((c.Flags & SymbolicLinkComponent.FlagCurrent) != 0)
                target.Append('.');
            else if ((c.Flags & SymbolicLinkComponent.FlagParent) != 0)
                target.Append("..");
            else
                target.Append(Encoding.UTF8.GetString(c.Text));
            needsSeparator = !c.Continues;
        }
    }
}
