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
        LayoutDirectory? lastParent = null;
        foreach ((string path, ImageEntry? entry) in InPathOrder(spec, bootCatalogPath))
        {
            if (path.Length == 0)
                continue;
            // In path order, a path given twice comes right after itself.
            if (path == previous)
            {
                if (entry?.Kind == EntryKind.Directory && directories.ContainsKey(path))
                    continue;
                IsoBuildException.Throw(ErrorCodes.DuplicateImagePath,
                    $"Two entries claim '/{path}' in the image (one from '{OriginOf(entry)}'). Remove one or graft one elsewhere.");
            }
            previous = path;
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
            Check(spec, entry, path);
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
    /// path). A spec from <see cref="ImageSpecBuilder"/> is in that order already: it is then read as it is, without
    /// a sorted copy of a million entries.
    /// </summary>
    private static IEnumerable<(string Path, ImageEntry? Entry)> InPathOrder(ImageSpec spec, string? bootCatalogPath)
    {
        IReadOnlyList<ImageEntry> entries = spec.Entries;
        string? catalog = bootCatalogPath is null ? null : ImagePath.Normalize(bootCatalogPath);
        bool ordered = true;
        for (int i = 1; i < entries.Count && ordered; i++)
            ordered = string.CompareOrdinal(ImagePath.Normalize(entries[i - 1].Path), ImagePath.Normalize(entries[i].Path)) <= 0;
        if (!ordered)
        {
            IEnumerable<(string Path, ImageEntry? Entry)> nodes = entries.Select(e => (ImagePath.Normalize(e.Path), (ImageEntry?)e));
            if (catalog is not null)
                nodes = nodes.Append((catalog, null));
            foreach ((string Path, ImageEntry? Entry) node in nodes.OrderBy(n => n.Path, StringComparer.Ordinal))
                yield return node;
            yield break;
        }
        foreach (ImageEntry entry in entries)
        {
            string path = ImagePath.Normalize(entry.Path);
            if (catalog is not null && string.CompareOrdinal(catalog, path) < 0)
            {
                yield return (catalog, null);
                catalog = null;
            }
            yield return (path, entry);
        }
        if (catalog is not null)
            yield return (catalog, null);
    }

    /// <summary>What the options allow an entry: links only with Rock Ridge, files only as large as the level allows.</summary>
    private static void Check(ImageSpec spec, ImageEntry entry, string path)
    {
        bool udfPrimary = spec.Udf?.Primary == true;
        if (entry.Kind == EntryKind.Symlink && (udfPrimary ? spec.Udf!.Symlinks != true : !spec.RockRidge))
        {
            // A UDF-primary image's ISO 9660 tree holds only a README: UDF is the one tree that could record the link.
            if (udfPrimary)
            {
                IsoBuildException.Throw(ErrorCodes.UnsupportedSymlink,
                    $"'/{path}' is a symbolic link, which a UDF-primary image records only in UDF: {ImageSetting.UdfSymlinks.Set(true)}, or {ImageSetting.FollowSymlinks.Set(true)} to record what it points to.");
            }
            IsoBuildException.Throw(ErrorCodes.UnsupportedSymlink,
                $"'/{path}' is a symbolic link, which needs Rock Ridge: {ImageSetting.RockRidge.Set(true)}, or {ImageSetting.FollowSymlinks.Set(true)} to record what it points to.");
        }
        if (spec.IsoLevel < 3 && !udfPrimary && entry.Length > ImageLayout.MaxSingleExtentLength)
        {
            IsoBuildException.Throw(ErrorCodes.FileTooLarge,
                $"'/{path}' ({entry.Length} bytes) is larger than the {ImageLayout.MaxSingleExtentLength} bytes ISO 9660 level {spec.IsoLevel} allows for a file. Use {ImageSetting.IsoLevel.Set(3)}, which records it in several extents, or split the file.");
        }
        if (entry.Length > ImageLayout.MaxFileLength)
        {
            IsoBuildException.Throw(ErrorCodes.FileTooLarge,
                $"'/{path}' ({entry.Length} bytes) is larger than the {ImageLayout.MaxFileLength} bytes IsoBuild puts into one file of an image. Split the file.");
        }
    }

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
