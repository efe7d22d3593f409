using System.Security.Cryptography;
using IsoBuild.Reading;
using IsoBuild.Spec;
using IsoBuild.Testing;

namespace IsoBuild.Tool.Tests;

/// <summary><c>dotnet iso oscdimg</c>: the command lines of Windows-media and WinPE scripts, and what it refuses.</summary>
[Trait(Category.Name, Category.External)]
public class OscdimgCommandTests
{
    /// <summary>A tree shaped like Windows installation media: boot files inside it, a large-ish payload, Unicode names.</summary>
    private static string WindowsMedia(TempDirectory t)
    {
        string media = t.CreateDirectory("media");
        var random = new Random(11);
        void Write(string rel, int size)
        {
            string path = Path.Combine(media, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            byte[] data = new byte[size];
            random.NextBytes(data);
            File.WriteAllBytes(path, data);
        }
        Write("boot/etfsboot.com", 4096);
        Write("boot/bcd", 16384);
        Fat(Path.Combine(media, "efi", "microsoft", "boot", "efisys.bin"));
        Write("efi/boot/bootx64.efi", 70000);
        Write("sources/install.wim", 3 << 20);
        Write("sources/boot.wim", 1 << 20);
        Write("setup.exe", 80000);
        File.WriteAllText(Path.Combine(media, "autorun.inf"), "[AutoRun.Amd64]\r\nopen=setup.exe\r\n");
        Write("sources/ja-jp/セットアップ.dll", 5000);
        return media;
    }

    /// <summary>A 1.44 MB FAT image, as efisys.bin is (the engine checks that a UEFI boot image is FAT).</summary>
    private static void Fat(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ExternalTool.Run("mkfs.vfat", "-C", "-n", "EFISYS", "-i", "0EF15AB5", path, "1440").EnsureSuccess();
    }

    private static SortedDictionary<string, TreeItem> Tree(string image, IsoNamespace? names = null)
    {
        using IsoImageReader reader = IsoImageReader.Open(image, names);
        var items = new SortedDictionary<string, TreeItem>(StringComparer.Ordinal);
        foreach (IsoEntry e in reader.EnumerateDescendants())
        {
            if (e.Kind == EntryKind.Directory)
            {
                items[e.Path.TrimStart('/')] = new TreeItem("dir", null, null, false);
                continue;
            }
            using Stream s = e.OpenRead();
            items[e.Path.TrimStart('/')] = new TreeItem("file", Convert.ToHexString(SHA256.HashData(s)), null, false);
        }
        return items;
    }

    [Fact]
    public async Task The_Windows_media_command_line_makes_a_UDF_primary_image_that_boots_BIOS_at_0x07C0_and_UEFI()
    {
        using var t = new TempDirectory("oscdimg-media");
        string media = WindowsMedia(t);
        string image = t.Combine("win.iso");
        Cli.Result r = await Cli.RunAsync("oscdimg", "-m", "-o", "-u2", "-udfver102", "-lCCCOMA_X64FRE_EN-US_DV9",
            $"-bootdata:2#p0,e,b{media}/boot/etfsboot.com#pEF,e,b{media}/efi/microsoft/boot/efisys.bin", media, image);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("win.iso", r.Output, StringComparison.Ordinal);

        TreeSnapshot.AssertEqual(TreeSnapshot.Take(media, withModes: false), Tree(image), "the image's default tree (UDF)");
        using IsoImageReader reader = IsoImageReader.Open(image);
        Assert.Equal(IsoNamespace.Udf, reader.Namespace);
        Assert.Equal("CCCOMA_X64FRE_EN-US_DV9", reader.Volume.VolumeId);
        Assert.Equal("1.02", reader.Volume.Udf!.Revision);
        Assert.Equal("CCCOMA_X64FRE_EN-US_DV9", reader.Volume.Udf.LogicalVolumeId);
        Assert.False(reader.Volume.RockRidge);
        Assert.Null(reader.Volume.JolietLevel);
        Assert.Equal([UdfSpec.ReadmeName], Tree(image, IsoNamespace.Iso9660).Keys);

        IsoBootCatalog catalog = reader.BootCatalog!;
        Assert.Equal(2, catalog.Entries.Count);
        IsoBootEntry bios = catalog.Entries[0], efi = catalog.Entries[1];
        Assert.Equal((byte)0x00, bios.PlatformId);
        Assert.Equal((ushort)0x07C0, bios.LoadSegment);
        Assert.Equal((ushort)8, bios.SectorCount);
        Assert.Equal(reader.Find("/boot/etfsboot.com")!.Extents[0].Lba, bios.LoadLba);
        Assert.Equal((byte)0xEF, efi.PlatformId);
        Assert.Equal((ushort)2880, efi.SectorCount);
        Assert.Equal(reader.Find("/efi/microsoft/boot/efisys.bin")!.Extents[0].Lba, efi.LoadLba);
        Assert.Empty(IsoImageVerifier.Verify(image));

        ToolResult list = ExternalTool.Run("7zz", "l", image).EnsureSuccess();
        Assert.Contains("Type = Udf", list.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("sources/ja-jp/セットアップ.dll", list.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_image_is_the_one_pack_makes_from_the_same_options()
    {
        using var t = new TempDirectory("oscdimg-pack");
        string media = WindowsMedia(t);
        Cli.Result o = await Cli.RunAsync("oscdimg", "-m", "-o", "-u2", "-udfver102", "-lWIN",
            $"-bootdata:2#p0,e,b{media}/boot/etfsboot.com#pEF,e,b{media}/efi/microsoft/boot/efisys.bin", media, t.Combine("o.iso"));
        Assert.True(o.ExitCode == 0, o.Error);
        Cli.Result p = await Cli.RunAsync("pack", media, "-o", t.Combine("p.iso"), "-V", "WIN", "--udf-primary", "--udf-revision", "1.02",
            "--no-joliet", "--no-rock-ridge", "--follow-symlinks", "--bios-boot", "boot/etfsboot.com", "--boot-load-size", "8",
            "--boot-load-segment", "0x07C0", "--efi-boot", "efi/microsoft/boot/efisys.bin");
        Assert.True(p.ExitCode == 0, p.Error);
        Assert.Equal(File.ReadAllBytes(t.Combine("p.iso")), File.ReadAllBytes(t.Combine("o.iso")));
        // And the same command line twice: the same bytes.
        await Cli.RunAsync("oscdimg", "-m", "-o", "-u2", "-udfver102", "-lWIN",
            $"-bootdata:2#p0,e,b{media}/boot/etfsboot.com#pEF,e,b{media}/efi/microsoft/boot/efisys.bin", media, t.Combine("o2.iso"));
        Assert.Equal(File.ReadAllBytes(t.Combine("o.iso")), File.ReadAllBytes(t.Combine("o2.iso")));
    }

    [Fact]
    public async Task A_WinPE_command_line_with_quoted_backslashed_boot_files_outside_the_media_adds_them_to_the_root()
    {
        using var t = new TempDirectory("oscdimg-winpe");
        string media = t.CreateDirectory("media");
        Directory.CreateDirectory(Path.Combine(media, "sources"));
        File.WriteAllBytes(Path.Combine(media, "sources", "boot.wim"), new byte[100_000]);
        File.WriteAllText(Path.Combine(media, "bootmgr"), "bootmgr");
        string fw = t.CreateDirectory("fwfiles");
        File.WriteAllBytes(Path.Combine(fw, "etfsboot.com"), [.. Enumerable.Range(0, 2048).Select(i => (byte)i)]);
        Fat(Path.Combine(fw, "efisys.bin"));
        // As a cmd or PowerShell script passes it: quotes inside the argument, backslashes.
        string Windowsy(string path) => '"' + path.Replace('/', '\\') + '"';
        Cli.Result r = await Cli.RunAsync("oscdimg", $"-bootdata:2#p0,e,b{Windowsy(Path.Combine(fw, "etfsboot.com"))}#pEF,e,b{Windowsy(Path.Combine(fw, "efisys.bin"))}",
            "-u1", "-udfver102", media, t.Combine("winpe.iso"));
        Assert.True(r.ExitCode == 0, r.Error);
        using IsoImageReader reader = IsoImageReader.Open(t.Combine("winpe.iso"));
        // A bridge: the ISO 9660 tree holds the files too, and is the default tree.
        Assert.Equal(IsoNamespace.Iso9660, reader.Namespace);
        Assert.NotNull(reader.Volume.Udf);
        Assert.Equal(["bootmgr", "efisys.bin", "etfsboot.com", "sources", "sources/boot.wim"], Tree(t.Combine("winpe.iso"), IsoNamespace.Udf).Keys);
        Assert.Equal((ushort)4, reader.BootCatalog!.Entries[0].SectorCount);
        Assert.Equal(reader.Find("/ETFSBOOT.COM")!.Extents[0].Lba, reader.BootCatalog.Entries[0].LoadLba);
    }

    [Fact]
    public async Task Timestamp_labels_Joliet_and_a_UEFI_only_entry_follow_oscdimgs_options()
    {
        using var t = new TempDirectory("oscdimg-options");
        string media = t.CreateDirectory("media");
        File.WriteAllText(Path.Combine(media, "Long File Name.txt"), "x");
        Fat(Path.Combine(media, "efisys.bin"));

        Assert.Equal(0, (await Cli.RunAsync("oscdimg", "-t12/31/2000,15:01:00", "-j1", "-lJOLIET", "-pEF", "-e", "-b" + Path.Combine(media, "efisys.bin"), media, t.Combine("j.iso"))).ExitCode);
        using (IsoImageReader j = IsoImageReader.Open(t.Combine("j.iso")))
        {
            Assert.Equal(IsoNamespace.Joliet, j.Namespace);
            Assert.NotNull(j.Find("/Long File Name.txt"));
            Assert.Null(j.Volume.Udf);
            Assert.Equal(new DateTimeOffset(2000, 12, 31, 15, 1, 0, TimeSpan.Zero), j.Volume.Created);
            IsoBootEntry efi = Assert.Single(j.BootCatalog!.Entries);
            Assert.Equal((byte)0xEF, efi.PlatformId);
        }

        // No -j, no -u: plain ISO 9660, as oscdimg.
        Assert.Equal(0, (await Cli.RunAsync("oscdimg", media, t.Combine("plain.iso"))).ExitCode);
        using IsoImageReader plain = IsoImageReader.Open(t.Combine("plain.iso"));
        Assert.Equal(IsoNamespace.Iso9660, plain.Namespace);
        Assert.Null(plain.Volume.JolietLevel);
        Assert.False(plain.Volume.RockRidge);
        Assert.Null(plain.Volume.Udf);
    }

    [Theory]
    [InlineData("-us")]
    [InlineData("-a")]
    [InlineData("-nt")]
    [InlineData("-k")]
    [InlineData("-x")]
    [InlineData("-w4")]
    [InlineData("-yd")]
    [InlineData("-oi")]
    [InlineData("-jsreadme.txt")]
    [InlineData("-udfver200")]
    [InlineData("-UE")]
    public async Task Options_it_does_not_support_are_usage_errors_that_name_them(string option)
    {
        using var t = new TempDirectory("oscdimg-unsupported");
        string media = t.CreateDirectory("media");
        File.WriteAllText(Path.Combine(media, "a.txt"), "a");
        Cli.Result r = await Cli.RunAsync("oscdimg", "-u2", option, media, t.Combine("x.iso"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"'{option}'", r.Error, StringComparison.Ordinal);
        Assert.Contains("Usage: dotnet iso oscdimg", r.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(t.Combine("x.iso")));
    }

    [Theory]
    [InlineData("-bootdata:3#p0,e,bx#pEF,e,by", "count says")]
    [InlineData("-bootdata:1#p0,e,z1", "'z1'")]
    [InlineData("-bootdata:1#p0,e", "names no boot sector file")]
    [InlineData("-pXYZ", "platform id")]
    [InlineData("-tyesterday", "not a time")]
    [InlineData("-l", "gives no value")]
    public async Task Malformed_options_are_usage_errors(string option, string expected)
    {
        using var t = new TempDirectory("oscdimg-malformed");
        string media = t.CreateDirectory("media");
        Cli.Result r = await Cli.RunAsync("oscdimg", option, media, t.Combine("x.iso"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paths_help_and_floppy_images_are_checked()
    {
        using var t = new TempDirectory("oscdimg-checks");
        string media = t.CreateDirectory("media");
        File.WriteAllBytes(Path.Combine(media, "floppy.img"), new byte[1_474_560]);

        Cli.Result one = await Cli.RunAsync("oscdimg", "-u2", media);
        Assert.Equal(2, one.ExitCode);
        Assert.Contains("SOURCEROOT and TARGETFILE", one.Error, StringComparison.Ordinal);

        Cli.Result help = await Cli.RunAsync("oscdimg", "-?");
        Assert.Equal(0, help.ExitCode);
        foreach (string option in new[] { "-u2", "-udfver102", "-bootdata", "-pID", "-tMM/DD/YYYY", "-j1", "-m", "-o", "-h" })
            Assert.Contains(option, help.Output, StringComparison.Ordinal);

        // Without -e a floppy-sized boot file would be floppy emulation, which IsoBuild does not write.
        Cli.Result floppy = await Cli.RunAsync("oscdimg", "-b" + Path.Combine(media, "floppy.img"), media, t.Combine("f.iso"));
        Assert.Equal(1, floppy.ExitCode);
        Assert.Contains("error ISO0018", floppy.Error, StringComparison.Ordinal);

        Cli.Result missing = await Cli.RunAsync("oscdimg", t.Combine("nowhere"), t.Combine("n.iso"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("error ISO0001", missing.Error, StringComparison.Ordinal);

        // A label IsoBuild cannot record: the engine's coded error.
        Cli.Result label = await Cli.RunAsync("oscdimg", "-lbad/label", media, t.Combine("l.iso"));
        Assert.Equal(1, label.ExitCode);
        Assert.Contains("error ISO0005", label.Error, StringComparison.Ordinal);
    }
}
