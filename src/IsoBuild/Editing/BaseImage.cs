using System.Text;
using IsoBuild.Reading;
using IsoBuild.Spec;

namespace IsoBuild.Editing;

/// <summary>
/// Starting a new image from an existing one (<c>dotnet iso edit</c>, the <c>IsoImage</c> item's <c>BaseImage</c>):
/// its files, directories and links become entries of an <see cref="ImageSpecBuilder"/>, their data streamed from the
/// base image when the new image is written, and its ids, boot setup, compression and checksum schemes become the
/// builder's defaults (checksums are computed anew for the new image).
/// </summary>
public static class BaseImage
{
    /// <summary>
    /// Adds every file, directory and link of an existing image (its Rock Ridge, else Joliet, else ISO 9660 names and
    /// the Rock Ridge modes and links), and takes its volume, publisher and data preparer ids, its boot setup and its
    /// volume UUID (as blkid reads it) as the defaults of <see cref="ImageSpecBuilder.Build"/>. File contents are
    /// streamed from the base image when the new image is written.
    /// </summary>
    /// <exception cref="IsoBuildException">ISO02xx when the image cannot be read, ISO0214 when a name cannot be carried over.</exception>
    public static ImageSpecBuilder AddImage(this ImageSpecBuilder builder, IsoImageReader image)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(image);
        string origin = image.ImagePath ?? "base image";
        uint? catalogSector = image.BootCatalog?.Lba;
        var pathBySector = new Dictionary<uint, string>();
        string? catalogPath = null;
        EntryAttributes? catalogAttributes = null;
        Dictionary<string, string> jolietNames = JolietNamesOf(image);
        bool hasLinks = false;
        ZisofsSpec? zisofs = null;
        foreach (IsoEntry entry in image.EnumerateDescendants())
        {
            hasLinks |= entry.Kind == EntryKind.Symlink;
            if (zisofs is null && entry.Zisofs is { IsZlib: true, BlockShift: >= 15 and <= 17 } compressed)
                zisofs = new ZisofsSpec { BlockSize = 1 << compressed.BlockShift };
            if (entry.Kind == EntryKind.File && entry.Extents.Count > 0)
            {
                // The boot catalog is made anew for the new image; the old one is not carried over as a file.
                if (entry.Extents[0].Lba == catalogSector)
                {
                    catalogPath = entry.Path.TrimStart('/');
                    catalogAttributes = entry.Recorded is { } r ? r with { JolietName = jolietNames.GetValueOrDefault(entry.Path) } : null;
                    continue;
                }
                pathBySector.TryAdd(entry.Extents[0].Lba, entry.Path.TrimStart('/'));
            }
            for (IsoEntry? e = entry; e?.Parent is not null; e = e.Parent)
            {
                if (IsoImageExtractor.UnsafeNameReason(e.Name) is string why)
                {
                    IsoBuildException.Throw(ErrorCodes.BaseImageEntryUnusable,
                        $"'{entry.Path}' of the base image '{origin}' cannot be carried into the new image: {why}. Remove it with {ImageSetting.RemovePaths.Named()} or repair the base image.");
                }
            }
            string path = ImagePath.Normalize(entry.Path);
            // The entry keeps its record: attributes, dates and names (which the layout keeps where still valid).
            EntryAttributes? kept = entry.Recorded is { } recorded
                ? recorded with { JolietName = jolietNames.GetValueOrDefault(entry.Path) }
                : null;
            builder.Add(entry.Kind switch
            {
                EntryKind.Directory => new ImageEntry(path, EntryKind.Directory) { Origin = origin + ":" + entry.Path, Attributes = kept },
                EntryKind.Symlink => new ImageEntry(path, EntryKind.Symlink, LinkTarget: entry.LinkTarget ?? string.Empty) { Origin = origin + ":" + entry.Path, Attributes = kept },
                _ => new ImageEntry(path, EntryKind.File, new IsoImageContentSource(image, entry), entry.IsExecutable) { Origin = origin + ":" + entry.Path, Attributes = kept },
            });
        }
        string? volumeId = Sanitize(image.Volume.VolumeId, DescriptorStrings.VolumeIdLength, VolumeIdCharacter) is { Length: > 0 } id && id.Trim().Length > 0 ? id : null;
        string? publisher = Sanitize(image.Volume.Publisher, DescriptorStrings.LongFieldLength, PrintableCharacter) is { Length: > 0 } p ? p : null;
        string? preparer = Sanitize(image.Volume.DataPreparer, DescriptorStrings.LongFieldLength, PrintableCharacter) is { Length: > 0 } d ? d : null;
        BootSpec? boot = BaseBootSetup.Read(image, pathBySector, catalogPath, origin, out IReadOnlyList<string> uncarriedPartitions);
        var volume = new BaseVolume
        {
            Primary = image.Descriptors.Primary,
            Joliet = image.Descriptors.Joliet,
            VolumeId = volumeId,
            Publisher = publisher,
            DataPreparer = preparer,
            Root = image.Root.Recorded,
            Catalog = catalogAttributes,
            RockRidge = image.Volume.RockRidge,
            Uncarried = BaseBootSetup.Uncarried(image),
            UncarriedPartitions = uncarriedPartitions,
        };
        builder.UseBaseImageDefaults(volumeId, publisher, preparer, boot,
            BaseUdf(image, hasLinks),
            // The base's UUID stays: a boot loader in it may find its volume by that UUID (grub-mkrescue images do).
            VolumeUuid.TryParse(image.Volume.Uuid, out VolumeUuid? uuid) ? uuid : null,
            volume);
        (bool isoMd5Sum, bool md5Records) = EmbeddedChecksums.Schemes(image);
        builder.UseBaseImageStorage(zisofs, md5Records, isoMd5Sum);
        return builder;
    }

    /// <summary>
    /// The Joliet name of each entry of the base (by its path in the tree read), where the base has a Joliet tree:
    /// the two trees are walked together, files matched by name or else by their data's place, directories by name.
    /// </summary>
    private static Dictionary<string, string> JolietNamesOf(IsoImageReader image)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (image.Namespace == IsoNamespace.Joliet || image.Volume.JolietLevel is null)
            return names;
        IsoImageReader joliet;
        try
        {
            joliet = image.WithNames(IsoNamespace.Joliet);
        }
        catch (IsoBuildException)
        {
            return names; // a Joliet tree nobody can read: the new one is made from the names
        }
        using (joliet)
        {
            var pending = new Stack<(IsoEntry Main, IsoEntry Joliet)>();
            pending.Push((image.Root, joliet.Root));
            while (pending.Count > 0)
            {
                (IsoEntry main, IsoEntry other) = pending.Pop();
                IReadOnlyList<IsoEntry> theirs;
                try
                {
                    theirs = other.GetChildren();
                }
                catch (IsoBuildException)
                {
                    continue;
                }
                var byName = new Dictionary<string, IsoEntry>(StringComparer.Ordinal);
                var byData = new Dictionary<(uint, long), IsoEntry?>();
                foreach (IsoEntry t in theirs)
                {
                    byName.TryAdd(t.Name, t);
                    if (t.Kind == EntryKind.File && t.Extents.Count > 0 && t.Length > 0)
                        byData[(t.Extents[0].Lba, t.Length)] = byData.ContainsKey((t.Extents[0].Lba, t.Length)) ? null : t;
                }
                foreach (IsoEntry mine in main.GetChildren())
                {
                    IsoEntry? match = byName.TryGetValue(mine.Name, out IsoEntry? same) && same.Kind == mine.Kind ? same : null;
                    if (match is null && mine.Kind == EntryKind.File && mine.Extents.Count > 0 && mine.Length > 0)
                        match = byData.GetValueOrDefault((mine.Extents[0].Lba, mine.Length));
                    if (match is null)
                        continue;
                    names[mine.Path] = match.Name;
                    if (mine.Kind == EntryKind.Directory)
                        pending.Push((mine, match));
                }
            }
        }
        return names;
    }

    /// <summary>
    /// The base image's UDF file system, as options: the nearest revision IsoBuild writes, UDF-primary when the
    /// reader read UDF because the ISO 9660 tree was a stub (or missing), and links in UDF when that tree had any.
    /// </summary>
    private static UdfSpec? BaseUdf(IsoImageReader image, bool hasLinks)
    {
        if (image.Volume.Udf is not { } udf)
            return null;
        UdfRevision revision = string.CompareOrdinal(udf.Revision, "2.50") >= 0 ? UdfRevision.V250
            : string.CompareOrdinal(udf.Revision, "2.00") >= 0 ? UdfRevision.V201
            : UdfRevision.V102;
        bool primary = image.Namespace == IsoNamespace.Udf;
        return new UdfSpec { Revision = revision, Primary = primary, Symlinks = primary && hasLinks };
    }

    /// <summary>
    /// Starts from the image at <paramref name="baseImagePath"/> (resolved against the builder's base directory):
    /// adds its entries, removes <paramref name="removePaths"/>, and lets later sources add or replace files
    /// (<see cref="ImageSpecBuilder.ReplaceExisting"/>). The base is read again, file by file, when the new image is written.
    /// </summary>
    public static ImageSpecBuilder AddBaseImage(this ImageSpecBuilder builder, string baseImagePath, IEnumerable<string>? removePaths = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(baseImagePath);
        using (IsoImageReader image = IsoImageReader.Open(Path.GetFullPath(baseImagePath, builder.BaseDirectory)))
            builder.AddImage(image);
        foreach (string path in removePaths ?? [])
            builder.RemovePath(path);
        builder.ReplaceExisting = true;
        return builder;
    }

    private static bool VolumeIdCharacter(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-' or '.' or ' ';

    private static bool PrintableCharacter(char c) => c is >= ' ' and <= '~';

    private static string Sanitize(string value, int maxLength, Func<char, bool> allowed)
    {
        var sb = new StringBuilder(Math.Min(value.Length, maxLength));
        foreach (char c in value.AsSpan(0, Math.Min(value.Length, maxLength)))
            sb.Append(allowed(c) ? c : '_');
        return sb.ToString().TrimEnd();
    }
}
