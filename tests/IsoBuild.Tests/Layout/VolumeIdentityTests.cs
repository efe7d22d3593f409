using System.Buffers.Binary;
using System.Text;
using IsoBuild.Editing;
using IsoBuild.Iso9660;
using IsoBuild.Layout;
using IsoBuild.Options;
using IsoBuild.Reading;
using IsoBuild.Spec;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Layout;

/// <summary>
/// The ids readers tell volumes apart by — the volume UUID (the modification date), the hybrid MBR disk signature,
/// the GPT GUIDs, the FAT serial of a generated EFI image — differ between different images and are equal for equal
/// inputs; an explicit UUID is honoured; readers see the UUID as blkid and GRUB do.
/// </summary>
public class VolumeIdentityTests
{
    private static readonly DateTimeOffset Epoch = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private static ImageSpecBuilder Tree(string readme = "readme.txt", int readmeLength = 10, bool executable = false, string linkTarget = "readme.txt")
    {
        var builder = new ImageSpecBuilder("/");
        builder.AddBytes(readme, new byte[readmeLength]);
        builder.AddBytes("bin/tool", Encoding.ASCII.GetBytes("#!/bin/sh\n"), executable);
        builder.AddBytes("data/blob.bin", new byte[5000]);
        builder.AddSymlink("link", linkTarget);
        return builder;
    }

    private static ImageSpec Spec(ImageSpecBuilder builder) => builder.Build() with { Timestamp = Epoch };

    private static byte[] Image(ImageSpec spec)
    {
        using var stream = new MemoryStream();
        IsoImageBuilder.Write(spec, stream);
        return stream.ToArray();
    }

    private static IsoVolumeInfo Volume(byte[] image)
    {
        using IsoImageReader reader = IsoImageReader.Open(new MemoryStream(image));
        return reader.Volume;
    }

    private static string UuidOf(ImageSpec spec) => ImageLayout.Create(spec).VolumeUuid.ToString();

    [Fact]
    public void The_derived_UUID_is_the_timestamp_plus_less_than_a_minute_and_every_other_date_stays_the_timestamp()
    {
        byte[] image = Image(Spec(Tree()));
        IsoVolumeInfo v = Volume(image);
        DateTimeOffset modified = VolumeUuid.Parse(v.Uuid!).Date;
        Assert.InRange(modified, Epoch, Epoch.AddSeconds(60).AddTicks(-1));
        Assert.Equal(Epoch, v.Created);
        Assert.Equal(Epoch, v.Effective);
        Assert.Null(v.Expires);
        Assert.Equal(v.Uuid, v.GrubUuid);
        Assert.Equal(UuidOf(Spec(Tree())), v.Uuid);
        // Directory records and Rock Ridge times keep the timestamp: the modification date's digits appear only in
        // the two volume descriptors.
        using IsoImageReader reader = IsoImageReader.Open(new MemoryStream(image));
        Assert.All(reader.EnumerateDescendants().Where(e => e.Kind == EntryKind.File), e => Assert.Equal(Epoch, e.ModifiedTime));
        byte[] digits = Encoding.ASCII.GetBytes(v.Uuid!.Replace("-", "", StringComparison.Ordinal));
        Assert.Equal([16 * 2048 + VolumeDescriptor.ModificationDateOffset, 17 * 2048 + VolumeDescriptor.ModificationDateOffset], Occurrences(image, digits));
    }

    [Fact]
    public void The_rule_is_the_identity_hash_bytes_24_to_27_modulo_6000_in_hundredths()
    {
        ImageLayout layout = ImageLayout.Create(Spec(Tree()));
        uint pick = BinaryPrimitives.ReadUInt32LittleEndian(layout.IdentityHash.AsSpan(24)) % 6000;
        Assert.Equal(Epoch.AddMilliseconds(pick * 10), layout.VolumeUuid.Date);
    }

    private static readonly string[] VariantNames =
    [
        "baseline", "file added", "file renamed", "size changed", "executable bit", "link target", "empty directory", "volume id",
        "publisher", "data preparer", "iso level", "no joliet", "no rock ridge", "timestamp", "bios boot",
    ];

    public static TheoryData<string> Variants => new(VariantNames);

    private static ImageSpec Variant(string name) => name switch
    {
        "baseline" => Spec(Tree()),
        "file added" => Spec(Tree().AddBytes("extra.txt", new byte[] { 1 })),
        "file renamed" => Spec(Tree(readme: "README.txt")),
        "size changed" => Spec(Tree(readmeLength: 11)),
        "executable bit" => Spec(Tree(executable: true)),
        "link target" => Spec(Tree(linkTarget: "bin/tool")),
        "empty directory" => Spec(Tree().AddDirectory("empty")),
        "volume id" => Spec(Tree()) with { VolumeId = "OTHER" },
        "publisher" => Spec(Tree()) with { Publisher = "Someone" },
        "data preparer" => Spec(Tree()) with { DataPreparer = "Someone" },
        "iso level" => Spec(Tree()) with { IsoLevel = 2 },
        "no joliet" => Spec(Tree()) with { Joliet = false },
        "no rock ridge" => Spec(new ImageSpecBuilder("/").AddBytes("readme.txt", new byte[10]).AddBytes("bin/tool", Encoding.ASCII.GetBytes("#!/bin/sh\n"))
            .AddBytes("data/blob.bin", new byte[5000])) with { RockRidge = false },
        "timestamp" => Spec(Tree()) with { Timestamp = Epoch.AddSeconds(1) },
        "bios boot" => Spec(Tree().AddBytes("boot/boot.img", new byte[2048])) with { Boot = new BootSpec { BiosImage = "boot/boot.img" } },
        _ => throw new ArgumentException(name),
    };

    [Fact]
    public void Images_that_differ_in_anything_the_layout_sees_get_different_UUIDs()
    {
        var uuids = VariantNames.Select(v => (Name: v, Uuid: UuidOf(Variant(v)))).ToList();
        foreach (var group in uuids.GroupBy(u => u.Uuid).Where(g => g.Count() > 1))
            Assert.Fail($"{string.Join(", ", group.Select(g => g.Name))} share the UUID {group.Key}");
        // The "no rock ridge" variant has no link, so compare it with the same tree with Rock Ridge too.
        ImageSpec noLink = Variant("no rock ridge") with { RockRidge = true };
        Assert.NotEqual(UuidOf(noLink), UuidOf(Variant("no rock ridge")));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Equal_inputs_give_equal_UUIDs_whatever_order_the_entries_come_in(string variant)
    {
        ImageSpec spec = Variant(variant);
        Assert.Equal(UuidOf(spec), UuidOf(spec with { Entries = [.. spec.Entries.Reverse()] }));
        Assert.Equal(UuidOf(spec), UuidOf(Variant(variant)));
        Assert.Equal(UuidOf(spec), Volume(Image(spec)).Uuid);
    }

    [Fact]
    public void Derived_UUIDs_spread_over_the_6000_hundredths_of_the_minute()
    {
        // 1,000 trees that differ in one name: with 6,000 equally likely values about 921 distinct UUIDs are
        // expected (6000 · (1 − e^(−1/6))); a derivation that used a few of them would fall far short.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < 1000; i++)
            seen.Add(UuidOf(new ImageSpecBuilder("/").AddBytes($"seed-{i}/user-data", new byte[100]).Build()));
        Assert.InRange(seen.Count, 880, 960);
        Assert.All(seen, u => Assert.StartsWith("1980-01-01-00-00-", u, StringComparison.Ordinal));
    }

    [Fact]
    public void An_explicit_UUID_is_written_to_both_descriptors_and_changes_no_other_date()
    {
        VolumeUuid uuid = VolumeUuid.Parse("2024-05-01-12-34-56-78");
        foreach (ImageSpec spec in new[] { Spec(Tree()) with { VolumeUuid = uuid }, Variant("no rock ridge") with { VolumeUuid = uuid } })
        {
            byte[] image = Image(spec);
            IsoVolumeInfo v = Volume(image);
            Assert.Equal("2024-05-01-12-34-56-78", v.Uuid);
            Assert.Equal("2024-05-01-12-34-56-78", v.GrubUuid);
            Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 34, 56, 780, TimeSpan.Zero), v.Modified);
            Assert.Equal(Epoch, v.Created);
            Assert.Equal(Epoch, v.Effective);
            Assert.Equal("2024050112345678\0"u8.ToArray(), image.AsSpan(16 * 2048 + VolumeDescriptor.ModificationDateOffset, 17).ToArray());
            Assert.Equal("2024050112345678\0"u8.ToArray(), image.AsSpan(17 * 2048 + VolumeDescriptor.ModificationDateOffset, 17).ToArray());
        }
        // An explicit UUID is part of the image's identity: the disk ids follow it too.
        Assert.NotEqual(ImageLayout.Create(Spec(Tree())).IdentityHash, ImageLayout.Create(Spec(Tree()) with { VolumeUuid = uuid }).IdentityHash);
    }

    [Fact]
    public void Readers_UUIDs_follow_blkid_and_GRUB_on_other_writers_descriptors()
    {
        byte[] rockRidge = Image(Spec(Tree()));
        byte[] plain = Image(Variant("no rock ridge"));
        int pvd = 16 * 2048, joliet = 17 * 2048;
        byte[] Patched(byte[] image, int descriptor, int field, string date, byte offset = 0)
        {
            byte[] copy = (byte[])image.Clone();
            Encoding.ASCII.GetBytes(date).CopyTo(copy, descriptor + field);
            copy[descriptor + field + 16] = offset;
            return copy;
        }
        string created = Volume(rockRidge).Created!.Value.ToString("yyyy-MM-dd-HH-mm-ss", System.Globalization.CultureInfo.InvariantCulture) + "-00";

        // Modification date "not specified": blkid takes the creation date, GRUB prints the zeros.
        IsoVolumeInfo unset = Volume(Patched(rockRidge, pvd, VolumeDescriptor.ModificationDateOffset, "0000000000000000"));
        Assert.Equal(created, unset.Uuid);
        Assert.Equal("0000-00-00-00-00-00-00", unset.GrubUuid);
        // Zeros with an offset are a date to blkid.
        Assert.Equal("0000-00-00-00-00-00-00", Volume(Patched(rockRidge, pvd, VolumeDescriptor.ModificationDateOffset, "0000000000000000", offset: 4)).Uuid);
        // Both dates not specified: blkid finds no UUID.
        byte[] neither = Patched(Patched(rockRidge, pvd, VolumeDescriptor.ModificationDateOffset, "0000000000000000"), pvd, VolumeDescriptor.CreationDateOffset, "0000000000000000");
        Assert.Null(Volume(neither).Uuid);
        // Zero bytes: GRUB finds no UUID.
        byte[] zeroBytes = (byte[])rockRidge.Clone();
        Array.Clear(zeroBytes, pvd + VolumeDescriptor.ModificationDateOffset, 17);
        Assert.Null(Volume(zeroBytes).GrubUuid);

        // Without Rock Ridge GRUB mounts the Joliet descriptor and takes its date; with Rock Ridge, the primary's.
        IsoVolumeInfo plainJoliet = Volume(Patched(plain, joliet, VolumeDescriptor.ModificationDateOffset, "2001020304050607"));
        Assert.Equal("2001-02-03-04-05-06-07", plainJoliet.GrubUuid);
        Assert.Equal(Volume(plain).Uuid, plainJoliet.Uuid);
        IsoVolumeInfo rrJoliet = Volume(Patched(rockRidge, joliet, VolumeDescriptor.ModificationDateOffset, "2001020304050607"));
        Assert.Equal(rrJoliet.Uuid, rrJoliet.GrubUuid);
    }

    [Fact]
    public void Hybrid_disk_ids_and_the_EFI_image_serial_differ_between_images_and_not_between_equal_inputs()
    {
        using var t = new TempDirectory("identity");
        byte[] Hybrid(string payload, string efiText)
        {
            string efi = t.CreateDirectory("efi-" + efiText, "EFI", "BOOT");
            File.WriteAllText(Path.Combine(efi, "BOOTX64.EFI"), efiText);
            ImageSpec spec = Spec(Tree().AddBytes("boot/boot.img", new byte[2048]).AddBytes(payload, new byte[] { 1, 2, 3 }));
            spec = spec with
            {
                Entries = [.. spec.Entries, new ImageEntry("efi.img", EntryKind.File, FatImageContent.FromDirectory(t.Combine("efi-" + efiText), spec.Timestamp))],
                Boot = new BootSpec { BiosImage = "boot/boot.img", EfiImage = "efi.img", Grub2Mbr = null, HybridMbr = null, Gpt = true },
            };
            return Image(spec);
        }
        (uint Signature, Guid Disk, Guid Partition, uint FatSerial, string Uuid) Ids(byte[] image)
        {
            using IsoImageReader reader = IsoImageReader.Open(new MemoryStream(image));
            byte[] fat = new byte[64];
            using (Stream s = reader.Find("/efi.img")!.OpenRead())
                s.ReadExactly(fat);
            return (BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(440)),
                new Guid(image.AsSpan(512 + 56, 16)),
                new Guid(image.AsSpan(1024 + 16, 16)),
                BinaryPrimitives.ReadUInt32LittleEndian(fat.AsSpan(39)),
                reader.Volume.Uuid!);
        }
        var a = Ids(Hybrid("a.txt", "EFI-A"));
        var again = Ids(Hybrid("a.txt", "EFI-A"));
        var b = Ids(Hybrid("b.txt", "EFI-BB"));
        Assert.Equal(a, again);
        Assert.NotEqual(a.Signature, b.Signature);
        Assert.NotEqual(a.Disk, b.Disk);
        Assert.NotEqual(a.Partition, b.Partition);
        Assert.NotEqual(a.FatSerial, b.FatSerial);
        Assert.NotEqual(a.Uuid, b.Uuid);
        Assert.NotEqual(0u, a.Signature);
        Assert.All(new[] { a.Disk, a.Partition, b.Disk, b.Partition }, g => Assert.Equal(4, g.Version));
    }

    [Fact]
    public void An_edited_image_keeps_its_base_s_UUID_unless_told_otherwise()
    {
        using var t = new TempDirectory("identity-edit");
        string baseImage = t.Combine("base.iso");
        IsoImageBuilder.Build(Spec(Tree()) with { VolumeUuid = VolumeUuid.Parse("2019-07-06-05-04-03-02") }, baseImage);

        ImageSpec Edited(string? option)
        {
            var builder = new ImageSpecBuilder(t.Path);
            builder.AddBaseImage(baseImage);
            builder.AddBytes("added.txt", new byte[] { 42 });
            return ImageOptions.Apply(builder.Build(), o => o == ImageOptions.VolumeUuid ? option : null, new ImageOptionContext(t.Path, FrontDoor.CommandLine));
        }
        Assert.Equal("2019-07-06-05-04-03-02", Edited(null).VolumeUuid?.ToString());
        Assert.Equal("2019-07-06-05-04-03-02", Volume(Image(Edited(null))).Uuid);
        Assert.Equal("2030-01-01-00-00-00-00", Volume(Image(Edited("2030-01-01-00-00-00-00"))).Uuid);
        ImageSpec auto = Edited("auto");
        Assert.Null(auto.VolumeUuid);
        Assert.Equal(UuidOf(auto), Volume(Image(auto)).Uuid);
        Assert.NotEqual("2019-07-06-05-04-03-02", Volume(Image(auto)).Uuid);
    }

    [Fact]
    public void The_option_parses_in_the_door_s_words_with_ISO0020()
    {
        ImageSpec spec = new ImageSpecBuilder("/").Build();
        foreach ((FrontDoor door, string expected) in new[] { (FrontDoor.CommandLine, "The --volume-uuid 'soon'"), (FrontDoor.MSBuild, "The VolumeUuid 'soon'") })
        {
            IsoBuildException e = Assert.Throws<IsoBuildException>(() =>
                ImageOptions.Apply(spec, o => o == ImageOptions.VolumeUuid ? "soon" : null, new ImageOptionContext("/", door)));
            Assert.Equal(ErrorCodes.InvalidVolumeUuid, e.Code);
            Assert.StartsWith(expected, Wording.Format(e, door), StringComparison.Ordinal);
        }
        Assert.Equal("2024-05-01-12-00-00-42",
            ImageOptions.Apply(spec, o => o == ImageOptions.VolumeUuid ? "2024050112000042" : null, new ImageOptionContext("/", FrontDoor.MSBuild)).VolumeUuid?.ToString());
        Assert.Null(ImageOptions.Apply(spec with { VolumeUuid = VolumeUuid.Parse("2024050112000042") },
            o => o == ImageOptions.VolumeUuid ? "AUTO" : null, new ImageOptionContext("/", FrontDoor.MSBuild)).VolumeUuid);
    }

    [Fact]
    public void Diff_reports_a_changed_UUID_once()
    {
        byte[] a = Image(Spec(Tree()));
        byte[] b = Image(Spec(Tree()) with { VolumeUuid = VolumeUuid.Parse("2024-05-01-12-00-00-42") });
        using IsoImageReader ra = IsoImageReader.Open(new MemoryStream(a));
        using IsoImageReader rb = IsoImageReader.Open(new MemoryStream(b));
        IsoPropertyChange change = Assert.Single(IsoImageComparer.Compare(ra, rb).Volume);
        Assert.Equal(new IsoPropertyChange("uuid", ra.Volume.Uuid!, "2024-05-01-12-00-00-42"), change);
        using IsoImageReader again = IsoImageReader.Open(new MemoryStream(Image(Spec(Tree()))));
        Assert.True(IsoImageComparer.Compare(ra, again).AreSame);
    }

    private static List<int> Occurrences(byte[] data, byte[] pattern)
    {
        var found = new List<int>();
        for (int i = data.AsSpan().IndexOf(pattern); i >= 0; i = data.AsSpan(i + 1).IndexOf(pattern) is int n and >= 0 ? i + 1 + n : -1)
            found.Add(i);
        return found;
    }
}
