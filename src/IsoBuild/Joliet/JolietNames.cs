using System.Globalization;
using System.Text;

namespace IsoBuild.Joliet;

/// <summary>
/// Joliet identifiers: UCS-2 big-endian, at most 64 characters including the ";1" of files (the 128-byte limit of the
/// Joliet specification), without the characters * / : ; ? \ and control characters. UCS-2 has no surrogates:
/// a character outside the Basic Multilingual Plane becomes one '_' (libcdio rejects surrogates; xorriso does the same).
/// Rock Ridge keeps every name exactly.
/// </summary>
internal static class JolietNames
{
    public const int MaxLength = 64;
    public const string Version = ";1";
    private const int MaxKeptExtension = 16;

    private static bool IsAllowed(char c) => c >= 0x20 && c is not ('*' or '/' or ':' or ';' or '?' or '\\');

    private static string Clean(string s)
    {
        int first = 0;
        while (first < s.Length && !char.IsSurrogate(s[first]) && IsAllowed(s[first]))
            first++;
        if (first == s.Length)
            return s; // the usual name: nothing to replace, nothing to make
        var sb = new StringBuilder(s.Length);
        sb.Append(s, 0, first);
        for (int i = first; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                    i++;
                sb.Append('_');
                continue;
            }
            sb.Append(IsAllowed(c) ? c : '_');
        }
        return sb.ToString();
    }

    /// <summary>The natural Joliet name (without ";1").</summary>
    public static string Name(string name, bool isDirectory) => Numbered(name, isDirectory, null);

    /// <summary>The Joliet name with "~n" before the extension.</summary>
    public static string Numbered(string name, bool isDirectory, int? n)
    {
        string clean = Clean(name);
        int max = isDirectory ? MaxLength : MaxLength - Version.Length;
        string suffix = n is null ? string.Empty : "~" + n.Value.ToString(CultureInfo.InvariantCulture);
        if (clean.Length + suffix.Length <= max)
        {
            if (n is null)
                return clean;
        }
        int dot = isDirectory ? -1 : clean.LastIndexOf('.');
        string ext = dot > 0 && clean.Length - dot <= MaxKeptExtension ? clean[dot..] : string.Empty;
        string baseName = ext.Length > 0 ? clean[..dot] : clean;
        int keep = Math.Min(baseName.Length, max - ext.Length - suffix.Length);
        return baseName[..keep] + suffix + ext;
    }
}
