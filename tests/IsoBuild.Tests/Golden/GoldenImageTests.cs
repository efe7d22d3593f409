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
        { "plain", "8f1277d8a34a8084dcb2711b3e43b2856ba77912620c3f7c91571f7d74bb0110" },
        { "no-joliet", "43d662b0e8b760340a34dd0e0186843380c8e8a74202c19bc44404311f5bc37d" },
        { "no-rock-ridge", "080ec23086e517fcd2377d65e63dd9e04cb2709e445b285d8b7d6470e1ef05c2" },
        { "level-1", "7b6c5642e5dd6350635f25214cc142ef87f34b224f683c18b4d51575a223efb8" },
        { "level-2", "bc3c5d296186ae697f9182f4049714fc1dc0d09218195591fa19ca4e70b9642d" },
        { "ids-and-date", "6a4a4288b48e208ef66ad00c82c384c31812771ec2877766425afd1b649936de" },
        { "deep-and-long-names", "e86086be3e4b6e5b33da94aa43a3e65d840ee535a973fadce2c0bb55f9a4670d" },
        { "links-and-modes", "b4f3357ea5c05d95386fa85b38545332972bad42feadd5d974e6f4fc51ff4d8a" },
        { "bios-boot-info-table", "f51245b07b7889a43457ebae7369d6aa71c80c1fa10805bb2956701d3b251684" },
        { "bios-and-efi-hybrid-gpt", "62abf6543e47d19f01cae6abee5f98fc262f0ab9aedf2a074c31b2e815f77ed7" },
        { "isohybrid-mbr", "44434facba9af15ebade63c0b86daef5613a40bde9aed87017a610493f78b504" },
        { "efi-only-gpt", "a094af1800872069397cb57618c3cccabc898deb3c14d955a81ff3f3a9b04997" },
        { "empty", "645107bc6c52be89b67e62aef439a933d4db26ffb4cf2f36b13610f96f346889" },
        { "zisofs", "4e17b5d1c57bb6d1256ca707458625f9e48d4b1ef68dd6db599d46b8c5557057" },
        { "zisofs-128k-excluded", "f8fb3df333cb662bc5cc183dee2237d636a7d86e779db9805d568001cd95299d" },
        { "identical-files", "61a1a6278db5d6680d2f5f269c817cc5ba00278893817f3d5e48e88c65854430" },
        { "identical-files-kept-apart", "e5e2894aad7b6d117f0f5245c9b73f60c3a8d43abe6e979f504b74d97e11ac69" },
        { "md5-records", "b35dd1281dc7c7155aff255e4037f3d0cf63278c0be0765cbe0aa539de99d089" },
        { "isomd5sum", "c6fa81094eb4f654b97ad3c76d7d99fbfa716f4cde3d16722a0ae93f9ab3b22c" },
        { "compressed-checksummed-hybrid", "6ce3a999691b6907fef5a8e391503da3e1bab4e5dcd85f42095874024476bf6f" },
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
