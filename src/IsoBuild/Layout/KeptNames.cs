using IsoBuild.Iso9660;

namespace IsoBuild.Layout;

/// <summary>
/// Which ISO 9660 and Joliet names of a base image's entries an edit keeps: those that are still what IsoBuild could
/// have written for the level the new image uses. Anything else (lower-case or relaxed names of another writer,
/// names too long for a stricter level) is mapped from the entry's name again.
/// </summary>
internal static class KeptNames
{
    /// <summary>The identifier to keep (without ";1"; a file's with its '.'), or null to map the name anew.</summary>
    public static string? Iso(string? recorded, bool isDirectory, bool level1)
    {
        if (string.IsNullOrEmpty(recorded))
            return null;
        if (isDirectory)
        {
            int max = level1 ? IsoNames.Level1MaxName : IsoNames.MaxDirectoryName;
            return recorded.Length <= max && recorded.All(IsoNames.IsDCharacter) ? recorded : null;
        }
        string id = recorded.Contains('.', StringComparison.Ordinal) ? recorded : recorded + ".";
        int dot = id.IndexOf('.', StringComparison.Ordinal);
        if (id.IndexOf('.', dot + 1) >= 0)
            return null;
        string name = id[..dot];
        string ext = id[(dot + 1)..];
        if (name.Length + ext.Length == 0 || !name.All(IsoNames.IsDCharacter) || !ext.All(IsoNames.IsDCharacter))
            return null;
        bool fits = level1
            ? name.Length <= IsoNames.Level1MaxName && ext.Length <= IsoNames.Level1MaxExtension
            : name.Length + ext.Length <= IsoNames.MaxFileNameAndExtension;
        return fits ? id : null;
    }

    /// <summary>
    /// The longest Joliet name kept: xorriso's <c>-joliet-long</c> limit, which Windows and Linux read. IsoBuild's own
    /// names keep to 64 characters with the ";1"; other writers count differently (xorriso's plain Joliet names
    /// reach 65), and an edit keeps what they wrote.
    /// </summary>
    public const int MaxKeptJolietLength = 103;

    /// <summary>The Joliet name to keep (without ";1"), or null to map the name anew.</summary>
    public static string? Joliet(string? recorded)
    {
        if (string.IsNullOrEmpty(recorded) || recorded is "." or ".." || recorded.Length > MaxKeptJolietLength)
            return null;
        foreach (char c in recorded)
        {
            if (c < 0x20 || char.IsSurrogate(c) || c is '*' or '/' or ':' or ';' or '?' or '\\')
                return null;
        }
        return recorded;
    }
}
