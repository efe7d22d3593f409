using IsoBuild.Spec;

namespace IsoBuild.Options;

/// <summary>
/// Every option that shapes an image, in the order help lists them. The command line and the <c>IsoImage</c> item
/// both read this table; add an option here and both doors have it (docs/cli.md and docs/msbuild.md list them).
/// </summary>
public static partial class ImageOptions
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

    /// <summary>The volume UUID (blkid, udev, GRUB's search --fs-uuid).</summary>
    /// <remarks>
    /// A mkisofs-compatible front door maps <c>--modification-date=YYYYMMDDhhmmsscc</c> to this option's setting:
    /// <see cref="IsoBuild.Spec.VolumeUuid.Parse"/> takes that 16-digit form as it is.
    /// </remarks>
    public static ImageOption VolumeUuid { get; } = new(ImageSetting.VolumeUuid, "VolumeUuid", "--volume-uuid",
        $"The UUID blkid, /dev/disk/by-uuid and GRUB's search --fs-uuid find the image by, recorded as the volume modification date: YYYY-MM-DD-HH-MM-SS-cc or 16 digits. Default ({AutoUuid}): derived from the image's names, sizes and options, so different images get different UUIDs and equal inputs equal ones.",
        ImageOptionKind.Text, (s, v, _) => ApplyVolumeUuid(s, v), helpName: "UUID",
        editDescription: $"The UUID blkid, /dev/disk/by-uuid and GRUB's search --fs-uuid find the image by: YYYY-MM-DD-HH-MM-SS-cc or 16 digits, or {AutoUuid} to derive a new one from the edited image. Default: the base image's, so a boot loader that searches for it still finds it.");

    /// <summary>The value of <see cref="VolumeUuid"/> that asks for a UUID derived from the image.</summary>
    private const string AutoUuid = "auto";

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

    /// <summary>Segment BIOS loads the boot image at.</summary>
    public static ImageOption BootLoadSegment { get; } = new(ImageSetting.BootLoadSegment, "BootLoadSegment", "--boot-load-segment",
        "Real-mode segment BIOS loads the boot image at, as the boot catalog records it (hex 0x07C0 or decimal). Default 0: the BIOS default, 0x07C0. Windows' etfsboot.com images record 0x07C0.",
        ImageOptionKind.Text, (s, v, c) => v is null ? s : WithBoot(s, b => b with { BiosLoadSegment = ParseSegment(v, c) }), helpName: "SEGMENT");

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

    /// <summary>Leave out a base image's partition entries that cannot be carried (edit only).</summary>
    public static ImageOption DropPartitions { get; } = new(ImageSetting.DropPartitions, "DropPartitions", "--drop-partitions",
        "Editing an image: leave out the MBR and GPT entries whose sectors the new image cannot follow (they point into the data, or after the volume at no appended partition); without it such an edit is refused (ISO0225).",
        ImageOptionKind.Boolean, (s, v, c) => DropPartitions!.ParseBoolean(v, false, c) && s.BaseVolume is not null ? s with { BaseVolume = s.BaseVolume with { DropPartitions = true } } : s);

    /// <summary>A UDF file system beside ISO 9660.</summary>
    public static ImageOption Udf { get; } = new(ImageSetting.Udf, "Udf", "--udf",
        "Add a UDF file system over the same file data (a bridge image): files of any size, Unicode names up to 255 bytes; what Windows reads first. UDF 1.02 unless --udf-revision says otherwise.",
        ImageOptionKind.Boolean, (s, v, c) => Udf!.ParseBoolean(v, s.Udf is not null, c) ? WithUdf(s, u => u) : s with { Udf = null },
        editDescription: "Add a UDF file system over the same file data. Default: UDF when the base image has it.");

    /// <summary>The UDF revision.</summary>
    public static ImageOption UdfRevision { get; } = new(ImageSetting.UdfRevision, "UdfRevision", "--udf-revision",
        "UDF revision: 1.02 (default; Windows 98 and later), 2.01, or 2.50 (metadata partition, as Blu-ray; Windows Vista and later). Implies --udf.",
        ImageOptionKind.Text, (s, v, c) => v is null ? s : WithUdf(s, u => u with { Revision = ParseUdfRevision(v, c) }), helpName: "1.02|2.01|2.50",
        editDescription: "UDF revision: 1.02, 2.01 or 2.50. Implies --udf. Default: the base image's (1.02 for an image without UDF).");

    /// <summary>UDF as the primary file system.</summary>
    public static ImageOption UdfPrimary { get; } = new(ImageSetting.UdfPrimary, "UdfPrimary", "--udf-primary",
        $"UDF-primary image, as Windows media are: every file in UDF only, the ISO 9660 and Joliet trees hold just {UdfSpec.ReadmeName}. Implies --udf.",
        ImageOptionKind.Boolean, (s, v, c) => UdfPrimary!.ParseBoolean(v, false, c) ? WithUdf(s, u => u with { Primary = true }) : s.Udf is null || v is null ? s : WithUdf(s, u => u with { Primary = false }),
        editDescription: $"UDF-primary image: every file in UDF only, the ISO 9660 and Joliet trees hold just {UdfSpec.ReadmeName}. Implies --udf. Default: as the base image.");

    /// <summary>Symbolic links in UDF too.</summary>
    public static ImageOption UdfSymlinks { get; } = new(ImageSetting.UdfSymlinks, "UdfSymlinks", "--udf-symlinks",
        "Record symbolic links in UDF too (7-Zip then refuses the UDF tree; Windows ignores links). Without it, links are in the Rock Ridge tree only, as Joliet leaves them out. Implies --udf.",
        ImageOptionKind.Boolean, (s, v, c) => UdfSymlinks!.ParseBoolean(v, false, c) ? WithUdf(s, u => u with { Symlinks = true }) : s.Udf is null || v is null ? s : WithUdf(s, u => u with { Symlinks = false }),
        editDescription: "Record symbolic links in UDF too. Implies --udf. Default: as the base image.");

    /// <summary>zisofs compression.</summary>
    public static ImageOption Zisofs { get; } = new(ImageSetting.Zisofs, "Zisofs", "--zisofs",
        "Store files compressed with zisofs (Rock Ridge ZF, as mkisofs -z): Linux, xorriso and bsdtar read them as they were; readers without zisofs (Windows, 7-Zip) see the compressed bytes. Files under 2049 bytes, files that do not shrink, boot images and excluded files are stored as they are.",
        ImageOptionKind.Boolean, (s, v, c) => Zisofs!.ParseBoolean(v, s.Zisofs is not null, c) ? s with { Zisofs = s.Zisofs ?? new ZisofsSpec() } : s with { Zisofs = null },
        editDescription: "Store files compressed with zisofs (Rock Ridge ZF, as mkisofs -z). Default: on when the base image holds compressed files.");

    /// <summary>zisofs block size.</summary>
    public static ImageOption ZisofsBlockSize { get; } = new(ImageSetting.ZisofsBlockSize, "ZisofsBlockSize", "--zisofs-block-size",
        "zisofs block size: 32k (default), 64k or 128k. Larger blocks compress a little better; every zisofs reader knows all three.",
        ImageOptionKind.Text, (s, v, c) => v is null ? s : s with { Zisofs = RequireZisofs(s, ZisofsBlockSize!, v, c) with { BlockSize = ParseBlockSize(v, c) } },
        helpName: "32k|64k|128k");

    /// <summary>Files zisofs leaves alone.</summary>
    public static ImageOption ZisofsExclude { get; } = new(ImageSetting.ZisofsExclude, "ZisofsExclude", "--zisofs-exclude",
        "Store files matching PATTERN uncompressed (* and ?, case-sensitive): a pattern without '/' matches names (*.jpg), one with '/' paths from the image root (docs/*). Repeatable; in MSBuild separate patterns with ';'.",
        ImageOptionKind.List, (s, v, c) => v is null ? s : s with { Zisofs = RequireZisofs(s, ZisofsExclude!, v, c) with { Exclude = [.. s.Zisofs!.Exclude, .. ImageOption.ParseList(v)] } },
        helpName: "PATTERN");

    /// <summary>Identical files stored once.</summary>
    public static ImageOption Deduplicate { get; } = new(ImageSetting.Deduplicate, "Deduplicate", "--no-dedup",
        "Store identical files each in its own extent. By default files with identical content are stored once, all their names pointing at it (files are read for this only when another file has the same size).",
        ImageOptionKind.Boolean, (s, v, c) => s with { Deduplicate = Deduplicate!.ParseBoolean(v, s.Deduplicate, c) }, flagValue: false);

    /// <summary>libisofs MD5 records.</summary>
    public static ImageOption Md5 { get; } = new(ImageSetting.Md5, "Md5", "--md5",
        "Record MD5 checksums as xorriso -md5 on does: tags for the descriptors, the directory tree and the session, and each file's MD5. xorriso -check_md5 and dotnet iso verify check them. Needs Rock Ridge; not with --implant-md5.",
        ImageOptionKind.Boolean, (s, v, c) => s with { Md5 = Md5!.ParseBoolean(v, s.Md5, c) },
        editDescription: "Record MD5 checksums as xorriso -md5 on does (tags and each file's MD5). Default: when the base image has them, computed anew.");

    /// <summary>isomd5sum checksum.</summary>
    public static ImageOption ImplantMd5 { get; } = new(ImageSetting.ImplantMd5, "ImplantMd5", "--implant-md5",
        "Implant an isomd5sum checksum as implantisomd5 does, which checkisomd5 and Fedora-style installers check at boot. Not with --md5.",
        ImageOptionKind.Boolean, (s, v, c) => s with { ImplantMd5 = ImplantMd5!.ParseBoolean(v, s.ImplantMd5, c) },
        editDescription: "Implant an isomd5sum checksum as implantisomd5 does. Default: when the base image has one, computed anew.");

    /// <summary>The image's SHA-256 beside it.</summary>
    public static ImageOption Sha256 { get; } = new(ImageSetting.Sha256, "Sha256", "--sha256",
        "Write the image's SHA-256 beside it, to OUT.iso.sha256, as a line sha256sum -c checks (and that a SHA256SUMS file can collect).",
        ImageOptionKind.Boolean, (s, v, c) => s with { Sha256 = Sha256!.ParseBoolean(v, s.Sha256, c) });

    /// <summary>All options, in help order.</summary>
    public static IReadOnlyList<ImageOption> All { get; } =
    [
        VolumeId, Publisher, Preparer, Joliet, RockRidge, IsoLevel, Timestamp, VolumeUuid, FollowSymlinks,
        BiosBoot, BootLoadSize, BootLoadSegment, BootInfoTable, Grub2BootInfo, EfiBoot, EfiBootDir, HybridMbr, Grub2Mbr, Gpt, BootCatalog, DropHfsPlus, DropPartitions,
        Udf, UdfRevision, UdfPrimary, UdfSymlinks,
        Zisofs, ZisofsBlockSize, ZisofsExclude, Deduplicate, Md5, ImplantMd5, Sha256,
        BootEntries, HideBootCatalog, MbrCode, MbrCodeStyle, IsohybridTable, ProtectiveLabel, AppendPartitions, AppendedPartitionsGpt,
        EfiBootPartition, IsoPartitionType, MbrForceBootable, PartitionOffset, MbrDiskSignature, GptDiskGuid, Exclude, Hide, HideJoliet, SortWeights,
    ];

    private static ZisofsSpec RequireZisofs(ImageSpec spec, ImageOption option, string value, ImageOptionContext context) =>
        spec.Zisofs ?? throw new IsoBuildException(ErrorCodes.InvalidZisofsOption,
            $"{option.Written(value, context.FrontDoor)} sets up zisofs compression, which is off: add {Zisofs.Name(context.FrontDoor)}{(context.FrontDoor == FrontDoor.MSBuild ? "=\"true\"" : string.Empty)}.");

    private static int ParseBlockSize(string value, ImageOptionContext context) => value.Trim() switch
    {
        "32k" or "32K" or "32768" => 32 * 1024,
        "64k" or "64K" or "65536" => 64 * 1024,
        "128k" or "128K" or "131072" => 128 * 1024,
        _ => throw new IsoBuildException(ErrorCodes.InvalidZisofsOption,
            $"{ZisofsBlockSize.Written(value, context.FrontDoor)} is not a zisofs block size: give 32k, 64k or 128k (the sizes the Linux kernel reads)."),
    };

    private static ImageSpec AddEfiImage(ImageSpec spec, string directory)
    {
        string path = spec.Boot?.EfiImage ?? BootSpec.DefaultEfiImagePath;
        var entry = new ImageEntry(ImagePath.Normalize(path), EntryKind.File, ContentSource.FatImageOf(directory, spec.Timestamp)) { Origin = directory };
        return WithBoot(spec with { Entries = [.. spec.Entries, entry] }, b => b with { EfiImage = path });
    }

    private static ImageSpec WithUdf(ImageSpec spec, Func<UdfSpec, UdfSpec> change) => spec with { Udf = change(spec.Udf ?? new UdfSpec()) };

    private static global::IsoBuild.Spec.UdfRevision ParseUdfRevision(string value, ImageOptionContext context) => value.Trim() switch
    {
        "1.02" or "102" => global::IsoBuild.Spec.UdfRevision.V102,
        "2.01" or "201" => global::IsoBuild.Spec.UdfRevision.V201,
        "2.50" or "250" => global::IsoBuild.Spec.UdfRevision.V250,
        _ => throw new IsoBuildException(ErrorCodes.InvalidOption, $"{UdfRevision.Written(value, context.FrontDoor)} is not a UDF revision IsoBuild writes: give 1.02, 2.01 or 2.50."),
    };

    private static int ParseSegment(string value, ImageOptionContext context)
    {
        string v = value.Trim();
        bool hex = v.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        return int.TryParse(hex ? v[2..] : v, hex ? System.Globalization.NumberStyles.AllowHexSpecifier : System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out int segment) && segment <= ushort.MaxValue
            ? segment
            : throw new IsoBuildException(ErrorCodes.InvalidOption, $"{BootLoadSegment.Written(value, context.FrontDoor)} is not a segment: give 0x07C0 (hex) or a number up to 65535.");
    }

    private static ImageSpec ApplyVolumeUuid(ImageSpec spec, string? value) =>
        string.IsNullOrWhiteSpace(value) ? spec
            : string.Equals(value.Trim(), AutoUuid, StringComparison.OrdinalIgnoreCase) ? spec with { VolumeUuid = null }
            : spec with { VolumeUuid = IsoBuild.Spec.VolumeUuid.Parse(value) };

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
        // What a base image brought (compression, a checksum scheme) gives way to what is asked for explicitly: a
        // checksum scheme replaces the other, and Rock Ridge off takes the Rock Ridge records with it.
        bool Given(ImageOption option) => valueOf(option) is not null;
        if (spec.Md5 && Given(Md5) && !Given(ImplantMd5))
            spec = spec with { ImplantMd5 = false };
        if (spec.ImplantMd5 && Given(ImplantMd5) && !Given(Md5))
            spec = spec with { Md5 = false };
        if (!spec.RockRidge && Given(RockRidge))
        {
            if (!Given(Zisofs))
                spec = spec with { Zisofs = null };
            if (!Given(Md5))
                spec = spec with { Md5 = false };
        }
        return spec;
    }
}
