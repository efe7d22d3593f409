using IsoBuild.Spec;
namespace IsoBuild.Udf;

/// <summary>
/// One entry of the tree a <see cref="UdfFileSystem"/> records: a file, directory or symbolic link with its exact
/// name (any Unicode, at most 255 bytes in OSTA CS0) and its POSIX permission bits.
/// </summary>
internal abstract class UdfNode
{
    protected UdfNode(string name, uint mode)
    {
        Name = name;
        Mode = mode & 0x0FFF;
    }

    /// <summary>The name in its directory; empty for the root.</summary>
    public string Name { get; }

    /// <summary>Permission bits (rwxrwxrwx, setuid, setgid, sticky).</summary>
    public uint Mode { get; }

    // What UdfFileSystem decided: the block of the file entry (in the partition that holds metadata), how many
    // allocation extent descriptor blocks follow it, and the blocks of a directory's identifiers or a link's data.
    internal uint EntryBlock { get; set; }
    internal uint ContinuationBlocks { get; set; }
    internal uint DataBlocks { get; set; }
    internal ulong UniqueId { get; set; }
    internal uint TotalBlocks => 1 + ContinuationBlocks + DataBlocks;
}

/// <summary>A regular file whose data the caller places: <see cref="DataSector"/> is the image sector of its first byte.</summary>
internal sealed class UdfFile(string name, long length, uint mode = 0b110_100_100) : UdfNode(name, mode)
{
    /// <summary>The file's size in bytes.</summary>
    public long Length { get; } = length;

    /// <summary>
    /// The image sector where the file's bytes start (one contiguous run of <see cref="Length"/> bytes), set by the
    /// caller before the metadata is written; it must lie inside the UDF partition. Ignored for empty files.
    /// </summary>
    public uint DataSector { get; set; }
}

/// <summary>A symbolic link and its target as POSIX writes it.</summary>
internal sealed class UdfSymlink(string name, string target, uint mode = 0b111_111_111) : UdfNode(name, mode)
{
    public string Target { get; } = target;
    internal byte[] Components { get; set; } = [];
}

/// <summary>A directory; its children may come in any order (they are recorded in ordinal order of their names).</summary>
internal sealed class UdfDirectory(string name, uint mode = 0b111_101_101) : UdfNode(name, mode)
{
    public List<UdfNode> Children { get; } = [];

    internal UdfNode[] Ordered { get; set; } = [];
    internal long IdentifiersLength { get; set; }
    internal UdfDirectory? Parent { get; set; }

    /// <summary>Adds and returns a child, for building trees in code.</summary>
    public T Add<T>(T child) where T : UdfNode
    {
        Children.Add(child);
        return child;
    }
}

/// <summary>What a UDF file system records besides the tree.</summary>
internal sealed record UdfVolumeSpec
{
    /// <summary>The volume identifier (also the logical volume and file set identifier); cut to fit UDF's fields.</summary>
    public required string VolumeIdentifier { get; init; }

    public UdfRevision Revision { get; init; } = UdfRevision.V102;

    /// <summary>The one build timestamp: every date in the file system.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    public required UdfDirectory Root { get; init; }

    /// <summary>
    /// Bytes that identify the content (for example a hash of the image spec): the volume set identifier derives
    /// from them. Null derives it from the tree (names, kinds, sizes, modes, targets) and the options.
    /// </summary>
    public byte[]? IdentitySeed { get; init; }
}
