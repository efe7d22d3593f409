using IsoBuild.Interop;
using System.Runtime.InteropServices;

namespace IsoBuild.Spec;

/// <summary>
/// Collects entries from the sources a user names (the <c>SOURCE</c> arguments of <c>dotnet iso pack</c> and the
/// <c>IsoImage</c> item's metadata) and checks them. Both front doors use it, so both read sources the same way.
/// </summary>
public sealed class ImageSpecBuilder
{
    private readonly Dictionary<string, ImageEntry> _entries = new(StringComparer.Ordinal);

    /// <summary>
    /// Entries whose paths are known to be unique, in the order they were added, not yet in <see cref="_entries"/>:
    /// the walk of a source directory into an empty builder cannot add a path twice, so a million files are kept
    /// in a list (8 bytes each) instead of a dictionary (about 30, and its copies while it grows). The first
    /// operation that needs to look a path up moves them into the dictionary (<see cref="Index"/>). Once built,
    /// the list is the spec's: nothing changes it after that (<see cref="Index"/> takes a new one), so a spec of a
    /// million files and the builder that made it share one array instead of holding a copy each.
    /// </summary>
    private List<ImageEntry> _unindexed = [];
    private bool _walkIsUnique;
    private readonly List<string> _sourceDirectories = [];

    /// <summary>Creates a builder that resolves relative source paths against <paramref name="baseDirectory"/>.</summary>
    public ImageSpecBuilder(string? baseDirectory = null)
    {
        BaseDirectory = Path.GetFullPath(baseDirectory ?? Directory.GetCurrentDirectory());
    }

    /// <summary>Relative source paths are resolved against this directory.</summary>
    public string BaseDirectory { get; }

    /// <summary>
    /// Follow symbolic links inside source directories and record what they point to. Off by default: links are
    /// recorded as links (Rock Ridge).
    /// </summary>
    public bool FollowSymlinks { get; set; }

    /// <summary>
    /// Adds a source in the command-line syntax: a directory (its contents go to the image root), a file (goes to the
    /// root), or <c>PATH_IN_IMAGE=SOURCE</c> to graft a file or directory at a path inside the image. A path that
    /// exists on disk as written is taken as a source even when it contains '='.
    /// </summary>
    public ImageSpecBuilder AddSource(string argument)
    {
        ArgumentException.ThrowIfNullOrEmpty(argument);
        int eq = argument.IndexOf('=', StringComparison.Ordinal);
        if (eq > 0 && !Path.Exists(Resolve(argument)))
            return AddGraft(argument[..eq], argument[(eq + 1)..]);
        if (eq == 0)
            return AddGraft(string.Empty, argument[1..]);
        return AddGraft(string.Empty, argument);
    }

    /// <summary>Puts a source directory's contents under, or a source file at, <paramref name="imagePath"/>.</summary>
    /// <remarks>A file grafted at "" or at a path ending in '/' keeps its own name inside that directory.</remarks>
    public ImageSpecBuilder AddGraft(string imagePath, string sourcePath)
    {
        ArgumentNullException.ThrowIfNull(imagePath);
        ArgumentNullException.ThrowIfNull(sourcePath);
        bool intoDirectory = imagePath.Length == 0 || imagePath.EndsWith('/') || imagePath.EndsWith('\\');
        string target = ImagePath.Normalize(imagePath);
        string full = Resolve(sourcePath);
        if (Directory.Exists(full))
        {
            AddDirectoryContents(target, full);
        }
        else if (File.Exists(full))
        {
            string name = Path.GetFileName(full);
            AddFile(intoDirectory ? ImagePath.Combine(target, ImagePath.Normalize(name)) : target, full);
        }
        else
        {
            IsoBuildException.Throw(ErrorCodes.SourceNotFound,
                $"The source '{sourcePath}' does not exist (looked for '{full}'). Check the path; to place a file or directory at a path in the image write PATH_IN_IMAGE=SOURCE.");
        }
        return this;
    }

    /// <summary>Adds a source file at a path in the image.</summary>
    public ImageSpecBuilder AddFile(string imagePath, string sourceFile)
    {
        string full = Resolve(sourceFile);
        var info = new FileInfo(full);
        FileSystemStatus status = FileSystemProbe.GetStatus(info);
        if (status.Kind == FileSystemKind.Symlink)
        {
            info = ResolveLinkedFile(info);
            status = FileSystemProbe.GetStatus(info);
        }
        if (status.Kind is FileSystemKind.Missing or FileSystemKind.Directory)
        {
            IsoBuildException.Throw(ErrorCodes.SourceNotFound,
                $"The source file '{sourceFile}' does not exist (looked for '{full}'). Check the path.");
        }
        if (status.Kind != FileSystemKind.Regular)
            ThrowSpecial(info.FullName, status.Kind);
        return Add(new ImageEntry(ImagePath.Normalize(imagePath), EntryKind.File, FileContent(info.FullName, status), status.Executable) { Origin = full });
    }

    /// <summary>Adds bytes as a file at a path in the image.</summary>
    public ImageSpecBuilder AddBytes(string imagePath, ReadOnlyMemory<byte> content, bool executable = false) =>
        Add(new ImageEntry(ImagePath.Normalize(imagePath), EntryKind.File, ContentSource.FromBytes(content), executable) { Origin = "(bytes)" });

    /// <summary>Adds an (empty) directory at a path in the image; adding an existing directory again is harmless.</summary>
    public ImageSpecBuilder AddDirectory(string imagePath, string origin = "(directory)") =>
        Add(new ImageEntry(ImagePath.Normalize(imagePath), EntryKind.Directory) { Origin = origin });

    /// <summary>Adds a symbolic link (recorded with Rock Ridge).</summary>
    public ImageSpecBuilder AddSymlink(string imagePath, string target, string origin = "(link)") =>
        Add(new ImageEntry(ImagePath.Normalize(imagePath), EntryKind.Symlink, LinkTarget: target) { Origin = origin });

    /// <summary>Adds every file, directory and link below <paramref name="sourceDirectory"/> under <paramref name="imagePath"/>.</summary>
    public ImageSpecBuilder AddDirectoryContents(string imagePath, string sourceDirectory)
    {
        string root = Resolve(sourceDirectory);
        if (!Directory.Exists(root))
        {
            IsoBuildException.Throw(ErrorCodes.SourceNotFound,
                $"The source directory '{sourceDirectory}' does not exist (looked for '{root}'). Check the path.");
        }
        string target = ImagePath.Normalize(imagePath);
        _sourceDirectories.Add(Path.TrimEndingDirectorySeparator(root));
        // Into an empty builder every path the walk makes is new: entries need no look-up (see _unindexed).
        _walkIsUnique = _entries.Count == 0 && _unindexed.Count == 0 && _baseBoot is null;
        try
        {
            if (target.Length > 0)
                AddDirectory(target, root);
            var realPathsOnStack = new HashSet<string>(StringComparer.Ordinal);
            using var reader = new DirectoryReader(root);
            Walk(root, target, realPathsOnStack, reader);
        }
        finally
        {
            _walkIsUnique = false;
        }
        return this;
    }

    private UdfSpec? _baseUdf;
    private string? _baseVolumeId;
    private string? _basePublisher;
    private string? _baseDataPreparer;
    private BootSpec? _baseBoot;
    private BaseVolume? _baseVolume;
    private ZisofsSpec? _baseZisofs;
    private bool _baseMd5;
    private bool _baseImplantMd5;
    private VolumeUuid? _baseVolumeUuid;

    /// <summary>
    /// When true, a file, link or directory added at a path that already holds something else replaces it (a file
    /// replaces a file; a directory merges with a directory). Set it after adding a base image so that later
    /// sources add or replace files. Off by default: two sources for one path are an error (ISO0002).
    /// </summary>
    public bool ReplaceExisting { get; set; }

    /// <summary>Removes a file, link or directory (with everything below it) added before, for example from a base image.</summary>
    /// <exception cref="IsoBuildException">ISO0209 when nothing is at that path.</exception>
    public ImageSpecBuilder RemovePath(string imagePath)
    {
        string path = ImagePath.Normalize(imagePath);
        if (path.Length == 0)
            IsoBuildException.Throw(ErrorCodes.InvalidImagePath, "The image root cannot be removed; remove the paths below it one by one.");
        if (_baseBoot is { HideCatalog: false } boot && ImagePath.Normalize(boot.CatalogPath) == path)
        {
            // The catalog is made anew from the boot entries; removing it takes it out of the trees, not out of the image.
            _baseBoot = boot with { HideCatalog = true };
            return this;
        }
        CheckBaseBootImages(path, "removing it");
        if (RemoveTree(path) == 0)
        {
            IsoBuildException.Throw(ErrorCodes.PathNotInImage,
                $"'/{path}' is not in the image, so it cannot be removed ({ImageSetting.RemovePaths.Named()}).");
        }
        return this;
    }

    /// <summary>
    /// The defaults <see cref="Build"/> takes from an image the entries were carried over from (the editing stage
    /// sets them): its volume, publisher and data preparer ids, its boot setup and its volume UUID.
    /// </summary>
    internal void UseBaseImageDefaults(string? volumeId, string? publisher, string? dataPreparer, BootSpec? boot, UdfSpec? udf, VolumeUuid? volumeUuid, BaseVolume? volume = null)
    {
        _baseVolume = volume;
        _baseVolumeId = volumeId;
        _basePublisher = publisher;
        _baseDataPreparer = dataPreparer;
        _baseBoot = boot;
        _baseUdf = udf;
        _baseVolumeUuid = volumeUuid;
    }

    /// <summary>
    /// The storage defaults <see cref="Build"/> takes from a base image (the editing stage sets them): compression when
    /// it holds compressed files, and the checksum schemes it carries, computed again for the new image.
    /// </summary>
    internal void UseBaseImageStorage(ZisofsSpec? zisofs, bool md5, bool implantMd5)
    {
        _baseZisofs = zisofs;
        _baseMd5 = md5;
        _baseImplantMd5 = implantMd5 && !md5;
    }

    /// <summary>Refuses to take away a boot image of the base image an edit started from (the catalog would point at nothing).</summary>
    private void CheckBaseBootImages(string path, string action)
    {
        if (_baseBoot is null)
            return;
        string prefix = path + "/";
        for (int i = 0; i < _baseBoot.Entries.Count; i++)
        {
            ElToritoEntry e = _baseBoot.Entries[i];
            if (e.Image is null)
                continue;
            string image = ImagePath.Normalize(e.Image);
            if (image == path || image.StartsWith(prefix, StringComparison.Ordinal))
            {
                string platform = e.Platform switch { ElToritoEntry.PlatformBios => "BIOS", ElToritoEntry.PlatformEfi => "UEFI", _ => $"platform 0x{e.Platform:x2}" };
                IsoBuildException.Throw(ErrorCodes.BaseBootPartRemoved,
                    $"'/{image}' is the {platform} boot image of the base image (El Torito entry {i + 1}): {action} ({ImageSetting.RemovePaths.Named()}) would leave that entry without an image. Replace the file instead (add a file at the same path), or start a new image with pack.");
            }
        }
    }

    private int RemoveTree(string path)
    {
        Index();
        string prefix = path + "/";
        var doomed = _entries.Keys.Where(k => k == path || k.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        foreach (string k in doomed)
            _entries.Remove(k);
        return doomed.Count;
    }

    /// <summary>Makes the spec with default options; set options with a <c>with</c> expression.</summary>
    public ImageSpec Build() => new()
    {
        Entries = SortedEntries(),
        SourceDirectories = [.. _sourceDirectories],
        VolumeId = _baseVolumeId ?? ImageSpec.DefaultVolumeId,
        Publisher = _basePublisher,
        DataPreparer = _baseDataPreparer,
        Boot = _baseBoot,
        BaseVolume = _baseVolume,
        // An edit records the extensions its base records; options may leave them out.
        Joliet = _baseVolume is null || _baseVolume.Joliet is not null,
        RockRidge = _baseVolume?.RockRidge ?? true,
        Udf = _baseUdf,
        Zisofs = _baseZisofs,
        Md5 = _baseMd5,
        ImplantMd5 = _baseImplantMd5,
        VolumeUuid = _baseVolumeUuid,
    };

    /// <summary>
    /// The entries in ordinal order of their paths. A walk mostly adds them in that order already (a directory's
    /// children sorted, each subdirectory's entries right after it), so they are sorted only when they are not.
    /// The walk's list is sorted in place and given to the spec as it is (see <see cref="_unindexed"/>).
    /// </summary>
    private List<ImageEntry> SortedEntries()
    {
        List<ImageEntry> entries = _unindexed.Count > 0 ? _unindexed : [.. _entries.Values];
        for (int i = 1; i < entries.Count; i++)
        {
            if (ImageEntry.ComparePaths(entries[i - 1], entries[i]) > 0)
            {
                entries.Sort(ImageEntry.ComparePaths); // paths are unique: no ties to keep stable
                break;
            }
        }
        return entries;
    }

    /// <summary>
    /// Adds the entries below <paramref name="directory"/>. Its listing comes from <paramref name="reader"/>, which read
    /// it ahead, or for a directory reached through a followed link (no reader) is read here.
    /// </summary>
    private void Walk(string directory, string imagePath, HashSet<string> realPathsOnStack, DirectoryReader? reader)
    {
        // Only followed links can lead back to a directory being walked.
        string? real = FollowSymlinks ? RealPath(new DirectoryInfo(directory)) : null;
        if (real is not null && !realPathsOnStack.Add(real))
        {
            IsoBuildException.Throw(ErrorCodes.UnsupportedSymlink,
                $"Following symbolic links loops at '{directory}' (it leads back to '{real}'). Remove the link or build without {ImageSetting.FollowSymlinks.Named()}.");
        }
        DirectoryListing listing = reader?.Next(directory) ?? DirectoryListing.Read(directory);
        if (listing.Error is { } e)
        {
            throw new IsoBuildException(ErrorCodes.SourceUnreadable,
                $"The source directory '{directory}' cannot be read: {e.Message} Check its permissions.", e);
        }
        ReadOnlySpan<FileSystemStatus> statuses = listing.Statuses;
        WalkedDirectory? walked = null;
        for (int i = 0; i < listing.Count; i++)
        {
            ReadOnlySpan<char> name = CheckName(directory, listing.Name(i));
            FileSystemStatus status = statuses[i];
            FileSystemKind kind = status.Kind;
            if (kind == FileSystemKind.Regular && status.HardLink is null && name.Length <= ImageEntry.MaxWalkedName)
            {
                // A file with one name keeps its directory (whose paths and names its files share) and where its name
                // is among the names: no path, name or content object per file is made (a million files make none).
                walked ??= new WalkedDirectory(directory, imagePath, listing.Names.ToString());
                Add(ImageEntry.Walked(walked, listing.NameStart(i), name.Length, status.Length, status.ModifiedTicks, status.Executable));
                continue;
            }
            string childPath = imagePath.Length == 0 ? name.ToString() : string.Concat(imagePath, "/", name);
            if (kind == FileSystemKind.Regular)
            {
                Add(new ImageEntry(childPath, EntryKind.File, FileContentSource.Create(directory, childPath, status.Length, status.ModifiedTicks, status.HardLink), status.Executable));
                continue;
            }
            string child = Path.Join(directory, name);
            if (kind == FileSystemKind.Symlink)
            {
                if (!FollowSymlinks)
                {
                    AddSymlink(childPath, new FileInfo(child).LinkTarget!, child);
                    continue;
                }
                FileSystemInfo resolved = ResolveLink(Directory.Exists(child) ? new DirectoryInfo(child) : new FileInfo(child));
                if (resolved is DirectoryInfo d)
                {
                    AddDirectory(childPath, child);
                    Walk(d.FullName, childPath, realPathsOnStack, reader: null);
                }
                else
                {
                    FileSystemStatus target = CheckRegular((FileInfo)resolved);
                    Add(new ImageEntry(childPath, EntryKind.File, FileContent(resolved.FullName, target), target.Executable) { Origin = child });
                }
                continue;
            }
            switch (kind)
            {
                case FileSystemKind.Directory:
                    AddDirectory(childPath, child);
                    Walk(child, childPath, realPathsOnStack, reader);
                    break;
                case FileSystemKind.Missing:
                    IsoBuildException.Throw(ErrorCodes.SourceChanged,
                        $"'{child}' disappeared while the source tree was being read. Build again once nothing else writes to the source tree.");
                    break;
                default:
                    ThrowSpecial(child, kind);
                    break;
            }
        }
        listing.Release();
        if (real is not null)
            realPathsOnStack.Remove(real);
    }

    private static ReadOnlySpan<char> CheckName(string directory, ReadOnlySpan<char> name)
    {
        if (name.Contains('\0') || name.Contains('\\') && !OperatingSystem.IsWindows())
        {
            IsoBuildException.Throw(ErrorCodes.InvalidName,
                $"The name of '{Path.Join(directory, name)}' cannot be recorded in an image (it holds a NUL or '\\'). Rename it.");
        }
        return name;
    }

    private static string RealPath(DirectoryInfo directory)
    {
        try
        {
            // Resolve every link on the way so that two routes to one directory compare equal.
            string path = directory.FullName;
            FileSystemInfo? target = directory.ResolveLinkTarget(returnFinalTarget: true);
            return Path.TrimEndingDirectorySeparator(target?.FullName ?? path);
        }
        catch (IOException)
        {
            return directory.FullName;
        }
    }

    private static FileSystemInfo ResolveLink(FileSystemInfo link)
    {
        FileSystemInfo? target;
        try
        {
            target = link.ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (IOException e)
        {
            throw new IsoBuildException(ErrorCodes.UnsupportedSymlink,
                $"The symbolic link '{link.FullName}' cannot be followed: {e.Message} Fix or remove the link.", e);
        }
        if (target is null || !target.Exists)
        {
            IsoBuildException.Throw(ErrorCodes.UnsupportedSymlink,
                $"The symbolic link '{link.FullName}' points to '{link.LinkTarget}', which does not exist. Fix or remove the link, or build without {ImageSetting.FollowSymlinks.Named()} to record it as a link.");
        }
        FileSystemKind kind = FileSystemProbe.GetKind(target);
        if (kind is not (FileSystemKind.Regular or FileSystemKind.Directory))
            ThrowSpecial(target.FullName, kind);
        return target;
    }

    private static FileInfo ResolveLinkedFile(FileInfo link) =>
        ResolveLink(link) as FileInfo ?? throw new IsoBuildException(ErrorCodes.SourceNotFound,
            $"'{link.FullName}' is a link to a directory where a file was expected.");

    /// <summary>A file's content as its lstat found it: the manifest's stamps then need no second look at the file.</summary>
    private static FileContentSource FileContent(string fullPath, FileSystemStatus status) =>
        FileContentSource.Create(string.Empty, fullPath, status.Length, status.ModifiedTicks, status.HardLink);

    private static FileSystemStatus CheckRegular(FileInfo info)
    {
        FileSystemStatus status = FileSystemProbe.GetStatus(info);
        if (status.Kind is not FileSystemKind.Regular)
            ThrowSpecial(info.FullName, status.Kind);
        return status;
    }

    private static void ThrowSpecial(string path, FileSystemKind kind) =>
        IsoBuildException.Throw(ErrorCodes.SpecialFile,
            $"'{path}' is a {Describe(kind)}, which an ISO image cannot hold. Remove it from the source tree or pick the files to include with PATH_IN_IMAGE=SOURCE.");

    private static string Describe(FileSystemKind kind) => kind switch
    {
        FileSystemKind.Fifo => "FIFO (named pipe)",
        FileSystemKind.CharacterDevice => "character device",
        FileSystemKind.BlockDevice => "block device",
        FileSystemKind.Socket => "socket",
        _ => "special file",
    };

    private string Resolve(string path) => Path.GetFullPath(path, BaseDirectory);

    /// <summary>Moves the entries kept without look-up into the dictionary, in their order (the dictionary is empty then).</summary>
    private void Index()
    {
        if (_unindexed.Count == 0)
            return;
        _entries.EnsureCapacity(_unindexed.Count);
        foreach (ImageEntry entry in _unindexed)
            _entries.Add(entry.Path, entry);
        _unindexed = []; // not cleared: a spec built before may hold the list
    }

    internal ImageSpecBuilder Add(ImageEntry entry)
    {
        if (entry.HasPath(string.Empty))
        {
            if (entry.Kind == EntryKind.Directory)
                return this;
            IsoBuildException.Throw(ErrorCodes.InvalidImagePath,
                $"'{entry.Origin}' would replace the image root. Give it a path in the image: PATH_IN_IMAGE=SOURCE.");
        }
        if (ReplaceExisting && _baseBoot is { HideCatalog: false } boot && ImagePath.Normalize(boot.CatalogPath) == entry.Path)
        {
            IsoBuildException.Throw(ErrorCodes.BaseBootPartRemoved,
                $"'/{entry.Path}' is the base image's El Torito boot catalog, which IsoBuild makes anew from the boot entries, so '{entry.Origin}' cannot replace it. Remove it ({ImageSetting.RemovePaths.Named()}) to take it out of the image's trees (the catalog itself stays), or move it with {ImageSetting.BootCatalog.Named()}.");
        }
        if (_walkIsUnique)
        {
            _unindexed.Add(entry);
            return this;
        }
        Index();
        // One look-up for the usual case, a path seen for the first time.
        ref ImageEntry? slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, entry.Path, out bool exists);
        if (!exists)
        {
            slot = entry;
            return this;
        }
        ImageEntry existing = slot!;
        if (existing.Kind == EntryKind.Directory && entry.Kind == EntryKind.Directory)
            return this;
        if (entry.Kind != EntryKind.File)
            CheckBaseBootImages(entry.Path, "replacing it with a " + (entry.Kind == EntryKind.Directory ? "directory" : "link"));
        if (!ReplaceExisting)
        {
            IsoBuildException.Throw(ErrorCodes.DuplicateImagePath,
                $"Two sources claim '/{entry.Path}' in the image: '{existing.Origin}' and '{entry.Origin}'. Remove one or graft one elsewhere with PATH_IN_IMAGE=SOURCE.");
        }
        RemoveTree(entry.Path);
        _entries.Add(entry.Path, entry);
        return this;
    }
}
