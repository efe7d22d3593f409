using IsoBuild.Content;

namespace IsoBuild.Layout;

/// <summary>
/// How each file is stored, in image order: the files collected in tree order, hard links made one Rock Ridge file
/// (the serial number of the first name, the number of names as link count), identical files pointed at the extent
/// of the first of them, compressed files marked, and checksum indexes given when MD5 records are asked for.
/// </summary>
internal static class FileStorage
{
    public static void Plan(ImageLayout layout, ContentPlan content)
    {
        // Room for every entry at once (files are most of them): a list of a million files grown by doubling would
        // leave its smaller copies, 8 MB in all, to the collector.
        layout.Files.EnsureCapacity(layout.Spec.Entries.Count + 1);
        CollectFiles(layout.Root, layout.Files);
        if (layout.Files.Any(f => f.SortWeight != 0))
        {
            // Sort weights decide the image order (a stable sort: equal weights keep the tree order), before the
            // first of identical files becomes the owner of their extent.
            LayoutNode[] weighted = [.. layout.Files.OrderByDescending(f => f.SortWeight)];
            layout.Files.Clear();
            layout.Files.AddRange(weighted);
        }
        var owners = new Dictionary<int, LayoutNode>();
        var links = new Dictionary<int, List<LayoutNode>>();
        foreach (LayoutNode file in layout.Files)
        {
            if (file.Entry is not { } entry)
                continue;
            if (content.LinkGroup(entry) is int link)
            {
                if (!links.TryGetValue(link, out List<LayoutNode>? names))
                    links[link] = names = [];
                names.Add(file);
            }
            if (content.DataGroup(entry) is int data && !owners.TryAdd(data, file))
                file.ShareData(owners[data]);
            if (content.Compressed(entry) is { } compressed)
                file.StoreCompressed(compressed.File);
        }
        foreach (List<LayoutNode> names in links.Values)
        {
            foreach (LayoutNode name in names)
                name.Link(names[0].Serial, (uint)names.Count);
        }
        if (layout.Spec.Md5)
        {
            // libisofs numbers every file, empty ones too; the boot catalog is no file of its tree.
            int index = 0;
            foreach (LayoutNode file in layout.Files)
            {
                if (!file.IsGenerated)
                    file.IndexChecksum(++index);
            }
            layout.CountChecksums(index);
        }
    }

    private static void CollectFiles(LayoutDirectory dir, List<LayoutNode> files)
    {
        foreach (LayoutNode child in dir.Children)
        {
            if (child is LayoutDirectory d)
                CollectFiles(d, files);
            else if (child.Kind == Spec.EntryKind.File)
                files.Add(child);
        }
    }
}
