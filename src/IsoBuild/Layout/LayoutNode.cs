using System.Text;
using IsoBuild.Iso9660;
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
    // A million files make a million nodes: the fields every node needs are kept small (the path is the entry's,
    // the ISO 9660 name a slice of the parent's bytes of names), and what few nodes need is one object, when needed.
    private ImageEntry? _entry;
    private Storage? _storage;
    private int _isoIdStart;
    private readonly ushort _nameStart; // NameUnknown: look for the last '/' (a path of 64 K characters or more)
    private byte _isoIdLength;
    private byte _kindAndHidden; // the kind in the low bits, the trees the layout hides the node from shifted by KindBits

    private const int KindBits = 2;
    private const ushort NameUnknown = ushort.MaxValue;

    /// <param name="path">The path in the image.</param>
    /// <param name="kind">File, directory or link.</param>
    /// <param name="parent">The directory holding it (null for the root).</param>
    /// <param name="entry">What the spec asked for; null for the root, implicit directories and generated files.</param>
    public LayoutNode(string path, EntryKind kind, LayoutDirectory? parent, ImageEntry? entry)
    {
        // The entry's path is the node's path in the usual case (a normalized path): it is not kept twice.
        if (entry is null || !ReferenceEquals(entry.Path, path))
            (_storage = new()).Path = path;
        int nameStart = path.LastIndexOf('/') + 1;
        _nameStart = nameStart < NameUnknown ? (ushort)nameStart : NameUnknown;
        _kindAndHidden = (byte)kind;
        Parent = parent;
        _entry = entry;
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
    public ReadOnlySpan<char> Name
    {
        get
        {
            string path = Path;
            return path.AsSpan(_nameStart != NameUnknown ? _nameStart : path.LastIndexOf('/') + 1);
        }
    }

    /// <summary>The path in the image, without a leading '/' (empty for the root).</summary>
    public string Path => _storage?.Path ?? _entry!.Path;

    public string ImagePath => "/" + Path;

    public EntryKind Kind => (EntryKind)(_kindAndHidden & ((1 << KindBits) - 1));
    public LayoutDirectory? Parent { get; }

    /// <summary>What the spec asked for; null for the root, implicit directories and files the layout generates.</summary>
    public ImageEntry? Entry => _entry;

    /// <summary>True for a file the layout makes itself (the boot catalog): it has no source.</summary>
    public bool IsGenerated => Entry is null && Kind == EntryKind.File;

    public bool IsDirectory => Kind == EntryKind.Directory;
    public bool IsRoot => Parent is null;
    /// <summary>The content's length; the one file the layout generates is the boot catalog, of one sector.</summary>
    public long Length => Entry?.Length ?? (Kind == EntryKind.File ? LayoutTree.BootCatalogLength : 0);

    /// <summary>ISO 9660 identifier, with ";1" for files (made on each call from the bytes the parent keeps).</summary>
    public string IsoId => _storage?.IsoId ?? (_isoIdLength == 0 ? string.Empty : Encoding.ASCII.GetString(IsoIdBytes));

    /// <summary>The ISO 9660 identifier as recorded (ASCII).</summary>
    public ReadOnlySpan<byte> IsoIdBytes => _storage?.IsoId is { } id
        ? Encoding.ASCII.GetBytes(id)
        : _isoIdLength == 0 ? [] : Parent!.IsoIds.AsSpan(_isoIdStart, _isoIdLength);

    /// <summary>Length in characters of <see cref="IsoId"/>.</summary>
    public int IsoIdLength => _storage?.IsoId?.Length ?? _isoIdLength;

    /// <summary>Joliet identifier, with ";1" for files (made on each call when it is the name itself).</summary>
    public string JolietId => _storage?.JolietName is { } joliet ? Versioned(joliet) : Versioned(Name);

    /// <summary>Writes <see cref="JolietId"/> in UCS-2 big-endian (as Joliet records it) without making the string; returns the bytes written.</summary>
    public int WriteJolietId(Span<byte> destination)
    {
        ReadOnlySpan<char> name = _storage?.JolietName is { } joliet ? joliet : Name;
        int written = Encoding.BigEndianUnicode.GetBytes(name, destination);
        if (!IsDirectory)
            written += Encoding.BigEndianUnicode.GetBytes(JolietNames.Version, destination[written..]);
        return written;
    }

    /// <summary>Length in characters of <see cref="JolietId"/>.</summary>
    public int JolietIdLength => (_storage?.JolietName?.Length ?? Name.Length) + (IsDirectory ? 0 : JolietNames.Version.Length);

    /// <summary>Rock Ridge file serial number (PX), numbered in tree order.</summary>
    public uint Serial { get; private set; }

    /// <summary>First sector of a file's data (for empty files, where the data area starts).</summary>
    public uint DataExtent { get; private set; }

    public ContinuationArea[]? SelfContinuation => _storage?.SelfContinuation;

    /// <summary>The trees the node is left out of: its entry's choice, or the layout's for a generated file.</summary>
    public HiddenFrom HiddenFrom => (HiddenFrom)(_kindAndHidden >> KindBits) | (Entry?.HiddenFrom ?? HiddenFrom.None);

    /// <summary>Where the file's data goes among the others: higher first (0 when the spec gives no weight).</summary>
    public int SortWeight => Entry?.SortWeight ?? 0;

    /// <summary>Leaves a node out of trees (the hidden boot catalog).</summary>
    public void Hide(HiddenFrom from) => _kindAndHidden |= (byte)((int)from << KindBits);

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
    public void Describe(ImageEntry entry) => _entry ??= entry;

    public void Number(uint serial) => Serial = serial;

    /// <summary>The names of the node in the ISO 9660 and Joliet trees (a Joliet name equal to the name is not stored again).</summary>
    public void AssignNames(string isoId, string? jolietName)
    {
        if (isoId.Length == 0)
        {
            if (_storage is not null)
                _storage.IsoId = null;
            _isoIdLength = 0;
        }
        else
        {
            (_storage ??= new()).IsoId = isoId;
        }
        AssignJolietName(jolietName);
    }

    /// <summary>The ISO 9660 name is the slice of <paramref name="start"/> and <paramref name="length"/> bytes of the parent's <see cref="LayoutDirectory.IsoIds"/>.</summary>
    internal void AssignIsoIdSlice(int start, int length, string? jolietName)
    {
        if (_storage is not null)
            _storage.IsoId = null;
        (_isoIdStart, _isoIdLength) = (start, checked((byte)length));
        AssignJolietName(jolietName);
    }

    private void AssignJolietName(string? jolietName)
    {
        if (jolietName is null)
            return;
        if (!Name.SequenceEqual(jolietName))
            (_storage ??= new()).JolietName = jolietName;
        else if (_storage is not null)
            _storage.JolietName = null;
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

    public void PlaceContinuation(ContinuationArea[] areas) => (_storage ??= new()).SelfContinuation = areas;

    private string Versioned(ReadOnlySpan<char> name) => IsDirectory ? name.ToString() : string.Concat(name, JolietNames.Version);

    /// <summary>
    /// What only some nodes need (compression, shared data, links, a checksum index, a Joliet name other than the
    /// name, continuation areas, a path of their own, an ISO 9660 name not among the parent's): one object, when needed.
    /// </summary>
    private sealed class Storage
    {
        public string? Path;
        public string? IsoId;
        public string? JolietName;
        public ContinuationArea[]? SelfContinuation;
        public ZisofsCompressedFile? Compression;
        public LayoutNode? DataOwner;
        public uint LinkCount = 1;
        public int ChecksumIndex;
    }
}

/// <summary>A directory of the image: its children and where its ISO 9660 and Joliet extents lie.</summary>
internal sealed class LayoutDirectory(string path, LayoutDirectory? parent, ImageEntry? entry) : LayoutNode(path, EntryKind.Directory, parent, entry)
{
    // The children as the tree is built; once they are sorted, an array of exactly their number (which the ISO 9660
    // order mostly shares: a million files keep one array of references per directory, not three).
    private List<LayoutNode>? _adding = [];

    /// <summary>Children in ordinal order of <see cref="LayoutNode.Name"/> (once <see cref="SortChildren"/> has run).</summary>
    public LayoutNode[] Children { get; private set; } = [];

    /// <summary>Adds a child while the tree is built.</summary>
    public void Add(LayoutNode child) => Adding.Add(child);

    /// <summary>Whether a child added so far is a file or link at <paramref name="path"/>.</summary>
    public bool HasNonDirectory(string path) => Adding.Exists(c => !c.IsDirectory && c.Path == path);

    private List<LayoutNode> Adding => _adding ?? throw new InvalidOperationException("The directory's children are sorted: no child can be added.");

    /// <summary>Children in the order of the ISO 9660 directory records.</summary>
    public LayoutNode[] IsoOrder { get; private set; } = [];

    /// <summary>Children in the order of the Joliet directory records (links are not in Joliet).</summary>
    public LayoutNode[] JolietOrder { get; private set; } = [];

    public int SubdirectoryCount { get; private set; }

    /// <summary>The ISO 9660 identifiers of the children, one after the other (ASCII); each child knows its slice.</summary>
    public byte[] IsoIds { get; private set; } = [];

    /// <summary>
    /// Gives the children their ISO 9660 identifiers — <paramref name="isoNames"/> (by place in <see cref="Children"/>),
    /// with the version ";1" after a file's — as slices of one array of bytes, and their Joliet names. An identifier
    /// outside ASCII (none that the name mapping makes) is kept by its child as a string.
    /// </summary>
    public void NameChildren(string[] isoNames, string?[] jolietNames)
    {
        int total = 0;
        for (int i = 0; i < isoNames.Length; i++)
            total += InBytes(i) ? IdLength(i) : 0;
        byte[] bytes = total == 0 ? [] : new byte[total];
        int offset = 0;
        for (int i = 0; i < isoNames.Length; i++)
        {
            string version = Children[i].IsDirectory ? string.Empty : IsoNames.Version;
            if (!InBytes(i))
            {
                Children[i].AssignNames(isoNames[i] + version, jolietNames[i]);
                continue;
            }
            Ascii.FromUtf16(isoNames[i], bytes.AsSpan(offset), out int written);
            Ascii.FromUtf16(version, bytes.AsSpan(offset + written), out int versionWritten);
            Children[i].AssignIsoIdSlice(offset, written + versionWritten, jolietNames[i]);
            offset += written + versionWritten;
        }
        IsoIds = bytes;

        int IdLength(int i) => isoNames[i].Length + (Children[i].IsDirectory ? 0 : IsoNames.Version.Length);
        bool InBytes(int i) => IdLength(i) is > 0 and <= byte.MaxValue && Ascii.IsValid(isoNames[i]);
    }

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
        List<LayoutNode> children = Adding;
        children.Sort(static (a, b) => a.Name.SequenceCompareTo(b.Name));
        Children = [.. children];
        _adding = null;
        SubdirectoryCount = Children.Count(c => c.IsDirectory);
    }

    /// <summary>Sets the orders of the directory records; an order that is the children's own keeps their array.</summary>
    public void Order(LayoutNode[] isoOrder, LayoutNode[] jolietOrder)
    {
        IsoOrder = isoOrder.AsSpan().SequenceEqual(Children) ? Children : isoOrder;
        JolietOrder = jolietOrder.AsSpan().SequenceEqual(IsoOrder) ? IsoOrder : jolietOrder;
    }

    public void NumberInIsoPathTable(ushort number) => IsoNumber = number;

    public void NumberInJolietPathTable(ushort number) => JolietNumber = number;

    public void PlaceIso(uint extent, uint size) => (IsoExtent, IsoSize) = (extent, size);

    public void PlaceContinuationSectors(uint sectors) => ContinuationSectors = sectors;

    public void PlaceJoliet(uint extent, uint size) => (JolietExtent, JolietSize) = (extent, size);

    public void PlaceDotContinuation(ContinuationArea[] areas) => DotContinuation = areas;
}
