using IsoBuild.Checksums;
using IsoBuild.Iso9660;

namespace IsoBuild.Layout;

/// <summary>
/// Places everything on sectors, front to back: descriptors, path tables, ISO 9660 directories each followed by its
/// continuation areas, Joliet directories, file data in tree order, padding. With libisofs MD5 records, a tag block
/// follows the terminator and another the directories, and the checksum array and the session tag the data, where
/// xorriso puts them; a file whose data another shares takes no sectors of its own.
/// </summary>
internal static class SectorAllocator
{
    public static void Allocate(ImageLayout layout, RockRidgePlanner? rockRidge)
    {
        Number(layout);
        UdfPlan? udf = layout.Udf;
        uint next = ImageLayout.PrimaryDescriptor + 1;
        uint bootRecord = 0, jolietDescriptor = 0;
        if (layout.Boot?.Catalog is not null)
            bootRecord = next++;
        if (layout.Spec.Joliet)
            jolietDescriptor = next++;
        uint terminator = next++;
        layout.PlaceDescriptors(bootRecord, jolietDescriptor, terminator);
        uint superblockTag = layout.Spec.Md5 ? next++ : 0;
        if (udf is not null)
            next = udf.PlaceDescriptors(next);
        uint offset = layout.PartitionOffset;
        uint partitionDescriptor = 0, partitionJoliet = 0, partitionTerminator = 0;
        if (offset > 0)
        {
            // The partition's descriptors at its block 16; the blocks before them are zeros (libisofs's write_head_part2).
            if (next > offset + ImageLayout.SystemAreaSectors)
                throw new InvalidOperationException($"The first descriptors reach block {next}, beyond the partition's at {offset + ImageLayout.SystemAreaSectors}.");
            next = offset + ImageLayout.SystemAreaSectors;
            partitionDescriptor = next++;
            if (layout.Spec.Joliet)
                partitionJoliet = next++;
            partitionTerminator = next++;
        }
        uint metadataStart = next;

        // With UDF, sector 256 holds its anchor: a structure that would cover it starts after it.
        uint Take(uint sectors)
        {
            if (udf is not null && next <= Udf.UdfFormat.AnchorSector && next + sectors > Udf.UdfFormat.AnchorSector)
                next = Udf.UdfFormat.AnchorSector + 1;
            uint at = next;
            next = checked(next + sectors);
            return at;
        }

        uint isoPathTableSize = PathTableSize(layout.IsoDirectories, ImageLayout.IsoIdentifierLength);
        uint isoL = Take(ImageLayout.Sectors(isoPathTableSize));
        uint isoM = Take(ImageLayout.Sectors(isoPathTableSize));
        layout.PlaceIsoPathTables(isoPathTableSize, isoL, isoM);
        if (layout.Spec.Joliet)
        {
            uint jolietPathTableSize = PathTableSize(layout.JolietDirectories, ImageLayout.JolietIdentifierLength);
            uint jolietL = Take(ImageLayout.Sectors(jolietPathTableSize));
            uint jolietM = Take(ImageLayout.Sectors(jolietPathTableSize));
            layout.PlaceJolietPathTables(jolietPathTableSize, jolietL, jolietM);
        }

        // Each directory's continuation areas follow its extent: readers that scan the image front to back
        // (libarchive) read a CE area only when they reach it right after the directory that refers to it.
        foreach (LayoutDirectory dir in layout.IsoDirectories)
        {
            uint size = DirectorySize(dir, joliet: false, rockRidge);
            dir.PlaceIso(Take(ImageLayout.Sectors(size)), size);
            if (rockRidge is not null)
            {
                uint after = rockRidge.PlaceContinuationAreas(dir, next);
                if (udf is not null && next <= Udf.UdfFormat.AnchorSector && after > Udf.UdfFormat.AnchorSector)
                {
                    // The directory and its areas are one run: both move past the anchor.
                    next = Udf.UdfFormat.AnchorSector + 1;
                    dir.PlaceIso(Take(ImageLayout.Sectors(size)), size);
                    after = rockRidge.PlaceContinuationAreas(dir, next);
                }
                dir.PlaceContinuationSectors(after - next);
                next = after;
            }
        }
        foreach (LayoutDirectory dir in layout.JolietDirectories)
        {
            uint size = DirectorySize(dir, joliet: true, rockRidge: null);
            dir.PlaceJoliet(Take(ImageLayout.Sectors(size)), size);
        }

        if (offset > 0)
        {
            // The partition's path tables and trees: a copy of the first set's, right behind it.
            uint shift = next - metadataStart;
            layout.PlacePartitionVolume(new PartitionVolume(offset, partitionDescriptor, partitionJoliet, partitionTerminator, metadataStart, shift));
            next = checked(next + shift);
        }

        uint treeTag = layout.Spec.Md5 ? next++ : 0;

        // The UDF metadata, where its partition starts; the file data follows, inside the partition.
        if (udf is not null)
            next = udf.PlaceMetadata(next);
        uint dataStart = next;
        if (udf?.Readme is { } readme)
            layout.Files.Insert(0, readme);
        foreach (LayoutNode file in layout.Files)
        {
            if (file.DataOwner is { } owner)
            {
                file.PlaceData(owner.DataExtent);
                continue;
            }
            // Empty files point at the data area, as genisoimage does, never before a CE area that names them.
            file.PlaceData(next);
            if (file.DataLength == 0)
                continue;
            next = checked(next + ImageLayout.Sectors(file.DataLength));
        }
        if (layout.Spec.Md5)
        {
            var records = new Md5ChecksumLayout(superblockTag, treeTag, ArrayStart: next, layout.ChecksumCount);
            layout.PlaceMd5Records(records);
            next = checked(records.SessionTag + 1);
        }
        if (layout.Spec.ImplantMd5)
        {
            // isomd5sum's fragment sums need 21 fragments of at least 32 KiB before the 15 sectors it leaves out.
            uint total = next + ImageLayout.PaddingSectors;
            uint filler = total < MinImplantedMd5Sectors ? MinImplantedMd5Sectors - total : 0;
            layout.PlaceFiller(filler);
            next += filler;
        }
        layout.PlaceData(dataStart, paddingStart: next);
    }

    /// <summary>The smallest image an isomd5sum checksum works in: (20 + 1) × 16 sectors checked, 15 not.</summary>
    private const uint MinImplantedMd5Sectors = (IsoMd5Sum.FragmentCount + 1) * 16 + IsoMd5Sum.SkipSectors;

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
