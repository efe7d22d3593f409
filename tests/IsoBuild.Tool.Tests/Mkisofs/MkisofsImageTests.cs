using System.Text.RegularExpressions;
using IsoBuild.Testing;

namespace IsoBuild.Tool.Tests.Mkisofs;

/// <summary>
/// The command lines of the pipelines that call <c>xorriso -as mkisofs</c>, run through <c>dotnet iso xorriso</c> with
/// payloads built here from Debian's GRUB and syslinux files: the image is the same twice, xorriso's reports
/// describe it like xorriso's own image of the same command line, and it boots in QEMU where that image would.
/// </summary>
[Trait(Category.Name, Category.External)]
public sealed partial class MkisofsImageTests : IClassFixture<MkisofsImageTests.Payloads>
{
    private const string Epoch = "1700000000";
    private readonly Payloads _payloads;

    public MkisofsImageTests(Payloads payloads) => _payloads = payloads;

    /// <summary>
    /// tests/boot/make-payloads.sh once, arranged as the pipelines' trees are: GRUB's El Torito image and EFI
    /// application, isolinux, efiboot.img (a FAT holding BOOTX64.EFI) also as /boot/grub/efi.img, and the MBR codes.
    /// </summary>
    public sealed class Payloads : IDisposable
    {
        public Payloads()
        {
            ExternalTool.Require("grub-mkimage");
            ExternalTool.Require("xorriso");
            ExternalTool.Run("bash", Path.Combine(Repository.Root, "tests", "boot", "make-payloads.sh"), Dir.Path).EnsureSuccess();
            CopyTree(Dir.Combine("tree"), Dir.Combine("iso"));
            CopyTree(Dir.Combine("isolinux-tree"), Dir.Combine("iso"));
            File.Copy(Dir.Combine("efiboot.img"), Dir.Combine("iso", "boot", "grub", "efi.img"));
            // lorax grafts its own copy (another inode: xorriso would share the data of one disk file grafted twice).
            File.Copy(Dir.Combine("tree", "boot", "grub", "eltorito.img"), Dir.Combine("eltorito.img"));
        }

        public TempDirectory Dir { get; } = new("mkisofs-images");

        public void Dispose() => Dir.Dispose();

        private static void CopyTree(string from, string to)
        {
            foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                string target = Path.Combine(to, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target, overwrite: true);
            }
        }
    }

    /// <summary>
    /// Each pipeline's recorded command line (docs: notes of the pipelines; paths made relative to the payloads), the
    /// modes its image boots in, and the GPT entries only one side has for a documented reason: IsoBuild writes no
    /// HFS+ (HFSPLUS) and keeps the 300 KiB padding inside the volume (xorriso's Gap1 after appended partitions).
    /// archiso, Ubuntu, lorax and live-build pass -partition_offset 16: their images are also checked as the partition
    /// cut out (<see cref="ThePartitionReadsAsTheVolume"/>).
    /// </summary>
    public static TheoryData<string, string, string, string> Pipelines => new()
    {
        {
            "debian-cd", "-r -J -joliet-long -cache-inodes -isohybrid-mbr isohdpfx.bin -b isolinux/isolinux.bin -c isolinux/boot.cat "
            + "-boot-load-size 4 -boot-info-table -no-emul-boot -eltorito-alt-boot -e boot/grub/efi.img -no-emul-boot "
            + "-isohybrid-gpt-basdat -isohybrid-apm-hfsplus",
            "bios-cdrom:isolinux bios-disk:isolinux uefi-cdrom uefi-disk", ""
        },
        {
            "archiso", "-iso-level 3 -full-iso9660-filenames -joliet -joliet-long -rational-rock -volid ARCH_202601 "
            + "-appid 'Arch Linux Live/Rescue DVD' -publisher 'Arch Linux <https://archlinux.org>' -preparer 'prepared by mkarchiso' "
            + "-eltorito-boot isolinux/isolinux.bin -eltorito-catalog isolinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table "
            + "-isohybrid-mbr isohdpfx.bin --mbr-force-bootable -partition_offset 16 -append_partition 2 C12A7328-F81F-11D2-BA4B-00A0C93EC93B efiboot.img "
            + "-isohybrid-gpt-basdat -eltorito-alt-boot -e --interval:appended_partition_2:all:: -no-emul-boot",
            "bios-cdrom:isolinux bios-disk:isolinux uefi-cdrom uefi-disk", ""
        },
        {
            "ubuntu", "-r -V 'Ubuntu 24.04 LTS amd64' --grub2-mbr boot_hybrid.img -partition_offset 16 --mbr-force-bootable "
            + "-append_partition 2 28732ac11ff8d211ba4b00a0c93ec93b efiboot.img -appended_part_as_gpt "
            + "-iso_mbr_part_type a2a0d0ebe5b9334487c068b6b72699c7 -c /boot.catalog -b /boot/grub/eltorito.img -no-emul-boot "
            + "-boot-load-size 4 -boot-info-table --grub2-boot-info -eltorito-alt-boot -e --interval:appended_partition_2::: -no-emul-boot",
            "bios-cdrom bios-disk uefi-cdrom uefi-disk", "Gap1"
        },
        {
            "lorax", "-R -J -V Fedora-41 --grub2-mbr boot_hybrid.img -partition_offset 16 -appended_part_as_gpt "
            + "-append_partition 2 C12A7328-F81F-11D2-BA4B-00A0C93EC93B efiboot.img -iso_mbr_part_type EBD0A0A2-B9E5-4433-87C0-68B6B72699C7 "
            + "-c boot.cat --boot-catalog-hide -b images/eltorito.img -no-emul-boot -boot-load-size 4 -boot-info-table --grub2-boot-info "
            + "-eltorito-alt-boot -e --interval:appended_partition_2:all:: -no-emul-boot -graft-points images/eltorito.img=eltorito.img",
            "bios-cdrom bios-disk uefi-cdrom uefi-disk", "Gap1"
        },
        {
            "live-build", "-R -r -J -joliet-long -l -cache-inodes -iso-level 3 -isohybrid-mbr isohdpfx.bin -partition_offset 16 -A 'Debian Live' -p 'Debian Live' "
            + "-publisher 'Debian Live project' -V 'Debian 12 amd64' --modification-date=2023111422132000 "
            + "-no-emul-boot -boot-load-size 4 -boot-info-table -b boot/grub/eltorito.img -eltorito-alt-boot "
            + "-e boot/grub/efi.img -no-emul-boot -isohybrid-gpt-basdat -isohybrid-apm-hfsplus",
            "bios-cdrom uefi-cdrom uefi-disk", ""
        },
        {
            "limine", "-R -r -J -b boot/grub/eltorito.img -no-emul-boot -boot-load-size 4 -boot-info-table -hfsplus -apm-block-size 2048 "
            + "--efi-boot boot/grub/efi.img -efi-boot-part --efi-boot-image --protective-msdos-label",
            "bios-cdrom uefi-cdrom uefi-disk", "HFSPLUS"
        },
        {
            "cosmos", "-relaxed-filenames -J -R -l -allow-lowercase -b boot/grub/eltorito.img -no-emul-boot -boot-load-size 4 "
            + "-boot-info-table --efi-boot boot/grub/efi.img -efi-boot-part --efi-boot-image",
            "bios-cdrom uefi-cdrom uefi-disk", ""
        },
        {
            "osdev-isolinux", "-b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table",
            "bios-cdrom:isolinux", ""
        },
    };

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void A_pipelines_command_line_gives_the_image_xorriso_would_make_twice_the_same_and_it_boots(
        string pipeline, string arguments, string bootModes, string onlyXorrisoHas)
    {
        string[] argv = [.. Argv.Split(arguments)];
        string ours = _payloads.Dir.Combine(pipeline + ".iso");
        Build(argv, ours, "iso");
        string again = _payloads.Dir.Combine(pipeline + ".again.iso");
        Build(argv, again, "iso");
        Assert.Equal(File.ReadAllBytes(ours), File.ReadAllBytes(again));
        File.Delete(again);

        string theirs = _payloads.Dir.Combine(pipeline + ".xorriso.iso");
        ExternalTool.Run("xorriso", ["-as", "mkisofs", .. argv, "-o", theirs, "iso"], _payloads.Dir.Path,
            new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = Epoch }).EnsureSuccess();
        string[] ignored = onlyXorrisoHas.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Describe(Report(theirs), ignored), Describe(Report(ours), ignored));
        if (argv.Contains("-partition_offset"))
        {
            ThePartitionReadsAsTheVolume(theirs, kernel: false);
            ThePartitionReadsAsTheVolume(ours, kernel: true);
        }
        File.Delete(theirs);

        foreach (string mode in bootModes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            Boots(ours, mode.Split(':')[0], readsIso: !mode.EndsWith(":isolinux", StringComparison.Ordinal));
    }

    [Fact]
    public void Grub_mkrescue_works_unchanged_through_a_two_line_xorriso_wrapper()
    {
        ExternalTool.Require("grub-mkrescue");
        string wrapper = _payloads.Dir.Combine("xorriso");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec dotnet '{Path.Combine(AppContext.BaseDirectory, "dotnet-iso.dll")}' xorriso \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string user = _payloads.Dir.CreateDirectory("rescue", "boot", "grub");
        File.WriteAllText(Path.Combine(user, "grub.cfg"), """
            serial --unit=0 --speed=115200
            terminal_input serial
            if [ "$grub_platform" = "pc" ]; then terminal_output serial console; echo ISOBOOT-BIOS-OK; else terminal_output serial; echo ISOBOOT-UEFI-OK; fi
            cat /boottest.txt
            halt

            """);
        File.WriteAllText(_payloads.Dir.Combine("rescue", "boottest.txt"), "ISOFS-OK\n");
        var environment = new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = Epoch };
        string first = _payloads.Dir.Combine("rescue-1.iso"), second = _payloads.Dir.Combine("rescue-2.iso"), real = _payloads.Dir.Combine("rescue-xorriso.iso");
        ToolResult made = ExternalTool.Run("grub-mkrescue", ["--xorriso=" + wrapper, "-o", first, "rescue"], _payloads.Dir.Path, environment).EnsureSuccess();
        // HFS+ is declined with exactly one line that says what the image lacks.
        Assert.Single(made.AllOutput.Split('\n'), l => l.Contains("-hfsplus: declined: the image will lack HFS+", StringComparison.Ordinal));
        ExternalTool.Run("grub-mkrescue", ["--xorriso=" + wrapper, "-o", second, "rescue"], _payloads.Dir.Path, environment).EnsureSuccess();
        ExternalTool.Run("grub-mkrescue", ["-o", real, "rescue"], _payloads.Dir.Path, environment).EnsureSuccess();

        // The only bytes that differ are inside /efi.img, which grub-mkrescue makes anew with mformat each run: the
        // FAT volume serial number (bytes 39–42 of its boot sector) comes from the clock. IsoBuild never changes content.
        byte[] a = File.ReadAllBytes(first), b = File.ReadAllBytes(second);
        Assert.Equal(a.Length, b.Length);
        long efi = FileLba(first, "/efi.img") * 2048L;
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
                Assert.InRange(i, efi + 39, efi + 42);
        }
        Assert.Equal(Describe(Report(real), ["HFSPLUS"]), Describe(Report(first), ["HFSPLUS"]));
        foreach (string mode in new[] { "bios-cdrom", "bios-disk", "uefi-cdrom", "uefi-disk" })
            Boots(first, mode, readsIso: true);
    }

    [Fact]
    public void Pack_offers_the_same_model_entries_appended_partitions_hiding_exclusion_and_weights()
    {
        ToolResult r = Cli.RunProcess(new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = Epoch }, _payloads.Dir.Path,
            ["pack", "iso", "-o", "pack-model.iso", "--mbr-code", "boot_hybrid.img", "--mbr-code-style", "grub2",
             "--boot-entry", "boot/grub/eltorito.img,load-size=4,boot-info-table,grub2-boot-info;appended:2,platform=efi",
             "--append-partition", "2:C12A7328-F81F-11D2-BA4B-00A0C93EC93B:efiboot.img", "--appended-partitions-gpt", "--mbr-force-bootable",
             "--hide-boot-catalog", "--exclude", "isolinux", "--hide", "boottest.txt", "--sort-weights", "10:boot"]);
        Assert.True(r.ExitCode == 0, r.AllOutput);
        string image = _payloads.Dir.Combine("pack-model.iso");
        Assert.Equal(
            ["El Torito boot img: 1 BIOS y none 0x0000 0x00 4", "El Torito boot img: 2 UEFI y none 0x0000 0x00 2880",
             "El Torito img path: 1 /boot/grub/eltorito.img", "El Torito img opts: 1 boot-info-table grub2-boot-info",
             "System area summary: MBR protective-msdos-label grub2-mbr GPT", "MBR partition: 1 0x00 0xee", "MBR partition: 2 0x80 0x00",
             "GPT: Gap0 a2a0d0ebe5b9334487c068b6b72699c7 0x1000000000000001", "GPT: Appended2 28732ac11ff8d211ba4b00a0c93ec93b 0x0000000000000000"],
            Describe(Report(image), []));
        string listing = ExternalTool.Run("xorriso", "-indev", image, "-find", "/").EnsureSuccess().StandardOutput;
        Assert.DoesNotContain("isolinux", listing, StringComparison.Ordinal);
        Assert.DoesNotContain("boottest.txt", listing, StringComparison.Ordinal);
        Assert.DoesNotContain("boot.catalog", listing, StringComparison.Ordinal);
        // The weighted files come first: GRUB's El Torito image before the EFI application.
        Assert.True(FileLba(image, "/boot/grub/eltorito.img") < FileLba(image, "/EFI/BOOT/BOOTX64.EFI"));
    }

    [Theory]
    [InlineData("-G isohdpfx.bin", "-G")]
    [InlineData("-eltorito-platform efi -b boot/grub/efi.img -no-emul-boot -eltorito-id 414243", "-eltorito-id")]
    public void An_option_IsoBuild_does_not_make_is_refused_by_name_with_exit_2(string arguments, string option)
    {
        ToolResult r = Cli.RunProcess(new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = Epoch }, _payloads.Dir.Path,
            ["xorriso", "-as", "mkisofs", .. Argv.Split(arguments), "-b", "isolinux/isolinux.bin", "-no-emul-boot", "-o", "refused.iso", "iso"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(option, r.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(_payloads.Dir.Combine("refused.iso")));
    }

    [Fact]
    public void Udf_and_md5_make_what_pack_makes_and_refuse_each_other()
    {
        string udf = _payloads.Dir.Combine("udf.iso");
        Build(["-R", "-J", "-udf"], udf, "isolinux-tree");
        using (IsoBuild.Reading.IsoImageReader reader = IsoBuild.Reading.IsoImageReader.Open(udf))
            Assert.Equal("1.02", reader.Volume.Udf?.Revision);
        string md5 = _payloads.Dir.Combine("md5.iso");
        Build(["-R", "--md5"], md5, "isolinux-tree");
        // xorriso checks the session tags and each file's MD5 IsoBuild recorded.
        ToolResult check = ExternalTool.Run("xorriso", "-md5", "on", "-indev", md5, "-check_md5", "FAILURE", "--", "-check_md5_r", "FAILURE", "/", "--");
        Assert.True(check.ExitCode == 0, check.AllOutput);
        Assert.Contains("File contents and their MD5 checksums match", check.AllOutput, StringComparison.Ordinal);
        ToolResult both = Cli.RunProcess(new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = Epoch }, _payloads.Dir.Path,
            ["xorriso", "-as", "mkisofs", "-R", "-udf", "--md5", "-o", "both.iso", "isolinux-tree"]);
        Assert.NotEqual(0, both.ExitCode);
        Assert.Contains("ISO0815", both.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Modification_date_sets_the_volume_uuid_unless_source_date_epoch_is_set()
    {
        // Without SOURCE_DATE_EPOCH: the UUID asked for, every other date IsoBuild's default.
        string asked = _payloads.Dir.Combine("date-asked.iso");
        ToolResult r = Cli.RunProcess(new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = null }, _payloads.Dir.Path,
            ["xorriso", "-as", "mkisofs", "-R", "--modification-date=2023111422132000", "-o", asked, "isolinux-tree"]);
        Assert.True(r.ExitCode == 0, r.AllOutput);
        string info = ExternalTool.Run("xorriso", "-indev", asked, "-pvd_info").EnsureSuccess().StandardOutput;
        string Date(string label) => info.Split('\n').Single(l => l.StartsWith(label, StringComparison.Ordinal)).Split(':', 2)[1].Replace(" ", "", StringComparison.Ordinal);
        Assert.Equal("2023111422132000", Date("Modif. Time"));
        Assert.Equal("1980010100000000", Date("Creation Time"));
        Assert.Contains("UUID=\"2023-11-14-22-13-20-00\"", ExternalTool.Run("blkid", "-p", asked).StandardOutput, StringComparison.Ordinal);

        // Under SOURCE_DATE_EPOCH it wins (grub-mkrescue passes the clock): the same bytes whatever the option says.
        Build(["-R", "--modification-date=2023111422132000"], _payloads.Dir.Combine("date-a.iso"), "isolinux-tree", epoch: "1600000000");
        Build(["-R", "--modification-date=2020010100000000"], _payloads.Dir.Combine("date-b.iso"), "isolinux-tree", epoch: "1600000000");
        Assert.Equal(File.ReadAllBytes(_payloads.Dir.Combine("date-a.iso")), File.ReadAllBytes(_payloads.Dir.Combine("date-b.iso")));
    }

    private void Build(string[] argv, string output, string tree, string epoch = Epoch)
    {
        ToolResult r = Cli.RunProcess(new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = epoch }, _payloads.Dir.Path,
            ["xorriso", "-as", "mkisofs", .. argv, "-o", output, tree]);
        Assert.True(r.ExitCode == 0, r.AllOutput);
    }

    private static string Report(string image) =>
        ExternalTool.Run("xorriso", "-indev", image, "-report_el_torito", "plain", "-report_system_area", "plain").EnsureSuccess().StandardOutput;

    private static long FileLba(string image, string path)
    {
        string line = ExternalTool.Run("xorriso", "-indev", image, "-find", path, "-exec", "report_lba").EnsureSuccess().StandardOutput;
        return long.Parse(LbaPattern().Match(line).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"File data lba:\s+\d+\s*,\s*(\d+)")]
    private static partial Regex LbaPattern();

    /// <summary>
    /// What must agree between two images of one command line, from xorriso's reports: the catalog's path, each El
    /// Torito entry (platform, bootable, emulation, load segment, system type, load size; image path and patches), the
    /// MBR entries (status and type), the kind of system area, and the GPT entries (name, type, flags; the file an
    /// EFI or marked-image entry covers). Addresses and sizes differ legitimately (IsoBuild places files in its own
    /// order), as do GUIDs, the GPT's entry array and APM/HFS+ (which IsoBuild does not write).
    /// </summary>
    private static List<string> Describe(string report, string[] onlyXorrisoHas)
    {
        var lines = new List<string>();
        var gpt = new SortedDictionary<int, Dictionary<string, string>>();
        foreach (string raw in report.Split('\n'))
        {
            string line = raw.TrimEnd();
            string[] f = line.Split(':', 2);
            if (f.Length < 2)
                continue;
            string key = f[0].Trim();
            string[] v = f[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (key)
            {
                case "El Torito cat path" or "El Torito img path" or "El Torito img opts" or "MBR partition path":
                    lines.Add($"{key}: {string.Join(' ', v)}");
                    break;
                case "El Torito boot img":
                    lines.Add($"{key}: {string.Join(' ', v[..^1])}");
                    break;
                case "MBR partition":
                    lines.Add($"{key}: {v[0]} {v[1]} {v[2]}");
                    break;
                case "Partition offset" when v[0] != "0":
                    lines.Add($"{key}: {v[0]}");
                    break;
                case "System area summary":
                    lines.Add($"{key}: {string.Join(' ', v.Where(t => t != "APM" && !t.StartsWith("cyl-align", StringComparison.Ordinal)))}");
                    break;
                case "GPT partname local" or "GPT type GUID" or "GPT partition flags" or "GPT partition path":
                    int n = int.Parse(v[0], System.Globalization.CultureInfo.InvariantCulture);
                    if (!gpt.TryGetValue(n, out Dictionary<string, string>? entry))
                        gpt[n] = entry = [];
                    entry[key] = string.Join(' ', v[1..]);
                    break;
            }
        }
        foreach (Dictionary<string, string> entry in gpt.Values)
        {
            string name = entry.GetValueOrDefault("GPT partname local", "");
            if (onlyXorrisoHas.Contains(name))
                continue;
            bool coversAFile = name == "EFI boot partition" || (name.StartsWith("ISOHybrid", StringComparison.Ordinal) && name != "ISOHybrid");
            lines.Add($"GPT: {name} {entry.GetValueOrDefault("GPT type GUID")} {entry.GetValueOrDefault("GPT partition flags")}"
                + (coversAFile ? " " + entry.GetValueOrDefault("GPT partition path") : ""));
        }
        return lines;
    }

    private static void Boots(string image, string mode, bool readsIso)
    {
        var env = new Dictionary<string, string?> { ["REQUIRE_ISOFS"] = readsIso ? "1" : "0" };
        ToolResult r = ExternalTool.Run("bash", [Path.Combine(Repository.Root, "tests", "boot", "boot-check.sh"), image, mode, "ISOBOOT", "90"],
            environment: env, timeout: TimeSpan.FromMinutes(3));
        Assert.True(r.ExitCode == 0, $"{Path.GetFileName(image)} did not boot as {mode}:\n{r.AllOutput}");
    }
}
