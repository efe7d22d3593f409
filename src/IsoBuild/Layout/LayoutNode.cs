using IsoBuild.Joliet;
using IsoBuild.Spec;

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
/// and its ISO 9660 name.
/// </summary>
internal class LayoutNode
{
    private readonly string _path;
    private readonly int _nameStart;
    private string? _jolietName;

    public LayoutNode(string path, EntryKind kind, LayoutDirectory? parent, ImageEntry? entry)
    {
        _path = path;
        _nameStart = path.LastIndexOf('/') + 1;
        Kind = kind;
        Parent = parent;
        Entry = entry;
    }

    /// <summary>
    /// A file known only by its entry and the first sector of its data: what rewriting the data of a file in an
    /// image laid out earlier needs (see <see cref="Incremental.ImagePatcher"/>).
    /// </summary>
    public static LayoutNode ForData(ImageEntry entry, uint dataExtent) =>
        new(entry.Path, EntryKind.File, null, entry) { DataExtent = dataExtent };

    /// <summary>The exact name (Rock Ridge); empty for the root.</summary>
    public ReadOnlySpan<char> Name => _path.AsSpan(_nameStart);

    /// <summary>The path in the image, without a leading '/' (empty for the root).</summary>
    public string Path => _path;

    public EntryKind Kind { get; }
    public LayoutDirectory? Parent { get; }
    public ImageEntry? Entry { get; set; }
    public bool IsDirectory => Kind == EntryKind.Directory;
    public bool IsRoot => Parent is null;
    public long Length => Entry?.Length ?? 0;

    /// <summary>ISO 9660 identifier, with ";1" for files.</summary>
    public string IsoId { get; set; } = string.Empty;

    /// <summary>Joliet identifier, with ";1" for files (made on each call when it is the name itself).</summary>
    public string JolietId => _jolietName is null ? Versioned(Name) : Versioned(_jolietName);

    /// <summary>Length in characters of <see cref="JolietId"/>.</summary>
    public int JolietIdLength => (_jolietName?.Length ?? Name.Length) + (IsDirectory ? 0 : JolietNames.Version.Length);

    /// <summary>Sets the Joliet name (without version); a name equal to <see cref="Name"/> is not stored again.</summary>
    public void SetJolietName(string name) => _jolietName = Name.SequenceEqual(name) ? null : name;

    /// <summary>Rock Ridge file serial number (PX), numbered in tree order.</summary>
    public uint Serial { get; set; }

    /// <summary>First sector of a file's data (for empty files, where the data area starts).</summary>
    public uint DataExtent { get; set; }

    public ContinuationArea[]? SelfContinuation { get; set; }

    public string ImagePath => "/" + _path;

    public virtual ContinuationArea[]? Continuation(RecordRole role) => role == RecordRole.Self ? SelfContinuation : null;

    private string Versioned(ReadOnlySpan<char> name) => IsDirectory ? name.ToString() : string.Concat(name, JolietNames.Version);
}

/// <summary>A directory of the image: its children and where its ISO 9660 and Joliet extents lie.</summary>
internal sealed class LayoutDirectory(string path, LayoutDirectory? parent, ImageEntry? entry) : LayoutNode(path, EntryKind.Directory, parent, entry)
{
    /// <summary>Children in ordinal order of <see cref="LayoutNode.Name"/>.</summary>
    public List<LayoutNode> Children { get; } = [];

    /// <summary>Children in the order of the ISO 9660 directory records.</summary>
    public LayoutNode[] IsoOrder { get; set; } = [];

    /// <summary>Children in the order of the Joliet directory records (links are not in Joliet).</summary>
    public LayoutNode[] JolietOrder { get; set; } = [];

    public int SubdirectoryCount { get; set; }

    public uint IsoExtent { get; set; }
    public uint IsoSize { get; set; }

    /// <summary>Sectors of continuation areas right after the directory's ISO extent.</summary>
    public uint ContinuationSectors { get; set; }
    public ushort IsoNumber { get; set; }
    public uint JolietExtent { get; set; }
    public uint JolietSize { get; set; }
    public ushort JolietNumber { get; set; }

    public ContinuationArea[]? DotContinuation { get; set; }

    public override ContinuationArea[]? Continuation(RecordRole role) => role == RecordRole.Dot ? DotContinuation : base.Continuation(role);
}
