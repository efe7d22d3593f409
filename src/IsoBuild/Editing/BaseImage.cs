using System.Buffers.Binary;
using System.Text;
using IsoBuild.ElTorito;
using IsoBuild.Hybrid;
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
            string path = entry.Path.TrimStart('/');
            switch (entry.Kind)
            {
                case EntryKind.Directory:
                    builder.AddDirectory(path, origin + ":" + entry.Path);
                    break;
                case EntryKind.Symlink:
                    builder.AddSymlink(path, entry.LinkTarget ?? string.Empty, origin + ":" + entry.Path);
                    break;
                default:
                    builder.Add(new ImageEntry(path, EntryKind.File, new IsoImageContentSource(image, entry), entry.IsExecutable) { Origin = origin + ":" + entry.Path });
                    break;
            }
        }
        builder.UseBaseImageDefaults(
            Sanitize(image.Volume.VolumeId, DescriptorStrings.VolumeIdLength, VolumeIdCharacter) is { Length: > 0 } id && id.Trim().Length > 0 ? id : null,
            Sanitize(image.Volume.Publisher, DescriptorStrings.LongFieldLength, PrintableCharacter) is { Length: > 0 } p ? p : null,
            Sanitize(image.Volume.DataPreparer, DescriptorStrings.LongFieldLength, PrintableCharacter) is { Length: > 0 } d ? d : null,
            BaseBoot(image, pathBySector, catalogPath, origin),
            BaseUdf(image, hasLinks),
            // The base's UUID stays: a boot loader in it may find its volume by that UUID (grub-mkrescue images do).
            VolumeUuid.TryParse(image.Volume.Uuid, out VolumeUuid? uuid) ? uuid : null);
        (bool isoMd5Sum, bool md5Records) = EmbeddedChecksums.Schemes(image);
        builder.UseBaseImageStorage(zisofs, md5Records, isoMd5Sum);
        return builder;
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

    /// <summary>
    /// The base image's boot setup, as options: its El Torito entries (found by their sectors among its files), the
    /// patches its BIOS image carries, its MBR boot code and style, and whether it has a GPT.
    /// </summary>
    private static BootSpec? BaseBoot(IsoImageReader image, Dictionary<uint, string> pathBySector, string? catalogPath, string origin)
    {
        if (image.BootCatalog is not { Entries.Count: > 0 } catalog)
            return null;
        string? PathOf(IsoBootEntry e) => pathBySector.TryGetValue(e.LoadLba, out string? p) ? p :
            throw new IsoBuildException(ErrorCodes.BaseImageEntryUnusable,
                $"The {e.Platform} boot image of '{origin}' (sector {e.LoadLba}) is not a file in its tree, so its boot setup cannot be carried into the new image.");
        IsoBootEntry? bios = catalog.Entries.FirstOrDefault(e => e.PlatformId == 0);
        IsoBootEntry? efi = catalog.Entries.FirstOrDefault(e => e.PlatformId == 0xEF);
        var boot = new BootSpec { CatalogPath = catalogPath ?? BootSpec.DefaultCatalogPath };
        if (efi is not null)
            boot = boot with { EfiImage = PathOf(efi) };
        if (bios is not null)
        {
            byte[] head = new byte[BootImagePatch.Grub2InfoOffset + 8];
            int read = image.Find(PathOf(bios)!)!.OpenRead() is { } s ? ReadHead(s, head) : 0;
            boot = boot with
            {
                BiosImage = PathOf(bios),
                BiosLoadSize = bios.SectorCount,
                BootInfoTable = read >= 16 && BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(8)) == 16 && BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(12)) == bios.LoadLba,
                Grub2BootInfo = read == head.Length && BinaryPrimitives.ReadUInt64LittleEndian(head.AsSpan(BootImagePatch.Grub2InfoOffset)) == (ulong)bios.LoadLba * 4 + 5,
            };
            byte[] mbr = image.ReadMasterBootRecord();
            if (mbr.AsSpan(0, MasterBootRecord.CodeSize).IndexOfAnyExcept((byte)0) >= 0)
            {
                string from = $"(MBR boot code of {origin})";
                MasterBootRecord.CodeStyle style = MasterBootRecord.ReadCodeStyle(mbr, bios.LoadLba);
                if (style == MasterBootRecord.CodeStyle.Grub2)
                    boot = boot with { Grub2Mbr = from, MbrCode = mbr.AsMemory(0, MasterBootRecord.CodeSize) };
                else if (style == MasterBootRecord.CodeStyle.Isohybrid)
                    boot = boot with { HybridMbr = from, MbrCode = mbr.AsMemory(0, MasterBootRecord.CodeSize) };
            }
        }
        return boot with { Gpt = image.PartitionTable.HasGpt && boot.EfiImage is not null };
    }

    private static int ReadHead(Stream s, byte[] head)
    {
        using (s)
            return s.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
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
