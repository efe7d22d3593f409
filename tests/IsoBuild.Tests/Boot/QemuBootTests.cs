using IsoBuild.Editing;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Boot;

/// <summary>
/// Images boot in QEMU (software emulation): GRUB payloads that print a marker and read /boottest.txt from the
/// image, in BIOS and UEFI firmware, from a CD and from a USB stick. One class, so boots run one after another.
/// </summary>
[Trait(Category.Name, Category.External)]
public sealed class QemuBootTests : IClassFixture<QemuBootTests.Payloads>
{
    private readonly Payloads _payloads;

    public QemuBootTests(Payloads payloads) => _payloads = payloads;

    /// <summary>tests/boot/make-payloads.sh, run once: GRUB (BIOS, UEFI) and isolinux payloads.</summary>
    public sealed class Payloads : IDisposable
    {
        public Payloads()
        {
            ExternalTool.Require("grub-mkimage");
            ExternalTool.Run("bash", Path.Combine(Repository.Root, "tests", "boot", "make-payloads.sh"), Dir.Path).EnsureSuccess();
            string efi = Dir.CreateDirectory("efi-dir", "EFI", "BOOT");
            File.Copy(Dir.Combine("tree", "EFI", "BOOT", "BOOTX64.EFI"), Path.Combine(efi, "BOOTX64.EFI"));
            // GRUB that reads /boottest.txt through its udf module: for images whose ISO 9660 tree is a stub.
            ExternalTool.Run("bash", Path.Combine(Repository.Root, "tests", "boot", "make-payloads.sh"), UdfDir.Path, "ISOBOOT", "udf").EnsureSuccess();
            File.Copy(UdfDir.Combine("efiboot.img"), UdfDir.Combine("tree", "efiboot.img"));
        }

        public TempDirectory Dir { get; } = new("boot");

        public TempDirectory UdfDir { get; } = new("boot-udf");

        public void Dispose()
        {
            Dir.Dispose();
            UdfDir.Dispose();
        }
    }

    private static void Boots(string image, string mode, bool readsIso = true)
    {
        var env = new Dictionary<string, string?> { ["REQUIRE_ISOFS"] = readsIso ? "1" : "0" };
        ToolResult r = ExternalTool.Run("bash", [Path.Combine(Repository.Root, "tests", "boot", "boot-check.sh"), image, mode, "ISOBOOT", "90"],
            environment: env, timeout: TimeSpan.FromMinutes(3));
        Assert.True(r.ExitCode == 0, $"{Path.GetFileName(image)} did not boot as {mode}:\n{r.AllOutput}");
    }

    private string GrubHybrid(string name, params string[] efiOptions)
    {
        string output = _payloads.Dir.Combine(name);
        Images.Pack(_payloads.Dir.Combine("tree"), output, s => IsoBuild.Options.ImageOptions.Apply(s, o => o.CliName switch
        {
            "--bios-boot" => "boot/grub/eltorito.img",
            "--boot-info-table" or "--grub2-boot-info" or "--gpt" => "true",
            "--grub2-mbr" => _payloads.Dir.Combine("boot_hybrid.img"),
            "--efi-boot" => efiOptions.Length > 0 && efiOptions[0] == "file" ? "efiboot.img" : null,
            "--efi-boot-dir" => efiOptions.Length > 0 && efiOptions[0] == "dir" ? _payloads.Dir.Combine("efi-dir") : null,
            _ => null,
        }, new IsoBuild.Options.ImageOptionContext(_payloads.Dir.Path, IsoBuild.Options.FrontDoor.CommandLine)));
        return output;
    }

    [Fact]
    public void A_GRUB_hybrid_image_with_the_EFI_image_as_a_file_boots_in_all_four_modes()
    {
        File.Copy(_payloads.Dir.Combine("efiboot.img"), _payloads.Dir.Combine("tree", "efiboot.img"), overwrite: true);
        try
        {
            string image = GrubHybrid("grub-file.iso", "file");
            foreach (string mode in new[] { "bios-cdrom", "uefi-cdrom", "bios-disk", "uefi-disk" })
                Boots(image, mode);
        }
        finally
        {
            File.Delete(_payloads.Dir.Combine("tree", "efiboot.img"));
        }
    }

    [Fact]
    public void A_GRUB_hybrid_image_with_the_EFI_image_built_from_a_folder_boots_in_all_four_modes()
    {
        string image = GrubHybrid("grub-dir.iso", "dir");
        foreach (string mode in new[] { "bios-cdrom", "uefi-cdrom", "bios-disk", "uefi-disk" })
            Boots(image, mode);
    }

    [Fact]
    public void An_isolinux_hybrid_image_boots_as_CD_and_as_USB_stick()
    {
        string image = _payloads.Dir.Combine("isolinux.iso");
        Images.Pack(_payloads.Dir.Combine("isolinux-tree"), image, s => s with
        {
            Boot = new IsoBuild.Spec.BootSpec { BiosImage = "isolinux/isolinux.bin", BootInfoTable = true, HybridMbr = _payloads.Dir.Combine("isohdpfx.bin") },
        });
        Boots(image, "bios-cdrom", readsIso: false);
        Boots(image, "bios-disk", readsIso: false);
    }

    [Fact]
    public void An_image_without_boot_options_does_not_boot()
    {
        string image = _payloads.Dir.Combine("plain.iso");
        Images.Pack(_payloads.Dir.Combine("tree"), image);
        ToolResult r = ExternalTool.Run("bash", [Path.Combine(Repository.Root, "tests", "boot", "boot-check.sh"), image, "bios-cdrom", "ISOBOOT", "15"]);
        Assert.Equal(1, r.ExitCode);
    }

    [Fact]
    public void Xorriso_gdisk_and_fdisk_see_what_was_meant()
    {
        File.Copy(_payloads.Dir.Combine("efiboot.img"), _payloads.Dir.Combine("tree", "efiboot.img"), overwrite: true);
        string image;
        try
        {
            image = GrubHybrid("structure.iso", "file");
        }
        finally
        {
            File.Delete(_payloads.Dir.Combine("tree", "efiboot.img"));
        }
        string report = ExternalTool.Run("xorriso", "-indev", image, "-report_el_torito", "plain", "-report_system_area", "plain").EnsureSuccess().StandardOutput;
        Assert.Contains("El Torito cat path : /boot.catalog", report, StringComparison.Ordinal);
        Assert.Matches(@"El Torito boot img :\s+1\s+BIOS\s+y\s+none\s+0x0000\s+0x00\s+4\s", report);
        Assert.Matches(@"El Torito boot img :\s+2\s+UEFI\s+y\s+none\s+0x0000\s+0x00\s+2880\s", report);
        Assert.Contains("El Torito img path :   1  /boot/grub/eltorito.img", report, StringComparison.Ordinal);
        Assert.Contains("El Torito img opts :   1  boot-info-table grub2-boot-info", report, StringComparison.Ordinal);
        Assert.Contains("El Torito img path :   2  /efiboot.img", report, StringComparison.Ordinal);
        Assert.Contains("System area summary: MBR protective-msdos-label grub2-mbr cyl-align-off GPT", report, StringComparison.Ordinal);
        Assert.Contains("GPT partition path :   1  /efiboot.img", report, StringComparison.Ordinal);
        Assert.Contains("No problems found", ExternalTool.Run("sgdisk", "-v", image).EnsureSuccess().StandardOutput, StringComparison.Ordinal);
        Assert.Contains("EFI System", ExternalTool.Run("fdisk", "-l", image).EnsureSuccess().StandardOutput, StringComparison.Ordinal);
        // The source boot image is never patched; only its copy in the image is.
        byte[] source = File.ReadAllBytes(_payloads.Dir.Combine("tree", "boot", "grub", "eltorito.img"));
        Assert.All(source.AsSpan(8, 16).ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_bootable_hybrid_image_is_deterministic_across_source_paths_orders_and_mtimes()
    {
        string first = GrubHybrid("det-a.iso", "dir");
        string copy = _payloads.Dir.CreateDirectory("elsewhere", "deeper");
        foreach (string file in Directory.EnumerateFiles(_payloads.Dir.Combine("tree"), "*", SearchOption.AllDirectories).OrderDescending(StringComparer.Ordinal))
        {
            string target = Path.Combine(copy, Path.GetRelativePath(_payloads.Dir.Combine("tree"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            File.SetLastWriteTimeUtc(target, new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));
        }
        string second = _payloads.Dir.Combine("det-b.iso");
        Images.Pack(copy, second, s => IsoBuild.Options.ImageOptions.Apply(s, o => o.CliName switch
        {
            "--bios-boot" => "boot/grub/eltorito.img",
            "--boot-info-table" or "--grub2-boot-info" or "--gpt" => "true",
            "--grub2-mbr" => _payloads.Dir.Combine("boot_hybrid.img"),
            "--efi-boot-dir" => _payloads.Dir.Combine("efi-dir"),
            _ => null,
        }, new IsoBuild.Options.ImageOptionContext(copy, IsoBuild.Options.FrontDoor.CommandLine)));
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    /// <summary>
    /// Remastering: an image made by xorriso from the GRUB payloads (BIOS + UEFI, GRUB hybrid MBR, GPT) gets a file
    /// added; the result boots in every mode the base booted in, and 7-Zip and xorriso see the new file.
    /// </summary>
    [Fact]
    public void Editing_an_xorriso_bootable_hybrid_keeps_its_boot_setup()
    {
        string tree = _payloads.Dir.Combine("tree");
        File.Copy(_payloads.Dir.Combine("efiboot.img"), Path.Combine(tree, "efiboot.img"), overwrite: true);
        string baseImage = _payloads.Dir.Combine("xorriso-base.iso");
        try
        {
            ExternalTool.Run("xorriso", "-as", "mkisofs", "-quiet", "-R", "-J", "-o", baseImage, "-b", "boot/grub/eltorito.img",
                "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table", "--grub2-boot-info", "--grub2-mbr", _payloads.Dir.Combine("boot_hybrid.img"),
                "-eltorito-alt-boot", "-e", "efiboot.img", "-no-emul-boot", "-isohybrid-gpt-basdat", tree).EnsureSuccess();
        }
        finally
        {
            File.Delete(Path.Combine(tree, "efiboot.img"));
        }
        string[] modes = ["bios-cdrom", "uefi-cdrom", "bios-disk", "uefi-disk"];
        foreach (string mode in modes)
            Boots(baseImage, mode);

        File.WriteAllText(_payloads.Dir.Combine("kickstart.cfg"), "# added by a remaster");
        string edited = _payloads.Dir.Combine("edited.iso");
        IsoBuild.Spec.ImageSpec spec = new IsoBuild.Spec.ImageSpecBuilder(_payloads.Dir.Path)
            .AddBaseImage(baseImage).AddGraft("install/kickstart.cfg", "kickstart.cfg").Build();
        Assert.NotNull(spec.Boot);
        IsoImageBuilder.Build(spec, edited);
        foreach (string mode in modes)
            Boots(edited, mode);
        Assert.Contains("install/kickstart.cfg", ExternalTool.Run("7zz", "l", edited).EnsureSuccess().StandardOutput, StringComparison.Ordinal);
        Assert.Contains("'/install/kickstart.cfg'", ExternalTool.Run("xorriso", "-indev", edited, "-find", "/install").EnsureSuccess().StandardOutput, StringComparison.Ordinal);
        string report = ExternalTool.Run("xorriso", "-indev", edited, "-report_el_torito", "plain").EnsureSuccess().StandardOutput;
        Assert.Contains("boot-info-table grub2-boot-info", report, StringComparison.Ordinal);
    }

    private static IsoBuild.Spec.ImageSpec WithOptions(IsoBuild.Spec.ImageSpec spec, string baseDirectory, Dictionary<string, string> options) =>
        IsoBuild.Options.ImageOptions.Apply(spec, o => options.GetValueOrDefault(o.CliName), new IsoBuild.Options.ImageOptionContext(baseDirectory, IsoBuild.Options.FrontDoor.CommandLine));

    /// <summary>
    /// A Windows-media-like image: UDF-primary (the ISO 9660 tree is a README), El Torito BIOS at segment 0x07C0 and
    /// UEFI. GRUB finds /boottest.txt only through UDF, so a boot that prints ISOFS-OK read IsoBuild's UDF.
    /// </summary>
    [Fact]
    public void A_Windows_media_like_UDF_primary_image_boots_BIOS_and_UEFI_and_7_Zip_reads_it_as_UDF()
    {
        string image = _payloads.UdfDir.Combine("windows-like.iso");
        Images.Pack(_payloads.UdfDir.Combine("tree"), image, s => WithOptions(s, _payloads.UdfDir.Path, new()
        {
            ["--udf-primary"] = "true",
            ["--bios-boot"] = "boot/grub/eltorito.img",
            ["--boot-load-segment"] = "0x07C0",
            ["--boot-info-table"] = "true",
            ["--efi-boot"] = "efiboot.img",
        }));
        using (var reader = IsoBuild.Reading.IsoImageReader.Open(image, IsoBuild.Reading.IsoNamespace.Iso9660))
            Assert.Equal(["README.TXT"], reader.Root.GetChildren().Select(e => e.Name));
        Boots(image, "bios-cdrom");
        Boots(image, "uefi-cdrom");
        string list = ExternalTool.Run("7zz", "l", image).EnsureSuccess().StandardOutput;
        Assert.Contains("Type = Udf", list, StringComparison.Ordinal);
        Assert.Contains("boottest.txt", list, StringComparison.Ordinal);
        string report = ExternalTool.Run("xorriso", "-indev", image, "-report_el_torito", "plain").EnsureSuccess().StandardOutput;
        Assert.Matches(@"El Torito boot img :\s+1\s+BIOS\s+y\s+none\s+0x07c0\s+0x00\s+4\s", report);
        Assert.Matches(@"El Torito boot img :\s+2\s+UEFI\s+y\s+none\s+0x0000\s+0x00\s+2880\s", report);
    }

    /// <summary>What the oscdimg door makes of a Windows-media command line (8 sectors at 0x07C0, no boot info table) boots UEFI.</summary>
    [Fact]
    public void An_image_with_oscdimgs_boot_entries_boots_UEFI_through_UDF()
    {
        string image = _payloads.UdfDir.Combine("oscdimg-like.iso");
        Images.Pack(_payloads.UdfDir.Combine("tree"), image, s => WithOptions(s with { Joliet = false, RockRidge = false }, _payloads.UdfDir.Path, new()
        {
            ["--udf-primary"] = "true",
            ["--bios-boot"] = "boot/grub/eltorito.img",
            ["--boot-load-size"] = "8",
            ["--boot-load-segment"] = "0x07C0",
            ["--efi-boot"] = "efiboot.img",
        }));
        Boots(image, "uefi-cdrom");
    }

    /// <summary>UDF beside a GRUB hybrid with a GPT: the UDF areas and the closing anchor keep clear of MBR, GPT and El Torito.</summary>
    [Fact]
    public void A_GRUB_hybrid_image_with_UDF_boots_in_all_four_modes()
    {
        string image = _payloads.Dir.Combine("grub-udf.iso");
        Images.Pack(_payloads.Dir.Combine("tree"), image, s => WithOptions(s, _payloads.Dir.Path, new()
        {
            ["--udf-revision"] = "2.50",
            ["--bios-boot"] = "boot/grub/eltorito.img",
            ["--boot-info-table"] = "true",
            ["--grub2-boot-info"] = "true",
            ["--gpt"] = "true",
            ["--grub2-mbr"] = _payloads.Dir.Combine("boot_hybrid.img"),
            ["--efi-boot-dir"] = _payloads.Dir.Combine("efi-dir"),
        }));
        foreach (string mode in new[] { "bios-cdrom", "uefi-cdrom", "bios-disk", "uefi-disk" })
            Boots(image, mode);
        Assert.Contains("No problems found", ExternalTool.Run("sgdisk", "-v", image).EnsureSuccess().StandardOutput, StringComparison.Ordinal);
        Assert.Empty(IsoBuild.Reading.IsoImageVerifier.Verify(image));
    }
}
