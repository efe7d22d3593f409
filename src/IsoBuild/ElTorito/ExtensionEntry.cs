namespace IsoBuild.ElTorito;

/// <summary>
/// El Torito 2.5: a section entry extension, more selection criteria for the section entry before it. Bit 5 of its
/// second byte says whether yet another extension follows.
/// </summary>
/// <param name="MoreFollow">True when another extension entry follows this one.</param>
/// <param name="SelectionCriteria">Up to 30 bytes of vendor-unique selection criteria.</param>
internal readonly record struct ExtensionEntry(bool MoreFollow, byte[] SelectionCriteria)
{
    public const int Size = BootCatalog.EntrySize;
    public const int IndicatorOffset = 0;
    public const int FlagsOffset = 1;
    public const int SelectionCriteriaOffset = 2;
    public const int SelectionCriteriaLength = Size - SelectionCriteriaOffset;
    public const byte Indicator = 0x44;
    public const byte FlagMoreFollow = 0x20;

    public void Write(Span<byte> entry)
    {
        Span<byte> e = entry[..Size];
        e.Clear();
        e[IndicatorOffset] = Indicator;
        e[FlagsOffset] = MoreFollow ? FlagMoreFollow : (byte)0;
        SelectionCriteria.AsSpan(0, Math.Min(SelectionCriteria.Length, SelectionCriteriaLength)).CopyTo(e[SelectionCriteriaOffset..]);
    }

    /// <summary>Reads an extension entry; false when the entry is none (its indicator is not 0x44).</summary>
    public static bool TryRead(ReadOnlySpan<byte> entry, out ExtensionEntry extension)
    {
        extension = default;
        if (entry[IndicatorOffset] != Indicator)
            return false;
        extension = new ExtensionEntry((entry[FlagsOffset] & FlagMoreFollow) != 0, entry.Slice(SelectionCriteriaOffset, SelectionCriteriaLength).ToArray());
        return true;
    }
}
