using IsoBuild.Iso9660;
using IsoBuild.Joliet;
using IsoBuild.Spec;

namespace IsoBuild.Layout;

/// <summary>
/// Names every node in the ISO 9660 and Joliet trees, once, unique within its directory, and orders each directory's
/// records as the standards ask; checks that paths keep to the ISO 9660 level.
/// </summary>
internal static class NameMapping
{
    /// <summary>ECMA-119 6.8.2.1 (levels 1 and 2): at most 8 directory levels below the root, paths of at most 255 characters.</summary>
    public const int MaxStrictDepth = 8;
    public const int MaxStrictPathLength = 255;

    /// <param name="root">The tree's root.</param>
    /// <param name="isoLevel">The ISO 9660 interchange level.</param>
    /// <param name="joliet">True to name the Joliet tree too.</param>
    /// <param name="baseVolume">What an edit's base image keeps of the generated boot catalog, or null.</param>
    public static void Assign(LayoutDirectory root, int isoLevel, bool joliet, BaseVolume? baseVolume = null)
    {
        bool level1 = isoLevel == 1;
        var stack = new Stack<LayoutDirectory>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            LayoutDirectory dir = stack.Pop();
            LayoutNode[] children = dir.Children;
            // The names as strings for the mapping rules, once per directory; the nodes keep only views of their paths.
            string[] names = [.. children.Select(c => c.Name.ToString())];
            // An entry of an edit's base image keeps its ISO 9660 and Joliet names where they are still valid.
            string?[] keptIso = [.. children.Select(c => KeptNames.Iso(KeptAttributes.Of(c, baseVolume)?.IsoName, c.IsDirectory, level1))];
            bool[]? isoKept = keptIso.Any(k => k is not null) ? [.. keptIso.Select(k => k is not null)] : null;
            string[] iso = UniqueNames.Assign(
                [.. children.Select((c, i) => keptIso[i] ?? (c.IsDirectory ? IsoNames.DirectoryName(names[i], level1) : IsoNames.FileName(names[i], level1)))],
                (i, n) => children[i].IsDirectory ? IsoNames.NumberedDirectoryName(names[i], n, level1) : IsoNames.NumberedFileName(names[i], n, level1),
                StringComparer.Ordinal,
                i => children[i].ImagePath,
                isoKept);
            string?[] jolietNames = new string?[children.Length];
            LayoutNode[] jolietOrder = [];
            int[] inJoliet = joliet
                ? [.. Enumerable.Range(0, children.Length).Where(i => children[i].Kind != EntryKind.Symlink && (children[i].HiddenFrom & HiddenFrom.Joliet) == 0)]
                : [];
            if (joliet)
            {
                string?[] keptJoliet = [.. inJoliet.Select(i => KeptNames.Joliet(KeptAttributes.Of(children[i], baseVolume)?.JolietName))];
                bool[]? jolietKept = keptJoliet.Any(k => k is not null) ? [.. keptJoliet.Select(k => k is not null)] : null;
                string[] mapped = UniqueNames.Assign(
                    [.. inJoliet.Select((i, k) => keptJoliet[k] ?? JolietNames.Name(names[i], children[i].IsDirectory))],
                    (k, n) => JolietNames.Numbered(names[inJoliet[k]], children[inJoliet[k]].IsDirectory, n),
                    StringComparer.Ordinal,
                    k => children[inJoliet[k]].ImagePath,
                    jolietKept);
                for (int k = 0; k < inJoliet.Length; k++)
                    jolietNames[inJoliet[k]] = mapped[k];
            }
            string[] isoIds = new string[children.Length];
            for (int i = 0; i < children.Length; i++)
                isoIds[i] = children[i].IsDirectory ? iso[i] : iso[i] + IsoNames.Version;
            dir.NameChildren(isoIds, jolietNames);
            if (joliet)
                jolietOrder = [.. inJoliet.Select(i => children[i]).OrderBy(c => c.JolietId, StringComparer.Ordinal)];
            // A stable sort: names that differ as strings may still compare equal under ECMA-119's padding rules.
            LayoutNode[] isoOrder = [.. Enumerable.Range(0, children.Length).Where(i => (children[i].HiddenFrom & HiddenFrom.Iso9660) == 0)
                .OrderBy(i => isoIds[i], Comparer<string>.Create(IsoNames.Compare)).Select(i => children[i])];
            dir.Order(isoOrder, jolietOrder);
            for (int i = children.Length - 1; i >= 0; i--)
            {
                if (children[i] is LayoutDirectory child)
                    stack.Push(child);
            }
        }
        if (isoLevel < 3)
            CheckStrictPaths(root, 0, 0, isoLevel);
    }

    /// <summary>Levels 1 and 2 keep to ECMA-119's depth and path length; level 3 records deep paths in place.</summary>
    private static void CheckStrictPaths(LayoutDirectory dir, int depth, int pathLength, int level)
    {
        foreach (LayoutNode child in dir.Children)
        {
            int length = pathLength + (dir.IsRoot ? 0 : 1) + child.IsoIdLength;
            if (child.IsDirectory && depth + 1 > MaxStrictDepth || length > MaxStrictPathLength)
            {
                IsoBuildException.Throw(ErrorCodes.PathBeyondLevel,
                    $"'{child.ImagePath}' is {(length > MaxStrictPathLength ? $"{length} characters long as an ISO 9660 path, more than the {MaxStrictPathLength}" : $"{depth + 1} directories deep, more than the {MaxStrictDepth}")} ISO 9660 level {level} allows. Use {ImageSetting.IsoLevel.Set(3)}, which records deep paths in place, or shorten the tree.");
            }
            if (child is LayoutDirectory d)
                CheckStrictPaths(d, depth + 1, length, level);
        }
    }
}
