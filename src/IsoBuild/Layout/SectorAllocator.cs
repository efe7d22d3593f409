using IsoBuild.Iso9660;

namespace IsoBuild.Layout;

/// <summary>
/// Places everything on sectors, front to back: descriptors, path tables, ISO 9660 directories each followed by its
/// continuation areas, Joliet directories, file data in tree order, padding.
/// </summary>
internal static class SectorAllocator
{
    public static void Allocate(ImageLayout layout, RockRidgePlanner? rockRidge)
    {
        Number(layout);
        uint next = ImageLayout.PrimaryDescriptor + 1;
        uint bootRecord = 0, jolietDescriptor = 0;
        if (layout.Boot?.Catalog is not null)
            bootRecord = next++;
        if (layout.Spec.Joliet)
            jolietDescriptor = next++;
        uint terminator = next++;
        layout.PlaceDescriptors(bootRecord, jolietDescriptor, terminator);

        uint isoPathTableSize = PathTableSize(layout.IsoDirectories, ImageLayout.IsoIdentifierLength);
        uint isoL = next;
        next += ImageLayout.Sectors(isoPathTableSize);
        uint isoM = next;
        next += ImageLayout.Sectors(isoPathTableSize);
        layout.PlaceIsoPathTables(isoPathTableSize, isoL, isoM);
        if (layout.Spec.Joliet)
        {
            uint jolietPathTableSize = PathTableSize(layout.JolietDirectories, ImageLayout.JolietIdentifierLength);
            uint jolietL = next;
            next += ImageLayout.Sectors(jolietPathTableSize);
            uint jolietM = next;
            next += ImageLayout.Sectors(jolietPathTableSize);
            layout.PlaceJolietPathTables(jolietPathTableSize, jolietL, jolietM);
        }

        // Each directory's continuation areas follow its extent: readers that scan the image front to back
        // (libarchive) read a CE area only when they reach it right after the directory that refers to it.
        foreach (LayoutDirectory dir in layout.IsoDirectories)
        {
            uint size = DirectorySize(dir, joliet: false, rockRidge);
            dir.PlaceIso(next, size);
            next += ImageLayout.Sectors(size);
            if (rockRidge is not null)
            {
                uint after = rockRidge.PlaceContinuationAreas(dir, next);
                dir.PlaceContinuationSectors(after - next);
                next = after;
            }
        }
        foreach (LayoutDirectory dir in layout.JolietDirectories)
        {
            uint size = DirectorySize(dir, joliet: true, rockRidge: null);
            dir.PlaceJoliet(next, size);
            next += ImageLayout.Sectors(size);
        }

        uint dataStart = next;
        CollectFiles(layout.Root, layout.Files);
        if (layout.Files.Any(f => f.SortWeight != 0))
        {
            // A stable sort: equal weights keep the tree order.
            LayoutNode[] weighted = [.. layout.Files.OrderByDescending(f => f.SortWeight)];
            layout.Files.Clear();
            layout.Files.AddRange(weighted);
        }
        foreach (LayoutNode file in layout.Files)
        {
            // Empty files point at the data area, as genisoimage does, never before a CE area that names them.
            file.PlaceData(next);
            if (file.Length == 0)
                continue;
            next = checked(next + ImageLayout.Sectors(file.Length));
        }
        layout.PlaceData(dataStart, paddingStart: next);
    }

    /// <summary>Numbers the directories breadth first in each tree, as the path tables list them.</summary>
    private static void Number(ImageLayout layout)
    {
        CollectBreadthFirst(layout.Root, n => n.IsoOrder, layout.IsoDirectories);
        if (layout.IsoDirectories.Count > ImageLayout.MaxDirectories)
        {
            IsoBuildException.Throw(ErrorCodes.TooManyDirectories,
                $"The image would hold {layout.IsoDirectories.Count} directories, more than the {ImageLayout.MaxDirectories} an ISO 9660 path table can number. Put the files in fewer directories.");
        }
        for (int i = 0; i < layout.IsoDirectories.Count; i++)
            layout.IsoDirectories[i].NumberInIsoPathTable((ushort)(i + 1));
        if (layout.Spec.Joliet)
        {
            CollectBreadthFirst(layout.Root, n => n.JolietOrder, layout.JolietDirectories);
            for (int i = 0; i < layout.JolietDirectories.Count; i++)
                layout.JolietDirectories[i].NumberInJolietPathTable((ushort)(i + 1));
        }
    }

    private static void CollectBreadthFirst(LayoutDirectory root, Func<LayoutDirectory, LayoutNode[]> order, List<LayoutDirectory> into)
    {
        into.Add(root);
        for (int i = 0; i < into.Count; i++)
        {
            foreach (LayoutNode child in order(into[i]))
            {
                if (child is LayoutDirectory d)
                    into.Add(d);
            }
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

    private static uint DirectorySize(LayoutDirectory dir, bool joliet, RockRidgePlanner? rockRidge)
    {
        long position = 0;
        void Add(int length)
        {
            if (position % ImageLayout.SectorSize + length > ImageLayout.SectorSize)
                position += ImageLayout.SectorSize - position % ImageLayout.SectorSize;
            position += length;
        }
        if (joliet)
        {
            Add(DirectoryRecord.Length(1, 0));
            Add(DirectoryRecord.Length(1, 0));
            foreach (LayoutNode child in dir.JolietOrder)
            {
                for (int part = 0; part < ImageLayout.ExtentCount(child); part++)
                    Add(DirectoryRecord.Length(ImageLayout.JolietIdentifierLength(child), 0));
            }
        }
        else
        {
            foreach ((LayoutNode node, RecordRole role, _) in ImageLayout.RecordsOf(dir))
            {
                int identifierLength = role == RecordRole.Self ? ImageLayout.IsoIdentifierLength(node) : 1;
                int systemUse = rockRidge?.InRecordLength(node, role) ?? 0;
                Add(DirectoryRecord.Length(identifierLength, systemUse));
            }
        }
        return (uint)(ImageLayout.Sectors(position) * ImageLayout.SectorSize);
    }

    private static uint PathTableSize(List<LayoutDirectory> directories, Func<LayoutNode, int> identifierLength)
    {
        uint size = 0;
        foreach (LayoutDirectory dir in directories)
            size += (uint)PathTable.RecordLength(dir.IsRoot ? 1 : identifierLength(dir));
        return size;
    }
}
