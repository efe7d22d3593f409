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
    /// <param name="numbered">Makes the numbered variant of child i with suffix n.</param>
    /// <param name="comparer">Equality of mapped names in the namespace.</param>
    /// <param name="describe">Names child i in an error message.</param>
    public static string[] Assign(IReadOnlyList<string> natural, Func<int, int, string> numbered, StringComparer comparer, Func<int, string> describe)
    {
        var result = new string[natural.Count];
        var taken = new HashSet<string>(natural.Count, comparer);
        var losers = new List<int>();
        for (int i = 0; i < natural.Count; i++)
        {
            if (taken.Add(natural[i]))
                result[i] = natural[i];
            else
                losers.Add(i);
        }
        foreach (int i in losers)
        {
            string? candidate = null;
            for (int n = 1; n <= MaxSuffix; n++)
            {
                string c = numbered(i, n);
                if (taken.Add(c))
                {
                    candidate = c;
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
