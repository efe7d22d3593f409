namespace IsoBuild.Spec;

/// <summary>What kind of thing an entry in the image is.</summary>
public enum EntryKind
{
    /// <summary>A regular file.</summary>
    File,
    /// <summary>A directory (possibly empty).</summary>
    Directory,
    /// <summary>A symbolic link (recorded with Rock Ridge).</summary>
    Symlink,
}

/// <summary>The trees of an image an entry can be hidden from.</summary>
[Flags]
public enum HiddenFrom
{
    /// <summary>Visible in every tree.</summary>
    None = 0,
    /// <summary>Not in the ISO 9660 tree (nor its Rock Ridge entries).</summary>
    Iso9660 = 1,
    /// <summary>Not in the Joliet tree.</summary>
    Joliet = 2,
    /// <summary>In no tree; the data is still written (a boot image reached only through El Torito).</summary>
    All = Iso9660 | Joliet,
}

/// <summary>One file, directory or symbolic link at a path inside the image.</summary>
/// <param name="Path">Normalized path in the image (see <see cref="ImagePath"/>).</param>
/// <param name="Kind">File, directory or symbolic link.</param>
/// <param name="Content">For files: where the bytes come from.</param>
/// <param name="Executable">For files: recorded with mode 0755 instead of 0644 (Rock Ridge).</param>
/// <param name="LinkTarget">For symbolic links: the target, as written.</param>
public sealed record ImageEntry(string Path, EntryKind Kind, ContentSource? Content = null, bool Executable = false, string? LinkTarget = null)
{
    // A tree of a million files makes a million entries: what most entries leave unset (link target, origin, hiding,
    // sort weight, kept attributes) lives in one small record of its own, made only for an entry that sets some of it.
    private readonly byte _kind = (byte)Kind;
    private readonly Rare? _rare = LinkTarget is null ? null : new Rare { LinkTarget = LinkTarget };

    // The content; or, for a file the source walk found (with one name), the path of the directory it is in, with
    // the file's length and modification time kept here and its content made when it is asked for: a walked file is
    // one object, not an entry and a content (32 bytes less a file).
    private readonly object? _content = Content;
    private readonly long _length;
    private readonly long _modifiedTicks;

    /// <summary>A file the source walk found in <paramref name="directory"/>; the last segment of <paramref name="path"/> is its name there.</summary>
    private ImageEntry(string path, string directory, long length, long modifiedTicks, bool executable)
        : this(path, EntryKind.File, null, executable)
    {
        _content = directory;
        _length = length;
        _modifiedTicks = modifiedTicks;
    }

    /// <summary>A regular file with one name that the source walk found in <paramref name="directory"/> (a non-empty path); the last segment of <paramref name="path"/> is its name there.</summary>
    internal static ImageEntry Walked(string path, string directory, long length, long modifiedTicks, bool executable) =>
        new(path, directory, length, modifiedTicks, executable);

    /// <summary>For files: where the bytes come from.</summary>
    public ContentSource? Content
    {
        get => _content as ContentSource ?? (_content is string directory ? FileContentSource.Create(directory, Path, _length, _modifiedTicks) : null);
        init => _content = value;
    }

    /// <summary>Whether the content is a local file (<see cref="ContentSource.IsLocalFile"/>), told without making it.</summary>
    internal bool IsLocalFile => _content is string || (_content as ContentSource)?.IsLocalFile == true;

    /// <summary>What the file's names share when it has several (<see cref="ContentSource.HardLink"/>), told without making its content.</summary>
    internal object? HardLink => (_content as ContentSource)?.HardLink;

    /// <summary>A walked file's directory and name, told without making its content (or a path); false for any other entry.</summary>
    internal bool InDirectory(out string directory, out ReadOnlySpan<char> name)
    {
        if (_content is string walkedIn)
        {
            directory = walkedIn;
            name = Path.AsSpan(Path.LastIndexOf('/') + 1);
            return true;
        }
        if (_content is FileContentSource file)
            return file.InDirectory(out directory, out name);
        directory = string.Empty;
        name = default;
        return false;
    }

    /// <summary>File, directory or symbolic link.</summary>
    public EntryKind Kind
    {
        get => (EntryKind)_kind;
        init => _kind = (byte)value;
    }

    /// <summary>For symbolic links: the target, as written.</summary>
    public string? LinkTarget
    {
        get => _rare?.LinkTarget;
        init => _rare = With(_rare, value, static (r, v) => r with { LinkTarget = v });
    }

    /// <summary>The size of the file's content (0 for directories and links).</summary>
    public long Length => _content is string ? _length : (_content as ContentSource)?.Length ?? 0;

    /// <summary>The trees the entry is left out of (its data is still written): ISO 9660 (with Rock Ridge), Joliet or both.</summary>
    public HiddenFrom HiddenFrom
    {
        get => _rare?.HiddenFrom ?? HiddenFrom.None;
        init => _rare = With(_rare, value, static (r, v) => r with { HiddenFrom = v });
    }

    /// <summary>
    /// Where the file's data goes: files of higher weight come first, files of equal weight in tree order (xorriso's
    /// --sort-weight). 0 for every file keeps the tree order.
    /// </summary>
    public int SortWeight
    {
        get => _rare?.SortWeight ?? 0;
        init => _rare = With(_rare, value, static (r, v) => r with { SortWeight = v });
    }

    /// <summary>What an entry carried over from a base image keeps of its record there; null for entries IsoBuild normalises.</summary>
    internal EntryAttributes? Attributes
    {
        get => _rare?.Attributes;
        init => _rare = With(_rare, value, static (r, v) => r with { Attributes = v });
    }

    /// <summary>Where the entry came from, for messages (by default, its content's description).</summary>
    public string Origin
    {
        get => _rare?.Origin ?? Content?.Description ?? string.Empty;
        init => _rare = With(_rare, value, static (r, v) => r with { Origin = v });
    }

    /// <summary>The rare fields with one changed; none at all while every one is unset. Records are never changed in place: a copy made with <c>with</c> may share them.</summary>
    private static Rare? With<T>(Rare? rare, T value, Func<Rare, T, Rare> set)
    {
        Rare changed = set(rare ?? Rare.None, value);
        return changed == Rare.None ? null : changed;
    }

    /// <summary>The fields few entries set.</summary>
    private sealed record Rare
    {
        public static readonly Rare None = new();
        public string? LinkTarget { get; init; }
        public HiddenFrom HiddenFrom { get; init; }
        public int SortWeight { get; init; }
        public EntryAttributes? Attributes { get; init; }
        public string? Origin { get; init; }
    }
}
