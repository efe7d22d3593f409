using IsoBuild.Options;
using IsoBuild.Reading;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Boot;

/// <summary>
/// Two IsoBuild images made with one SOURCE_DATE_EPOCH attached to one QEMU machine: a GRUB image whose config finds
/// its root with <c>search --fs-uuid</c> (as grub-mkrescue's do) and a data image (a seed). GRUB must read the boot
/// image's /marker.txt in either attachment order, under UEFI (both CD-ROMs) and BIOS (the data image as a hard
/// disk, which GRUB searches before the CD-ROM). Images that shared a UUID would send it to the wrong one: the control
/// gives the data image the boot image's UUID and sees exactly that. One class, so boots run one after another.
/// </summary>
[Trait(Category.Name, Category.External)]
public sealed class UuidBootTests : IClassFixture<UuidBootTests.Payloads>
{
    private const string SourceDateEpoch = "1700000000";
    private const string ExplicitUuid = "2024-05-01-12-34-56-78";
    private static readonly string[] Orders = ["boot-first", "other-first"];
    private static readonly string[] Modes = ["uefi-cdrom", "bios-cdrom"];
    private readonly Payloads _payloads;

    public UuidBootTests(Payloads payloads) => _payloads = payloads;

    /// <summary>tests/boot/make-uuid-payloads.sh, run once, and the trees of the images.</summary>
    public sealed class Payloads : IDisposable
    {
        public Payloads()
        {
            ExternalTool.Require("grub-mkimage");
            ExternalTool.Require("qemu-system-x86_64");
            ExternalTool.Run("bash", Path.Combine(Repository.Root, "tests", "boot", "make-uuid-payloads.sh"), Dir.Path).EnsureSuccess();
            // The boot image's GRUB config, as grub-mkrescue writes it: find the root by UUID, then read from it.
            // $self is the UUID of the volume GRUB started from (probe --fs-uuid); a literal one works the same.
            BootTree("boot-self", "$self");
            BootTree("boot-literal", ExplicitUuid);
            string data = Dir.CreateDirectory("data");
            File.WriteAllText(Path.Combine(data, "marker.txt"), "MARKER-DATA\n");
            // A few MiB, so BIOS describes the hard disk with at least one cylinder and GRUB lists it.
            File.WriteAllBytes(Path.Combine(data, "seed.bin"), new byte[3 << 20]);
        }

        public TempDirectory Dir { get; } = new("uuid-boot");

        private void BootTree(string name, string uuid)
        {
            string grub = Dir.CreateDirectory(name, "boot", "grub");
            File.Copy(Dir.Combine("eltorito.img"), Path.Combine(grub, "eltorito.img"));
            File.WriteAllText(Path.Combine(grub, "uuid.cfg"),
                $"search --no-floppy --fs-uuid --set=root {uuid}\necho UUIDBOOT-ROOT=$root\ncat /marker.txt\necho UUIDBOOT-DONE\nhalt\n");
            File.WriteAllText(Dir.Combine(name, "marker.txt"), "MARKER-BOOT\n");
        }

        public void Dispose() => Dir.Dispose();
    }

    /// <summary>Packs a tree as <c>dotnet iso pack</c> does with SOURCE_DATE_EPOCH set.</summary>
    private string Pack(string tree, string name, bool boots, string? volumeUuid = null)
    {
        string output = _payloads.Dir.Combine(name);
        Images.Pack(_payloads.Dir.Combine(tree), output, s => ImageOptions.Apply(s, o => o.CliName switch
        {
            "--bios-boot" when boots => "boot/grub/eltorito.img",
            "--boot-info-table" or "--grub2-boot-info" when boots => "true",
            "--efi-boot-dir" when boots => _payloads.Dir.Combine("efi"),
            "--volume-uuid" => volumeUuid,
            _ => null,
        }, new ImageOptionContext(_payloads.Dir.Path, FrontDoor.CommandLine, SourceDateEpoch)));
        return output;
    }

    private static string Blkid(string image) =>
        ExternalTool.Run("blkid", "-p", "-o", "value", "-s", "UUID", image).EnsureSuccess().StandardOutput.Trim();

    /// <summary>Boots <paramref name="boot"/> with <paramref name="other"/> attached; returns the marker GRUB read.</summary>
    private static string MarkerFound(string boot, string other, string order, string mode, string bootUuid)
    {
        ToolResult r = ExternalTool.Run("bash", [Path.Combine(Repository.Root, "tests", "boot", "two-image-boot.sh"), boot, other, order, mode, "150"],
            timeout: TimeSpan.FromMinutes(4));
        string where = $"{Path.GetFileName(boot)} with {Path.GetFileName(other)}, {mode}, {order}";
        Assert.True(r.ExitCode == 0, $"{where}: GRUB did not finish:\n{r.AllOutput}");
        // GRUB computes the boot volume's UUID as blkid and info do.
        Assert.True(r.StandardOutput.Contains($"UUIDBOOT-SELF={bootUuid}", StringComparison.Ordinal), $"{where}: GRUB saw another UUID:\n{r.StandardOutput}");
        bool boot1 = r.StandardOutput.Contains("MARKER-BOOT", StringComparison.Ordinal);
        bool data = r.StandardOutput.Contains("MARKER-DATA", StringComparison.Ordinal);
        Assert.True(boot1 ^ data, $"{where}: expected one marker:\n{r.StandardOutput}");
        return boot1 ? "MARKER-BOOT" : "MARKER-DATA";
    }

    [Fact]
    public void GRUB_finds_its_own_image_by_the_derived_UUID_in_both_attachment_orders()
    {
        string boot = Pack("boot-self", "boot-self.iso", boots: true);
        string data = Pack("data", "data.iso", boots: false);
        string uuid = Blkid(boot);
        Assert.NotEqual(uuid, Blkid(data));
        using (IsoImageReader reader = IsoImageReader.Open(boot))
            Assert.Equal(uuid, reader.Volume.GrubUuid);
        foreach (string mode in Modes)
        {
            foreach (string order in Orders)
                Assert.Equal("MARKER-BOOT", MarkerFound(boot, data, order, mode, uuid));
        }
    }

    [Fact]
    public void GRUB_finds_its_own_image_by_an_explicit_UUID_written_into_its_config_in_both_attachment_orders()
    {
        string boot = Pack("boot-literal", "boot-literal.iso", boots: true, volumeUuid: ExplicitUuid);
        string data = Pack("data", "data-2.iso", boots: false);
        Assert.Equal(ExplicitUuid, Blkid(boot));
        foreach (string mode in Modes)
        {
            foreach (string order in Orders)
                Assert.Equal("MARKER-BOOT", MarkerFound(boot, data, order, mode, ExplicitUuid));
        }
    }

    [Fact]
    public void Control_images_that_share_a_UUID_send_GRUB_to_the_wrong_one()
    {
        // What every pair of images made with one timestamp did before UUIDs were derived from the image.
        string boot = Pack("boot-self", "control-boot.iso", boots: true);
        string uuid = Blkid(boot);
        string data = Pack("data", "control-data.iso", boots: false, volumeUuid: uuid);
        Assert.Equal(uuid, Blkid(data));
        // UEFI: GRUB searches the CD-ROMs in attachment order; BIOS: the hard disk before the boot CD-ROM.
        Assert.Equal("MARKER-DATA", MarkerFound(boot, data, "other-first", "uefi-cdrom", uuid));
        Assert.Equal("MARKER-DATA", MarkerFound(boot, data, "boot-first", "bios-cdrom", uuid));
    }
}
