using System.Security.Cryptography;
using System.Text;
using IsoBuild.Spec;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Golden;

/// <summary>
/// The exact bytes of images of fixed inputs and options, one per feature: any change to what IsoBuild writes shows
/// up here as a changed SHA-256, so a change of the engine's shape that must not change images is checked byte for
/// byte, and a change that does is made knowingly (update the hash and say why in the commit).
/// </summary>
public class GoldenImageTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "plain", "48069f3d167c26d73aeba01fd15ac4c757bb9913ec67728c4e47092ea10560ac" },
        { "no-joliet", "166462828ccf78b30f03eaeb61e93e8064cfc499defa7968d9b3f6f39fb3295c" },
        { "no-rock-ridge", "63d3f653407eabbd79241bad9806464b8da21f960489de70f57037c9f257040b" },
        { "level-1", "f85e8f25132250c12f4cae524e0d79977a5c19e35f5e2a67cb06e11512ed8a0d" },
        { "level-2", "48069f3d167c26d73aeba01fd15ac4c757bb9913ec67728c4e47092ea10560ac" },
        { "ids-and-date", "30ca78b507b0102c4c3959876e6a87f92888878401dddfb13bc2353362176457" },
        { "deep-and-long-names", "9f7bfdcfd600b05a42ca6efcd2dfc76c4e1c7b2692c91778da4fe45209ee0579" },
        { "links-and-modes", "05b3a81e236d142a4cc69486f17c7d8ecc56a70d56b07b88e87c0f70318abb82" },
        { "bios-boot-info-table", "33a61cf64c01abf06da5c87290b8c0bb3ef11688610c6ecb00dad3b0dd664e65" },
        { "bios-and-efi-hybrid-gpt", "7d0e9cce2c3b605b2b2050753521c8a20e04ce69c5d8e0f1fe231ac1380d8ff2" },
        { "isohybrid-mbr", "6cf176c6bf06a4799f25ec61468725598ec90d6f0fff58a77b4898f36b1e32c1" },
        { "efi-only-gpt", "9531747afac79ea8da41c4386987bc72369831f36505850dcece8f74d68a60f0" },
        { "empty", "b4c24762aafa29ca4c586e0d9833023c071e628636ef3303b0848e569918ea16" },
        { "zisofs", "7cbab80310d3cb8b5c7ed9b8813a5742456a894cf7a354973090b78df13aff5d" },
        { "zisofs-128k-excluded", "4abad25b41a0bab12a7c1348e0b15b91c01593e0a1ab6af707424643ddc88243" },
        { "identical-files", "4aa3caec7ef0f7477a0c29ef2b7df732cbb071272413bb84a1d0c002845bd528" },
        { "identical-files-kept-apart", "cdc7ab4e193b767bf20b4358716e636d76886115fec5d7a67660801ade471dad" },
        { "md5-records", "bbcca0101ade893fd649563ac267e40a4c2ca9f92324e0c7a1b530a8a1defaea" },
        { "isomd5sum", "ccf60bb0e2bbb5a895f3008b2f1fcf65af3c6a9bb4a65333dff30fe1d24d4017" },
        { "compressed-checksummed-hybrid", "793701ed43f499c3177362c8caf58770906848630427e4dd5a60ee50e9c02420" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Images_of_fixed_inputs_keep_their_bytes(string name, string expected)
    {
        using var t = new TempDirectory("golden");
        ImageSpec spec = Spec(name, t);
        string output = t.Combine(name + ".iso");
        IsoImageBuilder.Build(spec, output);
        string actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(output)));
        Assert.True(expected == actual, $"{name}: the image's SHA-256 is {actual}, the pinned one {expected}");
    }

    /// <summary>A tree with text, binary, empty and executable files, Unicode and look-alike names, nested directories.</summary>
    private static ImageSpecBuilder Tree()
    {
        var builder = new ImageSpecBuilder("/");
        byte[] binary = new byte[70_000];
        new Random(42).NextBytes(binary);
        builder.AddBytes("README.txt", Encoding.UTF8.GetBytes("A golden image.\n"));
        builder.AddBytes("bin/tool", Encoding.UTF8.GetBytes("#!/bin/sh\necho tool\n"), executable: true);
        builder.AddBytes("data/blob.bin", binary);
        builder.AddBytes("data/empty", Array.Empty<byte>());
        builder.AddBytes("data/Ünïcödé – names.txt", Encoding.UTF8.GetBytes("unicode"));
        builder.AddBytes("data/same-name-1.txt", new byte[] { 1 });
        builder.AddBytes("data/same-name-2.txt", new byte[] { 2 });
        builder.AddBytes("data/SAME_NAME_1.TXT", new byte[] { 3 });
        builder.AddDirectory("empty-dir");
        for (int i = 0; i < 40; i++)
            builder.AddBytes($"many/file-{i:D3}.dat", Encoding.UTF8.GetBytes(new string((char)('a' + i % 26), i * 97)));
        return builder;
    }

    private static ImageSpec Spec(string name, TempDirectory t)
    {
        ImageSpec Base() => Tree().Build();
        byte[] bootImage = new byte[4096];
        for (int i = 0; i < bootImage.Length; i++)
            bootImage[i] = (byte)(i * 7);
        ImageSpec WithBoot(ImageSpec spec) => spec with { Entries = [.. spec.Entries, new ImageEntry("boot/boot.img", EntryKind.File, ContentSource.FromBytes(bootImage))] };
        string efiDir = t.CreateDirectory("efi", "EFI", "BOOT");
        File.WriteAllBytes(Path.Combine(efiDir, "BOOTX64.EFI"), Encoding.UTF8.GetBytes(new string('E', 5000)));
        string mbr = t.Combine("mbr.bin");
        File.WriteAllBytes(mbr, [.. Enumerable.Range(0, 440).Select(i => (byte)(i ^ 0x5A))]);
        // Copies of files of the tree under other names: the blob twice more, a text file once more.
        ImageSpec WithCopies(ImageSpec spec)
        {
            ImageEntry blob = spec.Entries.Single(e => e.Path == "data/blob.bin");
            ImageEntry text = spec.Entries.Single(e => e.Path == "many/file-039.dat");
            return spec with
            {
                Entries = [.. spec.Entries, blob with { Path = "copies/blob-1.bin" }, blob with { Path = "copies/blob-2.bin" }, text with { Path = "copies/text.dat" }],
            };
        }
        ImageSpec WithEfi(ImageSpec spec) => spec with
        {
            Entries = [.. spec.Entries, new ImageEntry("efiboot.img", EntryKind.File, FatImageContent.FromDirectory(t.Combine("efi"), spec.Timestamp))],
        };
        return name switch
        {
            "plain" => Base(),
            "no-joliet" => Base() with { Joliet = false },
            "no-rock-ridge" => Base() with { RockRidge = false },
            "level-1" => Base() with { IsoLevel = 1 },
            "level-2" => Base() with { IsoLevel = 2 },
            "ids-and-date" => Base() with { VolumeId = "GOLDEN_1", Publisher = "The Publisher", DataPreparer = "The Preparer", Timestamp = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000) },
            "deep-and-long-names" => new ImageSpecBuilder("/")
                .AddBytes(string.Join('/', Enumerable.Range(0, 12).Select(i => $"level-{i}-" + new string('x', 30))) + "/deep.txt", new byte[] { 1, 2, 3 })
                .AddBytes(new string('n', 200) + ".txt", new byte[] { 4 })
                .AddBytes("a-name-longer-than-sixty-four-characters-which-joliet-must-truncate-somewhere.txt", new byte[] { 5 })
                .Build(),
            "links-and-modes" => Tree().AddSymlink("link-to-readme", "README.txt").AddSymlink("dangling", "../nowhere/" + new string('z', 300)).Build(),
            "bios-boot-info-table" => WithBoot(Base()) with { Boot = new BootSpec { BiosImage = "boot/boot.img", BootInfoTable = true, Grub2BootInfo = true } },
            "bios-and-efi-hybrid-gpt" => WithEfi(WithBoot(Base())) with
            {
                Boot = new BootSpec { BiosImage = "boot/boot.img", BootInfoTable = true, EfiImage = "efiboot.img", Grub2Mbr = mbr, Gpt = true },
            },
            "isohybrid-mbr" => WithBoot(Base()) with { Boot = new BootSpec { BiosImage = "boot/boot.img", BootInfoTable = true, HybridMbr = mbr } },
            "efi-only-gpt" => WithEfi(Base()) with { Boot = new BootSpec { EfiImage = "efiboot.img", Gpt = true, CatalogPath = "boot/efi.cat" } },
            "empty" => new ImageSpecBuilder("/").Build(),
            "zisofs" => Base() with { Zisofs = new ZisofsSpec() },
            "zisofs-128k-excluded" => Base() with { Zisofs = new ZisofsSpec { BlockSize = 128 * 1024, Exclude = ["*.bin", "many/file-03?.dat"] } },
            "identical-files" => WithCopies(Base()),
            "identical-files-kept-apart" => WithCopies(Base()) with { Deduplicate = false },
            "md5-records" => WithCopies(Base()) with { Md5 = true },
            "isomd5sum" => Base() with { ImplantMd5 = true },
            "compressed-checksummed-hybrid" => WithCopies(WithEfi(WithBoot(Base()))) with
            {
                Zisofs = new ZisofsSpec(),
                Md5 = true,
                Boot = new BootSpec { BiosImage = "boot/boot.img", BootInfoTable = true, EfiImage = "efiboot.img", Grub2Mbr = mbr, Gpt = true },
            },
            _ => throw new ArgumentException(name),
        };
    }
}
