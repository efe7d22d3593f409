using IsoBuild.Spec;

namespace IsoBuild.Layout;

/// <summary>
/// The tree of an image: a node per entry of the spec, the directories its paths imply, and the files the layout
/// generates itself (the boot catalog), each checked against what the image format and the options allow.
/// </summary>
internal static class LayoutTree
{
    /// <summary>The boot catalog: one sector that the layout makes, at the path the boot options give.</summary>
    public const int BootCatalogLength = ElTorito.BootCatalog.Size;

    public static LayoutDirectory Build(ImageSpec spec, string? bootCatalogPath)
    {
        var root = new LayoutDirectory(string.Empty, null, null);
        var directories = new Dictionary<string, LayoutDirectory>(StringComparer.Ordinal) { [string.Empty] = root };
        string? previous = null;
        ImageEntry? previousWalked = null; // the last node's entry, when its path was not made
        LayoutDirectory? lastParent = null;
        foreach ((string? given, ImageEntry? entry) in InPathOrder(spec, bootCatalogPath))
        {
            string path;
            if (given is not null)
            {
                path = given;
            }
            else
            {
                // A walked file (the usual file of a large tree): its path is not made when it is in the last node's
                // directory and not the last node's path.
                ImageEntry file = entry!;
                bool again = previous is not null ? file.HasPath(previous) : previousWalked is not null && ImageEntry.ComparePaths(previousWalked, file) == 0;
                if (!again && lastParent is not null && file.IsIn(lastParent.Path))
                {
                    Check(spec, file);
                    lastParent.Add(new LayoutNode(null, EntryKind.File, lastParent, file));
                    (previous, previousWalked) = (null, file);
                    continue;
                }
                path = file.Path;
            }
            if (path.Length == 0)
                continue;
            // In path order, a path given twice comes right after itself.
            if (path == previous || previous is null && previousWalked?.HasPath(path) == true)
            {
                if (entry?.Kind == EntryKind.Directory && directories.ContainsKey(path))
                    continue;
                IsoBuildException.Throw(ErrorCodes.DuplicateImagePath,
                    $"Two entries claim '/{path}' in the image (one from '{OriginOf(entry)}'). Remove one or graft one elsewhere.");
            }
            (previous, previousWalked) = (path, null);
            // Siblings follow each other: the parent of the last node is most often this one's too.
            int slash = path.LastIndexOf('/');
            LayoutDirectory parent = lastParent is not null && path.AsSpan(0, Math.Max(slash, 0)).SequenceEqual(lastParent.Path)
                ? lastParent
                : GetDirectory(directories, ImagePath.Parent(path), entry, path);
            lastParent = parent;
            if (entry is null)
            {
                var catalog = new LayoutNode(path, EntryKind.File, parent, null);
                if (spec.Boot?.HideCatalog == true)
                    catalog.Hide(HiddenFrom.All);
                parent.Add(catalog);
                continue;
            }
            Check(spec, entry);
            if (entry.Kind == EntryKind.Directory)
            {
                if (directories.TryGetValue(path, out LayoutDirectory? existing))
                {
                    existing.Describe(entry);
                    continue;
                }
                var dir = new LayoutDirectory(path, parent, entry);
                parent.Add(dir);
                directories.Add(path, dir);
            }
            else
            {
                parent.Add(new LayoutNode(path, entry.Kind, parent, entry));
            }
        }
        uint serial = 0;
        Number(root, ref serial);
        return root;
    }

    /// <summary>
    /// The entries' normalized paths, and the boot catalog's, in ordinal order (an entry before the catalog at the same
    /// path); the path is null for a walked file, whose path is not kept but made when asked for. A spec from
    /// <see cref="ImageSpecBuilder"/> is in that order already: it is then read as it is, without a sorted copy of a
    /// million entries.
    /// </summary>
    private static IEnumerable<(string? Path, ImageEntry? Entry)> InPathOrder(ImageSpec spec, string? bootCatalogPath)
    {
        IReadOnlyList<ImageEntry> entries = spec.Entries;
        string? catalog = bootCatalogPath is null ? null : ImagePath.Normalize(bootCatalogPath);
        bool ordered = true;
        for (int i = 0; i < entries.Count && ordered; i++)
            ordered = entries[i].HasNormalizedPath && (i == 0 || ImageEntry.ComparePaths(entries[i - 1], entries[i]) <= 0);
        if (!ordered)
        {
            IEnumerable<(string Path, ImageEntry? Entry)> nodes = entries.Select(e => (ImagePath.Normalize(e.Path), (ImageEntry?)e));
            if (catalog is not null)
                nodes = nodes.Append((catalog, null));
            foreach ((string Path, ImageEntry? Entry) node in nodes.OrderBy(n => n.Path, StringComparer.Ordinal))
                yield return node;
            yield break;
        }
        ImageEntry? catalogAt = catalog is null ? null : new ImageEntry(catalog, EntryKind.File);
        foreach (ImageEntry entry in entries)
        {
            if (catalogAt is not null && ImageEntry.ComparePaths(catalogAt, entry) < 0)
            {
                yield return (catalog, null);
                catalogAt = null;
            }
            yield return (entry.KeepsPath ? entry.Path : null, entry);
        }
        catalog = catalogAt?.Path;
        if (catalog is not null)
            yield return (catalog, null);
    }

    /// <summary>What the options allow an entry: links only with Rock Ridge, files only as large as the level allows.</summary>
    private static void Check(ImageSpec spec, ImageEntry entry)
    {
        bool udfPrimary = spec.Udf?.Primary == true;
        if (entry.Kind == EntryKind.Symlink && (udfPrimary ? spec.Udf!.Symlinks != true : !spec.RockRidge))
        {
            // A UDF-primary image's ISO 9660 tree holds only a README: UDF is the one tree that could record the link.
            if (udfPrimary)
            {
                IsoBuildException.Throw(ErrorCodes.UnsupportedSymlink,
                    $"'/{PathOf(entry)}' is a symbolic link, which a UDF-primary image records only in UDF: {ImageSetting.UdfSymlinks.Set(true)}, or {ImageSetting.FollowSymlinks.Set(true)} to record what it points to.");
            }
            IsoBuildException.Throw(ErrorCodes.UnsupportedSymlink,
                $"'/{PathOf(entry)}' is a symbolic link, which needs Rock Ridge: {ImageSetting.RockRidge.Set(true)}, or {ImageSetting.FollowSymlinks.Set(true)} to record what it points to.");
        }
        if (spec.IsoLevel < 3 && !udfPrimary && entry.Length > ImageLayout.MaxSingleExtentLength)
        {
            IsoBuildException.Throw(ErrorCodes.FileTooLarge,
                $"'/{PathOf(entry)}' ({entry.Length} bytes) is larger than the {ImageLayout.MaxSingleExtentLength} bytes ISO 9660 level {spec.IsoLevel} allows for a file. Use {ImageSetting.IsoLevel.Set(3)}, which records it in several extents, or split the file.");
        }
        if (entry.Length > ImageLayout.MaxFileLength)
        {
            IsoBuildException.Throw(ErrorCodes.FileTooLarge,
                $"'/{PathOf(entry)}' ({entry.Length} bytes) is larger than the {ImageLayout.MaxFileLength} bytes IsoBuild puts into one file of an image. Split the file.");
        }
    }

    /// <summary>An entry's normalized path, for a message (a walked file's is made only then).</summary>
    private static string PathOf(ImageEntry entry) => ImagePath.Normalize(entry.Path);

    /// <summary>Where an entry came from, for a message (its origin is made only then: for a file on disk, its full path).</summary>
    private static string OriginOf(ImageEntry? entry) => entry?.Origin ?? "(boot catalog)";

    private static LayoutDirectory GetDirectory(Dictionary<string, LayoutDirectory> directories, string path, ImageEntry? child, string childPath)
    {
        if (directories.TryGetValue(path, out LayoutDirectory? dir))
            return dir;
        LayoutDirectory parent = GetDirectory(directories, ImagePath.Parent(path), child, childPath);
        if (parent.HasNonDirectory(path))
        {
            IsoBuildException.Throw(ErrorCodes.DuplicateImagePath,
                $"'/{path}' is a file, but '{OriginOf(child)}' needs it to be a directory (for '/{childPath}'). Graft one of them elsewhere.");
        }
        dir = new LayoutDirectory(path, parent, null);
        parent.Add(dir);
        directories.Add(path, dir);
        return dir;
    }

    /// <summary>Sorts each directory's children by name and numbers the nodes in tree order (Rock Ridge file serial numbers).</summary>
    private static void Number(LayoutNode node, ref uint serial)
    {
        node.Number(++serial);
        if (node is not LayoutDirectory dir)
            return;
        dir.SortChildren();
        foreach (LayoutNode child in dir.Children)
            Number(child, ref serial);
    }
}
