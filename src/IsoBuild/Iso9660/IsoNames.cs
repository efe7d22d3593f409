using System.Globalization;

namespace IsoBuild.Iso9660;

/// <summary>
/// ISO 9660 identifiers: d-characters (A–Z, 0–9, _) with interchange level 2 lengths (ECMA-119 7.5, 7.6, 10.2):
/// a file is NAME.EXT;1 with NAME and EXT together at most 30 characters, a directory at most 31 characters.
/// With <c>level1</c>, interchange level 1's 8.3: NAME at most 8, EXT at most 3, a directory at most 8 characters.
/// </summary>
internal static class IsoNames
{
    public const int MaxFileNameAndExtension = 30;
    public const int MaxDirectoryName = 31;
    public const int MaxExtension = 8;
    public const string Version = ";1";
    public const int Level1MaxName = 8;
    public const int Level1MaxExtension = 3;

    public static bool IsDCharacter(char c) => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_';

    /// <summary>
    /// <paramref name="s"/> with a–z made A–Z and every other character kept: the same on every machine and runtime,
    /// which Unicode case mapping (ICU's or the runtime's own tables) is not.
    /// </summary>
    public static string ToAsciiUpper(string s) => string.Create(s.Length, s, static (upper, source) =>
    {
        for (int i = 0; i < upper.Length; i++)
            upper[i] = char.IsAsciiLetterLower(source[i]) ? (char)(source[i] - ('a' - 'A')) : source[i];
    });

    private static string ToDCharacters(ReadOnlySpan<char> s) => string.Create(s.Length, s, static (d, source) => ToDCharacters(source, d));

    /// <summary>Writes <paramref name="source"/> as d-characters into the start of <paramref name="d"/>: a–z made A–Z, any other character that is none made '_'.</summary>
    private static void ToDCharacters(ReadOnlySpan<char> source, Span<char> d)
    {
        for (int i = 0; i < source.Length; i++)
        {
            char c = char.IsAsciiLetterLower(source[i]) ? (char)(source[i] - ('a' - 'A')) : source[i];
            d[i] = IsDCharacter(c) ? c : '_';
        }
    }

    /// <summary>The natural directory identifier for a name.</summary>
    public static string DirectoryName(string name, bool level1 = false)
    {
        string d = ToDCharacters(name);
        int max = level1 ? Level1MaxName : MaxDirectoryName;
        return d.Length > max ? d[..max] : d;
    }

    /// <summary>The directory identifier with a number replacing its tail.</summary>
    public static string NumberedDirectoryName(string name, int n, bool level1 = false)
    {
        string digits = n.ToString(CultureInfo.InvariantCulture);
        string d = ToDCharacters(name);
        int keep = Math.Max(0, Math.Min(d.Length, (level1 ? Level1MaxName : MaxDirectoryName) - digits.Length - 1));
        return d[..keep] + "_" + digits;
    }

    /// <summary>Splits a file name into mapped NAME and EXT (at the last dot).</summary>
    public static (string Name, string Extension) SplitFileName(string name, bool level1 = false)
    {
        Split(name, level1, out ReadOnlySpan<char> b, out ReadOnlySpan<char> e);
        return (b.IsEmpty && e.IsEmpty ? "_" : ToDCharacters(b), ToDCharacters(e));
    }

    /// <summary>
    /// The parts of a file name that its mapped NAME and EXT are made of, each character for one: the name before
    /// the last dot and the extension after it, cut to the level's lengths.
    /// </summary>
    private static void Split(ReadOnlySpan<char> name, bool level1, out ReadOnlySpan<char> b, out ReadOnlySpan<char> e)
    {
        int dot = name.LastIndexOf('.');
        b = dot < 0 ? name : name[..dot];
        e = dot < 0 ? [] : name[(dot + 1)..];
        if (level1)
        {
            b = b.Length > Level1MaxName ? b[..Level1MaxName] : b;
            e = e.Length > Level1MaxExtension ? e[..Level1MaxExtension] : e;
        }
        else if (b.Length + e.Length > MaxFileNameAndExtension)
        {
            if (e.Length > MaxExtension)
                e = e[..MaxExtension];
            if (b.Length + e.Length > MaxFileNameAndExtension)
                b = b[..(MaxFileNameAndExtension - e.Length)];
        }
    }

    /// <summary>The natural file identifier without the version, "NAME.EXT", made as one string (a million files map a million names).</summary>
    public static string FileName(ReadOnlySpan<char> name, bool level1 = false)
    {
        Split(name, level1, out ReadOnlySpan<char> b, out ReadOnlySpan<char> e);
        if (b.IsEmpty && e.IsEmpty)
            return "_.";
        Span<char> buffer = stackalloc char[MaxFileNameAndExtension + 1];
        Span<char> mapped = buffer[..(b.Length + 1 + e.Length)];
        ToDCharacters(b, mapped);
        mapped[b.Length] = '.';
        ToDCharacters(e, mapped[(b.Length + 1)..]);
        return new string(mapped);
    }

    /// <summary>The file identifier with a number replacing the tail of NAME.</summary>
    public static string NumberedFileName(string name, int n, bool level1 = false)
    {
        (string b, string e) = SplitFileName(name, level1);
        string digits = n.ToString(CultureInfo.InvariantCulture);
        int keep = Math.Min(b.Length, (level1 ? Level1MaxName : MaxFileNameAndExtension - e.Length) - digits.Length - 1);
        return b[..Math.Max(0, keep)] + "_" + digits + "." + e;
    }

    /// <summary>
    /// Orders identifiers as ECMA-119 9.3 asks: by NAME, then EXT, each compared as if padded with spaces. Since every
    /// d-character sorts above the separators, that is the ordinal order of NAME, then of EXT.
    /// </summary>
    public static int Compare(string x, string y)
    {
        SplitIdentifier(x, out ReadOnlySpan<char> xn, out ReadOnlySpan<char> xe);
        SplitIdentifier(y, out ReadOnlySpan<char> yn, out ReadOnlySpan<char> ye);
        int c = xn.SequenceCompareTo(yn);
        return c != 0 ? c : xe.SequenceCompareTo(ye);
    }

    private static void SplitIdentifier(string id, out ReadOnlySpan<char> name, out ReadOnlySpan<char> ext)
    {
        ReadOnlySpan<char> s = id.AsSpan();
        int semi = s.IndexOf(';');
        if (semi >= 0)
            s = s[..semi];
        int dot = s.IndexOf('.');
        name = dot < 0 ? s : s[..dot];
        ext = dot < 0 ? [] : s[(dot + 1)..];
    }
}
