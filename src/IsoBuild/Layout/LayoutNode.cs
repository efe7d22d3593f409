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
/// entry needs; <see cref="LayoutDirectory"/> adds what only directories need. The name is the entry's, and the
/// ISO 9660 and Joliet names are kept only where they differ from what the name makes, so that a file costs one small
/// object. Each stage of the layout sets what it decides through a method of its own; nothing else
/// changes a node.
/// </summary>
internal class LayoutNode
{
    // A million files make a million nodes: the fields every node needs are kept small (the path is the entry's, the
    // ISO 9660 name made from the name or a slice of the parent's bytes of names), and what few nodes need is one
    // object, when needed, which then holds the entry too.
    private object? _entryOrStorage; // the entry; or, for a node that needs more, its storage, which holds the entry
    private int _isoIdStart;
    private byte _isoIdLength;
    private byte _kindAndHidden; // the kind in the low bits, the trees the layout hides the node from shifted by KindBits

    private const int KindBits = 2;

    /// <summary>The start of an ISO 9660 name that is not kept but made from the name (<see cref="IdOfName"/>).</summary>
    internal const int IsoIdOfName = -1;

    /// <param name="path">The path in the image; null for the path of <paramref name="entry"/>, a normalized path.</param>
    /// <param name="kind">File, directory or link.</param>
    /// <param name="parent">The directory holding it (null for the root).</param>
    /// <param name="entry">What the spec asked for; null for the root, implicit directories and generated files.</param>
    public LayoutNode(string? path, EntryKind kind, LayoutDirectory? parent, ImageEntry? entry)
    {
        // The entry's path is the node's path in the usual case (a normalized path): it is not kept twice (nor made,
        // for a walked file, whose entry keeps its name and directory instead).
        _entryOrStorage = entry;
        if (path is not null && (entry is null || !entry.HasPath(path)))
            Stored.Path = path;
        _kindAndHidden = (byte)kind;
        Parent = parent;
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
    public ReadOnlySpan<char> Name => Kept?.Path is { } path ? path.AsSpan(path.LastIndexOf('/') + 1) : Entry!.Name;

    /// <summary>The path in the image, without a leading '/' (empty for the root); made on each call for a walked file.</summary>
    public string Path => Kept?.Path ?? Entry!.Path;

    public string ImagePath => "/" + Path;

    public EntryKind Kind => (EntryKind)(_kindAndHidden & ((1 << KindBits) - 1));
    public LayoutDirectory? Parent { get; }

    /// <summary>What the spec asked for; null for the root, implicit directories and files the layout generates.</summary>
    public ImageEntry? Entry => _entryOrStorage as ImageEntry ?? (_entryOrStorage as Storage)?.Entry;

    /// <summary>What only some nodes need; null while the node needs none of it.</summary>
    private Storage? Kept => _entryOrStorage as Storage;

    /// <summary>The node's storage, made (holding its entry) when first needed.</summary>
    private Storage Stored => _entryOrStorage as Storage ?? (Storage)(_entryOrStorage = new Storage { Entry = _entryOrStorage as ImageEntry });

    /// <summary>True for a file the layout makes itself (the boot catalog): it has no source.</summary>
    public bool IsGenerated => Entry is null && Kind == EntryKind.File;

    public bool IsDirectory => Kind == EntryKind.Directory;
    public bool IsRoot => Parent is null;
    /// <summary>The content's length; the one file the layout generates is the boot catalog, of one sector.</summary>
    public long Length => Entry?.Length ?? (Kind == EntryKind.File ? LayoutTree.BootCatalogLength : 0);

    /// <summary>ISO 9660 identifier, with ";1" for files (made on each call from the name or the bytes the parent keeps).</summary>
    public string IsoId
    {
        get
        {
            if (Kept?.IsoId is { } id)
                return id;
            Span<byte> bytes = stackalloc byte[byte.MaxValue];
            return Encoding.ASCII.GetString(bytes[..WriteIsoId(bytes)]);
        }
    }

    /// <summary>Writes the ISO 9660 identifier as recorded (ASCII, at most 255 bytes); returns the bytes written.</summary>
    public int WriteIsoId(Span<byte> destination)
    {
        if (Kept?.IsoId is { } id)
            return Encoding.ASCII.GetBytes(id, destination);
        if (_isoIdLength == 0)
            return 0;
        if (_isoIdStart == IsoIdOfName)
            return IdOfName(Name, IsDirectory, destination);
        Parent!.IsoIds.AsSpan(_isoIdStart, _isoIdLength).CopyTo(destination);
        return _isoIdLength;
    }

    /// <summary>
    /// The ISO 9660 identifier most names are given, made from the name: its ASCII letters in upper case, a '.' after
    /// a file name that has none, and ";1" after a file's. -1 when the name holds a character outside ASCII or the
    /// identifier would not fit <paramref name="destination"/>.
    /// </summary>
    internal static int IdOfName(ReadOnlySpan<char> name, bool directory, Span<byte> destination)
    {
        bool dotless = !directory && !name.Contains('.');
        int length = name.Length + (directory ? 0 : (dotless ? 1 : 0) + IsoNames.Version.Length);
        if (length > destination.Length)
            return -1;
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (!char.IsAscii(c))
                return -1;
            destination[i] = (byte)char.ToUpperInvariant(c);
        }
        if (!directory)
        {
            int at = name.Length;
            if (dotless)
                destination[at++] = (byte)'.';
            Ascii.FromUtf16(IsoNames.Version, destination[at..], out _);
        }
        return length;
    }

    /// <summary>Length in characters of <see cref="IsoId"/>.</summary>
    public int IsoIdLength => Kept?.IsoId?.Length ?? _isoIdLength;

    /// <summary>Joliet identifier, with ";1" for files (made on each call when it is the name itself).</summary>
    public string JolietId => Kept?.JolietName is { } joliet ? Versioned(joliet) : Versioned(Name);

    /// <summary>Writes <see cref="JolietId"/> in UCS-2 big-endian (as Joliet records it) without making the string; returns the bytes written.</summary>
    public int WriteJolietId(Span<byte> destination)
    {
        ReadOnlySpan<char> name = Kept?.JolietName is { } joliet ? joliet : Name;
        int written = Encoding.BigEndianUnicode.GetBytes(name, destination);
        if (!IsDirectory)
            written += Encoding.BigEndianUnicode.GetBytes(JolietNames.Version, destination[written..]);
        return written;
    }

    /// <summary>Length in characters of <see cref="JolietId"/>.</summary>
    public int JolietIdLength => (Kept?.JolietName?.Length ?? Name.Length) + (IsDirectory ? 0 : JolietNames.Version.Length);

    /// <summary>Rock Ridge file serial number (PX), numbered in tree order.</summary>
    public uint Serial { get; private set; }

    /// <summary>First sector of a file's data (for empty files, where the data area starts).</summary>
    public uint DataExtent { get; private set; }

    public ContinuationArea[]? SelfContinuation => Kept?.SelfContinuation;

    /// <summary>The trees the node is left out of: its entry's choice, or the layout's for a generated file.</summary>
    public HiddenFrom HiddenFrom => (HiddenFrom)(_kindAndHidden >> KindBits) | (Entry?.HiddenFrom ?? HiddenFrom.None);

    /// <summary>Where the file's data goes among the others: higher first (0 when the spec gives no weight).</summary>
    public int SortWeight => Entry?.SortWeight ?? 0;

    /// <summary>Leaves a node out of trees (the hidden boot catalog).</summary>
    public void Hide(HiddenFrom from) => _kindAndHidden |= (byte)((int)from << KindBits);

    /// <summary>The bytes the image holds for a file: its length, or the size of its zisofs data.</summary>
    public long DataLength => Kept?.Compression?.CompressedLength ?? Length;

    /// <summary>How a file stored compressed was compressed (its ZF entry), or null.</summary>
    public ZisofsCompressedFile? Compression => Kept?.Compression;

    /// <summary>An earlier file (in image order) whose extent this one shares: identical bytes, or another name of one hard-linked file.</summary>
    public LayoutNode? DataOwner => Kept?.DataOwner;

    /// <summary>The Rock Ridge link count of a file: how many names of one hard-linked file the image holds.</summary>
    public uint LinkCount => Kept?.LinkCount ?? 1;

    /// <summary>The file's index in the libisofs checksum array (1-based), or 0.</summary>
    public int ChecksumIndex => Kept?.ChecksumIndex ?? 0;

    public virtual ContinuationArea[]? Continuation(RecordRole role) => role == RecordRole.Self ? SelfContinuation : null;

    /// <summary>An explicit directory entry for a directory the tree first made implicitly.</summary>
    public void Describe(ImageEntry entry)
    {
        if (_entryOrStorage is Storage storage)
            storage.Entry ??= entry;
        else
            _entryOrStorage ??= entry;
    }

    public void Number(uint serial) => Serial = serial;

    /// <summary>The names of the node in the ISO 9660 and Joliet trees (a Joliet name equal to the name is not stored again).</summary>
    public void AssignNames(string isoId, string? jolietName)
    {
        if (isoId.Length == 0)
        {
            if (Kept is not null)
                Kept.IsoId = null;
            _isoIdLength = 0;
        }
        else
        {
            Stored.IsoId = isoId;
        }
        AssignJolietName(jolietName);
    }

    /// <summary>
    /// The ISO 9660 name is the slice of <paramref name="start"/> and <paramref name="length"/> bytes of the parent's
    /// <see cref="LayoutDirectory.IsoIds"/>, or with <paramref name="start"/> <see cref="IsoIdOfName"/>, the identifier
    /// <see cref="IdOfName"/> makes of the name, of <paramref name="length"/> bytes.
    /// </summary>
    internal void AssignIsoIdSlice(int start, int length, string? jolietName)
    {
        if (Kept is not null)
            Kept.IsoId = null;
        (_isoIdStart, _isoIdLength) = (start, checked((byte)length));
        AssignJolietName(jolietName);
    }

    private void AssignJolietName(string? jolietName)
    {
        if (jolietName is null)
            return;
        if (!Name.SequenceEqual(jolietName))
            Stored.JolietName = jolietName;
        else if (Kept is not null)
            Kept.JolietName = null;
    }

    public void PlaceData(uint sector) => DataExtent = sector;

    /// <summary>The file is stored compressed.</summary>
    public void StoreCompressed(ZisofsCompressedFile compression) => Stored.Compression = compression;

    /// <summary>The file's data is <paramref name="owner"/>'s, an earlier file with the same bytes.</summary>
    public void ShareData(LayoutNode owner) => Stored.DataOwner = owner;

    /// <summary>The file is one of <paramref name="count"/> names of one hard-linked file, whose first name has <paramref name="serial"/>.</summary>
    public void Link(uint serial, uint count)
    {
        Serial = serial;
        Stored.LinkCount = count;
    }

    public void IndexChecksum(int index) => Stored.ChecksumIndex = index;

    public void PlaceContinuation(ContinuationArea[] areas) => Stored.SelfContinuation = areas;

    private string Versioned(ReadOnlySpan<char> name) => IsDirectory ? name.ToString() : string.Concat(name, JolietNames.Version);

    /// <summary>
    /// What only some nodes need (compression, shared data, links, a checksum index, a Joliet name other than the
    /// name, continuation areas, a path of their own, an ISO 9660 name not among the parent's): one object, when needed.
    /// </summary>
    private sealed class Storage
    {
        public ImageEntry? Entry;
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
        // Most identifiers are what the name makes (in upper case, with a version): those are not kept but made again
        // when written. The others are slices of one array.
        Span<byte> ofName = stackalloc byte[byte.MaxValue];
        var madeOfName = new bool[isoNames.Length];
        for (int i = 0; i < isoNames.Length; i++)
        {
            if (!InBytes(i))
                continue;
            int length = IdOfName(Children[i].Name, Children[i].IsDirectory, ofName);
            madeOfName[i] = length == IdLength(i) && Ascii.Equals(ofName[..isoNames[i].Length], isoNames[i]);
            if (!madeOfName[i])
                total += IdLength(i);
        }
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
            if (madeOfName[i])
            {
                Children[i].AssignIsoIdSlice(IsoIdOfName, IdLength(i), jolietNames[i]);
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
