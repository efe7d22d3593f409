using IsoBuild.Joliet;
using IsoBuild.Spec;
using IsoBuild.Zisofs;

namespace IsoBuild.Layout;

/// <summary>Which directory record of a node is meant: its record in its parent, or a directory's "." and "..".</summary>
internal enum RecordRole
{
    Self,
    Dot,
    DotDot,
}

/// <summary>Where one continuation area of a record's system use entries lives.</summary>
internal readonly record struct ContinuationArea(uint Block, ushort Offset, ushort Length);

/// <summary>
/// One file, directory or link of the image, with everything the layout decided for it. A node holds what every
/// entry needs; <see cref="LayoutDirectory"/> adds what only directories need. The name is a view of the entry's
/// path and the Joliet name is kept only where it differs from the name, so that a file costs one small object
/// and its ISO 9660 name. Each stage of the layout sets what it decides through a method of its own; nothing else
/// changes a node.
/// </summary>
internal class LayoutNode
{
    private readonly string _path;
    private readonly int _nameStart;
    private readonly long _generatedLength;
    private string? _jolietName;
    private Storage? _storage;

    /// <param name="path">The path in the image.</param>
    /// <param name="kind">File, directory or link.</param>
    /// <param name="parent">The directory holding it (null for the root).</param>
    /// <param name="entry">What the spec asked for; null for the root, implicit directories and generated files.</param>
    /// <param name="generatedLength">For a file the layout makes itself (the boot catalog), its length.</param>
    public LayoutNode(string path, EntryKind kind, LayoutDirectory? parent, ImageEntry? entry, long generatedLength = 0)
    {
        _path = path;
        _nameStart = path.LastIndexOf('/') + 1;
        Kind = kind;
        Parent = parent;
        Entry = entry;
        _generatedLength = generatedLength;
    }

    /// <summary>
    /// A file known only by its entry and the first sector of its data: what rewriting the data of a file in an
    /// image laid out earlier needs (an incremental build patches such files).
    /// </summary>
    public static LayoutNode ForData(ImageEntry entry, uint dataExtent)
    {
        var node = new LayoutNode(entry.Path, EntryKind.File, null, entry);
        node.PlaceData(dataExtent);
        return node;
    }

    /// <summary>The exact name (Rock Ridge); empty for the root.</summary>
    public ReadOnlySpan<char> Name => _path.AsSpan(_nameStart);

    /// <summary>The path in the image, without a leading '/' (empty for the root).</summary>
    public string Path => _path;

    public string ImagePath => "/" + _path;

    public EntryKind Kind { get; }
    public LayoutDirectory? Parent { get; }

    /// <summary>What the spec asked for; null for the root, implicit directories and files the layout generates.</summary>
    public ImageEntry? Entry { get; private set; }

    /// <summary>True for a file the layout makes itself (the boot catalog): it has no source.</summary>
    public bool IsGenerated => Entry is null && Kind == EntryKind.File;

    public bool IsDirectory => Kind == EntryKind.Directory;
    public bool IsRoot => Parent is null;
    public long Length => Entry?.Length ?? _generatedLength;

    /// <summary>ISO 9660 identifier, with ";1" for files.</summary>
    public string IsoId { get; private set; } = string.Empty;

    /// <summary>Joliet identifier, with ";1" for files (made on each call when it is the name itself).</summary>
    public string JolietId => _jolietName is null ? Versioned(Name) : Versioned(_jolietName);

    /// <summary>Length in characters of <see cref="JolietId"/>.</summary>
    public int JolietIdLength => (_jolietName?.Length ?? Name.Length) + (IsDirectory ? 0 : JolietNames.Version.Length);

    /// <summary>Rock Ridge file serial number (PX), numbered in tree order.</summary>
    public uint Serial { get; private set; }

    /// <summary>First sector of a file's data (for empty files, where the data area starts).</summary>
    public uint DataExtent { get; private set; }

    public ContinuationArea[]? SelfContinuation { get; private set; }

    private HiddenFrom _hidden;

    /// <summary>The trees the node is left out of: its entry's choice, or the layout's for a generated file.</summary>
    public HiddenFrom HiddenFrom => _hidden | (Entry?.HiddenFrom ?? HiddenFrom.None);

    /// <summary>Where the file's data goes among the others: higher first (0 when the spec gives no weight).</summary>
    public int SortWeight => Entry?.SortWeight ?? 0;

    /// <summary>Leaves a node out of trees (the hidden boot catalog).</summary>
    public void Hide(HiddenFrom from) => _hidden |= from;

    /// <summary>The bytes the image holds for a file: its length, or the size of its zisofs data.</summary>
    public long DataLength => _storage?.Compression?.CompressedLength ?? Length;

    /// <summary>How a file stored compressed was compressed (its ZF entry), or null.</summary>
    public ZisofsCompressedFile? Compression => _storage?.Compression;

    /// <summary>An earlier file (in image order) whose extent this one shares: identical bytes, or another name of one hard-linked file.</summary>
    public LayoutNode? DataOwner => _storage?.DataOwner;

    /// <summary>The Rock Ridge link count of a file: how many names of one hard-linked file the image holds.</summary>
    public uint LinkCount => _storage?.LinkCount ?? 1;

    /// <summary>The file's index in the libisofs checksum array (1-based), or 0.</summary>
    public int ChecksumIndex => _storage?.ChecksumIndex ?? 0;

    public virtual ContinuationArea[]? Continuation(RecordRole role) => role == RecordRole.Self ? SelfContinuation : null;

    /// <summary>An explicit directory entry for a directory the tree first made implicitly.</summary>
    public void Describe(ImageEntry entry) => Entry ??= entry;

    public void Number(uint serial) => Serial = serial;

    /// <summary>The names of the node in the ISO 9660 and Joliet trees (a Joliet name equal to the name is not stored again).</summary>
    public void AssignNames(string isoId, string? jolietName)
    {
        IsoId = isoId;
        if (jolietName is not null)
            _jolietName = Name.SequenceEqual(jolietName) ? null : jolietName;
    }

    public void PlaceData(uint sector) => DataExtent = sector;

    /// <summary>The file is stored compressed.</summary>
    public void StoreCompressed(ZisofsCompressedFile compression) => (_storage ??= new()).Compression = compression;

    /// <summary>The file's data is <paramref name="owner"/>'s, an earlier file with the same bytes.</summary>
    public void ShareData(LayoutNode owner) => (_storage ??= new()).DataOwner = owner;

    /// <summary>The file is one of <paramref name="count"/> names of one hard-linked file, whose first name has <paramref name="serial"/>.</summary>
    public void Link(uint serial, uint count)
    {
        Serial = serial;
        (_storage ??= new()).LinkCount = count;
    }

    public void IndexChecksum(int index) => (_storage ??= new()).ChecksumIndex = index;

    public void PlaceContinuation(ContinuationArea[] areas) => SelfContinuation = areas;

    private string Versioned(ReadOnlySpan<char> name) => IsDirectory ? name.ToString() : string.Concat(name, JolietNames.Version);

    /// <summary>What only some files need (compression, shared data, links, a checksum index): one object, when needed.</summary>
    private sealed class Storage
    {
        public ZisofsCompressedFile? Compression;
        public LayoutNode? DataOwner;
        public uint LinkCount = 1;
        public int ChecksumIndex;
    }
}

/// <summary>A directory of the image: its children and where its ISO 9660 and Joliet extents lie.</summary>
internal sealed class LayoutDirectory(string path, LayoutDirectory? parent, ImageEntry? entry) : LayoutNode(path, EntryKind.Directory, parent, entry)
{
    /// <summary>Children in ordinal order of <see cref="LayoutNode.Name"/>.</summary>
    public List<LayoutNode> Children { get; } = [];

    /// <summary>Children in the order of the ISO 9660 directory records.</summary>
    public LayoutNode[] IsoOrder { get; private set; } = [];

    /// <summary>Children in the order of the Joliet directory records (links are not in Joliet).</summary>
    public LayoutNode[] JolietOrder { get; private set; } = [];

    public int SubdirectoryCount { get; private set; }

    public uint IsoExtent { get; private set; }
    public uint IsoSize { get; private set; }

    /// <summary>Sectors of continuation areas right after the directory's ISO extent.</summary>
    public uint ContinuationSectors { get; private set; }
    public ushort IsoNumber { get; private set; }
    public uint JolietExtent { get; private set; }
    public uint JolietSize { get; private set; }
    public ushort JolietNumber { get; private set; }

    public ContinuationArea[]? DotContinuation { get; private set; }

    public override ContinuationArea[]? Continuation(RecordRole role) => role == RecordRole.Dot ? DotContinuation : base.Continuation(role);

    /// <summary>Sorts the children by name and counts the subdirectories (the Rock Ridge link count).</summary>
    public void SortChildren()
    {
        Children.Sort(static (a, b) => a.Name.SequenceCompareTo(b.Name));
        SubdirectoryCount = Children.Count(c => c.IsDirectory);
    }

    public void Order(LayoutNode[] isoOrder, LayoutNode[] jolietOrder)
    {
        IsoOrder = isoOrder;
        JolietOrder = jolietOrder;
    }

    public void NumberInIsoPathTable(ushort number) => IsoNumber = number;

    public void NumberInJolietPathTable(ushort number) => JolietNumber = number;

    public void PlaceIso(uint extent, uint size) => (IsoExtent, IsoSize) = (extent, size);

    public void PlaceContinuationSectors(uint sectors) => ContinuationSectors = sectors;

    public void PlaceJoliet(uint extent, uint size) => (JolietExtent, JolietSize) = (extent, size);

    public void PlaceDotContinuation(ContinuationArea[] areas) => DotContinuation = areas;
}
