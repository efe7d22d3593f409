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
        { "plain", "02b1bdc51ca2357cfc64d76e1aa5dc15b50a3cf329a8fed5fb2a61202dece915" },
        { "no-joliet", "0e09c2e3238787103141ef2c5c251df4ec7424d23fc285a4c5639206d705e06f" },
        { "no-rock-ridge", "76febd94934018f3a8a61c659a398038fb35061c899f48eabfc2d80b1342f24b" },
        { "level-1", "2cb0e4d0b2e28a642c1b411ebc4591e0e82fe1822ba8ab0c14c432b13391ea6f" },
        { "level-2", "4f5567bb209c0e00679573f6a60fe54302384460a6e1cb5a0fc012a29acbb6c9" },
        { "ids-and-date", "8373634704d851985688f341ff4f75d617c240ba7f0ff5333c94fbd9fb0d41e5" },
        { "deep-and-long-names", "b26ff20b9f564c95a132da14ace8938b828fc2903a25641ed2d1d92c100bbad0" },
        { "links-and-modes", "663b92b6206dcef44a190109093e7df0d4b9b9e544c142b91b2c71cc9bedff54" },
        { "bios-boot-info-table", "79c10f159b60d08c52bcc9077934a0d2f304c948b3897f1bf044730a5881ef85" },
        { "bios-and-efi-hybrid-gpt", "6d4f74703cfa170058fc5a5ad2cb51ab852eccebc4beef863cbdfd3f831678a7" },
        { "isohybrid-mbr", "96a24fd1cd7c602f24e300b7de398b132b71f0cad7aa5a73cbc5ec69a5b83654" },
        { "efi-only-gpt", "f2131bc0a3119c27caec2a014ef8ffe9d45e8afaaa84651ba57d8cf74681aa98" },
        { "empty", "b2f1b3793e7e8ef5f8d01608c8d12e2b2b46d984d9350452167e1b4b09d57149" },
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
            _ => throw new ArgumentException(name),
        };
    }
}
