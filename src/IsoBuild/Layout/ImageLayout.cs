using System.Security.Cryptography;
using System.Text;
using IsoBuild.ElTorito;
using IsoBuild.Iso9660;
using IsoBuild.Joliet;
using IsoBuild.RockRidge;
using IsoBuild.Spec;

namespace IsoBuild.Layout;

/// <summary>
/// The deterministic plan of every sector of an image: a pure function of the spec and the sources' sizes.
/// Nothing here reads file contents or the clock.
/// </summary>
/// <remarks>
/// Sector map: system area (0–15), primary volume descriptor (16), Joliet descriptor, terminator, path tables
/// (ISO L, ISO M, Joliet L, Joliet M), ISO 9660 directories in path table order, Joliet directories, Rock Ridge
/// continuation areas, then file data in tree order.
/// Directories deeper than 8 levels and paths longer than 255 characters are recorded in place (the relaxed rule of
/// <c>xorriso -compliance deep_paths:long_paths</c> and <c>genisoimage -D</c>), which every current reader accepts;
/// no rr_moved relocation is done.
/// </remarks>
internal sealed class ImageLayout
{
    public const int SectorSize = 2048;
    public const uint SystemAreaSectors = 16;
    public const int MaxDirectories = ushort.MaxValue;

    /// <summary>
    /// Zero sectors after the last file, inside the volume (300 KiB, as genisoimage and xorriso add by default):
    /// readers that read ahead past the data (libarchive reads 48 KiB to recognise an image; old Linux CD drivers)
    /// then never read past the end. A hybrid image's backup GPT lives in its last 16.5 KiB.
    /// </summary>
    public const uint PaddingSectors = 150;

    /// <summary>The largest file one directory record can describe, and so the largest at ISO 9660 levels 1 and 2.</summary>
    public const long MaxSingleExtentLength = uint.MaxValue;

    /// <summary>
    /// A larger file (level 3) is recorded as several extents of this size, whole sectors as libisofs writes them,
    /// and a last one with the rest; the records all carry the same name, all but the last flagged multi-extent.
    /// </summary>
    public const uint MaxExtentLength = 0xFFFFF800;

    /// <summary>The largest file at level 3: 1024 full extents (4 TiB), far below what sector numbers can address.</summary>
    public const long MaxFileLength = MaxExtentLength * 1024L;

    /// <summary>ECMA-119 6.8.2.1 (levels 1 and 2): at most 8 directory levels below the root, paths of at most 255 characters.</summary>
    public const int MaxStrictDepth = 8;
    public const int MaxStrictPathLength = 255;

    private ImageLayout(ImageSpec spec, LayoutDirectory root)
    {
        Spec = spec;
        Root = root;
    }

    public ImageSpec Spec { get; }
    public LayoutDirectory Root { get; }
    public List<LayoutDirectory> IsoDirectories { get; } = [];
    public List<LayoutDirectory> JolietDirectories { get; } = [];
    public List<LayoutNode> Files { get; } = [];

    public const uint PrimaryDescriptor = SystemAreaSectors;
    public uint JolietDescriptor { get; private set; }
    public uint Terminator { get; private set; }
    public uint IsoPathTableSize { get; private set; }
    public uint IsoPathTableL { get; private set; }
    public uint IsoPathTableM { get; private set; }
    public uint JolietPathTableSize { get; private set; }
    public uint JolietPathTableL { get; private set; }
    public uint JolietPathTableM { get; private set; }
    public uint DataStart { get; private set; }
    public uint PaddingStart { get; private set; }
    public uint TotalSectors { get; private set; }
    public int FileCount => Files.Count;
    public int DirectoryCount => IsoDirectories.Count;
    public long TotalBytes => (long)TotalSectors * SectorSize;

    public static ImageLayout Create(ImageSpec spec)
    {
        DescriptorStrings.Validate(spec);
        spec = BootPlan.AddCatalog(spec);
        var layout = new ImageLayout(spec, BuildTree(spec));
        layout.Boot = BootPlan.Resolve(spec, layout.Root);
        layout.AssignNames(layout.Root);
        if (spec.IsoLevel < 3)
            CheckStrictPaths(layout.Root, 0, 0, spec.IsoLevel);
        layout.NumberDirectories();
        layout.AssignSectors();
        return layout;
    }

    /// <summary>The boot images and catalog, when the spec asks for booting.</summary>
    public BootPlan? Boot { get; private set; }

    /// <summary>The sector of the El Torito boot record (0 when there is none).</summary>
    public uint BootRecord { get; private set; }

    /// <summary>
    /// SHA-256 of everything the layout depends on (paths, kinds, sizes, modes, link targets, options, timestamp):
    /// the seed of the ids tools usually randomise (disk signature, GPT GUIDs).
    /// </summary>
    public byte[] IdentityHash => _identityHash ??= ComputeIdentityHash();

    private byte[]? _identityHash;

    private byte[] ComputeIdentityHash()
    {
        var text = new StringBuilder();
        text.Append(Spec.VolumeId).Append('\0').Append(Spec.Joliet).Append(Spec.RockRidge).Append(Spec.Timestamp.UtcTicks).Append('\0')
            .Append(Boot?.Identity()).Append('\n');
        foreach (ImageEntry e in Spec.Entries.OrderBy(e => e.Path, StringComparer.Ordinal))
            text.Append(e.Path).Append('\0').Append(e.Kind).Append('\0').Append(e.Length).Append('\0').Append(e.Executable).Append('\0').Append(e.LinkTarget).Append('\n');
        return SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
    }

    private static LayoutDirectory BuildTree(ImageSpec spec)
    {
        var root = new LayoutDirectory(string.Empty, null, null);
        var directories = new Dictionary<string, LayoutDirectory>(StringComparer.Ordinal) { [string.Empty] = root };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (ImageEntry entry in spec.Entries.OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            string path = ImagePath.Normalize(entry.Path);
            if (path.Length == 0)
                continue;
            if (!seen.Add(path))
            {
                if (entry.Kind == EntryKind.Directory && directories.ContainsKey(path))
                    continue;
                IsoBuildException.Throw(ErrorCodes.DuplicateImagePath,
                    $"Two entries claim '/{path}' in the image (one from '{entry.Origin}'). Remove one or graft one elsewhere.");
            }
            LayoutDirectory parent = GetDirectory(directories, ImagePath.Parent(path), entry);
            if (entry.Kind == EntryKind.Symlink && !spec.RockRidge)
            {
                IsoBuildException.Throw(ErrorCodes.UnsupportedSymlink,
                    $"'/{path}' is a symbolic link, which needs Rock Ridge: {ImageSetting.RockRidge.Set(true)}, or {ImageSetting.FollowSymlinks.Set(true)} to record what it points to.");
            }
            if (spec.IsoLevel < 3 && entry.Length > MaxSingleExtentLength)
            {
                IsoBuildException.Throw(ErrorCodes.FileTooLarge,
                    $"'/{path}' ({entry.Length} bytes) is larger than the {MaxSingleExtentLength} bytes ISO 9660 level {spec.IsoLevel} allows for a file. Use {ImageSetting.IsoLevel.Set(3)}, which records it in several extents, or split the file.");
            }
            if (entry.Length > MaxFileLength)
            {
                IsoBuildException.Throw(ErrorCodes.FileTooLarge,
                    $"'/{path}' ({entry.Length} bytes) is larger than the {MaxFileLength} bytes IsoBuild puts into one file of an image. Split the file.");
            }
            if (entry.Kind == EntryKind.Directory)
            {
                if (directories.TryGetValue(path, out LayoutDirectory? existing))
                {
                    existing.Entry ??= entry;
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

    private static LayoutDirectory GetDirectory(Dictionary<string, LayoutDirectory> directories, string path, ImageEntry child)
    {
        if (directories.TryGetValue(path, out LayoutDirectory? dir))
            return dir;
        LayoutDirectory parent = GetDirectory(directories, ImagePath.Parent(path), child);
        if (parent.Children.Any(c => !c.IsDirectory && c.Path == path))
        {
            IsoBuildException.Throw(ErrorCodes.DuplicateImagePath,
                $"'/{path}' is a file, but '{child.Origin}' needs it to be a directory (for '/{child.Path}'). Graft one of them elsewhere.");
        }
        dir = new LayoutDirectory(path, parent, null);
        parent.Children.Add(dir);
        directories.Add(path, dir);
        return dir;
    }

    private static void Number(LayoutNode node, ref uint serial)
    {
        node.Serial = ++serial;
        if (node is not LayoutDirectory dir)
            return;
        dir.Children.Sort(static (a, b) => a.Name.SequenceCompareTo(b.Name));
        int subdirectories = 0;
        foreach (LayoutNode child in dir.Children)
        {
            if (child.IsDirectory)
                subdirectories++;
            Number(child, ref serial);
        }
        dir.SubdirectoryCount = subdirectories;
    }

    private void AssignNames(LayoutDirectory root)
    {
        bool level1 = Spec.IsoLevel == 1;
        var stack = new Stack<LayoutDirectory>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            LayoutDirectory dir = stack.Pop();
            List<LayoutNode> children = dir.Children;
            // The names as strings for the mapping rules, once per directory; the nodes keep only views of their paths.
            string[] names = [.. children.Select(c => c.Name.ToString())];
            string[] iso = UniqueNames.Assign(
                [.. children.Select((c, i) => c.IsDirectory ? IsoNames.DirectoryName(names[i], level1) : IsoNames.FileName(names[i], level1))],
                (i, n) => children[i].IsDirectory ? IsoNames.NumberedDirectoryName(names[i], n, level1) : IsoNames.NumberedFileName(names[i], n, level1),
                StringComparer.Ordinal,
                i => children[i].ImagePath);
            for (int i = 0; i < children.Count; i++)
                children[i].IsoId = children[i].IsDirectory ? iso[i] : iso[i] + IsoNames.Version;
            // A stable sort: names that differ as strings may still compare equal under ECMA-119's padding rules.
            dir.IsoOrder = [.. children.OrderBy(c => c.IsoId, Comparer<string>.Create(IsoNames.Compare))];

            if (Spec.Joliet)
            {
                int[] inJoliet = [.. Enumerable.Range(0, children.Count).Where(i => children[i].Kind != EntryKind.Symlink)];
                string[] joliet = UniqueNames.Assign(
                    [.. inJoliet.Select(i => JolietNames.Name(names[i], children[i].IsDirectory))],
                    (k, n) => JolietNames.Numbered(names[inJoliet[k]], children[inJoliet[k]].IsDirectory, n),
                    StringComparer.Ordinal,
                    k => children[inJoliet[k]].ImagePath);
                for (int k = 0; k < inJoliet.Length; k++)
                    children[inJoliet[k]].SetJolietName(joliet[k]);
                dir.JolietOrder = [.. inJoliet.Select(i => children[i]).OrderBy(c => c.JolietId, StringComparer.Ordinal)];
            }
            for (int i = children.Count - 1; i >= 0; i--)
            {
                if (children[i] is LayoutDirectory child)
                    stack.Push(child);
            }
        }
    }

    /// <summary>Levels 1 and 2 keep to ECMA-119's depth and path length; level 3 records deep paths in place.</summary>
    private static void CheckStrictPaths(LayoutDirectory dir, int depth, int pathLength, int level)
    {
        foreach (LayoutNode child in dir.Children)
        {
            int length = pathLength + (dir.IsRoot ? 0 : 1) + child.IsoId.Length;
            if (child.IsDirectory && depth + 1 > MaxStrictDepth || length > MaxStrictPathLength)
            {
                IsoBuildException.Throw(ErrorCodes.PathBeyondLevel,
                    $"'{child.ImagePath}' is {(length > MaxStrictPathLength ? $"{length} characters long as an ISO 9660 path, more than the {MaxStrictPathLength}" : $"{depth + 1} directories deep, more than the {MaxStrictDepth}")} ISO 9660 level {level} allows. Use {ImageSetting.IsoLevel.Set(3)}, which records deep paths in place, or shorten the tree.");
            }
            if (child is LayoutDirectory d)
                CheckStrictPaths(d, depth + 1, length, level);
        }
    }

    private void NumberDirectories()
    {
        CollectBreadthFirst(Root, n => n.IsoOrder, IsoDirectories);
        if (IsoDirectories.Count > MaxDirectories)
        {
            IsoBuildException.Throw(ErrorCodes.TooManyDirectories,
                $"The image would hold {IsoDirectories.Count} directories, more than the {MaxDirectories} an ISO 9660 path table can number. Put the files in fewer directories.");
        }
        for (int i = 0; i < IsoDirectories.Count; i++)
            IsoDirectories[i].IsoNumber = (ushort)(i + 1);
        if (Spec.Joliet)
        {
            CollectBreadthFirst(Root, n => n.JolietOrder, JolietDirectories);
            for (int i = 0; i < JolietDirectories.Count; i++)
                JolietDirectories[i].JolietNumber = (ushort)(i + 1);
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

    private void AssignSectors()
    {
        uint next = PrimaryDescriptor + 1;
        if (Boot?.Catalog is not null)
            BootRecord = next++;
        if (Spec.Joliet)
            JolietDescriptor = next++;
        Terminator = next++;

        IsoPathTableSize = PathTableSize(IsoDirectories, n => IsoIdentifierLength(n));
        IsoPathTableL = next;
        next += Sectors(IsoPathTableSize);
        IsoPathTableM = next;
        next += Sectors(IsoPathTableSize);
        if (Spec.Joliet)
        {
            JolietPathTableSize = PathTableSize(JolietDirectories, n => JolietIdentifierLength(n));
            JolietPathTableL = next;
            next += Sectors(JolietPathTableSize);
            JolietPathTableM = next;
            next += Sectors(JolietPathTableSize);
        }

        // Each directory's continuation areas follow its extent: readers that scan the image front to back
        // (libarchive) read a CE area only when they reach it right after the directory that refers to it.
        foreach (LayoutDirectory dir in IsoDirectories)
        {
            dir.IsoSize = DirectorySize(dir, joliet: false);
            dir.IsoExtent = next;
            next += Sectors(dir.IsoSize);
            if (Spec.RockRidge)
            {
                uint after = PlaceContinuationAreas(dir, next);
                dir.ContinuationSectors = after - next;
                next = after;
            }
        }
        foreach (LayoutDirectory dir in JolietDirectories)
        {
            dir.JolietSize = DirectorySize(dir, joliet: true);
            dir.JolietExtent = next;
            next += Sectors(dir.JolietSize);
        }

        DataStart = next;
        CollectFiles(Root);
        foreach (LayoutNode file in Files)
        {
            // Empty files point at the data area, as genisoimage does, never before a CE area that names them.
            file.DataExtent = next;
            if (file.Length == 0)
                continue;
            next = checked(next + Sectors(file.Length));
        }
        PaddingStart = next;
        TotalSectors = next + PaddingSectors;
    }

    private void CollectFiles(LayoutDirectory dir)
    {
        foreach (LayoutNode child in dir.Children)
        {
            if (child is LayoutDirectory d)
                CollectFiles(d);
            else if (child.Kind == EntryKind.File)
                Files.Add(child);
        }
    }

    /// <summary>Places the continuation areas of one directory's records from <paramref name="first"/> on; none crosses a block.</summary>
    private uint PlaceContinuationAreas(LayoutDirectory dir, uint first)
    {
        uint block = first;
        int offset = 0;
        bool any = false;
        foreach ((LayoutNode node, RecordRole role, int part) in RecordsOf(dir))
        {
            // Every record of a multi-extent file carries the same entries, so they share its continuation areas.
            if (role == RecordRole.DotDot || part > 0 || FitsInRecord(node, role, out _))
                continue;
            SystemUsePlan plan = PlanSystemUse(node, role, RockRidgeEntries.For(node, role, Spec.Timestamp));
            var areas = new ContinuationArea[plan.Areas.Count];
            for (int i = 0; i < areas.Length; i++)
            {
                int length = plan.Areas[i].Length;
                if (offset + length > SectorSize)
                {
                    block++;
                    offset = 0;
                }
                areas[i] = new ContinuationArea(block, (ushort)offset, (ushort)length);
                offset += length;
                any = true;
            }
            if (role == RecordRole.Self)
                node.SelfContinuation = areas;
            else
                dir.DotContinuation = areas;
        }
        return any ? block + 1 : first;
    }

    /// <summary>The records of a directory extent in order: ".", "..", then the children, one per extent of each.</summary>
    public static IEnumerable<(LayoutNode Node, RecordRole Role, int Part)> RecordsOf(LayoutDirectory dir)
    {
        yield return (dir, RecordRole.Dot, 0);
        yield return (dir, RecordRole.DotDot, 0);
        foreach (LayoutNode child in dir.IsoOrder)
        {
            for (int part = 0; part < ExtentCount(child); part++)
                yield return (child, RecordRole.Self, part);
        }
    }

    /// <summary>How many directory records (extents) a node needs: more than one only for files over 4 GiB − 1.</summary>
    public static int ExtentCount(LayoutNode node) =>
        node.Length <= MaxSingleExtentLength ? 1 : (int)((node.Length + MaxExtentLength - 1) / MaxExtentLength);

    /// <summary>Where part <paramref name="part"/> of a file lies: the extents follow each other in the data area.</summary>
    public static (uint Extent, uint Size, bool More) ExtentOf(LayoutNode file, int part)
    {
        int count = ExtentCount(file);
        if (count == 1)
            return (file.DataExtent, (uint)file.Length, false);
        uint extent = file.DataExtent + (uint)part * (MaxExtentLength / SectorSize);
        long size = part < count - 1 ? MaxExtentLength : file.Length - ((long)MaxExtentLength * part);
        return (extent, (uint)size, part < count - 1);
    }

    /// <summary>How a record's Rock Ridge entries (<see cref="RockRidgeEntries.For"/>) are split between the record and continuation areas.</summary>
    public static SystemUsePlan PlanSystemUse(LayoutNode node, RecordRole role, List<byte[]> entries) =>
        SystemUsePlan.Create(entries, SystemUseCapacity(node, role));

    /// <summary>Whether a record's Rock Ridge entries all fit in the record, and their length; counted, not made.</summary>
    private bool FitsInRecord(LayoutNode node, RecordRole role, out int length)
    {
        length = RockRidgeEntries.Length(node, role, Spec.Timestamp);
        return length <= SystemUseCapacity(node, role);
    }

    private static int SystemUseCapacity(LayoutNode node, RecordRole role) =>
        DirectoryRecord.SystemUseCapacity(role == RecordRole.Self ? IsoIdentifierLength(node) : 1);

    private int InRecordSystemUse(LayoutNode node, RecordRole role) =>
        FitsInRecord(node, role, out int length) ? length : PlanSystemUse(node, role, RockRidgeEntries.For(node, role, Spec.Timestamp)).InRecordLength;

    private uint DirectorySize(LayoutDirectory dir, bool joliet)
    {
        long position = 0;
        void Add(int length)
        {
            if (position % SectorSize + length > SectorSize)
                position += SectorSize - position % SectorSize;
            position += length;
        }
        if (joliet)
        {
            Add(DirectoryRecord.Length(1, 0));
            Add(DirectoryRecord.Length(1, 0));
            foreach (LayoutNode child in dir.JolietOrder)
            {
                for (int part = 0; part < ExtentCount(child); part++)
                    Add(DirectoryRecord.Length(JolietIdentifierLength(child), 0));
            }
        }
        else
        {
            foreach ((LayoutNode node, RecordRole role, _) in RecordsOf(dir))
            {
                int identifierLength = role == RecordRole.Self ? IsoIdentifierLength(node) : 1;
                int systemUse = Spec.RockRidge ? InRecordSystemUse(node, role) : 0;
                Add(DirectoryRecord.Length(identifierLength, systemUse));
            }
        }
        return (uint)(Sectors(position) * SectorSize);
    }

    private static uint PathTableSize(List<LayoutDirectory> directories, Func<LayoutNode, int> identifierLength)
    {
        uint size = 0;
        foreach (LayoutDirectory dir in directories)
            size += (uint)PathTable.RecordLength(dir.IsRoot ? 1 : identifierLength(dir));
        return size;
    }

    public static int IsoIdentifierLength(LayoutNode node) => node.IsoId.Length;

    public static int JolietIdentifierLength(LayoutNode node) => node.JolietIdLength * 2;

    public static byte[] IsoIdentifier(LayoutNode node) => Encoding.ASCII.GetBytes(node.IsoId);

    public static byte[] JolietIdentifier(LayoutNode node) => Encoding.BigEndianUnicode.GetBytes(node.JolietId);

    public static uint Sectors(long bytes) => checked((uint)((bytes + SectorSize - 1) / SectorSize));
}
