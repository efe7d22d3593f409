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

/// <summary>One file, directory or link of the image, with everything the layout decided for it.</summary>
internal sealed class LayoutNode
{
    public LayoutNode(string name, EntryKind kind, LayoutNode? parent, ImageEntry? entry)
    {
        Name = name;
        Kind = kind;
        Parent = parent;
        Entry = entry;
    }

    /// <summary>The exact name (Rock Ridge); empty for the root.</summary>
    public string Name { get; }
    public EntryKind Kind { get; }
    public LayoutNode? Parent { get; }
    public ImageEntry? Entry { get; set; }
    public bool IsDirectory => Kind == EntryKind.Directory;
    public bool IsRoot => Parent is null;
    public long Length => Entry?.Length ?? 0;

    /// <summary>Children in ordinal order of <see cref="Name"/> (directories only).</summary>
    public List<LayoutNode> Children { get; } = [];

    /// <summary>Children in the order of the ISO 9660 directory records.</summary>
    public LayoutNode[] IsoOrder { get; set; } = [];

    /// <summary>Children in the order of the Joliet directory records (links are not in Joliet).</summary>
    public LayoutNode[] JolietOrder { get; set; } = [];

    /// <summary>ISO 9660 identifier, with ";1" for files.</summary>
    public string IsoId { get; set; } = string.Empty;

    /// <summary>Joliet identifier, with ";1" for files.</summary>
    public string JolietId { get; set; } = string.Empty;

    /// <summary>Rock Ridge file serial number (PX), numbered in tree order.</summary>
    public uint Serial { get; set; }

    public int SubdirectoryCount { get; set; }

    public uint IsoExtent { get; set; }
    public uint IsoSize { get; set; }

    /// <summary>Sectors of continuation areas right after the directory's ISO extent.</summary>
    public uint ContinuationSectors { get; set; }
    public ushort IsoNumber { get; set; }
    public uint JolietExtent { get; set; }
    public uint JolietSize { get; set; }
    public ushort JolietNumber { get; set; }

    /// <summary>First sector of a file's data (for empty files, where the data area starts).</summary>
    public uint DataExtent { get; set; }

    public ContinuationArea[]? SelfContinuation { get; set; }
    public ContinuationArea[]? DotContinuation { get; set; }

    public string ImagePath => Parent is null ? "/" : Parent.IsRoot ? "/" + Name : Parent.ImagePath + "/" + Name;

    public ContinuationArea[]? Continuation(RecordRole role) => role switch
    {
        RecordRole.Self => SelfContinuation,
        RecordRole.Dot => DotContinuation,
        _ => null,
    };
}
