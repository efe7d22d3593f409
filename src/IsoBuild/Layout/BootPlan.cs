using IsoBuild.ElTorito;
using IsoBuild.Spec;

namespace IsoBuild.Layout;

/// <summary>
/// What the layout decided for booting: the nodes of the boot images and of the boot catalog (a file the layout
/// generates), checked against the tree, and the MBR boot code.
/// </summary>
internal sealed class BootPlan
{
    public const int MaxPatchedImageLength = 32 << 20;
    public const int MinMbrCodeLength = 432;
    public const int MaxMbrCodeLength = 512;

    private BootPlan(BootSpec spec) => Spec = spec;

    public BootSpec Spec { get; }
    public LayoutNode? Bios { get; private set; }
    public LayoutNode? Efi { get; private set; }
    public LayoutNode? Catalog { get; private set; }

    /// <summary>The file whose blocks become the GPT's EFI system partition (<see cref="SystemAreaSpec.EfiBootPartition"/>).</summary>
    public LayoutNode? EfiBootPartition { get; internal set; }
    public string? MbrCodeFile => Spec.SystemArea is { } area
        ? (area.MbrCode is null ? area.MbrCodeFile : null)
        : Spec.MbrCode is null ? Spec.HybridMbr ?? Spec.Grub2Mbr : null;

    /// <summary>The entries of <see cref="BootSpec.Entries"/> with their files (null for an appended partition), in order.</summary>
    public List<PlannedBootEntry> Entries { get; } = [];

    /// <summary>Where the boot catalog goes when El Torito is asked for (null otherwise); a path taken by an entry is ISO0105.</summary>
    public static string? CatalogPath(ImageSpec spec)
    {
        BootSpec? boot = spec.Boot;
        if (boot is null || !boot.HasElTorito)
            return null;
        string path = ImagePath.Normalize(boot.CatalogPath);
        if (path.Length == 0 || spec.Entries.Any(e => e.Path == path))
        {
            IsoBuildException.Throw(ErrorCodes.BootCatalogPathTaken,
                $"The boot catalog's path '/{path}' is taken by another entry. Pick a free path with {ImageSetting.BootCatalog.Named()}.");
        }
        return path;
    }

    /// <summary>Checks the boot options against the tree and finds the boot images.</summary>
    public static BootPlan? Resolve(ImageSpec spec, LayoutDirectory root)
    {
        BootSpec? boot = spec.Boot;
        if (boot is null)
            return null;
        if (boot.BiosImage is null && (boot.BootInfoTable || boot.Grub2BootInfo))
        {
            IsoBuildException.Throw(ErrorCodes.BootOptionsConflict,
                $"{(boot.BootInfoTable ? ImageSetting.BootInfoTable : ImageSetting.Grub2BootInfo).Named()} patches the BIOS boot image: give it with {ImageSetting.BiosBoot.Named()}.");
        }
        if (boot.HybridMbr is not null && boot.Grub2Mbr is not null)
        {
            IsoBuildException.Throw(ErrorCodes.BootOptionsConflict,
                $"{ImageSetting.HybridMbr.Named()} and {ImageSetting.Grub2Mbr.Named()} both give MBR boot code: pick one.");
        }
        if (boot.BiosImage is null && (boot.HybridMbr is not null || boot.Grub2Mbr is not null))
        {
            IsoBuildException.Throw(ErrorCodes.BootOptionsConflict,
                $"MBR boot code ({(boot.HybridMbr is not null ? ImageSetting.HybridMbr : ImageSetting.Grub2Mbr).Named()}) loads the BIOS boot image: give it with {ImageSetting.BiosBoot.Named()}.");
        }
        if (boot.Gpt && boot.EfiImage is null)
        {
            IsoBuildException.Throw(ErrorCodes.GptWithoutEfiImage,
                $"{ImageSetting.Gpt.Named()} makes the UEFI boot image the EFI system partition: give it with {ImageSetting.EfiBoot.Named()}.");
        }
        if (boot.BiosLoadSize is < 1 or > ushort.MaxValue)
        {
            IsoBuildException.Throw(ErrorCodes.BootImageSize,
                $"{ImageSetting.BootLoadSize.Set(boot.BiosLoadSize)} is out of range: give 1 to 65535 sectors of 512 bytes (4 for isolinux and GRUB).");
        }
        if (boot.BiosLoadSegment is < 0 or > ushort.MaxValue)
        {
            IsoBuildException.Throw(ErrorCodes.BootImageSize,
                $"{ImageSetting.BootLoadSegment.Set(boot.BiosLoadSegment)} is out of range: give a segment of 0 to 0xFFFF (0 or 0x07C0 for the BIOS default).");
        }
        if (!boot.HasElTorito && !boot.HasSystemArea)
            return null;
        if (boot.SystemArea is not null && (boot.HybridMbr is not null || boot.Grub2Mbr is not null || boot.Gpt || boot.MbrCode is not null))
        {
            IsoBuildException.Throw(ErrorCodes.BootOptionsConflict,
                $"{ImageSetting.SystemArea.Named()} tells the whole system area: leave out {(boot.Gpt ? ImageSetting.Gpt : boot.Grub2Mbr is not null ? ImageSetting.Grub2Mbr : ImageSetting.HybridMbr).Named()}.");
        }
        if (boot.SystemArea is not null && spec.Udf is not null)
        {
            IsoBuildException.Throw(ErrorCodes.SystemAreaInvalid,
                $"A UDF file system and {ImageSetting.SystemArea.Named()} cannot be combined yet: UDF's closing anchor would lie where cylinder padding or appended partitions go.");
        }
        var plan = new BootPlan(boot);
        plan.Bios = Find(root, boot.BiosImage, ImageSetting.BiosBoot);
        plan.Efi = Find(root, boot.EfiImage, ImageSetting.EfiBoot);
        foreach (ElToritoEntry entry in boot.Entries)
            plan.Entries.Add(PlannedBootEntry.Resolve(entry, boot, root));
        if (boot.SystemArea is { } systemArea)
            SystemAreaPlan.Check(spec, systemArea, plan, root);
        if (boot.HasElTorito)
            plan.Catalog = Find(root, boot.CatalogPath, ImageSetting.BootCatalog);
        if (plan.Bios is { } bios)
        {
            long length = bios.Length;
            if (length == 0 || (boot.BootInfoTable && length < BootImagePatch.InfoTableEnd) || (boot.Grub2BootInfo && length < BootImagePatch.Grub2InfoOffset + 8)
                || ((boot.BootInfoTable || boot.Grub2BootInfo) && length > MaxPatchedImageLength))
            {
                IsoBuildException.Throw(ErrorCodes.BootImageSize,
                    $"The BIOS boot image '{bios.ImagePath}' ({length} bytes) is not a boot image the options fit: a boot info table needs 64 bytes, GRUB2 boot info 2556, and patched images are at most 32 MiB. Check {ImageSetting.BiosBoot.Named()}.");
            }
        }
        if (plan.Efi is { Length: 0 } efi)
            IsoBuildException.Throw(ErrorCodes.EfiImageNotFat, $"The UEFI boot image '{efi.ImagePath}' is empty: it must be a FAT file system image.");
        if (plan.MbrCodeFile is { } code)
        {
            var info = new FileInfo(code);
            if (!info.Exists || info.Length is < MinMbrCodeLength or > MaxMbrCodeLength)
            {
                IsoBuildException.Throw(ErrorCodes.MbrCodeInvalid,
                    $"The MBR boot code '{code}' {(info.Exists ? $"is {info.Length} bytes" : "does not exist")}: give a file of 432 to 512 bytes (syslinux's isohdpfx.bin, GRUB's boot_hybrid.img).");
            }
        }
        plan.MbrCode = ReadMbrCode(boot, plan.MbrCodeFile);
        return plan;
    }

    /// <summary>The MBR boot code: given as bytes (carried over from a base image), read from its file, or none.</summary>
    public byte[] MbrCode { get; private set; } = [];

    private static byte[] ReadMbrCode(BootSpec boot, string? path)
    {
        if ((boot.SystemArea is { } area ? area.MbrCode : boot.MbrCode) is { } code)
        {
            if (code.Length is < MinMbrCodeLength or > MaxMbrCodeLength)
            {
                IsoBuildException.Throw(ErrorCodes.MbrCodeInvalid,
                    $"The MBR boot code given as bytes is {code.Length} bytes: give 432 to 512 bytes ({ImageSetting.MbrCode.Named()}).");
            }
            return code.ToArray();
        }
        if (path is null)
            return [];
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IsoBuildException(ErrorCodes.MbrCodeInvalid, $"The MBR boot code '{path}' cannot be read: {e.Message}", e);
        }
    }

    /// <summary>
    /// What the boot setup contributes to an image's identity: every choice, and the MBR code by its content, never by
    /// where its file was on disk.
    /// </summary>
    public string Identity()
    {
        string identity = string.Join('|',
            Spec.BiosImage, Spec.BiosLoadSize, Spec.BootInfoTable, Spec.Grub2BootInfo, Spec.EfiImage,
            Spec.Grub2Mbr is not null ? "grub2-mbr" : Spec.HybridMbr is not null ? "hybrid-mbr" : "no-mbr",
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(MbrCode)), Spec.Gpt, Spec.CatalogPath)
            // Only a load segment that was set: the identity (and so the GUIDs) of every earlier image stays as it was.
            + (Spec.BiosLoadSegment != 0 ? "|segment " + Spec.BiosLoadSegment.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty);
        // The model's additions join the identity only when used, so that the shorthand's ids stay as they were.
        if (Spec.Entries.Count > 0 || Spec.HideCatalog || Spec.SystemArea is not null)
            identity += "|" + string.Join(';', Spec.Entries) + "|" + Spec.HideCatalog + "|" + SystemAreaPlan.Identity(Spec.SystemArea);
        return identity;
    }

    /// <summary>
    /// The El Torito entries: the shorthand's BIOS (the default entry) and UEFI images, then <see cref="Entries"/>;
    /// <paramref name="appended"/> tells where an appended partition lies (first 2048-byte block, length in bytes).
    /// </summary>
    public List<BootCatalogEntry> CatalogEntries(Func<int, (uint Block, long Length)>? appended = null)
    {
        var entries = new List<BootCatalogEntry>();
        if (Bios is not null)
            entries.Add(new BootCatalogEntry(BootCatalog.PlatformBios, Bios.DataExtent, (ushort)Spec.BiosLoadSize, (ushort)Spec.BiosLoadSegment));
        if (Efi is not null)
            entries.Add(new BootCatalogEntry(BootCatalog.PlatformEfi, Efi.DataExtent, (ushort)Math.Min((Efi.Length + 511) / 512, ushort.MaxValue)));
        foreach (PlannedBootEntry entry in Entries)
        {
            (uint block, long length) = entry.Node is { } node ? (node.DataExtent, node.Length)
                : appended?.Invoke(entry.Spec.AppendedPartition!.Value) ?? throw new InvalidOperationException("An appended partition's place is needed.");
            entries.Add(entry.CatalogEntry(block, length));
        }
        return entries;
    }

    /// <summary>The patches the copy of <paramref name="file"/> gets: from every entry that names it.</summary>
    public (bool Grub2BootInfo, bool BootInfoTable) PatchOf(LayoutNode file)
    {
        bool grub2 = false, table = false;
        if (file == Bios)
            (grub2, table) = (Spec.Grub2BootInfo, Spec.BootInfoTable);
        foreach (PlannedBootEntry entry in Entries)
        {
            if (entry.Node == file)
                (grub2, table) = (grub2 || entry.Spec.Grub2BootInfo, table || entry.Spec.BootInfoTable);
        }
        return (grub2, table);
    }

    /// <summary>The first boot image of the catalog: its file, or null when it is an appended partition (or there is none).</summary>
    public LayoutNode? FirstImage => Bios ?? Efi ?? Entries.FirstOrDefault()?.Node;

    /// <summary>The first BIOS (platform 0) boot image of the catalog.</summary>
    public LayoutNode? FirstBiosImage => Bios ?? Entries.FirstOrDefault(e => e.Spec.Platform == ElToritoEntry.PlatformBios)?.Node;

    internal static LayoutNode? Find(LayoutDirectory root, string? path, ImageSetting setting)
    {
        if (path is null)
            return null;
        LayoutNode? node = root;
        foreach (string name in ImagePath.Normalize(path).Split('/', StringSplitOptions.RemoveEmptyEntries))
            node = (node as LayoutDirectory)?.Children.FirstOrDefault(c => c.Name.SequenceEqual(name));
        if (node is null || node.Kind != EntryKind.File)
        {
            IsoBuildException.Throw(ErrorCodes.BootImageNotInImage,
                $"{setting.Named()} names '/{ImagePath.Normalize(path)}', which is not a file in the image. Boot images are paths inside the image: add the file with a SOURCE (for example boot/x.img=build/x.img).");
        }
        return node;
    }
}
