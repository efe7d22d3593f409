using System.Reflection;

namespace IsoBuild.Tool.Mkisofs;

/// <summary>
/// What the emulation prints for -help and -version. Scripts probe these: grub-mkrescue runs
/// <c>xorriso -as mkisofs -help</c> with standard output and error merged and looks for "graft-points" and
/// "grub2-boot-info"; debian-cd reads the version from the line <c>xorriso version   :  X.Y.Z</c> of
/// <c>xorriso --version</c>. The texts say plainly that this is IsoBuild, emulating xorriso 1.5.4.
/// </summary>
internal static class MkisofsTexts
{
    /// <summary>IsoBuild's version (without the source revision).</summary>
    public static string IsoBuildVersion { get; } =
        typeof(MkisofsTexts).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(MkisofsTexts).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>
    /// The help of <c>-as mkisofs -help</c> (xorriso writes it to standard error and exits 0). One option a line,
    /// in IsoBuild's words; the ones IsoBuild declines are listed at the end.
    /// </summary>
    public static string Help => $$"""
        Usage: xorriso -as mkisofs [options] pathspec...
               dotnet iso mkisofs [options] pathspec...
        IsoBuild {{IsoBuildVersion}}: a reproducible emulation of xorriso {{MkisofsCommandLine.EmulatedXorrisoVersion}}'s mkisofs mode; not xorriso.
        Pathspecs: DIR (its contents go to /), FILE (goes to /FILE), or with -graft-points TARGET=SOURCE.
        Boot options apply after all pathspecs, in their order; -b and -e name files in the image.
        Options:
          -o FILE, -output FILE       Write the image to FILE (- or none: standard output)
          -graft-points               Read later pathspecs as TARGET=SOURCE (\= and \\ escape)
          -path-list FILE             Read pathspecs from FILE, one a line
          --quoted_path_list FILE     Read pathspecs from FILE as quoted words
          -root DIR                   Put every pathspec below DIR in the image
          -m PATTERN, -exclude PATTERN, -x PATTERN, -old-exclude PATTERN
                                      Leave out disk files that match (for later pathspecs)
          -exclude-list FILE          Patterns to leave out, one a line
          -hide PATTERN, -hide-list FILE
                                      Hide matching files in the ISO 9660 and Rock Ridge tree
          -hide-joliet PATTERN, -hide-joliet-list FILE
                                      Hide matching files in the Joliet tree
          -f, -follow-links           Store what symbolic links point to
          -print-size                 Print the image size in 2048-byte blocks, write nothing
          -pad, -no-pad               Add 300 KiB of zeros at the end (default), or not
          -quiet, -v, -verbose        Report less, or more
          -log-file FILE              Write messages to FILE
          -version, -help             Print the version, or this help
        File names and trees:
          -iso-level 1|2|3|4          ISO 9660 level (default 1; 4 adds ISO 9660:1999)
          -l, -full-iso9660-filenames 31-character ISO 9660 names
          -max-iso9660-filenames      37-character ISO 9660 names
          -d, -omit-period            No trailing period on names without one
          -N, -omit-version-number    No ;1 version numbers
          -U, -untranslated-filenames, -untranslated_name_len N
                                      Untranslated ISO 9660 names (violate ISO 9660)
          -allow-lowercase, -relaxed-filenames, -disallow_dir_id_ext
                                      Relax or tighten ISO 9660 names
          -D, -disable-deep-relocation, -hide-rr-moved, -rr_reloc_dir NAME
                                      Deep directories: keep them (default) or relocate
          -R, -rock                   Rock Ridge (default)
          -r, -rational-rock          Rock Ridge with owner 0 and readable permissions
          --norock                    No Rock Ridge
          -file_name_limit N          Truncate Rock Ridge names longer than N (64..255)
          -J, -joliet                 Add a Joliet tree
          -joliet-long                Joliet names up to 103 characters
          -joliet-utf16               Joliet names in UTF-16
          -udf                        Add a UDF file system (IsoBuild only; xorriso refuses it)
          -uid N, -gid N              Owner and group of every file
          -file-mode MODE, -dir-mode MODE
                                      Permissions of every file, every directory
          -input-charset CS, -output-charset CS
                                      Character sets of names
          -z, -transparent-compression
                                      Mark zisofs-compressed files
          --md5                       Record MD5 checksums
          --sort-weight N PATH        Place PATH (or what is below it) earlier for higher N
          --sort-weight-list FILE, --sort-weight-patterns FILE
                                      Weights from FILE, lines of N PATH
        Volume:
          -V ID, -volid ID            Volume id (default ISOIMAGE)
          -volset ID, -publisher ID, -P ID, -preparer ID, -p ID, -appid ID, -A ID, -sysid ID
                                      Volume descriptor strings
          -abstract PATH, -biblio PATH, -copyright PATH
                                      Files named in the volume descriptor
          --application_use C|0xXY|FILE
                                      The application use field
          --modification-date=YYYYMMDDhhmmsscc
                                      Volume dates (SOURCE_DATE_EPOCH wins in IsoBuild)
          --set_all_file_dates TIME   Dates of all files
        El Torito (boot from CD/DVD):
          -b PATH, -eltorito-boot PATH
                                      BIOS boot image of the current entry
          -e PATH                     EFI boot image of the current entry
          --efi-boot PATH             An EFI entry of its own (no emulation)
          -eltorito-alt-boot          Finish the entry, start the next one
          -eltorito-platform x86|PPC|Mac|efi|N
                                      Platform of later -b images
          -no-emul-boot, -hard-disk-boot
                                      Emulation of the current entry (default: floppy)
          -boot-load-size N|full      Sectors to load
          -boot-info-table            Patch the boot info table into the image
          --grub2-boot-info           Patch GRUB2's boot info at byte 2548 (grub2-boot-info)
          -eltorito-id ID, -eltorito-selcrit HEX
                                      Id string and selection criteria
          -c PATH, -eltorito-catalog PATH
                                      Path of the boot catalog (default /boot.catalog)
          --boot-catalog-hide         Keep the catalog out of the trees
          --interval:appended_partition_N:all::
                                      As boot image path: appended partition N
        System area (boot from USB sticks and disks):
          -isohybrid-mbr FILE         ISOLINUX isohybrid MBR (isohdpfx.bin)
          --grub2-mbr FILE            GRUB2 MBR (boot_hybrid.img)
          -G FILE, -generic-boot FILE, --embedded-boot FILE
                                      Up to 32 KiB copied to the start of the image
          --protective-msdos-label    MBR partition over the whole image
          --mbr-force-bootable        Make sure an MBR partition is marked bootable
          -partition_offset N         The ISO as partition 1, from block N (16)
          -partition_hd_cyl N, -partition_sec_hd N, -partition_cyl_align auto|on|off|all
                                      MBR geometry and cylinder padding
          -iso_mbr_part_type TYPE     Type of the ISO's partition (byte or GUID)
          -append_partition N TYPE FILE
                                      Append FILE as partition N (TYPE 0xNN, FAT12, FAT16, Linux or a GUID)
          -appended_part_as_gpt, -appended_part_as_apm
                                      List appended partitions in a GPT, an APM
          -efi-boot-part FILE|--efi-boot-image
                                      GPT EFI System Partition
          -isohybrid-gpt-basdat, -isohybrid-gpt-hfsplus, -isohybrid-apm-hfsplus
                                      Mark the current boot image in GPT, APM
          -part_like_isohybrid        Those marks without -isohybrid-mbr
          --gpt_disk_guid random|modification-date|GUID
                                      GPT disk GUID (IsoBuild derives ids, never random)
          -apm-block-size 0|512|2048  APM block size
          -hfsplus, -hfsplus-file-creator-type, -hfs-bless-by, -hfs-bless, -hfsplus-serial-no, -hfsplus-block-size,
          -hide-hfsplus, -hide-hfsplus-list
                                      HFS+ for Macs (IsoBuild writes no HFS+ yet)
        Not offered: multi-session (-M, -C, -old-root), jigdo files (-jigdo-jigdo, -jigdo-template),
          ACLs, xattrs and hard links (--acl, --xattr, --hardlinks, --for_backup), boot blocks for
          CHRP, PReP, MIPS, SPARC, HP-PA and Alpha machines, --emul-toc, --old-empty, -fat.
        Startup files (.xorrisorc, .mkisofsrc) are never read.

        """;

    /// <summary>The first line of <c>-as mkisofs -version</c> (standard output; the block follows on standard error).</summary>
    public static string MkisofsVersionLine =>
        $"mkisofs 2.01-Emulation: IsoBuild {IsoBuildVersion}, emulating xorriso {MkisofsCommandLine.EmulatedXorrisoVersion}\n";

    /// <summary>
    /// <c>xorriso -version</c>: the version block (native xorriso: standard output). debian-cd reads the fourth word of
    /// the line that starts "xorriso version".
    /// </summary>
    public static string VersionBlock => $"""
        xorriso {MkisofsCommandLine.EmulatedXorrisoVersion}
        IsoBuild {IsoBuildVersion}: an emulation of xorriso's mkisofs mode (xorriso -as mkisofs), not xorriso.
        xorriso version   :  {MkisofsCommandLine.EmulatedXorrisoVersion}
        IsoBuild version  :  {IsoBuildVersion}
        Images are reproducible: the same inputs and SOURCE_DATE_EPOCH give the same bytes.

        """;

    /// <summary><c>xorriso -help</c> outside -as mkisofs: what the emulation offers.</summary>
    public static string NativeHelp => $"""
        Usage: xorriso [-no_rc] [-report_about SEVERITY] -as mkisofs [options] pathspec... [-- NATIVE...]
        IsoBuild {IsoBuildVersion}: an emulation of xorriso {MkisofsCommandLine.EmulatedXorrisoVersion}'s mkisofs mode; not xorriso.
        Native commands offered: -no_rc, -report_about SEVERITY, -abort_on SEVERITY, -version, -help, -end.
        For the mkisofs options run: xorriso -as mkisofs -help

        """;
}
