using IsoBuild.Spec;
using IsoBuild.Zisofs;

namespace IsoBuild.Reading;

/// <summary>Which of an image's directory trees names the entries.</summary>
public enum IsoNamespace
{
    /// <summary>The plain ISO 9660 tree: identifiers without version (";1") or trailing dot; no Rock Ridge processing.</summary>
    Iso9660,

    /// <summary>The Joliet tree (UCS-2 names, as Windows shows them).</summary>
    Joliet,

    /// <summary>The ISO 9660 tree with Rock Ridge names, modes, links and relocated directories.</summary>
    RockRidge,

    /// <summary>The UDF file system (Unicode names up to 255 bytes, POSIX modes, links), as Windows reads DVD and Windows media.</summary>
    Udf,
}

/// <summary>A run of bytes of a file in the image: from the start of sector <see cref="Lba"/>.</summary>
/// <param name="Lba">The first 2048-byte sector.</param>
/// <param name="Length">The bytes in this extent.</param>
public readonly record struct IsoExtent(uint Lba, long Length);

/// <summary>Limits that keep a hostile or damaged image from exhausting memory or time. Exceeding one is ISO0206.</summary>
public sealed record IsoReaderLimits
{
    /// <summary>The defaults: generous for any real image.</summary>
    public static IsoReaderLimits Default { get; } = new();

    /// <summary>Directory nesting depth below the root.</summary>
    public int MaxDepth { get; init; } = 1000;

    /// <summary>Directory records in one directory.</summary>
    public int MaxEntriesPerDirectory { get; init; } = 1_000_000;

    /// <summary>SUSP continuation areas (CE) followed for one directory record.</summary>
    public int MaxContinuationAreas { get; init; } = 64;

    /// <summary>Directory records read over the reader's life (bounds trees whose directories are shared).</summary>
    public long MaxTotalRecords { get; init; } = 20_000_000;
}

/// <summary>A file, directory or symbolic link in an image, as one of its trees names it.</summary>
public sealed class IsoEntry
{
    private readonly IsoImageReader _reader;
    private IReadOnlyList<IsoEntry>? _children;

    internal IsoEntry(IsoImageReader reader, IsoEntry? parent, string name, EntryKind kind)
    {
        _reader = reader;
        Parent = parent;
        Name = name;
        Kind = kind;
        Depth = parent is null ? 0 : parent.Depth + 1;
        Path = parent is null ? "/" : parent.Parent is null ? "/" + name : parent.Path + "/" + name;
    }

    /// <summary>
    /// The name as the image records it (Rock Ridge, else Joliet, else ISO 9660 without ";1"). It is not checked:
    /// a hostile image may hold "..", "/" or NUL here; <see cref="IsoImageExtractor"/> refuses such names.
    /// </summary>
    public string Name { get; }

    /// <summary>The path from the image root, "/" for the root itself.</summary>
    public string Path { get; }

    /// <summary>File, directory or symbolic link.</summary>
    public EntryKind Kind { get; internal init; }

    /// <summary>
    /// The file's size in bytes (all extents; uncompressed for a zisofs file); for directories the size of the
    /// directory extent (UDF: of its identifiers).
    /// </summary>
    public long Length { get; internal init; }

    /// <summary>The bytes the file takes in the image: <see cref="Length"/>, or less for a zisofs-compressed file.</summary>
    public long StoredLength { get; internal init; }

    /// <summary>True for a file compressed with zisofs (Rock Ridge ZF); <see cref="OpenRead"/> decompresses it.</summary>
    public bool IsCompressed => Zisofs is not null;

    /// <summary>The POSIX mode (type and permission bits) from Rock Ridge or UDF, or null when the tree has none.</summary>
    public uint? Mode { get; internal init; }

    /// <summary>A symbolic link's target (Rock Ridge SL, UDF path components), as recorded.</summary>
    public string? LinkTarget { get; internal init; }

    /// <summary>The modification time (Rock Ridge TF, else the directory record's date), or null.</summary>
    public DateTimeOffset? ModifiedTime { get; internal init; }

    /// <summary>
    /// Where a file's bytes are, in order (several for multi-extent files). Empty for a UDF file whose data is
    /// recorded in its entry or has unrecorded (sparse) extents: read those with <see cref="OpenRead"/>.
    /// </summary>
    public IReadOnlyList<IsoExtent> Extents { get; internal init; } = [];

    /// <summary>True when the ISO 9660 "existence" (hidden) flag is set.</summary>
    public bool IsHidden { get; internal init; }

    /// <summary>The directory holding this entry; null for the root.</summary>
    public IsoEntry? Parent { get; }

    /// <summary>True for files whose Rock Ridge mode has an execute bit.</summary>
    public bool IsExecutable => Kind == EntryKind.File && Mode is uint m && (m & 0b001_001_001) != 0;

    /// <summary>
    /// What the entry's directory record holds besides its name and extents: Rock Ridge attributes (when read with
    /// Rock Ridge), the record's date and the ISO 9660 identifier (when the tree read is the ISO 9660 one).
    /// </summary>
    internal EntryAttributes? Recorded { get; init; }

    internal int Depth { get; }
    internal uint DirectoryLba { get; init; }

    /// <summary>The directory extent's size; null for a relocated directory whose "." record says it.</summary>
    internal uint? DirectorySize { get; set; }
    internal bool Interleaved { get; init; }
    internal bool HadRelocatedChildren { get; set; }

    /// <summary>The UDF entry this entry shows, when read from the UDF tree.</summary>
    internal Udf.UdfEntry? Udf { get; init; }

    /// <summary>The zisofs entry of a compressed file (Rock Ridge names only; Joliet and ISO 9660 show the compressed bytes).</summary>
    internal ZisofsEntry? Zisofs { get; init; }

    /// <summary>The component areas of the record's AAIP "AL" entries (Rock Ridge names only), or null.</summary>
    internal byte[]? AttributeList { get; init; }

    /// <summary>The children of a directory, read from the image the first time they are asked for.</summary>
    public IReadOnlyList<IsoEntry> GetChildren()
    {
        if (Kind != EntryKind.Directory)
            return [];
        return _children ??= _reader.ReadChildren(this);
    }

    /// <summary>Opens a file's content as a read-only, seekable stream over its extents, decompressed when it is zisofs.</summary>
    public Stream OpenRead() => _reader.OpenRead(this);

    /// <inheritdoc />
    public override string ToString() => Path;
}
