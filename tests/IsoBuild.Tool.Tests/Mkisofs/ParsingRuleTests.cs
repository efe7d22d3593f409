using IsoBuild.Tool.Mkisofs;

namespace IsoBuild.Tool.Tests.Mkisofs;

/// <summary>xorriso's rules for reading mkisofs arguments, one by one.</summary>
public class ParsingRuleTests
{
    private static MkisofsRequest Mkisofs(string arguments) => Argv.Parse("xorrisofs " + arguments);

    private static MkisofsUsageException Refused(string arguments) => Argv.Refusal("xorrisofs " + arguments);

    // ---- The double-dash rule ----------------------------------------------------------------------------------

    [Theory]
    [InlineData("--joliet")]
    [InlineData("--rational-rock")]
    [InlineData("--full-iso9660-filenames")]
    [InlineData("--omit-period")]
    [InlineData("--no-pad")]
    public void Two_dashes_before_a_known_single_dash_option_are_one(string option)
    {
        // Requests compare by value: the two spellings give the same request, and it differs from none at all.
        Assert.Equal(Mkisofs($"{option[1..]} dir"), Mkisofs($"{option} dir"));
        Assert.NotEqual(Mkisofs("dir"), Mkisofs($"{option} dir"));
        Assert.True(Mkisofs("--norock --rock dir").RockRidge);
    }

    [Fact]
    public void Two_dashes_work_for_options_with_arguments_too()
    {
        MkisofsRequest r = Mkisofs("--volid LABEL --output out.iso --iso-level 3 --eltorito-boot b.bin --no-emul-boot dir");
        Assert.Equal("LABEL", r.VolumeIds.VolumeId);
        Assert.Equal("out.iso", r.Output);
        Assert.Equal(3, r.FileNames.IsoLevel);
        MkisofsBootEntry entry = Assert.Single(r.ElTorito.Entries);
        Assert.Equal(("--eltorito-boot", "/b.bin", MkisofsEmulation.NoEmulation), (entry.Option, entry.ImagePath, entry.Emulation));
    }

    [Theory]
    [InlineData("-boot-catalog-hide", "--boot-catalog-hide")]
    [InlineData("-md5", "--md5")]
    [InlineData("-no-emul-toc", "--no-emul-toc")]
    [InlineData("-efi-boot x.img", "--efi-boot")]
    [InlineData("-grub2-mbr mbr.img", "--grub2-mbr")]
    [InlineData("-protective-msdos-label", "--protective-msdos-label")]
    [InlineData("-sort-weight 1 /boot", "--sort-weight")]
    [InlineData("-modification-date=2024010100000000", "--modification-date")]
    public void Options_that_exist_only_with_two_dashes_are_refused_with_one_and_the_right_spelling_named(string arguments, string spelling)
    {
        MkisofsUsageException e = Refused($"{arguments} dir");
        Assert.Equal(MkisofsRefusal.Unrecognized, e.Refusal);
        Assert.Equal(arguments.Split(' ')[0], e.Option);
        Assert.Contains($"two dashes, {spelling}", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--b")] // shorter than 4 characters: never rewritten
    [InlineData("--o")]
    [InlineData("---joliet")]
    [InlineData("--notanoption")]
    public void Other_double_dash_arguments_are_unrecognized(string option)
    {
        MkisofsUsageException e = Refused($"{option} x dir");
        Assert.Equal(MkisofsRefusal.Unrecognized, e.Refusal);
        Assert.Equal(option, e.Option);
        Assert.StartsWith($"unrecognized option '{option}'", e.Message, StringComparison.Ordinal);
    }

    // ---- Fused one-letter options ------------------------------------------------------------------------------

    [Fact]
    public void Fusable_letters_may_be_combined_in_one_argument()
    {
        MkisofsRequest r = Mkisofs("-JRlNdD dir");
        Assert.True(r.Joliet && r.RockRidge && !r.RationalRock);
        Assert.True(r.FileNames.FullIso9660Filenames && r.FileNames.OmitVersionNumber && r.FileNames.OmitPeriod && r.FileNames.DisableDeepRelocation);
        Assert.True(Mkisofs("-rJ dir").RationalRock);
        Assert.True(Mkisofs("-fz dir") is { FollowLinks: true, Zisofs: true });
        Assert.Equal(MkisofsVerbosity.Verbose, Mkisofs("-Jv dir").Verbosity);
    }

    [Fact]
    public void A_fused_T_is_ignored_with_a_note()
    {
        MkisofsRequest r = Mkisofs("-JT dir");
        Assert.True(r.Joliet);
        Assert.Equal(["-JT"], r.IgnoredOptions);
    }

    [Theory]
    [InlineData("-Jx")]
    [InlineData("-JRb")]
    [InlineData("-JRL")]
    public void A_letter_that_cannot_be_fused_makes_the_argument_unrecognized(string argument)
    {
        MkisofsUsageException e = Refused($"{argument} dir");
        Assert.Equal(MkisofsRefusal.Unrecognized, e.Refusal);
        Assert.Equal(argument, e.Option);
    }

    // ---- Positional options: -graft-points and exclusions --------------------------------------------------------

    [Fact]
    public void Graft_points_apply_only_to_pathspecs_after_them()
    {
        MkisofsRequest r = Mkisofs("x=y -graft-points a/b=src c=d/e");
        (string?, string, bool)[] expected = [(null, "x=y", false), ("/a/b", "src", true), ("/c", "d/e", true)];
        Assert.Equal(expected, r.Pathspecs.Select(p => (p.TargetPath, p.Source, p.GraftPoints)));
    }

    [Fact]
    public void Graft_targets_split_at_the_first_unescaped_equals_sign_and_unescape_both_sides()
    {
        // measured with xorriso: a\=b/c\\d=FILE → /a=b/c\d
        MkisofsRequest r = Mkisofs(@"-graft-points 'a\=b/c\\d=FILE' 'b/we\=ird' 'x=y=z' 't=s\=rc' '/dir1/=DIR' '=top'");
        (string?, string?, string)[] expected =
            [("a=b/c\\d", "/a=b/c\\d", "FILE"), (null, null, "b/we=ird"), ("x", "/x", "y=z"), ("t", "/t", "s=rc"), ("/dir1/", "/dir1", "DIR"), ("", "/", "top")];
        Assert.Equal(expected, r.Pathspecs.Select(p => (p.Target, p.TargetPath, p.Source)));
    }

    [Fact]
    public void Without_graft_points_a_pathspec_is_a_literal_disk_path()
    {
        MkisofsPathspec p = Assert.Single(Mkisofs(@"'a\=b=c\\d'").Pathspecs);
        Assert.Null(p.Target);
        Assert.Equal(@"a\=b=c\\d", p.Source);
    }

    [Fact]
    public void Exclusions_apply_only_to_pathspecs_after_them_and_accumulate()
    {
        MkisofsRequest r = Mkisofs("d1 -m '*.o' d2 -exclude-list ex.txt -x CVS -old-exclude /abs/path d3");
        Assert.Empty(r.Pathspecs[0].Exclusions);
        Assert.Equal([new MkisofsExclusion("-m", "*.o", false)], r.Pathspecs[1].Exclusions);
        Assert.Equal(
            [
                new MkisofsExclusion("-m", "*.o", false), new MkisofsExclusion("-exclude-list", "ex.txt", true),
                new MkisofsExclusion("-x", "CVS", false), new MkisofsExclusion("-old-exclude", "/abs/path", false),
            ], r.Pathspecs[2].Exclusions);
        Assert.Equal([true, false, true, false], r.Pathspecs[2].Exclusions.Select(x => x.MatchesLeafName));
    }

    [Fact]
    public void Hiding_and_root_apply_to_every_pathspec_wherever_they_stand()
    {
        MkisofsRequest r = Mkisofs("-root first -graft-points a=d1 -hide '*.bak' -hide-joliet /abs/secret -root /second b=d2");
        Assert.Equal("/second", r.Root);
        Assert.Equal(["/second/a", "/second/b"], r.Pathspecs.Select(p => p.TargetPath));
        Assert.Equal(
            [
                new MkisofsHideRule("-hide", "*.bak", false, MkisofsHiddenFrom.Iso9660),
                new MkisofsHideRule("-hide-joliet", "/abs/secret", false, MkisofsHiddenFrom.Joliet),
            ], r.Hiding);
    }

    [Fact]
    public void Path_lists_are_pathspecs_with_the_state_at_their_position()
    {
        MkisofsRequest r = Mkisofs("-graft-points -m '*~' -path-list list.txt --quoted_path_list quoted.txt");
        Assert.Equal([MkisofsPathListKind.Lines, MkisofsPathListKind.QuotedWords], r.Pathspecs.Select(p => p.List));
        Assert.All(r.Pathspecs, p => Assert.True(p.GraftPoints && p.Exclusions.Count == 1));
        Assert.Equal(["list.txt", "quoted.txt"], r.Pathspecs.Select(p => p.Source));
    }

    // ---- Delayed boot options -----------------------------------------------------------------------------------

    [Fact]
    public void Boot_attributes_may_come_before_or_after_the_image_and_boot_paths_after_pathspecs()
    {
        MkisofsRequest before = Mkisofs("-no-emul-boot -boot-load-size 4 -boot-info-table -b isolinux/isolinux.bin dir");
        MkisofsRequest after = Mkisofs("dir -b isolinux/isolinux.bin -no-emul-boot -boot-load-size 4 -boot-info-table");
        Assert.Equal(before.ElTorito.Entries, after.ElTorito.Entries);
        Assert.Equal(MkisofsLoadSize.Of(4), Assert.Single(before.ElTorito.Entries).LoadSize);
    }

    [Fact]
    public void Efi_boot_finishes_the_current_entry_and_starts_a_fresh_one()
    {
        MkisofsBootEntry[] biosFirst = [.. Mkisofs("-b bios.bin -no-emul-boot --efi-boot efi.img dir").ElTorito.Entries];
        Assert.Equal([("/bios.bin", (byte)0x00), ("/efi.img", (byte)0xEF)], biosFirst.Select(e => (e.ImagePath, e.Platform)));

        // Attributes after --efi-boot belong to the next entry; -b without -no-emul-boot is a floppy.
        MkisofsBootEntry[] efiFirst = [.. Mkisofs("--efi-boot efi.img -b bios.bin dir").ElTorito.Entries];
        Assert.Equal([("/efi.img", (byte)0xEF, MkisofsEmulation.NoEmulation), ("/bios.bin", (byte)0x00, MkisofsEmulation.Floppy)],
            efiFirst.Select(e => (e.ImagePath, e.Platform, e.Emulation)));
        MkisofsBootEntry next = Mkisofs("--efi-boot efi.img -boot-info-table -b bios.bin -no-emul-boot dir").ElTorito.Entries[1];
        Assert.True(next.BootInfoTable);
        Assert.Equal(MkisofsEmulation.NoEmulation, next.Emulation);
    }

    [Fact]
    public void An_efi_boot_image_is_never_patched_with_a_boot_info_table()
    {
        // The attributes pending before --efi-boot go to the BIOS entry it finishes; its own entry gets none.
        MkisofsBootEntry[] entries = [.. Mkisofs("-b bios.bin -no-emul-boot -boot-info-table --grub2-boot-info --efi-boot efi.img dir").ElTorito.Entries];
        Assert.True(entries[0].BootInfoTable && entries[0].Grub2BootInfo);
        Assert.False(entries[1].BootInfoTable || entries[1].Grub2BootInfo);
    }

    [Fact]
    public void A_second_image_before_eltorito_alt_boot_replaces_the_first()
    {
        // measured: -b A -e B gives one UEFI entry.
        MkisofsBootEntry entry = Assert.Single(Mkisofs("-b A -e B -no-emul-boot dir").ElTorito.Entries);
        Assert.Equal(("-e", "/B", MkisofsBootEntry.PlatformEfi), (entry.Option, entry.ImagePath, entry.Platform));
    }

    [Fact]
    public void A_platform_change_finishes_a_pending_entry()
    {
        MkisofsBootEntry[] entries = [.. Mkisofs("-eltorito-platform PPC -b a.bin -no-emul-boot -eltorito-platform x86 -b b.bin -no-emul-boot "
            + "-eltorito-alt-boot -eltorito-platform 0xef -b c.img -no-emul-boot -eltorito-alt-boot -eltorito-platform efi -b d.img -no-emul-boot dir").ElTorito.Entries];
        Assert.Equal([("/a.bin", (byte)1), ("/b.bin", (byte)0), ("/c.img", (byte)0xEF), ("/d.img", (byte)0xEF)], entries.Select(e => (e.ImagePath, e.Platform)));
        // -b under platform efi is an EFI entry: its load size is the whole image.
        Assert.Equal(MkisofsLoadSize.WholeImage, entries[2].LoadSize);
    }

    [Fact]
    public void Without_no_emul_boot_an_image_is_a_floppy_and_hard_disk_boot_is_the_other_emulation()
    {
        Assert.Equal(MkisofsEmulation.Floppy, Assert.Single(Mkisofs("-b fd.img dir").ElTorito.Entries).Emulation);
        Assert.Equal(MkisofsEmulation.Floppy, Assert.Single(Mkisofs("-e efi.img dir").ElTorito.Entries).Emulation);
        MkisofsBootEntry hd = Assert.Single(Mkisofs("-b hd.img -hard-disk-boot dir").ElTorito.Entries);
        Assert.Equal((MkisofsEmulation.HardDisk, MkisofsLoadSize.Of(4)), (hd.Emulation, hd.LoadSize));
    }

    [Fact]
    public void Load_sizes_follow_xorriso()
    {
        static MkisofsLoadSize[] Sizes(string arguments) => [.. Mkisofs(arguments + " dir").ElTorito.Entries.Select(e => e.LoadSize)];

        Assert.Equal([MkisofsLoadSize.WholeImage], Sizes("-b b.bin -no-emul-boot"));
        Assert.Equal([MkisofsLoadSize.Of(8)], Sizes("-b b.bin -no-emul-boot -boot-load-size 8"));
        Assert.Equal([MkisofsLoadSize.WholeImage], Sizes("-b b.bin -no-emul-boot -boot-load-size full"));
        // EFI: a given number is replaced by the image's size in sectors (measured: 8 → 5760).
        Assert.Equal([MkisofsLoadSize.Of(4), MkisofsLoadSize.WholeImageInSectors],
            Sizes("-b b.bin -no-emul-boot -boot-load-size 4 -eltorito-alt-boot -e e.img -no-emul-boot -boot-load-size 8"));
        // xorriso's quirk, measured: a leading -eltorito-alt-boot makes the next no-emulation entry load in full.
        Assert.Equal([MkisofsLoadSize.WholeImage], Sizes("-eltorito-alt-boot -b b.bin -no-emul-boot -boot-load-size 4"));
    }

    [Fact]
    public void A_load_size_beyond_65535_sectors_is_recorded_as_65535_with_a_warning()
    {
        MkisofsRequest r = Mkisofs("-b b.bin -no-emul-boot -boot-load-size 70000 dir");
        Assert.Equal(MkisofsLoadSize.Of(65535), Assert.Single(r.ElTorito.Entries).LoadSize);
        MkisofsMessage warning = Assert.Single(r.Messages);
        Assert.Equal((MkisofsSeverity.Warning, "-boot-load-size"), (warning.Severity, warning.Option));
    }

    [Fact]
    public void Entry_ids_and_selection_criteria_belong_to_their_entry()
    {
        MkisofsBootEntry[] entries = [.. Mkisofs("-b a.bin -no-emul-boot -eltorito-id 'ISOLINUX' -eltorito-selcrit 0a0B "
            + "-eltorito-alt-boot -e e.img -no-emul-boot -eltorito-id " + new string('4', 56) + " dir").ElTorito.Entries];
        Assert.Equal("ISOLINUX"u8.ToArray(), entries[0].Id.ToArray());
        Assert.Equal(new byte[] { 0x0A, 0x0B }, entries[0].SelectionCriteria.ToArray());
        Assert.Equal(Enumerable.Repeat((byte)0x44, 28).ToArray(), entries[1].Id.ToArray());
        Assert.Empty(entries[1].SelectionCriteria);
        Assert.Equal(28, Mkisofs("-b a.bin -eltorito-id " + new string('x', 40) + " dir").ElTorito.Entries[0].Id.Count);
    }

    [Fact]
    public void The_catalog_is_named_only_when_there_is_an_entry()
    {
        Assert.Null(Mkisofs("-c boot.cat dir").ElTorito.CatalogPath);
        Assert.Equal("/boot.catalog", Mkisofs("-b b.bin -no-emul-boot dir").ElTorito.CatalogPath);
        Assert.Equal("/isolinux/boot.cat", Mkisofs("-c isolinux/boot.cat -c other.cat -c /isolinux/boot.cat -b b.bin dir").ElTorito.CatalogPath);
    }

    [Fact]
    public void At_most_32_entries()
    {
        string entries = string.Concat(Enumerable.Range(0, 33).Select(i => $"-b b{i}.bin -no-emul-boot -eltorito-alt-boot "));
        MkisofsUsageException e = Refused(entries + "dir");
        Assert.Equal(MkisofsRefusal.Conflict, e.Refusal);
        Assert.Contains("32", e.Message, StringComparison.Ordinal);
        Assert.Equal(32, Mkisofs(string.Concat(Enumerable.Range(0, 32).Select(i => $"-b b{i}.bin -no-emul-boot -eltorito-alt-boot ")) + "dir").ElTorito.Entries.Count);
    }

    [Fact]
    public void An_entry_on_an_appended_partition_needs_the_partition_and_no_emulation()
    {
        MkisofsUsageException missing = Refused("-e --interval:appended_partition_3:all:: -no-emul-boot -append_partition 2 0xef efi.img dir");
        Assert.Equal((MkisofsRefusal.Conflict, "-e"), (missing.Refusal, missing.Option));
        Assert.Contains("-append_partition 3", missing.Message, StringComparison.Ordinal);

        MkisofsUsageException floppy = Refused("-append_partition 2 0xef efi.img -e --interval:appended_partition_2:all:: dir");
        Assert.Contains("-no-emul-boot", floppy.Message, StringComparison.Ordinal);

        MkisofsUsageException grub = Refused("--grub2-mbr mbr.img -append_partition 2 0xef efi.img -e --interval:appended_partition_2:all:: -no-emul-boot dir");
        Assert.Equal("--grub2-mbr", grub.Option);

        MkisofsUsageException other = Refused("-b --interval:local_fs:0-100::x.img dir");
        Assert.Equal(MkisofsRefusal.BadValue, other.Refusal);
    }

    // ---- System area flags --------------------------------------------------------------------------------------

    [Fact]
    public void System_area_flags_interact_as_in_xorriso()
    {
        // -isohybrid-mbr clears the protective label and the cylinder alignment (measured), but keeps --grub2-mbr.
        MkisofsSystemArea a = Mkisofs("--protective-msdos-label -partition_cyl_align off --grub2-mbr g.img -isohybrid-mbr i.bin dir").SystemArea;
        Assert.Equal((true, true, false, MkisofsCylinderAlignment.Auto), (a.IsohybridMbr, a.Grub2Mbr, a.ProtectiveMsdosLabel, a.CylinderAlignment));
        Assert.Equal(("i.bin", MkisofsSystemAreaFileOption.IsohybridMbr), (a.File!.Path, a.FileOption));

        MkisofsSystemArea b = Mkisofs("-isohybrid-mbr i.bin -partition_cyl_align off --grub2-mbr g.img dir").SystemArea;
        Assert.Equal((false, true, MkisofsCylinderAlignment.Off), (b.IsohybridMbr, b.Grub2Mbr, b.CylinderAlignment));

        // -G replaces the file and leaves the flags; "." clears the file.
        MkisofsSystemArea c = Mkisofs("-isohybrid-mbr i.bin -G sys.img dir").SystemArea;
        Assert.Equal((true, "sys.img", MkisofsSystemAreaFileOption.Generic), (c.IsohybridMbr, c.File!.Path, c.FileOption));
        MkisofsSystemArea d = Mkisofs("-isohybrid-mbr i.bin -isohybrid-mbr . dir").SystemArea;
        Assert.True(d.IsohybridMbr);
        Assert.Null(d.File);
        Assert.Null(d.FileOption);

        MkisofsSystemArea e = Mkisofs("-isohybrid-mbr i.bin --protective-msdos-label dir").SystemArea;
        Assert.Equal((false, true), (e.IsohybridMbr, e.ProtectiveMsdosLabel));
    }

    [Fact]
    public void Appended_partitions_by_number_a_later_one_replacing()
    {
        MkisofsSystemArea sa = Mkisofs("-append_partition 3 Linux root.img -append_partition 2 0xef a.img -append_partition 2 FAT16 b.img "
            + "-append_partition 4 FAT12 . -appended_part_as_apm dir").SystemArea;
        Assert.Equal([2, 3, 4], sa.AppendedPartitions.Select(p => p.Number));
        Assert.Equal([new MkisofsPartitionType(0x06, null), new MkisofsPartitionType(0x83, null), new MkisofsPartitionType(0x01, null)],
            sa.AppendedPartitions.Select(p => p.Type));
        Assert.Equal("b.img", sa.AppendedPartition(2)!.Source!.Path);
        Assert.Null(sa.AppendedPartition(4)!.Source);
        Assert.True(sa.AppendedPartitionsAsApm);
    }

    [Theory]
    [InlineData("-append_partition 5 0xef e.img", "-append_partition")]
    [InlineData("-append_partition 0 0xef e.img", "-append_partition")]
    [InlineData("-append_partition 2 EF e.img", "-append_partition")]
    [InlineData("-append_partition 2 0x1ef e.img", "-append_partition")]
    [InlineData("-partition_offset 8", "-partition_offset")]
    [InlineData("-partition_hd_cyl 256", "-partition_hd_cyl")]
    [InlineData("-partition_sec_hd 64", "-partition_sec_hd")]
    [InlineData("-partition_cyl_align maybe", "-partition_cyl_align")]
    [InlineData("-iso_mbr_part_type 0xZZ", "-iso_mbr_part_type")]
    [InlineData("-iso_mbr_part_type 256", "-iso_mbr_part_type")]
    [InlineData("--gpt_disk_guid 1234", "--gpt_disk_guid")]
    [InlineData("-apm-block-size 1024", "-apm-block-size")]
    [InlineData("-iso-level 5", "-iso-level")]
    [InlineData("-iso-level 3x", "-iso-level")]
    [InlineData("-boot-load-size -1 -b b.bin", "-boot-load-size")]
    [InlineData("-eltorito-platform 01 -b b.bin", "-eltorito-platform")]
    [InlineData("-eltorito-platform arm -b b.bin", "-eltorito-platform")]
    [InlineData("-eltorito-selcrit abc -b b.bin", "-eltorito-selcrit")]
    [InlineData("-V 123456789012345678901234567890123", "-V")]
    [InlineData("--modification-date=2024013100000000x", "--modification-date")]
    [InlineData("--modification-date=2024023100000000", "--modification-date")]
    [InlineData("--modification-date=1969123123595900", "--modification-date")]
    [InlineData("-file-mode 644", "-file-mode")]
    [InlineData("-dir-mode u+q", "-dir-mode")]
    [InlineData("-uid root", "-uid")]
    [InlineData("-rr_reloc_dir a/b", "-rr_reloc_dir")]
    [InlineData("-hfs-bless-by q /x", "-hfs-bless-by")]
    [InlineData("-hfsplus-file-creator-type chrp tbx /x", "-hfsplus-file-creator-type")]
    [InlineData("-hfsplus-serial-no 0123", "-hfsplus-serial-no")]
    [InlineData("-file_name_limit 10", "-file_name_limit")]
    public void A_bad_value_is_a_usage_error_naming_the_option_and_saying_what_to_give(string arguments, string option)
    {
        MkisofsUsageException e = Refused(arguments + " dir");
        Assert.Equal(MkisofsRefusal.BadValue, e.Refusal);
        Assert.StartsWith(option, e.Message, StringComparison.Ordinal);
        Assert.Contains(": ", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, MkisofsUsageException.ExitCode);
    }

    [Fact]
    public void Gpt_disk_guid_modes()
    {
        Assert.Equal(MkisofsGptGuidMode.Default, Mkisofs("dir").SystemArea.GptDiskGuidMode);
        Assert.Equal(MkisofsGptGuidMode.Random, Mkisofs("--gpt_disk_guid random dir").SystemArea.GptDiskGuidMode);
        Assert.Equal(MkisofsGptGuidMode.ModificationDate, Mkisofs("--gpt_disk_guid volume_date_uuid dir").SystemArea.GptDiskGuidMode);
        MkisofsSystemArea sa = Mkisofs("--gpt_disk_guid 2303cd2a-73c7-424a-a298-25632da7f446 dir").SystemArea;
        Assert.Equal((MkisofsGptGuidMode.Explicit, new Guid("2303cd2a-73c7-424a-a298-25632da7f446")), (sa.GptDiskGuidMode, sa.GptDiskGuid));
    }

    // ---- Output, informational options and whether an image is made ------------------------------------------

    [Theory]
    [InlineData("-help", false)]
    [InlineData("-version", false)]
    [InlineData("-o out.iso", false)]
    [InlineData("-v -quiet -f -iso-level 3 -V x", true)]
    [InlineData("-v -quiet -f -iso-level 3", false)]
    [InlineData("-fv", false)]
    [InlineData("-fJ", true)]
    [InlineData("-cache-inodes -o out.iso", false)]
    [InlineData("-R", true)]
    [InlineData("-help dir", true)]
    public void An_image_is_made_only_when_more_than_first_pass_options_are_given(string arguments, bool buildsImage)
    {
        Assert.Equal(buildsImage, Mkisofs(arguments).BuildsImage);
    }

    [Fact]
    public void The_image_goes_to_standard_output_without_o()
    {
        Assert.True(Mkisofs("dir").WritesToStandardOutput);
        Assert.True(Mkisofs("-o - dir").WritesToStandardOutput);
        MkisofsRequest r = Mkisofs("-o stdio:/tmp/x.iso dir");
        Assert.Equal("/tmp/x.iso", r.Output);
        Assert.False(r.WritesToStandardOutput);
        Assert.Equal("b.iso", Mkisofs("-o a.iso dir -output b.iso").Output);
    }

    [Fact]
    public void A_missing_argument_is_a_usage_error()
    {
        foreach (string arguments in (string[])["dir -o", "dir -b", "-append_partition 2 0xef", "dir --sort-weight 3", "dir -hfs-bless-by i"])
        {
            MkisofsUsageException e = Refused(arguments);
            Assert.Equal(MkisofsRefusal.MissingArgument, e.Refusal);
            Assert.Contains("needs", e.Message, StringComparison.Ordinal);
        }
    }

    // ---- Unknown, unsupported, declined, ignored ------------------------------------------------------------------

    [Theory]
    [InlineData("-uefi", "did you mean '--efi-boot'?")]
    [InlineData("-boot-load-sise", "did you mean '-boot-load-size'?")]
    [InlineData("-eltorito-alt-bot", "did you mean '-eltorito-alt-boot'?")]
    [InlineData("-qqqqqqqqqqqq", "run 'xorriso -as mkisofs -help' for the options")]
    public void An_unknown_option_is_named_with_a_suggestion(string option, string hint)
    {
        MkisofsUsageException e = Refused($"{option} dir");
        Assert.Equal(MkisofsRefusal.Unrecognized, e.Refusal);
        Assert.Equal($"unrecognized option '{option}'; {hint}", e.Message);
    }

    [Theory]
    [InlineData("-dvd-video")]
    [InlineData("-boot-load-seg 0x7c0")]
    [InlineData("-new-dir-mode 0755")]
    [InlineData("-hidden x")]
    [InlineData("-hfs")]
    [InlineData("-find . -name x")]
    [InlineData("errctl=x")]
    public void An_option_xorriso_refuses_is_refused_by_name(string arguments)
    {
        MkisofsUsageException e = Refused($"dir {arguments}");
        Assert.Equal(MkisofsRefusal.Unsupported, e.Refusal);
        Assert.Equal(arguments.Split(' ')[0], e.Option);
        Assert.StartsWith($"option '{e.Option}' is not supported by xorriso's mkisofs emulation nor by IsoBuild; remove it", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-M old.iso", "session")]
    [InlineData("-C 0,1234", "session")]
    [InlineData("-old-root /old", "session")]
    [InlineData("--acl", "ACLs")]
    [InlineData("--hardlinks", "hard-link")]
    [InlineData("--for_backup", "ACLs")]
    [InlineData("-jigdo-template t", "jigdo")]
    [InlineData("-chrp-boot-part", "CHRP")]
    [InlineData("-prep-boot-part p.img", "PReP")]
    [InlineData("-mips-boot x", "MIPS")]
    [InlineData("-B ...", "SPARC")]
    [InlineData("-hppa-kernel-32 k", "HP-PA")]
    [InlineData("isolinux_mbr=on", "-isohybrid-mbr")]
    [InlineData("--emul-toc", "table-of-contents")]
    [InlineData("--old-empty", "empty")]
    [InlineData("-fat", "FAT")]
    [InlineData("--zisofs-version-2", "zisofs")]
    [InlineData("--scdbackup_tag /x y", "scdbackup")]
    public void An_option_IsoBuild_declines_is_named_with_the_reason(string arguments, string reason)
    {
        MkisofsUsageException e = Refused($"dir {arguments}");
        Assert.Equal(MkisofsRefusal.Declined, e.Refusal);
        Assert.Equal(arguments.Split(' ')[0], e.Option);
        Assert.StartsWith($"option '{e.Option}' is not offered: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Ignored_options_are_accepted_listed_and_take_their_arguments_along()
    {
        MkisofsRequest r = Mkisofs("-cache-inodes -sort sortfile -allow-multidot -L -volset-size 2 -gui --stdio_sync off "
            + "-checksum_algorithm_iso md5 -jigdo-map A=B dir");
        Assert.Equal(["-cache-inodes", "-sort", "-allow-multidot", "-L", "-volset-size", "-gui", "--stdio_sync", "-checksum_algorithm_iso", "-jigdo-map"],
            r.IgnoredOptions);
        Assert.All(r.Messages, m => Assert.StartsWith("ignored", m.Text, StringComparison.Ordinal));
        Assert.Equal("dir", Assert.Single(r.Pathspecs).Source);
    }

    [Fact]
    public void Udf_is_accepted_with_a_note_that_xorriso_would_refuse_it()
    {
        MkisofsRequest r = Mkisofs("-udf dir");
        Assert.True(r.Udf);
        MkisofsMessage note = Assert.Single(r.Messages);
        Assert.Equal((MkisofsSeverity.Note, "-udf"), (note.Severity, note.Option));
        Assert.Contains("xorriso refuses", note.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Hfsplus_companions_are_kept_even_without_hfsplus()
    {
        MkisofsHfsPlus hfs = Mkisofs("-hfs-bless-by p /ppc -hfs-bless /disk/dir -hfsplus-serial-no 0123456789abcdef -hfsplus-block-size 512 "
            + "-hide-hfsplus '*.txt' dir").HfsPlus!;
        Assert.False(hfs.Requested);
        Assert.Equal(["-hfs-bless-by", "-hfs-bless", "-hfsplus-serial-no", "-hfsplus-block-size", "-hide-hfsplus"], hfs.Options);
        Assert.Equal([new MkisofsHfsBlessingRule(MkisofsHfsBlessing.PowerPCBootDirectory, "/ppc")], hfs.Blessings);
        Assert.Equal(["/disk/dir"], hfs.BlessedDiskDirectories);
        Assert.Equal(("0123456789abcdef", 512), (hfs.SerialNumber, hfs.BlockSize));
    }

    // ---- Rock Ridge, Joliet, names, ids, dates, ownership ------------------------------------------------------

    [Fact]
    public void Norock_cancels_r_and_R_brings_rock_ridge_back_without_r()
    {
        Assert.Equal((false, false), Flags(Mkisofs("-r --norock dir")));
        Assert.Equal((true, false), Flags(Mkisofs("-r --norock -R dir")));
        Assert.Equal((true, true), Flags(Mkisofs("--norock -r dir")));
        Assert.Equal((true, true), Flags(Mkisofs("-r -R dir"))); // -R does not revoke -r
        Assert.Equal((true, false), Flags(Mkisofs("dir")));

        static (bool, bool) Flags(MkisofsRequest r) => (r.RockRidge, r.RationalRock);
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("-l", 2)]
    [InlineData("-iso-level 1 -l", 2)]
    [InlineData("-iso-level 2", 2)]
    [InlineData("-iso-level 3 -l", 3)]
    [InlineData("-iso-level 4", 3)]
    [InlineData("-iso-level 4 -iso-level 2", 2)]
    public void The_iso_level_defaults_to_1_and_l_raises_it_to_2(string arguments, int level)
    {
        MkisofsRequest r = Mkisofs(arguments + " dir");
        Assert.Equal(level, r.FileNames.EffectiveLevel);
        Assert.Equal(arguments.Contains("-iso-level 4", StringComparison.Ordinal), r.FileNames.Iso9660v2);
    }

    [Fact]
    public void Volume_ids_keep_the_last_value_and_the_xorriso_placeholder()
    {
        MkisofsVolumeIds ids = Mkisofs("-V A -volid B -A @xorriso@ -p @xorriso@ -P pub -sysid LINUX -volset set -abstract ABS.TXT "
            + "-biblio BIB.TXT -copyright COPY.TXT --application_use 0x00 dir").VolumeIds;
        Assert.Equal(new MkisofsVolumeIds
        {
            VolumeId = "B", ApplicationId = MkisofsVolumeIds.XorrisoIdPlaceholder, Preparer = MkisofsVolumeIds.XorrisoIdPlaceholder,
            Publisher = "pub", SystemId = "LINUX", VolumeSetId = "set", AbstractFile = "ABS.TXT", BibliographicFile = "BIB.TXT",
            CopyrightFile = "COPY.TXT", ApplicationUse = "0x00",
        }, ids);
    }

    [Fact]
    public void Modification_date_is_read_and_can_be_revoked()
    {
        MkisofsRequest r = Mkisofs("--modification-date=2023111422132099 dir");
        Assert.Equal(new DateTimeOffset(2023, 11, 14, 22, 13, 20, 990, TimeSpan.Zero), r.ModificationTime);
        Assert.Null(Mkisofs("--modification-date=2023111422132000 --modification-date=default dir").ModificationDate);
        Assert.Equal("2024010100000000", Mkisofs("--modification-date=2023111422132000 --modification-date=2024010100000000 dir").ModificationDate);
        Assert.Equal("set_to_mtime", Mkisofs("--set_all_file_dates set_to_mtime dir").SetAllFileDates);
    }

    [Fact]
    public void Ownership_and_modes_are_exact_values()
    {
        MkisofsRequest r = Mkisofs("-uid 1000 -gid 0 -file-mode 0444 -dir-mode a+rx,u+w dir");
        Assert.Equal((1000u, 0u, 0x124, 0x1ED), (r.Uid, r.Gid, r.FileMode, r.DirectoryMode));
        Assert.Equal(Convert.ToInt32("744", 8), Mkisofs("-file-mode u=rwx,g=rx,o=rx,g-x,o-x dir").FileMode);
        Assert.Null(Mkisofs("-uid 5 -uid - dir").Uid);
    }

    [Fact]
    public void Relocation_and_name_limits()
    {
        MkisofsFileNames names = Mkisofs("-rr_reloc_dir /RR_MOVED -untranslated_name_len 40 -file_name_limit 128 -disallow_dir_id_ext "
            + "-max-iso9660-filenames -joliet-utf16 dir").FileNames;
        Assert.Equal(("RR_MOVED", 40, 128, true, true), (names.RelocationDirectory, names.UntranslatedNameLength, names.RockRidgeNameLimit,
            names.DisallowDirectoryExtension, names.MaxIso9660Filenames));
        Assert.Equal(".rr_moved", Mkisofs("-hide-rr-moved dir").FileNames.RelocationDirectory);
    }

    [Fact]
    public void Sort_weights_keep_their_order_and_the_last_list_counts()
    {
        MkisofsRequest r = Mkisofs("--sort-weight -5 /big --sort-weight-list a.txt --sort-weight 100 boot --sort-weight-patterns b.txt dir");
        Assert.Equal([new MkisofsSortWeight(-5, "/big"), new MkisofsSortWeight(100, "boot")], r.SortWeights);
        Assert.Equal(new MkisofsSortWeightList("b.txt", Patterns: true), r.SortWeightList);
    }

    [Fact]
    public void Messages_log_file_charsets_and_checksums_are_recorded()
    {
        MkisofsRequest r = Mkisofs("-log-file x.log -input-charset utf-8 -output-charset default --md5 -z -print-size -no-pad --no_rc dir");
        Assert.Equal(("x.log", "utf-8", "default", true, true, true, false), (r.LogFile, r.InputCharset, r.OutputCharset, r.Md5, r.Zisofs, r.PrintSize, r.Pad));
        Assert.Empty(r.Messages);
    }
}
