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
    // sort weight, kept attributes) lives in one small record of its own, made only for an entry that sets some of it,
    // and which then holds the path too. The path is null for a file the source walk found (with one name): it is made
    // when asked for from its directory's path in the image and its name, a slice of the names the directory's files share.
    private readonly byte _kind = (byte)Kind;
    private readonly object? _pathOrRare = LinkTarget is null ? Path : new Rare { Path = Path, LinkTarget = LinkTarget };

    // The content; or, for a walked file, its directory, with the file's length and modification time kept here and
    // its content made when it is asked for: a walked file is one object and a slice of its directory's names, not an
    // entry, a path and a content.
    private readonly object? _content = Content;
    private readonly long _length;
    private readonly long _modifiedTicks;
    private readonly int _nameStart;
    private readonly ushort _nameLength;

    /// <summary>A file the source walk found: its name is <paramref name="nameLength"/> characters of <paramref name="directory"/>'s names from <paramref name="nameStart"/>.</summary>
    private ImageEntry(WalkedDirectory directory, int nameStart, ushort nameLength, long length, long modifiedTicks, bool executable)
        : this(null!, EntryKind.File, null, executable)
    {
        _content = directory;
        _nameStart = nameStart;
        _nameLength = nameLength;
        _length = length;
        _modifiedTicks = modifiedTicks;
    }

    /// <summary>The longest name a walked file keeps as a slice of its directory's names (longer ones are kept as a path).</summary>
    internal const int MaxWalkedName = ushort.MaxValue;

    /// <summary>
    /// A regular file with one name that the source walk found in <paramref name="directory"/>: its name is
    /// <paramref name="nameLength"/> (at most <see cref="MaxWalkedName"/>) characters of the directory's names from
    /// <paramref name="nameStart"/>.
    /// </summary>
    internal static ImageEntry Walked(WalkedDirectory directory, int nameStart, int nameLength, long length, long modifiedTicks, bool executable)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nameLength, MaxWalkedName);
        return new(directory, nameStart, (ushort)nameLength, length, modifiedTicks, executable);
    }

    /// <summary>Normalized path in the image (see <see cref="ImagePath"/>).</summary>
    public string Path
    {
        get => OwnPath ?? Walk.PathOf(SourceName);
        init => _pathOrRare = With(value, static (r, v) => r with { Path = v });
    }

    /// <summary>The last segment of the path, without making the path.</summary>
    internal ReadOnlySpan<char> Name => OwnPath is { } path ? path.AsSpan(path.LastIndexOf('/') + 1) : SourceName;

    /// <summary>A walked file's name in its directory on disk (its name in the image too, unless a copy gave it another path).</summary>
    private ReadOnlySpan<char> SourceName => Walk.Names.AsSpan(_nameStart, _nameLength);

    /// <summary>Whether the path is already what <see cref="ImagePath.Normalize"/> makes of it (a walked file's always is).</summary>
    /// <exception cref="IsoBuildException">ISO0003 when the path is not valid.</exception>
    internal bool HasNormalizedPath => OwnPath is null || ReferenceEquals(ImagePath.Normalize(OwnPath), OwnPath);

    /// <summary>Whether the entry keeps its path (every entry but a walked file, whose path is made when asked for).</summary>
    internal bool KeepsPath => OwnPath is not null;

    /// <summary>Whether the entry is in the directory at <paramref name="directory"/> (a normalized path), told without making its path.</summary>
    internal bool IsIn(string directory)
    {
        SplitPath(out ReadOnlySpan<char> own, out _);
        return own.SequenceEqual(directory);
    }

    /// <summary>Whether the path is <paramref name="path"/>, told without making it.</summary>
    internal bool HasPath(string path)
    {
        if (OwnPath is { } own)
            return own == path;
        SplitPath(out ReadOnlySpan<char> directory, out ReadOnlySpan<char> name);
        return directory.Length == 0
            ? path.AsSpan().SequenceEqual(name)
            : path.Length == JoinedLength(directory, name) && path.AsSpan().StartsWith(directory)
                && path[directory.Length] == '/' && path.AsSpan(directory.Length + 1).SequenceEqual(name);
    }

    /// <summary>The ordinal order of two entries' paths (<see cref="string.CompareOrdinal(string, string)"/>'s sign), told without making them.</summary>
    internal static int ComparePaths(ImageEntry a, ImageEntry b)
    {
        if (a.OwnPath is { } p && b.OwnPath is { } q)
            return string.CompareOrdinal(p, q);
        a.SplitPath(out ReadOnlySpan<char> aDirectory, out ReadOnlySpan<char> aName);
        b.SplitPath(out ReadOnlySpan<char> bDirectory, out ReadOnlySpan<char> bName);
        if (aDirectory.SequenceEqual(bDirectory))
            return aName.SequenceCompareTo(bName);
        // Paths in different directories: compare them character by character as the joined paths would be.
        int aLength = JoinedLength(aDirectory, aName), bLength = JoinedLength(bDirectory, bName);
        for (int i = 0; i < aLength && i < bLength; i++)
        {
            int order = JoinedAt(aDirectory, aName, i).CompareTo(JoinedAt(bDirectory, bName, i));
            if (order != 0)
                return order;
        }
        return aLength.CompareTo(bLength);
    }

    private static int JoinedLength(ReadOnlySpan<char> directory, ReadOnlySpan<char> name) =>
        directory.Length == 0 ? name.Length : directory.Length + 1 + name.Length;

    private static char JoinedAt(ReadOnlySpan<char> directory, ReadOnlySpan<char> name, int i) =>
        directory.Length == 0 ? name[i] : i < directory.Length ? directory[i] : i == directory.Length ? '/' : name[i - directory.Length - 1];

    /// <summary>The path as the path of its directory (empty for the root's children) and its name.</summary>
    private void SplitPath(out ReadOnlySpan<char> directory, out ReadOnlySpan<char> name)
    {
        if (OwnPath is { } path)
        {
            int slash = path.LastIndexOf('/');
            directory = slash < 0 ? [] : path.AsSpan(0, slash);
            name = path.AsSpan(slash + 1);
            return;
        }
        directory = Walk.ImagePath;
        name = Name;
    }

    /// <summary>The directory of a walked file (only asked of one).</summary>
    private WalkedDirectory Walk => (WalkedDirectory)_content!;

    /// <summary>For files: where the bytes come from.</summary>
    public ContentSource? Content
    {
        get => _content as ContentSource ?? (_content is WalkedDirectory walk ? FileContentSource.Create(walk.Source, SourceName.ToString(), _length, _modifiedTicks) : null);
        init
        {
            // A walked file given another content keeps its path, no longer its directory.
            if (OwnPath is null && _content is WalkedDirectory walk)
                _pathOrRare = With(walk.PathOf(SourceName), static (r, v) => r with { Path = v });
            _content = value;
        }
    }

    /// <summary>Whether the content is a local file (<see cref="ContentSource.IsLocalFile"/>), told without making it.</summary>
    internal bool IsLocalFile => _content is WalkedDirectory || (_content as ContentSource)?.IsLocalFile == true;

    /// <summary>What the file's names share when it has several (<see cref="ContentSource.HardLink"/>), told without making its content.</summary>
    internal object? HardLink => (_content as ContentSource)?.HardLink;

    /// <summary>A walked file's directory on disk and name there, told without making its content (or a path); false for any other entry.</summary>
    internal bool InDirectory(out string directory, out ReadOnlySpan<char> name)
    {
        if (_content is WalkedDirectory walk)
        {
            directory = walk.Source;
            name = SourceName;
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
        get => RareFields?.LinkTarget;
        init => _pathOrRare = With(value, static (r, v) => r with { LinkTarget = v });
    }

    /// <summary>The size of the file's content (0 for directories and links).</summary>
    public long Length => _content is WalkedDirectory ? _length : (_content as ContentSource)?.Length ?? 0;

    /// <summary>The trees the entry is left out of (its data is still written): ISO 9660 (with Rock Ridge), Joliet or both.</summary>
    public HiddenFrom HiddenFrom
    {
        get => RareFields?.HiddenFrom ?? HiddenFrom.None;
        init => _pathOrRare = With(value, static (r, v) => r with { HiddenFrom = v });
    }

    /// <summary>
    /// Where the file's data goes: files of higher weight come first, files of equal weight in tree order (xorriso's
    /// --sort-weight). 0 for every file keeps the tree order.
    /// </summary>
    public int SortWeight
    {
        get => RareFields?.SortWeight ?? 0;
        init => _pathOrRare = With(value, static (r, v) => r with { SortWeight = v });
    }

    /// <summary>What an entry carried over from a base image keeps of its record there; null for entries IsoBuild normalises.</summary>
    internal EntryAttributes? Attributes
    {
        get => RareFields?.Attributes;
        init => _pathOrRare = With(value, static (r, v) => r with { Attributes = v });
    }

    /// <summary>Where the entry came from, for messages (by default, its content's description).</summary>
    public string Origin
    {
        get => RareFields?.Origin ?? Content?.Description ?? string.Empty;
        init => _pathOrRare = With(value, static (r, v) => r with { Origin = v });
    }

    /// <summary>The path given by the constructor or a copy (null for a walked file's).</summary>
    private string? OwnPath => _pathOrRare as string ?? (_pathOrRare as Rare)?.Path;

    /// <summary>The rare fields, with the path; null while every one is unset.</summary>
    private Rare? RareFields => _pathOrRare as Rare;

    /// <summary>
    /// The path, or the rare fields with one changed and the path: the path alone while every rare field is unset.
    /// Records are never changed in place: a copy made with <c>with</c> may share them.
    /// </summary>
    private object? With<T>(T value, Func<Rare, T, Rare> set)
    {
        Rare changed = set(RareFields ?? new Rare { Path = OwnPath }, value);
        return changed with { Path = null } == Rare.None ? changed.Path : changed;
    }

    /// <summary>The fields few entries set, and the path of an entry that sets any (null for a walked file's).</summary>
    private sealed record Rare
    {
        public static readonly Rare None = new();
        public string? Path { get; init; }
        public string? LinkTarget { get; init; }
        public HiddenFrom HiddenFrom { get; init; }
        public int SortWeight { get; init; }
        public EntryAttributes? Attributes { get; init; }
        public string? Origin { get; init; }
    }
}

/// <summary>
/// A source directory the walk read, as its files with one name keep it: its path on disk, its path in the image, and
/// its entries' names one after another (each file keeps where its name is in them).
/// </summary>
internal sealed record WalkedDirectory(string Source, string ImagePath, string Names)
{
    /// <summary>The path in the image of the entry called <paramref name="name"/> in this directory.</summary>
    public string PathOf(ReadOnlySpan<char> name) => ImagePath.Length == 0 ? name.ToString() : string.Concat(ImagePath, "/", name);
}
