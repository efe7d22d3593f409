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
        var seen = new HashSet<string>(StringComparer.Ordinal);
        IEnumerable<(string Path, ImageEntry? Entry)> nodes = spec.Entries.Select(e => (e.Path, (ImageEntry?)e));
        if (bootCatalogPath is not null)
            nodes = nodes.Append((bootCatalogPath, null));
        foreach ((string entryPath, ImageEntry? entry) in nodes.OrderBy(n => n.Path, StringComparer.Ordinal))
        {
            string path = ImagePath.Normalize(entryPath);
            if (path.Length == 0)
                continue;
            string origin = entry?.Origin ?? "(boot catalog)";
            if (!seen.Add(path))
            {
                if (entry?.Kind == EntryKind.Directory && directories.ContainsKey(path))
                    continue;
                IsoBuildException.Throw(ErrorCodes.DuplicateImagePath,
                    $"Two entries claim '/{path}' in the image (one from '{origin}'). Remove one or graft one elsewhere.");
            }
            LayoutDirectory parent = GetDirectory(directories, ImagePath.Parent(path), origin, path);
            if (entry is null)
            {
                var catalog = new LayoutNode(path, EntryKind.File, parent, null, BootCatalogLength);
                if (spec.Boot?.HideCatalog == true)
                    catalog.Hide(HiddenFrom.All);
                parent.Children.Add(catalog);
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
                parent.Children.Add(dir);
                directories.Add(path, dir);
            }
            else
            {
                parent.Children.Add(new LayoutNode(path, entry.Kind, parent, entry));
            }
        }
        uint serial = 0;
        Number(root, ref serial);
        return root;
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

    private static LayoutDirectory GetDirectory(Dictionary<string, LayoutDirectory> directories, string path, string childOrigin, string childPath)
    {
        if (directories.TryGetValue(path, out LayoutDirectory? dir))
            return dir;
        LayoutDirectory parent = GetDirectory(directories, ImagePath.Parent(path), childOrigin, childPath);
        if (parent.Children.Any(c => !c.IsDirectory && c.Path == path))
        {
            IsoBuildException.Throw(ErrorCodes.DuplicateImagePath,
                $"'/{path}' is a file, but '{childOrigin}' needs it to be a directory (for '/{childPath}'). Graft one of them elsewhere.");
        }
        dir = new LayoutDirectory(path, parent, null);
        parent.Children.Add(dir);
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
