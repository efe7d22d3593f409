using System.Buffers;
using System.Collections.Frozen;

namespace IsoBuild.Tool.Mkisofs;

/// <summary>What the emulation does with a known option.</summary>
internal enum MkisofsOptionKind
{
    /// <summary>IsoBuild handles it (the parser has a case for it).</summary>
    Handled,

    /// <summary>Accepted without effect, with a note: xorriso's ignored options, and options that only matter for outputs IsoBuild does not write.</summary>
    Ignored,

    /// <summary>xorriso knows it and refuses it ("Unsupported option"); so does IsoBuild.</summary>
    Unsupported,

    /// <summary>xorriso does it; IsoBuild declines it, for the reason given.</summary>
    Declined,
}

/// <summary>One option xorriso's mkisofs emulation knows, with the number of arguments it takes.</summary>
/// <param name="Name">The name as xorriso spells it.</param>
/// <param name="Arguments">How many arguments follow; <see cref="MkisofsOptionTable.AllRemaining"/> for -find.</param>
/// <param name="Kind">What IsoBuild does with it.</param>
/// <param name="Reason">Why it is declined or unsupported, and what to do instead (a sentence).</param>
internal sealed record MkisofsOption(string Name, int Arguments, MkisofsOptionKind Kind, string? Reason = null);

/// <summary>
/// Every option of xorriso 1.5.4's mkisofs emulation (its table of mkisofs, genisoimage and xorrisofs options and
/// their argument counts), with what IsoBuild does with each. The table decides the double-dash rule, how many
/// arguments an unsupported option takes with it, and the suggestions for unknown ones.
/// </summary>
internal static class MkisofsOptionTable
{
    /// <summary>The argument count of -find, which takes every argument after it.</summary>
    public const int AllRemaining = -1;

    private const MkisofsOptionKind H = MkisofsOptionKind.Handled;
    private const MkisofsOptionKind I = MkisofsOptionKind.Ignored;
    private const MkisofsOptionKind U = MkisofsOptionKind.Unsupported;
    private const MkisofsOptionKind D = MkisofsOptionKind.Declined;

    private const string MultiSession =
        "IsoBuild writes whole new images, never a session added to an existing one; to change an image use 'dotnet iso edit'";
    private const string OtherMachines =
        "IsoBuild writes system areas for PCs only (MBR, GPT); boot blocks for CHRP, PReP, MIPS, SPARC, HP-PA or Alpha machines are not offered";
    private const string Jigdo = "IsoBuild writes no jigdo files; leave out the -jigdo-* options (the image itself does not need them)";
    private const string JigdoOnly = "it only matters for jigdo files, which IsoBuild does not write";
    private const string MachineAttributes =
        "IsoBuild records no ACLs, extended attributes or hard-link relations: they come from the build machine, and the image must not depend on it";
    private const string MacHfs = "classic HFS and Macintosh file formats are not offered by xorriso nor IsoBuild (for Intel Macs see -hfsplus)";

    private static readonly MkisofsOption[] s_options =
    [
        // No arguments.
        new("-allow-leading-dots", 0, I), new("-ldots", 0, I), new("-allow-lowercase", 0, H), new("-allow-multidot", 0, I),
        new("-cache-inodes", 0, I), new("-no-cache-inodes", 0, I), new("-eltorito-alt-boot", 0, H),
        new("-hard-disk-boot", 0, H), new("-no-emul-boot", 0, H),
        new("-no-boot", 0, U, "every El Torito entry IsoBuild writes is bootable"),
        new("-boot-info-table", 0, H), new("-check-oldnames", 0, I), new("-d", 0, H), new("-D", 0, H),
        new("-dvd-video", 0, U, "DVD-Video file ordering is not offered"),
        new("-f", 0, H), new("-gui", 0, I, "it only makes xorriso report progress more often"), new("-graft-points", 0, H),
        new("-hide-joliet-trans-tbl", 0, U, "no TRANS.TBL files are ever written"),
        new("-hide-rr-moved", 0, H), new("-J", 0, H), new("-joliet-long", 0, H), new("-l", 0, H), new("-L", 0, I),
        new("-max-iso9660-filenames", 0, H), new("-N", 0, H), new("-nobak", 0, I), new("-no-bak", 0, I),
        new("-no-limit-pathtables", 0, U), new("-force-rr", 0, I),
        new("-no-rr", 0, U, "to leave out Rock Ridge use --norock"),
        new("-no-split-symlink-components", 0, I), new("-no-split-symlink-fields", 0, I), new("-pad", 0, H),
        new("-no-pad", 0, H), new("-posix-H", 0, U, "to follow symbolic links use -f"), new("-posix-L", 0, U, "to follow symbolic links use -f"),
        new("-posix-P", 0, U, "symbolic links are stored as links unless -f is given"), new("-print-size", 0, H),
        new("-quiet", 0, H), new("-R", 0, H), new("-r", 0, H), new("-relaxed-filenames", 0, H),
        new("-rrip110", 0, U, "Rock Ridge is always written as RRIP 1.12 where it matters"), new("-rrip112", 0, U, "Rock Ridge is always written as RRIP 1.12 where it matters"),
        new("-split-output", 0, U, "the image is always one file"), new("-T", 0, I),
        new("-UDF", 0, H), new("-udf", 0, H), new("-udf-symlinks", 0, U), new("-no-udf-symlinks", 0, U),
        new("-U", 0, H), new("-no-iso-translate", 0, I), new("-v", 0, H),
        new("-XA", 0, U, "CD-ROM XA is not offered"), new("-xa", 0, U, "CD-ROM XA is not offered"), new("-z", 0, H),
        new("-hfs", 0, U, MacHfs), new("-no-hfs", 0, U, MacHfs), new("-apple", 0, U, MacHfs), new("-probe", 0, U, MacHfs),
        new("-no-desktop", 0, U, MacHfs), new("-mac-name", 0, U, MacHfs), new("-part", 0, U, MacHfs), new("-icon-position", 0, U, MacHfs),
        new("-chrp-t", 0, U, MacHfs), new("-hfs-unlock", 0, U, MacHfs), new("--cap", 0, U, MacHfs), new("--netatalk", 0, U, MacHfs),
        new("--double", 0, U, MacHfs), new("--ethershare", 0, U, MacHfs), new("--ushare", 0, U, MacHfs), new("--exchange", 0, U, MacHfs),
        new("--sgi", 0, U, MacHfs), new("--xinet", 0, U, MacHfs), new("--macbin", 0, U, MacHfs), new("--single", 0, U, MacHfs),
        new("--dave", 0, U, MacHfs), new("--sfm", 0, U, MacHfs), new("--osx-double", 0, U, MacHfs), new("--osx-hfs", 0, U, MacHfs),
        new("-debug", 0, U), new("-omit-period", 0, H), new("-disable-deep-relocation", 0, H), new("-joliet", 0, H),
        new("-full-iso9660-filenames", 0, H), new("-follow-links", 0, H), new("-help", 0, H), new("-transparent-compression", 0, H),
        new("-omit-version-number", 0, H), new("-rational-rock", 0, H), new("-rock", 0, H), new("-translation-table", 0, I),
        new("-untranslated-filenames", 0, H), new("-verbose", 0, H), new("-version", 0, H), new("-g", 0, U), new("-h", 0, U),
        new("-no-mac-files", 0, U, MacHfs), new("-chrp-boot", 0, D, OtherMachines),
        new("--hardlinks", 0, D, MachineAttributes), new("--acl", 0, D, MachineAttributes), new("--xattr", 0, D, MachineAttributes),
        new("--xattr-any", 0, D, MachineAttributes), new("--md5", 0, H), new("--for_backup", 0, D, MachineAttributes),
        new("--protective-msdos-label", 0, H), new("--boot-catalog-hide", 0, H), new("--no-emul-toc", 0, H),
        new("--emul-toc", 0, D, "IsoBuild writes no multi-session table-of-contents emulation (it only serves sessions added later)"),
        new("-disallow_dir_id_ext", 0, H),
        new("--old-empty", 0, D, "IsoBuild gives empty files the emulation's default address only"),
        new("--old-root-no-md5", 0, D, MultiSession), new("--old-root-devno", 0, D, MultiSession), new("--old-root-no-ino", 0, D, MultiSession),
        new("--no_rc", 0, H), new("--norock", 0, H), new("-hfsplus", 0, H),
        new("-fat", 0, D, "a FAT file system beside ISO 9660 is not offered; give a FAT image with -append_partition or -e"),
        new("-chrp-boot-part", 0, D, OtherMachines),
        new("-isohybrid-gpt-basdat", 0, H), new("-isohybrid-gpt-hfsplus", 0, H), new("-isohybrid-apm-hfsplus", 0, H),
        new("--grub2-boot-info", 0, H), new("-joliet-utf16", 0, H), new("-appended_part_as_gpt", 0, H), new("-appended_part_as_apm", 0, H),
        new("--mbr-force-bootable", 0, H), new("-part_like_isohybrid", 0, H),
        new("--zisofs-version-2", 0, D, "IsoBuild does not recognise zisofs version 2 files; -z handles version 1"),
        new("--zisofs2-susp-z2", 0, D, "IsoBuild does not recognise zisofs version 2 files; -z handles version 1"),
        new("--zisofs2-susp-zf", 0, D, "IsoBuild does not recognise zisofs version 2 files; -z handles version 1"),

        // One argument.
        new("-abstract", 1, H), new("-A", 1, H), new("-appid", 1, H), new("--application_use", 1, H),
        new("-biblio", 1, H), new("-b", 1, H), new("-B", 1, D, OtherMachines),
        new("-boot-load-seg", 1, U, "the load segment is always the BIOS default (0x7C0)"),
        new("-boot-load-size", 1, H), new("-C", 1, D, MultiSession), new("-c", 1, H), new("-check-session", 1, I), new("-copyright", 1, H),
        new("-dir-mode", 1, H), new("-eltorito-id", 1, H), new("-eltorito-selcrit", 1, H),
        new("-file-mode", 1, H), new("-G", 1, H), new("-gid", 1, H), new("-hide", 1, H), new("-hide-list", 1, H),
        new("-hidden", 1, U, "to hide files use -hide"), new("-hidden-list", 1, U, "to hide files use -hide-list"),
        new("-hide-joliet", 1, H), new("-hide-joliet-list", 1, H),
        new("-hide-hfsplus", 1, H), new("-hide-hfsplus-list", 1, H),
        new("-hide-udf", 1, U, "IsoBuild's UDF tree holds every file of the ISO 9660 tree"),
        new("-hide-udf-list", 1, U, "IsoBuild's UDF tree holds every file of the ISO 9660 tree"),
        new("-input-charset", 1, H), new("-output-charset", 1, H),
        new("-iso-level", 1, H), new("-jcharset", 1, U, "Joliet names are always UCS-2 (or UTF-16 with -joliet-utf16)"),
        new("-log-file", 1, H), new("-m", 1, H), new("-exclude-list", 1, H), new("-M", 1, D, MultiSession),
        new("-dev", 1, D, MultiSession), new("-new-dir-mode", 1, U, "to set the mode of directories use -dir-mode"),
        new("-o", 1, H), new("-p", 1, H), new("-preparer", 1, H),
        new("-path-list", 1, H), new("-publisher", 1, H), new("-root", 1, H),
        new("-old-root", 1, D, MultiSession), new("-s", 1, U), new("-sectype", 1, U), new("-sort", 1, I),
        new("-sparc-boot", 1, D, OtherMachines), new("-sparc-label", 1, D, OtherMachines),
        new("-stream-media-size", 1, U), new("-stream-file-name", 1, U), new("-sunx86-boot", 1, U, OtherMachines), new("-sunx86-label", 1, U, OtherMachines),
        new("-sysid", 1, H), new("-table-name", 1, I), new("-ucs-level", 1, U), new("-uid", 1, H), new("-V", 1, H), new("-volset", 1, H),
        new("-volset-size", 1, I), new("-volset-seqno", 1, I), new("-x", 1, H), new("-P", 1, H),
        new("-map", 1, U, MacHfs), new("-magic", 1, U, MacHfs), new("-hfs-creator", 1, U, MacHfs), new("-hfs-type", 1, U, MacHfs),
        new("-boot-hfs-file", 1, U, MacHfs), new("-auto", 1, U, MacHfs), new("-cluster-size", 1, U, MacHfs),
        new("-hide-hfs", 1, I), new("-hide-hfs-list", 1, I), new("-hfs-volid", 1, U, MacHfs),
        new("-root-info", 1, U), new("-prep-boot", 1, U, OtherMachines), new("-input-hfs-charset", 1, U, MacHfs), new("-output-hfs-charset", 1, U, MacHfs),
        new("-hfs-bless", 1, H), new("-hfs-parms", 1, U, MacHfs),
        new("-eltorito-boot", 1, H), new("-generic-boot", 1, H), new("-eltorito-catalog", 1, H), new("-cdrecord-params", 1, D, MultiSession),
        new("-errctl", 1, U), new("-exclude", 1, H), new("-prev-session", 1, D, MultiSession), new("-output", 1, H),
        new("-use-fileversion", 1, U), new("-volid", 1, H), new("-old-exclude", 1, H),
        new("-alpha-boot", 1, D, OtherMachines), new("-hppa-cmdline", 1, D, OtherMachines), new("-hppa-kernel-32", 1, D, OtherMachines),
        new("-hppa-kernel-64", 1, D, OtherMachines), new("-hppa-bootloader", 1, D, OtherMachines), new("-hppa-ramdisk", 1, D, OtherMachines),
        new("-mips-boot", 1, D, OtherMachines), new("-mipsel-boot", 1, D, OtherMachines),
        new("-jigdo-jigdo", 1, D, Jigdo), new("-jigdo-template", 1, D, Jigdo), new("-jigdo-min-file-size", 1, I, JigdoOnly),
        new("-jigdo-force-md5", 1, I, JigdoOnly), new("-jigdo-force-checksum", 1, I, JigdoOnly),
        new("-md5-list", 1, I, JigdoOnly), new("-checksum-list", 1, I, JigdoOnly),
        new("-jigdo-exclude", 1, I, JigdoOnly), new("-jigdo-map", 1, I, JigdoOnly),
        new("-jigdo-template-compress", 1, I, JigdoOnly), new("-jigdo-checksum-algorithm", 1, I, JigdoOnly),
        new("-checksum_algorithm_iso", 1, I, JigdoOnly), new("-checksum_algorithm_template", 1, I, JigdoOnly),
        new("--stdio_sync", 1, I, "IsoBuild writes to a temporary file and renames it at the end"),
        new("--quoted_path_list", 1, H), new("--efi-boot", 1, H), new("--embedded-boot", 1, H),
        new("-isohybrid-mbr", 1, H), new("-e", 1, H), new("-partition_offset", 1, H), new("-partition_hd_cyl", 1, H),
        new("-partition_sec_hd", 1, H), new("-partition_cyl_align", 1, H), new("-untranslated_name_len", 1, H),
        new("-rr_reloc_dir", 1, H), new("-hfsplus-serial-no", 1, H), new("-prep-boot-part", 1, D, OtherMachines), new("-efi-boot-part", 1, H),
        new("-hfsplus-block-size", 1, H), new("-apm-block-size", 1, H), new("--grub2-mbr", 1, H),
        new("--grub2-sparc-core", 1, D, OtherMachines), new("--sort-weight-list", 1, H), new("--sort-weight-patterns", 1, H),
        new("-hppa-hdrversion", 1, D, OtherMachines), new("-file_name_limit", 1, H), new("--set_all_file_dates", 1, H),
        new("--gpt_disk_guid", 1, H), new("-iso_mbr_part_type", 1, H), new("-eltorito-platform", 1, H),

        // Two and three arguments.
        new("-hfs-bless-by", 2, H), new("--scdbackup_tag", 2, D, "IsoBuild writes no scdbackup checksum tags"), new("--sort-weight", 2, H),
        new("-append_partition", 3, H), new("-hfsplus-file-creator-type", 3, H),

        // All the remaining arguments.
        new("-find", AllRemaining, U, "to choose files use pathspecs with -graft-points, -m and -hide"),
    ];

    private static readonly FrozenDictionary<string, MkisofsOption> s_byName = s_options.ToFrozenDictionary(o => o.Name, StringComparer.Ordinal);

    /// <summary>Options xorriso recognises by their start ("--modification-date=DATE").</summary>
    private static readonly MkisofsOption[] s_prefixed =
    [
        new("--modification-date=", 0, H),
        new("isolinux_mbr=", 0, D, "xorriso's built-in isohybrid MBR is not offered: give the MBR file with -isohybrid-mbr FILE (isohdpfx.bin)"),
        new("errctl=", 0, U),
    ];

    public static IReadOnlyList<MkisofsOption> All => s_options;

    /// <summary>The option named exactly <paramref name="name"/> (or starting with a prefixed one's name); null when unknown.</summary>
    public static MkisofsOption? Find(string name)
    {
        if (s_byName.TryGetValue(name, out MkisofsOption? option))
            return option;
        foreach (MkisofsOption prefixed in s_prefixed)
        {
            if (name.StartsWith(prefixed.Name, StringComparison.Ordinal))
                return prefixed;
        }
        return null;
    }

    /// <summary>
    /// xorriso's double-dash rule: an argument of at least 4 characters that starts with exactly two dashes is read
    /// with one dash when that is a known option (<c>--joliet</c> is -joliet, <c>--volid X</c> is -volid X). Options
    /// that exist only with two dashes (--efi-boot, --md5…) are not rewritten, and are unknown with one dash.
    /// </summary>
    public static string StripDoubleDash(string argument) =>
        argument.Length >= 4 && argument.StartsWith("--", StringComparison.Ordinal) && argument[2] != '-' && Find(argument[1..]) is not null
            ? argument[1..] : argument;

    /// <summary>The letters xorriso accepts fused in one argument (<c>-JR</c> is -J -R).</summary>
    public const string FusableLetters = "dDfJlNRrTUvz";

    private static readonly SearchValues<char> s_fusableLetters = SearchValues.Create(FusableLetters);

    /// <summary>Of those, the ones xorriso applies in its first pass.</summary>
    public const string FirstPassLetters = "fvz";

    /// <summary>The argument is one or more fusable one-letter options (<c>-JR</c>, <c>-rJ</c>, but not <c>-Jx</c>).</summary>
    public static bool IsFusedLetters(string argument) =>
        argument.Length >= 2 && argument[0] == '-' && !argument.AsSpan(1).ContainsAnyExcept(s_fusableLetters);

    /// <summary>The names a mistyped option may have meant (long enough for a suggestion to be useful).</summary>
    public static IEnumerable<string> SuggestibleNames =>
        s_options.Where(o => o.Kind != MkisofsOptionKind.Unsupported && o.Name.Length >= 4).Select(o => o.Name).Append("--modification-date=");
}
