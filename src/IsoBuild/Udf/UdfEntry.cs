using IsoBuild.Spec;

namespace IsoBuild.Udf;

/// <summary>Limits that keep a hostile or damaged UDF image from exhausting memory or time. Exceeding one is ISO0615.</summary>
internal sealed record UdfReaderLimits
{
    public static UdfReaderLimits Default { get; } = new();

    public int MaxDepth { get; init; } = 1000;
    public int MaxEntriesPerDirectory { get; init; } = 1_000_000;
    public long MaxTotalEntries { get; init; } = 20_000_000;
    public long MaxDirectoryBytes { get; init; } = 256L << 20;
    public int MaxExtentsPerFile { get; init; } = 1_000_000;
    /// <summary>Allocation extent descriptors, indirect entries and volume descriptor pointers followed in one chain.</summary>
    public int MaxChainedDescriptors { get; init; } = 4096;
}

/// <summary>A problem a UDF image has, with its code (ISO06xx): what <see cref="UdfVerifier"/> reports.</summary>
internal sealed record UdfProblem(string Code, string Message)
{
    public override string ToString() => $"{Code}: {Message}";
}

/// <summary>
/// A run of a file's bytes: from the start of image sector <paramref name="Sector"/>, or zeros where the file
/// records an extent as not recorded (<paramref name="Sector"/> null).
/// </summary>
internal readonly record struct UdfExtent(long? Sector, long Length);

/// <summary>
/// A file, directory or symbolic link of a UDF file system. Its members are those of the ISO 9660 reader's
/// <c>IsoEntry</c>, so that one maps onto the other (see docs/udf.md).
/// </summary>
internal sealed class UdfEntry
{
    private readonly UdfVolume _volume;
    private IReadOnlyList<UdfEntry>? _children;

    internal UdfEntry(UdfVolume volume, UdfEntry? parent, string name, EntryKind kind, LogicalBlockAddress icb)
    {
        _volume = volume;
        Parent = parent;
        Name = name;
        Kind = kind;
        Icb = icb;
        Depth = parent is null ? 0 : parent.Depth + 1;
        Path = parent is null ? "/" : parent.Parent is null ? "/" + name : parent.Path + "/" + name;
    }

    /// <summary>The name as recorded; not checked (a hostile image may hold "..", "/" or NUL).</summary>
    public string Name { get; }
    public string Path { get; }
    public EntryKind Kind { get; }
    /// <summary>The information length: a file's size, a directory's identifiers, a link's path components.</summary>
    public long Length { get; internal init; }
    /// <summary>POSIX mode: the type bits and the permissions of the file entry.</summary>
    public uint Mode { get; internal init; }
    public string? LinkTarget { get; internal init; }
    public DateTimeOffset? ModifiedTime { get; internal init; }
    public IReadOnlyList<UdfExtent> Extents { get; internal init; } = [];
    /// <summary>Data recorded inside the file entry (ICB allocation type 3), or null.</summary>
    public byte[]? EmbeddedData { get; internal init; }
    /// <summary>The file identifier descriptor's hidden flag.</summary>
    public bool IsHidden { get; internal init; }
    public ulong UniqueId { get; internal init; }
    public UdfEntry? Parent { get; }

    /// <summary>Where the entry's file entry is: a block of a partition reference.</summary>
    internal LogicalBlockAddress Icb { get; }
    internal int Depth { get; }

    public IReadOnlyList<UdfEntry> GetChildren()
    {
        if (Kind != EntryKind.Directory)
            return [];
        return _children ??= _volume.ReadChildren(this);
    }

    public Stream OpenRead() => EmbeddedData is byte[] data
        ? new MemoryStream(data, 0, (int)Math.Min(data.Length, Length), writable: false)
        : new UdfExtentStream(_volume.Source, Extents, Length);

    public override string ToString() => Path;
}
