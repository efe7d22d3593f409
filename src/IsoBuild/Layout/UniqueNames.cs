namespace IsoBuild.Layout;

/// <summary>
/// Makes the mapped names of one directory unique, deterministically: names are considered in ordinal order of the
/// original (Rock Ridge) names; the first claimant of a mapped name keeps it, every later one gets the first numbered
/// variant (1, 2, …) that no sibling's mapped name uses.
/// </summary>
internal static class UniqueNames
{
    /// <summary>The largest number tried before giving up (a directory cannot hold this many siblings in practice).</summary>
    public const int MaxSuffix = 999_999;

    /// <param name="natural">The mapped name of each child, in the children's ordinal order.</param>
    /// <param name="numbered">
    /// Makes the numbered variant of child i with suffix n. Children with equal natural names must get equal variants
    /// for equal n (true of the ISO 9660 and Joliet rules, which number a prefix of the natural name).
    /// </param>
    /// <param name="comparer">Equality of mapped names in the namespace.</param>
    /// <param name="describe">Names child i in an error message.</param>
    /// <param name="kept">
    /// Which children keep a name from a base image (an edit): they claim their names before every other child, so
    /// that a file added beside them cannot take a name they had. Null when none does.
    /// </param>
    public static string[] Assign(IReadOnlyList<string> natural, Func<int, int, string> numbered, StringComparer comparer, Func<int, string> describe,
        IReadOnlyList<bool>? kept = null)
    {
        var result = new string[natural.Count];
        var taken = new HashSet<string>(natural.Count, comparer);
        var losers = new List<int>();
        IEnumerable<int> order = Enumerable.Range(0, natural.Count);
        if (kept is not null)
            order = order.Where(i => kept[i]).Concat(order.Where(i => !kept[i]));
        foreach (int i in order)
        {
            if (taken.Add(natural[i]))
                result[i] = natural[i];
            else
                losers.Add(i);
        }
        // Where the last claimant of each natural name found its number: every smaller number was taken then and still
        // is, so the next claimant starts after it. A directory of many look-alike names costs linear, not quadratic, time.
        var lastSuffix = new Dictionary<string, int>(comparer);
        foreach (int i in losers)
        {
            string? candidate = null;
            int first = lastSuffix.GetValueOrDefault(natural[i]) + 1;
            for (int n = first; n <= MaxSuffix; n++)
            {
                string c = numbered(i, n);
                if (taken.Add(c))
                {
                    candidate = c;
                    lastSuffix[natural[i]] = n;
                    break;
                }
            }
            if (candidate is null)
            {
                IsoBuildException.Throw(ErrorCodes.NameCollision,
                    $"No unique name could be made for {describe(i)}: rename some of the files whose names differ only in characters the image format cannot hold.");
            }
            result[i] = candidate;
        }
        return result;
    }
}
