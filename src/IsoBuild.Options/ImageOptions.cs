using IsoBuild.Spec;

namespace IsoBuild.Options;

/// <summary>
/// Every option that shapes an image, in the order help lists them. The command line and the <c>IsoImage</c> item
/// both read this table; add an option here and both doors have it (docs/cli.md and docs/msbuild.md list them).
/// </summary>
public static class ImageOptions
{
    /// <summary>Volume identifier.</summary>
    public static ImageOption VolumeId { get; } = new(ImageSetting.VolumeId, "VolumeId", "--volume-id",
        $"Volume identifier: 1-32 characters of A-Z a-z 0-9 _ - . and space. Default: {ImageSpec.DefaultVolumeId}.",
        ImageOptionKind.Text, (s, v, _) => v is null ? s : s with { VolumeId = v }, helpName: "ID", cliAlias: "-V",
        editDescription: "Volume identifier: 1-32 characters of A-Z a-z 0-9 _ - . and space. Default: the base image's.");

    /// <summary>Publisher identifier.</summary>
    public static ImageOption Publisher { get; } = new(ImageSetting.Publisher, "Publisher", "--publisher",
        "Publisher recorded in the volume descriptors (printable ASCII, at most 128 characters).",
        ImageOptionKind.Text, (s, v, _) => v is null ? s : s with { Publisher = v }, helpName: "TEXT",
        editDescription: "Publisher recorded in the volume descriptors (printable ASCII, at most 128 characters). Default: the base image's.");

    /// <summary>Data preparer identifier.</summary>
    public static ImageOption Preparer { get; } = new(ImageSetting.DataPreparer, "Preparer", "--preparer",
        "Data preparer recorded in the volume descriptors (printable ASCII, at most 128 characters).",
        ImageOptionKind.Text, (s, v, _) => v is null ? s : s with { DataPreparer = v }, helpName: "TEXT",
        editDescription: "Data preparer recorded in the volume descriptors (printable ASCII, at most 128 characters). Default: the base image's.");

    /// <summary>Joliet on or off.</summary>
    public static ImageOption Joliet { get; } = new(ImageSetting.Joliet, "Joliet", "--no-joliet",
        "Leave out the Joliet tree (the names Windows shows). On by default.",
        ImageOptionKind.Boolean, (s, v, c) => string.IsNullOrWhiteSpace(v) ? s : s with { Joliet = Joliet!.ParseBoolean(v, true, c) }, flagValue: false,
        editDescription: "Leave out the Joliet tree (the names Windows shows). Default: as the base image.");

    /// <summary>Rock Ridge on or off.</summary>
    public static ImageOption RockRidge { get; } = new(ImageSetting.RockRidge, "RockRidge", "--no-rock-ridge",
        "Leave out Rock Ridge (exact POSIX names, modes, symbolic links). On by default.",
        ImageOptionKind.Boolean, (s, v, c) => string.IsNullOrWhiteSpace(v) ? s : s with { RockRidge = RockRidge!.ParseBoolean(v, true, c) }, flagValue: false,
        editDescription: "Leave out Rock Ridge (exact POSIX names, modes, symbolic links). Default: as the base image.");

    /// <summary>ISO 9660 interchange level.</summary>
    public static ImageOption IsoLevel { get; } = new(ImageSetting.IsoLevel, "IsoLevel", "--iso-level",
        "ISO 9660 level: 3 (default) allows files of 4 GiB and more and deep directories; 2 keeps to ECMA-119's limits (files under 4 GiB, 8 directory levels, 255-character paths); 1 also limits names to 8.3.",
        ImageOptionKind.Text, (s, v, c) => v is null ? s : s with { IsoLevel = ParseLevel(v, c) }, helpName: "1|2|3");

    /// <summary>The build timestamp (SOURCE_DATE_EPOCH wins).</summary>
    public static ImageOption Timestamp { get; } = new(ImageSetting.Timestamp, "Timestamp", "--timestamp",
        "The date every date in the image derives from: Unix seconds or an ISO 8601 date. SOURCE_DATE_EPOCH, when set, takes precedence. Default: 1980-01-01T00:00:00Z.",
        ImageOptionKind.Text, (s, v, c) => s with
        {
            Timestamp = BuildTimestamp.Resolve(v, c.SourceDateEpoch),
            // An edit keeps its base's volume dates unless a timestamp is given explicitly.
            BaseVolume = v is null || s.BaseVolume is null ? s.BaseVolume : s.BaseVolume with { KeepDates = false },
        }, helpName: "T",
        editDescription: "The date of added files and directories: Unix seconds or an ISO 8601 date; given explicitly, also the new volume's dates. SOURCE_DATE_EPOCH, when set, takes precedence. Default: 1980-01-01T00:00:00Z; the base image's volume dates are kept.");

    /// <summary>Follow symbolic links in source directories (read by the front doors before sources are collected).</summary>
    public static ImageOption FollowSymlinks { get; } = new(ImageSetting.FollowSymlinks, "FollowSymlinks", "--follow-symlinks",
        "Record what symbolic links in source directories point to, instead of the links.",
        ImageOptionKind.Boolean, (s, _, _) => s);

    /// <summary>BIOS El Torito boot image (a path in the image).</summary>
    public static ImageOption BiosBoot { get; } = new(ImageSetting.BiosBoot, "BiosBoot", "--bios-boot",
        "BIOS El Torito no-emulation boot image: a path in the image (isolinux/isolinux.bin, boot/grub/eltorito.img).",
        ImageOptionKind.Text, (s, v, _) => v is null ? s : WithBoot(s, b => b with { BiosImage = v }), helpName: "PATH_IN_IMAGE");

    /// <summary>Sectors BIOS loads from the boot image.</summary>
    public static ImageOption BootLoadSize { get; } = new(ImageSetting.BootLoadSize, "BootLoadSize", "--boot-load-size",
        "512-byte sectors BIOS loads from the boot image. Default 4 (what isolinux and GRUB expect).",
        ImageOptionKind.Text, (s, v, c) => v is null ? s : WithBoot(s, b => b with { BiosLoadSize = BootLoadSize!.ParseInt(v, c) }), helpName: "SECTORS");

    /// <summary>Boot info table patch.</summary>
    public static ImageOption BootInfoTable { get; } = new(ImageSetting.BootInfoTable, "BootInfoTable", "--boot-info-table",
        "Patch a boot info table into the image's copy of the BIOS boot image (isolinux and GRUB need it).",
        ImageOptionKind.Boolean, (s, v, c) => BootInfoTable!.ParseBoolean(v, false, c) ? WithBoot(s, b => b with { BootInfoTable = true }) : s);

    /// <summary>GRUB2 boot info patch.</summary>
    public static ImageOption Grub2BootInfo { get; } = new(ImageSetting.Grub2BootInfo, "Grub2BootInfo", "--grub2-boot-info",
        "Patch GRUB2's boot info (its own address, at offset 2548) into the image's copy of the BIOS boot image.",
        ImageOptionKind.Boolean, (s, v, c) => Grub2BootInfo!.ParseBoolean(v, false, c) ? WithBoot(s, b => b with { Grub2BootInfo = true }) : s);

    /// <summary>UEFI El Torito boot image (a FAT image in the image).</summary>
    public static ImageOption EfiBoot { get; } = new(ImageSetting.EfiBoot, "EfiBoot", "--efi-boot",
        "UEFI El Torito boot image: a path in the image of a FAT image holding EFI/BOOT/BOOTX64.EFI.",
        ImageOptionKind.Text, (s, v, _) => v is null ? s : WithBoot(s, b => b with { EfiImage = v }), helpName: "PATH_IN_IMAGE");

    /// <summary>UEFI boot image built from a folder.</summary>
    public static ImageOption EfiBootDir { get; } = new(ImageSetting.EfiBootDirectory, "EfiBootDir", "--efi-boot-dir",
        $"Build the UEFI boot image from DIR (holding EFI/BOOT/BOOTX64.EFI) as a FAT image, placed at --efi-boot's path or {BootSpec.DefaultEfiImagePath}.",
        ImageOptionKind.Text, (s, v, c) => v is null ? s : AddEfiImage(s, Path.GetFullPath(v, c.BaseDirectory)), helpName: "DIR");

    /// <summary>isohybrid MBR code.</summary>
    public static ImageOption HybridMbr { get; } = new(ImageSetting.HybridMbr, "HybridMbr", "--hybrid-mbr",
        "Make a hybrid image (USB stick) with isohybrid-style MBR boot code from FILE (syslinux's isohdpfx.bin).",
        ImageOptionKind.Text, (s, v, c) => v is null ? s : WithBoot(s, b => b with { HybridMbr = Path.GetFullPath(v, c.BaseDirectory) }), helpName: "FILE");

    /// <summary>GRUB MBR code.</summary>
    public static ImageOption Grub2Mbr { get; } = new(ImageSetting.Grub2Mbr, "Grub2Mbr", "--grub2-mbr",
        "Make a hybrid image (USB stick) with GRUB-style MBR boot code from FILE (GRUB's boot_hybrid.img).",
        ImageOptionKind.Text, (s, v, c) => v is null ? s : WithBoot(s, b => b with { Grub2Mbr = Path.GetFullPath(v, c.BaseDirectory) }), helpName: "FILE");

    /// <summary>GPT with the UEFI image as EFI system partition.</summary>
    public static ImageOption Gpt { get; } = new(ImageSetting.Gpt, "Gpt", "--gpt",
        "Write a GPT whose EFI system partition is the UEFI boot image, so UEFI firmware boots the image from a USB stick.",
        ImageOptionKind.Boolean, (s, v, c) => Gpt!.ParseBoolean(v, false, c) ? WithBoot(s, b => b with { Gpt = true }) : s);

    /// <summary>Path of the boot catalog.</summary>
    public static ImageOption BootCatalog { get; } = new(ImageSetting.BootCatalog, "BootCatalog", "--boot-catalog",
        $"Path of the El Torito boot catalog in the image. Default: {BootSpec.DefaultCatalogPath}.",
        ImageOptionKind.Text, (s, v, _) => v is null ? s : WithBoot(s, b => b with { CatalogPath = v }), helpName: "PATH_IN_IMAGE");

    /// <summary>Leave out a base image's Apple partition map and HFS+ volume (edit only).</summary>
    public static ImageOption DropHfsPlus { get; } = new(ImageSetting.DropHfsPlus, "DropHfsPlus", "--drop-hfsplus",
        "Editing an image: leave out its Apple partition map and HFS+ volume (grub-mkrescue's Mac side), which IsoBuild does not make; without it such an edit is refused (ISO0218).",
        ImageOptionKind.Boolean, (s, v, c) => DropHfsPlus!.ParseBoolean(v, false, c) && s.BaseVolume is not null ? s with { BaseVolume = s.BaseVolume with { DropUncarried = true } } : s);

    /// <summary>All options, in help order.</summary>
    public static IReadOnlyList<ImageOption> All { get; } =
    [
        VolumeId, Publisher, Preparer, Joliet, RockRidge, IsoLevel, Timestamp, FollowSymlinks,
        BiosBoot, BootLoadSize, BootInfoTable, Grub2BootInfo, EfiBoot, EfiBootDir, HybridMbr, Grub2Mbr, Gpt, BootCatalog, DropHfsPlus,
    ];

    private static ImageSpec AddEfiImage(ImageSpec spec, string directory)
    {
        string path = spec.Boot?.EfiImage ?? BootSpec.DefaultEfiImagePath;
        var entry = new ImageEntry(ImagePath.Normalize(path), EntryKind.File, ContentSource.FatImageOf(directory, spec.Timestamp)) { Origin = directory };
        return WithBoot(spec with { Entries = [.. spec.Entries, entry] }, b => b with { EfiImage = path });
    }

    private static ImageSpec WithBoot(ImageSpec spec, Func<BootSpec, BootSpec> change) => spec with { Boot = change(spec.Boot ?? new BootSpec()) };

    private static int ParseLevel(string value, ImageOptionContext context) =>
        value is "1" or "2" or "3" ? value[0] - '0'
            : throw new IsoBuildException(ErrorCodes.InvalidOption, $"{IsoLevel.Written(value, context.FrontDoor)} is not an ISO 9660 level: give 1, 2 or 3.");

    /// <summary>Applies every option; <paramref name="valueOf"/> returns an option's value, or null when it was not given.</summary>
    public static ImageSpec Apply(ImageSpec spec, Func<ImageOption, string?> valueOf, ImageOptionContext context)
    {
        ArgumentNullException.ThrowIfNull(valueOf);
        ArgumentNullException.ThrowIfNull(context);
        foreach (ImageOption option in All)
            spec = option.Apply(spec, valueOf(option), context);
        return spec;
    }
}
