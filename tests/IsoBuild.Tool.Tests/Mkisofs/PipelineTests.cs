using IsoBuild.Tool.Mkisofs;

namespace IsoBuild.Tool.Tests.Mkisofs;

/// <summary>
/// The real command lines of the pipelines that call xorriso's mkisofs emulation (grub-mkrescue, archiso, Ubuntu,
/// live-build, debian-cd, lorax, Limine, Cosmos, osbuild, OSDev recipes) parse into the request xorriso would act on.
/// </summary>
public class PipelineTests
{
    private static readonly Guid s_esp = new("C12A7328-F81F-11D2-BA4B-00A0C93EC93B");
    private static readonly Guid s_basicData = new("EBD0A0A2-B9E5-4433-87C0-68B6B72699C7");

    internal static MkisofsBootEntry Entry(string option, string argument, byte platform, MkisofsLoadSize load,
        MkisofsEmulation emulation = MkisofsEmulation.NoEmulation, bool bootInfoTable = false, bool grub2 = false,
        MkisofsGptMark mark = MkisofsGptMark.None, bool apm = false) => new()
        {
            Option = option,
            Argument = argument,
            ImagePath = argument.StartsWith("--interval:", StringComparison.Ordinal) ? null : "/" + argument.TrimStart('/'),
            AppendedPartition = argument.StartsWith("--interval:appended_partition_", StringComparison.Ordinal)
                ? argument["--interval:appended_partition_".Length] - '0' : null,
            Platform = platform,
            Emulation = emulation,
            LoadSize = load,
            BootInfoTable = bootInfoTable,
            Grub2BootInfo = grub2,
            GptMark = mark,
            ApmMark = apm,
        };

    private const byte Bios = MkisofsBootEntry.PlatformX86;
    private const byte Efi = MkisofsBootEntry.PlatformEfi;
    private static readonly MkisofsLoadSize s_four = MkisofsLoadSize.Of(4);

    private static void AssertPathspec(MkisofsPathspec p, string argument, string? targetPath, string source, bool graftPoints)
    {
        Assert.Equal(argument, p.Argument);
        Assert.Equal(targetPath, p.TargetPath);
        Assert.Equal(source, p.Source);
        Assert.Equal(graftPoints, p.GraftPoints);
        Assert.Equal(MkisofsPathListKind.None, p.List);
    }

    [Fact]
    public void Grub_mkrescue_as_recorded_through_its_xorriso_option()
    {
        // runs/grub-mkrescue.argv: BIOS (i386-pc) and x86_64-efi installed, the user's directory last.
        MkisofsRequest r = Argv.Parse("xorriso -as mkisofs -graft-points --modification-date=2026113021212600 "
            + "-b boot/grub/i386-pc/eltorito.img -no-emul-boot -boot-load-size 4 -boot-info-table --grub2-boot-info "
            + "--grub2-mbr /usr/lib/grub/i386-pc/boot_hybrid.img -hfsplus -apm-block-size 2048 "
            + "-hfsplus-file-creator-type chrp tbxj /System/Library/CoreServices/.disk_label "
            + "-hfs-bless-by i /System/Library/CoreServices/boot.efi --efi-boot efi.img -efi-boot-part --efi-boot-image "
            + "--protective-msdos-label -o /tmp/mk/gs1.iso -r /tmp/grub.RZamth --sort-weight 0 / --sort-weight 1 /boot gdir/");

        Assert.Equal(MkisofsEntryPoint.Xorriso, r.EntryPoint);
        Assert.True(r.BuildsImage);
        Assert.Equal("/tmp/mk/gs1.iso", r.Output);
        Assert.Equal("2026113021212600", r.ModificationDate);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 21, 21, 26, TimeSpan.Zero), r.ModificationTime);
        Assert.True(r.RockRidge);
        Assert.True(r.RationalRock);
        Assert.False(r.Joliet);
        Assert.Equal(1, r.FileNames.EffectiveLevel);

        Assert.Equal(
            [
                Entry("-b", "boot/grub/i386-pc/eltorito.img", Bios, s_four, bootInfoTable: true, grub2: true),
                Entry("--efi-boot", "efi.img", Efi, MkisofsLoadSize.WholeImage),
            ], r.ElTorito.Entries);
        Assert.Equal("/boot.catalog", r.ElTorito.CatalogPath);
        Assert.False(r.ElTorito.CatalogHidden);

        MkisofsSystemArea sa = r.SystemArea;
        Assert.Equal("/usr/lib/grub/i386-pc/boot_hybrid.img", sa.File!.Path);
        Assert.Null(sa.File.Interval);
        Assert.Equal(MkisofsSystemAreaFileOption.Grub2Mbr, sa.FileOption);
        Assert.True(sa.Grub2Mbr);
        Assert.False(sa.IsohybridMbr);
        Assert.True(sa.ProtectiveMsdosLabel);
        Assert.False(sa.MbrForceBootable);
        Assert.True(sa.EfiBootPartition!.UsesFirstEfiBootImage);
        Assert.Equal(2048, sa.ApmBlockSize);
        Assert.Equal(0, sa.PartitionOffset);
        Assert.Empty(sa.AppendedPartitions);

        MkisofsHfsPlus hfs = r.HfsPlus!;
        Assert.True(hfs.Requested);
        Assert.Equal(["-hfsplus", "-hfsplus-file-creator-type", "-hfs-bless-by"], hfs.Options);
        Assert.Equal([new MkisofsHfsCreatorType("chrp", "tbxj", "/System/Library/CoreServices/.disk_label")], hfs.CreatorTypes);
        Assert.Equal([new MkisofsHfsBlessingRule(MkisofsHfsBlessing.IntelBootFile, "/System/Library/CoreServices/boot.efi")], hfs.Blessings);

        Assert.Equal(2, r.Pathspecs.Count);
        AssertPathspec(r.Pathspecs[0], "/tmp/grub.RZamth", null, "/tmp/grub.RZamth", graftPoints: true);
        AssertPathspec(r.Pathspecs[1], "gdir/", null, "gdir/", graftPoints: true);
        Assert.Equal([new MkisofsSortWeight(0, "/"), new MkisofsSortWeight(1, "/boot")], r.SortWeights);
        Assert.Empty(r.Messages);
    }

    [Fact]
    public void Grub_mkrescue_probes_the_help_twice_and_gets_no_image()
    {
        MkisofsRequest r = Argv.Parse("xorriso -as mkisofs -help");
        Assert.True(r.ShowHelp);
        Assert.False(r.BuildsImage);
        Assert.Empty(r.Pathspecs);
    }

    [Fact]
    public void Archiso_bios_and_uefi()
    {
        MkisofsRequest r = Argv.Parse("xorriso -no_rc -report_about SORRY -as mkisofs -iso-level 3 -full-iso9660-filenames -joliet -joliet-long "
            + "-rational-rock -volid ARCH_202603 -appid 'Arch Linux Live/Rescue DVD' -publisher 'Arch Linux <https://archlinux.org>' "
            + "-preparer 'prepared by mkarchiso' -eltorito-boot boot/syslinux/isolinux.bin -eltorito-catalog boot/syslinux/boot.cat "
            + "-no-emul-boot -boot-load-size 4 -boot-info-table -isohybrid-mbr ISOFS/boot/syslinux/isohdpfx.bin --mbr-force-bootable "
            + "-partition_offset 16 -append_partition 2 C12A7328-F81F-11D2-BA4B-00A0C93EC93B WORK/efiboot.img -isohybrid-gpt-basdat "
            + "-eltorito-alt-boot -e --interval:appended_partition_2:all:: -no-emul-boot -output OUT/archlinux-2026.03.01-x86_64.iso ISOFS/");

        Assert.True(r.Native.NoRc);
        Assert.Equal("SORRY", r.Native.ReportAbout);
        Assert.Equal(["-no_rc", "-report_about"], r.Native.Commands);
        Assert.Equal(3, r.FileNames.IsoLevel);
        Assert.True(r.FileNames.FullIso9660Filenames);
        Assert.Equal(3, r.FileNames.EffectiveLevel);
        Assert.True(r.Joliet && r.JolietLong && r.RockRidge && r.RationalRock);
        Assert.Equal(new MkisofsVolumeIds
        {
            VolumeId = "ARCH_202603",
            ApplicationId = "Arch Linux Live/Rescue DVD",
            Publisher = "Arch Linux <https://archlinux.org>",
            Preparer = "prepared by mkarchiso",
        }, r.VolumeIds);

        // -isohybrid-gpt-basdat comes while the BIOS entry is current: it marks isolinux.bin (notes §4.6).
        Assert.Equal(
            [
                Entry("-eltorito-boot", "boot/syslinux/isolinux.bin", Bios, s_four, bootInfoTable: true, mark: MkisofsGptMark.BasicData),
                Entry("-e", "--interval:appended_partition_2:all::", Efi, MkisofsLoadSize.AppendedPartition),
            ], r.ElTorito.Entries);
        Assert.Equal("/boot/syslinux/boot.cat", r.ElTorito.CatalogPath);

        MkisofsSystemArea sa = r.SystemArea;
        Assert.Equal(MkisofsSystemAreaFileOption.IsohybridMbr, sa.FileOption);
        Assert.Equal("ISOFS/boot/syslinux/isohdpfx.bin", sa.File!.Path);
        Assert.True(sa.IsohybridMbr);
        Assert.True(sa.MbrForceBootable);
        Assert.Equal(16, sa.PartitionOffset);
        MkisofsAppendedPartition p2 = Assert.Single(sa.AppendedPartitions);
        Assert.Equal(2, p2.Number);
        Assert.Equal(new MkisofsPartitionType(0xEF, s_esp), p2.Type);
        Assert.Equal("WORK/efiboot.img", p2.Source!.Path);
        Assert.False(sa.AppendedPartitionsAsGpt);
        Assert.Equal("OUT/archlinux-2026.03.01-x86_64.iso", r.Output);
        AssertPathspec(Assert.Single(r.Pathspecs), "ISOFS/", null, "ISOFS/", graftPoints: false);
        Assert.Null(r.HfsPlus);
        Assert.Empty(r.Messages);
    }

    [Fact]
    public void Archiso_uefi_only()
    {
        MkisofsRequest r = Argv.Parse("xorriso -no_rc -as mkisofs -iso-level 3 -full-iso9660-filenames -joliet -joliet-long -rational-rock "
            + "-volid ARCH_202603 -partition_offset 16 -append_partition 2 C12A7328-F81F-11D2-BA4B-00A0C93EC93B WORK/efiboot.img "
            + "-appended_part_as_gpt -eltorito-alt-boot -e --interval:appended_partition_2:all:: -no-emul-boot -eltorito-catalog EFI/boot.cat "
            + "-no-pad -output OUT/x.iso ISOFS/");

        Assert.Equal([Entry("-e", "--interval:appended_partition_2:all::", Efi, MkisofsLoadSize.AppendedPartition)], r.ElTorito.Entries);
        Assert.Equal("/EFI/boot.cat", r.ElTorito.CatalogPath);
        Assert.True(r.SystemArea.AppendedPartitionsAsGpt);
        Assert.Equal(16, r.SystemArea.PartitionOffset);
        Assert.Null(r.SystemArea.File);
        Assert.False(r.Pad);
        Assert.Null(r.Native.ReportAbout);
    }

    [Fact]
    public void Ubuntu_as_built()
    {
        MkisofsRequest r = Argv.Parse("xorriso -as mkisofs -r -V 'Ubuntu-Server 24.04 LTS amd64' -o OUT.iso "
            + "--grub2-mbr /usr/lib/grub/i386-pc/boot_hybrid.img -partition_offset 16 --mbr-force-bootable "
            + "-append_partition 2 28732ac11ff8d211ba4b00a0c93ec93b EFI.img -appended_part_as_gpt "
            + "-iso_mbr_part_type a2a0d0ebe5b9334487c068b6b72699c7 -c '/boot.catalog' -b '/boot/grub/i386-pc/eltorito.img' "
            + "-no-emul-boot -boot-load-size 4 -boot-info-table --grub2-boot-info -eltorito-alt-boot "
            + "-e '--interval:appended_partition_2:::' -no-emul-boot TREE");

        Assert.Equal("Ubuntu-Server 24.04 LTS amd64", r.VolumeIds.VolumeId);
        Assert.Equal(
            [
                Entry("-b", "/boot/grub/i386-pc/eltorito.img", Bios, s_four, bootInfoTable: true, grub2: true),
                Entry("-e", "--interval:appended_partition_2:::", Efi, MkisofsLoadSize.AppendedPartition),
            ], r.ElTorito.Entries);
        MkisofsSystemArea sa = r.SystemArea;
        Assert.True(sa.Grub2Mbr && sa.MbrForceBootable && sa.AppendedPartitionsAsGpt);
        Assert.False(sa.ProtectiveMsdosLabel);
        // 32 hex digits are the GUID's bytes as stored on disk: these are the ESP and Basic Data.
        Assert.Equal(new MkisofsPartitionType(0xEF, s_esp), sa.AppendedPartition(2)!.Type);
        Assert.Equal(new MkisofsPartitionType(0x83, s_basicData), sa.IsoPartitionType);
    }

    [Fact]
    public void Ubuntu_as_xorriso_reports_it_for_remastering()
    {
        // The form -report_el_torito as_mkisofs prints: system area and ESP read back from the original image.
        MkisofsRequest r = Argv.Parse("xorriso -as mkisofs -r -V 'Ubuntu 24.04 LTS amd64' -o new.iso "
            + "--grub2-mbr --interval:local_fs:0s-15s:zero_mbrpt,zero_gpt:'ubuntu.iso' --protective-msdos-label "
            + "-partition_cyl_align off -partition_offset 16 --mbr-force-bootable "
            + "-append_partition 2 28732ac11ff8d211ba4b00a0c93ec93b --interval:local_fs:9613460d-9623527d::'ubuntu.iso' "
            + "-appended_part_as_gpt -iso_mbr_part_type a2a0d0ebe5b9334487c068b6b72699c7 -c '/boot.catalog' "
            + "-b '/boot/grub/i386-pc/eltorito.img' -no-emul-boot -boot-load-size 4 -boot-info-table --grub2-boot-info "
            + "-eltorito-alt-boot -e '--interval:appended_partition_2_start_2403365s_size_10068d:all::' -no-emul-boot "
            + "-boot-load-size 10068 tree");

        MkisofsSystemArea sa = r.SystemArea;
        MkisofsDiskInterval mbr = sa.File!.Interval!;
        Assert.Equal(("ubuntu.iso", 0L, 32767L), (mbr.Path, mbr.StartByte, mbr.EndByte));
        Assert.True(mbr.ZeroMbrPartitionTable && mbr.ZeroGpt && !mbr.ZeroApm);
        Assert.Empty(mbr.ZeroRanges);
        Assert.Equal("ubuntu.iso", sa.File.Path);
        Assert.True(sa.Grub2Mbr && sa.ProtectiveMsdosLabel);
        Assert.Equal(MkisofsCylinderAlignment.Off, sa.CylinderAlignment);
        MkisofsDiskInterval esp = sa.AppendedPartition(2)!.Source!.Interval!;
        Assert.Equal(9613460L * 512, esp.StartByte);
        Assert.Equal((9623527L * 512) + 511, esp.EndByte);
        Assert.Equal(10068 * 512, esp.Length);
        Assert.Equal("ubuntu.iso", esp.Path);
        Assert.Equal(2, r.ElTorito.Entries[1].AppendedPartition);
        Assert.Equal(MkisofsLoadSize.AppendedPartition, r.ElTorito.Entries[1].LoadSize); // the 10068 is xorriso's own report
    }

    [Fact]
    public void Live_build_syslinux_and_grub_efi()
    {
        MkisofsRequest r = Argv.Parse("xorriso -as mkisofs -R -r -J -joliet-long -l -cache-inodes -iso-level 3 "
            + "-isohybrid-mbr /usr/lib/ISOLINUX/isohdpfx.bin -partition_offset 16 -A \"Debian Live\" -p \"live-build 20230502\" "
            + "-publisher \"Debian Live project\" -V \"Debian bookworm 20240101-10:00\" --modification-date=2024010110000000 "
            + "-b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table "
            + "-eltorito-alt-boot -e boot/grub/efi.img -no-emul-boot -isohybrid-gpt-basdat -isohybrid-apm-hfsplus "
            + "-o live-image-amd64.hybrid.iso binary");

        Assert.Equal(
            [
                Entry("-b", "isolinux/isolinux.bin", Bios, s_four, bootInfoTable: true),
                Entry("-e", "boot/grub/efi.img", Efi, MkisofsLoadSize.WholeImage, mark: MkisofsGptMark.BasicData, apm: true),
            ], r.ElTorito.Entries);
        Assert.Equal("/isolinux/boot.cat", r.ElTorito.CatalogPath);
        Assert.True(r.SystemArea.IsohybridMbr);
        Assert.Equal(16, r.SystemArea.PartitionOffset);
        Assert.Equal("Debian bookworm 20240101-10:00", r.VolumeIds.VolumeId);
        Assert.Equal("live-build 20230502", r.VolumeIds.Preparer);
        Assert.Equal(3, r.FileNames.EffectiveLevel);
        Assert.Equal([new MkisofsMessage(MkisofsSeverity.Ignored, "-cache-inodes", "ignored, as xorriso does")], r.Messages);
        Assert.Equal(["-cache-inodes"], r.IgnoredOptions);
    }

    [Fact]
    public void Live_build_grub_pc_puts_the_boot_attributes_before_the_image()
    {
        MkisofsRequest r = Argv.Parse("xorriso -as mkisofs -R -r -J -joliet-long -l -cache-inodes -iso-level 3 -quiet "
            + "-V \"Debian live\" --modification-date=2024010110000000 -no-emul-boot -boot-load-size 4 -boot-info-table "
            + "-b boot/grub/grub_eltorito -eltorito-alt-boot -e boot/grub/efi.img -no-emul-boot -isohybrid-gpt-basdat "
            + "-isohybrid-apm-hfsplus -o live-image-amd64.hybrid.iso binary");

        Assert.Equal(MkisofsVerbosity.Quiet, r.Verbosity);
        Assert.Equal(
            [
                Entry("-b", "boot/grub/grub_eltorito", Bios, s_four, bootInfoTable: true),
                Entry("-e", "boot/grub/efi.img", Efi, MkisofsLoadSize.WholeImage, mark: MkisofsGptMark.BasicData, apm: true),
            ], r.ElTorito.Entries);
        Assert.Equal("/boot.catalog", r.ElTorito.CatalogPath);
        Assert.False(r.SystemArea.IsohybridMbr);
    }

    [Fact]
    public void Debian_cd_official_image()
    {
        MkisofsRequest r = Argv.Parse("xorriso -as mkisofs -r -checksum_algorithm_iso sha256,sha512 -V 'Debian 12.5.0 amd64 n' "
            + "-o debian-12.5.0-amd64-netinst.iso -J -joliet-long -cache-inodes "
            + "-isohybrid-mbr syslinux/usr/lib/ISOLINUX/isohdpfx.bin -b isolinux/isolinux.bin -c isolinux/boot.cat "
            + "-boot-load-size 4 -boot-info-table -no-emul-boot -eltorito-alt-boot -e boot/grub/efi.img -no-emul-boot "
            + "-isohybrid-gpt-basdat -isohybrid-apm-hfsplus boot1 CD1");

        Assert.Equal(
            [
                Entry("-b", "isolinux/isolinux.bin", Bios, s_four, bootInfoTable: true),
                Entry("-e", "boot/grub/efi.img", Efi, MkisofsLoadSize.WholeImage, mark: MkisofsGptMark.BasicData, apm: true),
            ], r.ElTorito.Entries);
        Assert.Equal(["-checksum_algorithm_iso", "-cache-inodes"], r.IgnoredOptions);
        Assert.Contains("jigdo", r.Messages[0].Text, StringComparison.Ordinal);
        Assert.Equal(["boot1", "CD1"], r.Pathspecs.Select(p => p.Source));
        Assert.All(r.Pathspecs, p => Assert.Null(p.Target));
        Assert.Equal(0, r.SystemArea.PartitionOffset);
    }

    [Fact]
    public void Debian_cd_sizes_its_discs_with_print_size()
    {
        MkisofsRequest r = Argv.Parse("xorriso -as mkisofs -r -print-size -quiet -checksum_algorithm_iso sha256,sha512 -J -joliet-long CD1");
        Assert.True(r.PrintSize);
        Assert.True(r.BuildsImage);
        Assert.Equal(MkisofsVerbosity.Quiet, r.Verbosity);
    }

    [Fact]
    public void Debian_cd_jigdo_output_is_declined_by_name()
    {
        MkisofsUsageException e = Argv.Refusal("xorriso -as mkisofs -r -checksum_algorithm_iso sha256,sha512 -V Debian -o d.iso "
            + "-checksum-list md5list -jigdo-checksum-algorithm md5 -jigdo-force-checksum /pool/ -jigdo-min-file-size 1024 "
            + "-jigdo-jigdo d.jigdo -jigdo-template d.template -jigdo-map Debian=/mirror/ -jigdo-exclude boot1 CD1");
        Assert.Equal(MkisofsRefusal.Declined, e.Refusal);
        Assert.Equal("-jigdo-jigdo", e.Option);
        Assert.Contains("jigdo", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Debian_cd_reads_the_version_from_xorriso_version()
    {
        MkisofsRequest r = Argv.Parse("xorriso --version");
        Assert.True(r.ShowNativeVersion);
        Assert.False(r.BuildsImage);
        // tools/make_image: awk '/^xorriso version/ {print $4}'
        string line = MkisofsTexts.VersionBlock.Split('\n').Single(l => l.StartsWith("xorriso version", StringComparison.Ordinal));
        Assert.Equal("1.5.4", line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3]);
    }

    [Fact]
    public void Lorax_current_with_graft_points()
    {
        MkisofsRequest r = Argv.Parse("xorrisofs -o OUTROOT/images/boot.iso -R -J -V 'Fedora-S-dvd-x86_64-42' "
            + "--grub2-mbr INROOT/usr/lib/grub/i386-pc/boot_hybrid.img -partition_offset 16 -appended_part_as_gpt "
            + "-append_partition 2 C12A7328-F81F-11D2-BA4B-00A0C93EC93B OUTROOT/images/efiboot.img "
            + "-iso_mbr_part_type EBD0A0A2-B9E5-4433-87C0-68B6B72699C7 -c boot.cat --boot-catalog-hide "
            + "-b images/eltorito.img -no-emul-boot -boot-load-size 4 -boot-info-table --grub2-boot-info "
            + "-eltorito-alt-boot -e '--interval:appended_partition_2:all::' -no-emul-boot "
            + "-graft-points .discinfo=OUT/.discinfo images/install.img=OUT/images/install.img images/pxeboot=OUT/images/pxeboot "
            + "boot/grub2=OUT/boot/grub2 boot/grub2/i386-pc=INROOT/usr/lib/grub/i386-pc images/eltorito.img=OUT/images/eltorito.img "
            + "EFI/BOOT=OUT/EFI/BOOT");

        Assert.Equal(MkisofsEntryPoint.Mkisofs, r.EntryPoint);
        Assert.Equal(
            [
                Entry("-b", "images/eltorito.img", Bios, s_four, bootInfoTable: true, grub2: true),
                Entry("-e", "--interval:appended_partition_2:all::", Efi, MkisofsLoadSize.AppendedPartition),
            ], r.ElTorito.Entries);
        Assert.Equal("/boot.cat", r.ElTorito.CatalogPath);
        Assert.True(r.ElTorito.CatalogHidden);
        Assert.Equal(new MkisofsPartitionType(0x83, s_basicData), r.SystemArea.IsoPartitionType);
        Assert.Equal(
            ["/.discinfo", "/images/install.img", "/images/pxeboot", "/boot/grub2", "/boot/grub2/i386-pc", "/images/eltorito.img", "/EFI/BOOT"],
            r.Pathspecs.Select(p => p.TargetPath));
        Assert.Equal("INROOT/usr/lib/grub/i386-pc", r.Pathspecs[4].Source);
        Assert.All(r.Pathspecs, p => Assert.True(p.GraftPoints));
    }

    [Fact]
    public void Lorax_old_with_an_hfsplus_marked_mac_image()
    {
        MkisofsRequest r = Argv.Parse("xorrisofs -v -U -J -R -o boot.iso -isohybrid-mbr /usr/share/syslinux/isohdpfx.bin "
            + "-b isolinux/isolinux.bin -c isolinux/boot.cat -boot-load-size 4 -boot-info-table -no-emul-boot "
            + "-eltorito-alt-boot -e images/efiboot.img -no-emul-boot -isohybrid-gpt-basdat "
            + "-eltorito-alt-boot -e images/macboot.img -no-emul-boot -isohybrid-gpt-hfsplus "
            + "-R -J -V Fedora-21 -graft-points isolinux=OUT/isolinux images/efiboot.img=OUT/images/efiboot.img");

        Assert.Equal(MkisofsVerbosity.Verbose, r.Verbosity);
        Assert.True(r.FileNames.Untranslated);
        Assert.Equal(
            [
                Entry("-b", "isolinux/isolinux.bin", Bios, s_four, bootInfoTable: true),
                Entry("-e", "images/efiboot.img", Efi, MkisofsLoadSize.WholeImage, mark: MkisofsGptMark.BasicData),
                Entry("-e", "images/macboot.img", Efi, MkisofsLoadSize.WholeImage, mark: MkisofsGptMark.HfsPlus),
            ], r.ElTorito.Entries);
        Assert.Equal(["/isolinux", "/images/efiboot.img"], r.Pathspecs.Select(p => p.TargetPath));
    }

    [Fact]
    public void Limine_bios_and_uefi_with_the_pathspec_before_the_output()
    {
        MkisofsRequest r = Argv.Parse("xorriso -as mkisofs -R -r -J -b boot/limine/limine-bios-cd.bin -no-emul-boot -boot-load-size 4 "
            + "-boot-info-table -hfsplus -apm-block-size 2048 --efi-boot boot/limine/limine-uefi-cd.bin -efi-boot-part --efi-boot-image "
            + "--protective-msdos-label iso_root -o image.iso");

        Assert.Equal(
            [
                Entry("-b", "boot/limine/limine-bios-cd.bin", Bios, s_four, bootInfoTable: true),
                Entry("--efi-boot", "boot/limine/limine-uefi-cd.bin", Efi, MkisofsLoadSize.WholeImage),
            ], r.ElTorito.Entries);
        Assert.True(r.SystemArea.ProtectiveMsdosLabel);
        Assert.Null(r.SystemArea.File);
        Assert.True(r.SystemArea.EfiBootPartition!.UsesFirstEfiBootImage);
        Assert.Equal(["-hfsplus"], r.HfsPlus!.Options);
        Assert.Equal("image.iso", r.Output);
        Assert.Equal("iso_root", Assert.Single(r.Pathspecs).Source);
    }

    [Fact]
    public void Limine_bios_only_test_recipe()
    {
        MkisofsRequest r = Argv.Parse("xorriso -as mkisofs -b boot/limine-bios-cd.bin -no-emul-boot -boot-load-size 4 -boot-info-table test_image/ -o test.iso");
        Assert.Equal([Entry("-b", "boot/limine-bios-cd.bin", Bios, s_four, bootInfoTable: true)], r.ElTorito.Entries);
        Assert.Equal(MkisofsSystemArea.None, r.SystemArea);
        Assert.Null(r.HfsPlus);
    }

    [Fact]
    public void Cosmos_make_iso_task()
    {
        MkisofsRequest r = Argv.Parse("xorriso -as mkisofs -relaxed-filenames -J -R -l -allow-lowercase -o \"bin/Cosmos Kernel.iso\" "
            + "-b boot/limine-bios-cd.bin -no-emul-boot -boot-load-size 4 -boot-info-table "
            + "--efi-boot boot/limine-uefi-cd.bin -efi-boot-part --efi-boot-image \"obj/ISO\"");

        Assert.True(r.FileNames.RelaxedFilenames && r.FileNames.AllowLowercase && r.FileNames.FullIso9660Filenames);
        Assert.Equal(2, r.FileNames.EffectiveLevel);
        Assert.Equal("bin/Cosmos Kernel.iso", r.Output);
        Assert.Equal(
            [
                Entry("-b", "boot/limine-bios-cd.bin", Bios, s_four, bootInfoTable: true),
                Entry("--efi-boot", "boot/limine-uefi-cd.bin", Efi, MkisofsLoadSize.WholeImage),
            ], r.ElTorito.Entries);
        Assert.False(r.SystemArea.ProtectiveMsdosLabel);
        Assert.True(r.SystemArea.EfiBootPartition!.UsesFirstEfiBootImage);
    }

    [Fact]
    public void Osbuild_xorrisofs_stage_with_long_spellings()
    {
        MkisofsRequest r = Argv.Parse("/usr/bin/xorrisofs -verbose -rock -joliet -V Fedora-40-x86_64 -b images/eltorito.img -c boot.cat "
            + "--boot-catalog-hide -no-emul-boot -boot-load-size 4 -boot-info-table --grub2-mbr /usr/lib/grub/i386-pc/boot_hybrid.img "
            + "-partition_offset 16 -appended_part_as_gpt -append_partition 2 C12A7328-F81F-11D2-BA4B-00A0C93EC93B images/efiboot.img "
            + "-iso_mbr_part_type EBD0A0A2-B9E5-4433-87C0-68B6B72699C7 --grub2-boot-info -eltorito-alt-boot "
            + "-e --interval:appended_partition_2:all:: -no-emul-boot -o output/installer.iso tree");

        Assert.True(r.Joliet && r.RockRidge && !r.RationalRock);
        Assert.Equal(MkisofsVerbosity.Verbose, r.Verbosity);
        // --grub2-boot-info comes late, but before -eltorito-alt-boot: it belongs to the BIOS entry.
        Assert.Equal(
            [
                Entry("-b", "images/eltorito.img", Bios, s_four, bootInfoTable: true, grub2: true),
                Entry("-e", "--interval:appended_partition_2:all::", Efi, MkisofsLoadSize.AppendedPartition),
            ], r.ElTorito.Entries);
        Assert.True(r.ElTorito.CatalogHidden);
    }

    [Theory]
    [InlineData("mkisofs -o output.iso -b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table CD_root",
        "isolinux/isolinux.bin", "/isolinux/boot.cat")]
    [InlineData("mkisofs -R -b boot/grub/stage2_eltorito -no-emul-boot -boot-load-size 4 -boot-info-table -o bootable.iso iso",
        "boot/grub/stage2_eltorito", "/boot.catalog")]
    public void Osdev_el_torito_recipes(string commandLine, string image, string catalog)
    {
        MkisofsRequest r = Argv.Parse(commandLine);
        Assert.Equal([Entry("-b", image, Bios, s_four, bootInfoTable: true)], r.ElTorito.Entries);
        Assert.Equal(catalog, r.ElTorito.CatalogPath);
        Assert.True(r.BuildsImage);
        Assert.NotNull(r.Output);
    }

    [Fact]
    public void Osdev_isohybrid_with_efi()
    {
        MkisofsRequest r = Argv.Parse("xorriso -as mkisofs -o out.iso -isohybrid-mbr /usr/lib/ISOLINUX/isohdpfx.bin -c isolinux/boot.cat "
            + "-b isolinux/isolinux.bin -no-emul-boot -boot-load-size 4 -boot-info-table -eltorito-alt-boot -e boot/grub/efi.img "
            + "-no-emul-boot -isohybrid-gpt-basdat CD_root");
        Assert.Equal(
            [
                Entry("-b", "isolinux/isolinux.bin", Bios, s_four, bootInfoTable: true),
                Entry("-e", "boot/grub/efi.img", Efi, MkisofsLoadSize.WholeImage, mark: MkisofsGptMark.BasicData),
            ], r.ElTorito.Entries);
        Assert.True(r.SystemArea.IsohybridMbr);
    }
}
