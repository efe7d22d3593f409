using System.Text;

namespace IsoBuild.Tool.Mkisofs;

/// <summary>
/// An exclusion in effect for a pathspec: -m/-exclude/-x/-old-exclude PATTERN, or -exclude-list FILE (one pattern a
/// line). xorriso matches a pattern that holds no '/' against the leaf name of each disk file, any other pattern
/// against the whole disk path.
/// </summary>
/// <param name="Option">As typed.</param>
/// <param name="Value">The pattern, or the list file.</param>
/// <param name="IsListFile">-exclude-list: <see cref="Value"/> names a file of patterns.</param>
internal sealed record MkisofsExclusion(string Option, string Value, bool IsListFile)
{
    /// <summary>The pattern is matched against leaf names only (it holds no '/').</summary>
    public bool MatchesLeafName => !IsListFile && !Value.Contains('/', StringComparison.Ordinal);
}

/// <summary>The trees a -hide rule hides files from.</summary>
[Flags]
internal enum MkisofsHiddenFrom
{
    None = 0,

    /// <summary>-hide, -hide-list: the ISO 9660 and Rock Ridge tree.</summary>
    Iso9660 = 1,

    /// <summary>-hide-joliet, -hide-joliet-list.</summary>
    Joliet = 2,

    /// <summary>-hide-hfsplus, -hide-hfsplus-list.</summary>
    HfsPlus = 4,
}

/// <summary>
/// A -hide* rule. Hiding is a first-pass option in xorriso: every rule applies to every pathspec, wherever it
/// stands. Like exclusions, a pattern without '/' matches leaf names, else whole disk paths; the boot catalog is
/// hidden when a rule matches its path in the image.
/// </summary>
internal sealed record MkisofsHideRule(string Option, string Value, bool IsListFile, MkisofsHiddenFrom From);

/// <summary>
/// One pathspec (a positional argument), or one -path-list / --quoted_path_list, with the positional state it was
/// added under.
/// </summary>
internal sealed record MkisofsPathspec
{
    /// <summary>The argument as typed (for a list: the list file).</summary>
    public required string Argument { get; init; }

    /// <summary>
    /// The target in the image, unescaped (<c>\=</c> → '=', <c>\\</c> → '\') and not yet joined to
    /// <see cref="Root"/>; null when the pathspec has no target: then a directory's contents are merged into the root
    /// and another file becomes /leafname (both below <see cref="Root"/>).
    /// </summary>
    public string? Target { get; init; }

    /// <summary>The disk path (unescaped when -graft-points was on; literal otherwise).</summary>
    public required string Source { get; init; }

    /// <summary>-graft-points was on (given before this pathspec).</summary>
    public bool GraftPoints { get; init; }

    /// <summary>-path-list / --quoted_path_list: <see cref="Source"/> is a file of pathspecs, one a line (or quoted words).</summary>
    public MkisofsPathListKind List { get; init; }

    /// <summary>The exclusions given before this pathspec, in order (later ones do not apply to it).</summary>
    public ValueList<MkisofsExclusion> Exclusions { get; init; } = [];

    /// <summary>The -root directory (xorriso reads -root in its first pass: the last one applies to every pathspec).</summary>
    public string Root { get; init; } = "/";

    /// <summary>The absolute, normalised path in the image of a graft target (<see cref="Target"/> below <see cref="Root"/>); null without a target.</summary>
    public string? TargetPath => Target is null ? null : MkisofsPaths.Join(Root, Target);
}

/// <summary>Whether a pathspec is a list file.</summary>
internal enum MkisofsPathListKind
{
    None,

    /// <summary>-path-list: one pathspec a line.</summary>
    Lines,

    /// <summary>--quoted_path_list: pathspecs as quoted words.</summary>
    QuotedWords,
}

/// <summary>xorriso's rules for pathspec text and image paths.</summary>
internal static class MkisofsPaths
{
    /// <summary>
    /// Splits a pathspec the way xorriso's mkisofs emulation does. With -graft-points on, the first '=' that is not
    /// escaped by a backslash (<c>\=</c>; <c>\\</c> is an escaped backslash) splits target from source, and both
    /// parts are unescaped; without an unescaped '=' the whole pathspec, unescaped, is the source. With -graft-points
    /// off the pathspec is a disk path, literally (even <c>x=y</c>).
    /// </summary>
    public static (string? Target, string Source) SplitPathspec(string pathspec, bool graftPoints)
    {
        if (!graftPoints)
            return (null, pathspec);
        int separator = -1;
        for (int i = 0; i < pathspec.Length; i++)
        {
            if (pathspec[i] == '\\')
            {
                if (i + 1 < pathspec.Length && pathspec[i + 1] is '=' or '\\')
                    i++;
                continue;
            }
            if (pathspec[i] == '=')
            {
                separator = i;
                break;
            }
        }
        return separator < 0 ? (null, Unescape(pathspec)) : (Unescape(pathspec[..separator]), Unescape(pathspec[(separator + 1)..]));
    }

    /// <summary><c>\=</c> → '=', <c>\\</c> → '\'; any other backslash stays.</summary>
    public static string Unescape(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
            return text;
        var result = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '=' or '\\')
                i++;
            result.Append(text[i]);
        }
        return result.ToString();
    }

    /// <summary>
    /// <paramref name="path"/> below <paramref name="root"/> as an absolute image path: empty components and "."
    /// dropped, ".." going up (never above the root of the image), no trailing '/'. Like xorriso with -root, an
    /// absolute <paramref name="path"/> is below the root too.
    /// </summary>
    public static string Join(string root, string path)
    {
        var parts = new List<string>();
        foreach (string part in (root + "/" + path).Split('/'))
        {
            if (part is "" or ".")
                continue;
            if (part == "..")
            {
                if (parts.Count > 0)
                    parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return "/" + string.Join('/', parts);
    }

    /// <summary>An image path given to -root, -b, -c, --sort-weight…: absolute (relative ones are taken from the image root) and normalised.</summary>
    public static string Absolute(string path) => Join("/", path);
}
