namespace IsoBuild.Options;

/// <summary>The known name a mistyped or guessed one most likely meant, for "did you mean …?" hints.</summary>
public static class Suggestions
{
    /// <summary>
    /// The name in <paramref name="known"/> closest to <paramref name="name"/> (ignoring case), or null when none is
    /// close: one that starts with it or it with one (<c>SourceDir</c>, <c>--volume</c>), else one within a few edits.
    /// <paramref name="synonyms"/> maps names users reach for to the one that means it (<c>VolumeLabel</c> → <c>VolumeId</c>).
    /// </summary>
    public static string? Closest(string name, IEnumerable<string> known, IReadOnlyDictionary<string, string>? synonyms = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(known);
        if (synonyms is not null && synonyms.TryGetValue(name, out string? meant))
            return meant;
        string? best = null;
        int bestDistance = int.MaxValue;
        string lower = name.ToLowerInvariant();
        foreach (string candidate in known.Order(StringComparer.Ordinal))
        {
            string c = candidate.ToLowerInvariant();
            int distance = c.StartsWith(lower, StringComparison.Ordinal) || lower.StartsWith(c, StringComparison.Ordinal) ? 0 : Distance(lower, c);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.Max(2, name.Length / 3) ? best : null;
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    private static int Distance(string a, string b)
    {
        int[] previous = new int[b.Length + 1];
        int[] current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
