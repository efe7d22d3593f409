using IsoBuild.RockRidge;

namespace IsoBuild.Layout;

/// <summary>
/// How a record's system use entries are split between the record itself and continuation areas (SUSP 5.1).
/// A continuation area never crosses a logical block, since readers such as Linux read it from one block.
/// </summary>
internal sealed class SystemUsePlan
{
    public const int AreaCapacity = ImageLayout.SectorSize;

    private SystemUsePlan(int inRecordCount, int inRecordLength, List<(int Start, int Count, int Length)> areas)
    {
        InRecordCount = inRecordCount;
        InRecordLength = inRecordLength;
        Areas = areas;
    }

    /// <summary>How many entries are in the record (a CE entry follows them when <see cref="Areas"/> is not empty).</summary>
    public int InRecordCount { get; }

    /// <summary>Bytes of system use in the record, the CE entry included.</summary>
    public int InRecordLength { get; }

    /// <summary>Entries of each continuation area and its length, its own CE entry included.</summary>
    public List<(int Start, int Count, int Length)> Areas { get; }

    public static SystemUsePlan Create(List<byte[]> entries, int capacity)
    {
        int total = 0;
        foreach (byte[] e in entries)
            total += e.Length;
        if (total <= capacity)
            return new SystemUsePlan(entries.Count, total, []);

        int i = 0;
        int used = Take(entries, ref i, capacity - SuspEntry.ContinuationLength);
        int inRecordCount = i;
        var areas = new List<(int, int, int)>();
        while (i < entries.Count)
        {
            int start = i;
            int rest = 0;
            for (int k = i; k < entries.Count; k++)
                rest += entries[k].Length;
            if (rest <= AreaCapacity)
            {
                areas.Add((start, entries.Count - start, rest));
                break;
            }
            int length = Take(entries, ref i, AreaCapacity - SuspEntry.ContinuationLength);
            areas.Add((start, i - start, length + SuspEntry.ContinuationLength));
        }
        return new SystemUsePlan(inRecordCount, used + SuspEntry.ContinuationLength, areas);
    }

    private static int Take(List<byte[]> entries, ref int i, int capacity)
    {
        int used = 0;
        while (i < entries.Count && used + entries[i].Length <= capacity)
            used += entries[i++].Length;
        return used;
    }
}
