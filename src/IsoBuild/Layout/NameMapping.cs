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
            string[] naturalIso = new string[children.Length];
            for (int i = 0; i < children.Length; i++)
                naturalIso[i] = keptIso[i] ?? (children[i].IsDirectory ? IsoNames.DirectoryName(names[i], level1) : IsoNames.FileName(names[i], level1));
            string[] iso = UniqueNames.Assign(
                naturalIso,
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
                string[] naturalJoliet = new string[inJoliet.Length];
                for (int k = 0; k < inJoliet.Length; k++)
                    naturalJoliet[k] = keptJoliet[k] ?? JolietNames.Name(names[inJoliet[k]], children[inJoliet[k]].IsDirectory);
                string[] mapped = UniqueNames.Assign(
                    naturalJoliet,
                    (k, n) => JolietNames.Numbered(names[inJoliet[k]], children[inJoliet[k]].IsDirectory, n),
                    StringComparer.Ordinal,
                    k => children[inJoliet[k]].ImagePath,
                    jolietKept);
                for (int k = 0; k < inJoliet.Length; k++)
                    jolietNames[inJoliet[k]] = mapped[k];
            }
            dir.NameChildren(iso, jolietNames);
            // Both orders are sorts of the children's places that fall back on the place (stable sorts: ISO 9660 names
            // that differ as strings may still compare equal under ECMA-119's padding rules), made without a string
            // or a key per child.
            if (joliet)
            {
                Array.Sort(inJoliet, (a, b) => Tied(CompareJoliet(jolietNames[a]!, children[a].IsDirectory, jolietNames[b]!, children[b].IsDirectory), a, b));
                jolietOrder = Array.ConvertAll(inJoliet, i => children[i]);
            }
            int[] inIso = [.. Enumerable.Range(0, children.Length).Where(i => (children[i].HiddenFrom & HiddenFrom.Iso9660) == 0)];
            Array.Sort(inIso, (a, b) => Tied(IsoNames.Compare(iso[a], iso[b]), a, b));
            dir.Order(Array.ConvertAll(inIso, i => children[i]), jolietOrder);
            for (int i = children.Length - 1; i >= 0; i--)
            {
                if (children[i] is LayoutDirectory child)
                    stack.Push(child);
            }
        }
        if (isoLevel < 3)
            CheckStrictPaths(root, 0, 0, isoLevel);
    }

    private static int Tied(int compared, int a, int b) => compared != 0 ? compared : a.CompareTo(b);

    /// <summary>
    /// The ordinal order of two Joliet identifiers (<see cref="LayoutNode.JolietId"/>: the name, and ";1" after a
    /// file's), told without making them.
    /// </summary>
    internal static int CompareJoliet(string x, bool xDirectory, string y, bool yDirectory)
    {
        int common = Math.Min(x.Length, y.Length);
        int c = x.AsSpan(0, common).SequenceCompareTo(y.AsSpan(0, common));
        if (c != 0)
            return c;
        int xLength = x.Length + (xDirectory ? 0 : JolietNames.Version.Length);
        int yLength = y.Length + (yDirectory ? 0 : JolietNames.Version.Length);
        for (int i = common; i < Math.Min(xLength, yLength); i++)
        {
            c = At(x, i).CompareTo(At(y, i));
            if (c != 0)
                return c;
        }
        return xLength.CompareTo(yLength);

        static char At(string name, int i) => i < name.Length ? name[i] : JolietNames.Version[i - name.Length];
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
