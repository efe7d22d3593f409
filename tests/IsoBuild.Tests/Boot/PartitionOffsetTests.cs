using System.Buffers.Binary;
using IsoBuild.ElTorito;
using IsoBuild.Hybrid;
using IsoBuild.Iso9660;
using IsoBuild.Layout;
using IsoBuild.Reading;
using IsoBuild.Spec;

namespace IsoBuild.Tests.Boot;

/// <summary>
/// <see cref="SystemAreaSpec.PartitionOffset"/>: the volume a second time as the partition at block 16, with its own
/// descriptors and trees (addresses counted from the partition), read back from the bytes — whole and cut out.
/// </summary>
public class PartitionOffsetTests
{
    private const int Offset = 16;
    private static readonly DateTimeOffset s_time = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private static ImageEntry File(string path, int length, byte fill) =>
        new(path, EntryKind.File, ContentSource.FromBytes(Enumerable.Range(0, length).Select(i => (byte)(fill + i)).ToArray()));

    /// <summary>
    /// A tree whose Rock Ridge entries need continuation areas (a long name, a long link target), an empty file, a
    /// file of several sectors and a boot image with a boot info table.
    /// </summary>
    private static ImageSpec Spec(SystemAreaSpec area, bool md5 = false) => new()
    {
        Timestamp = s_time,
        Md5 = md5,
        Entries =
        [
            File("boot/loader.bin", 5000, 1),
            new ImageEntry("deep/a/b/c", EntryKind.Directory),
            File("deep/a/b/c/" + new string('n', 240), 3000, 7),
            new ImageEntry("empty", EntryKind.File, ContentSource.FromBytes(ReadOnlyMemory<byte>.Empty)),
            new ImageEntry("link", EntryKind.Symlink, LinkTarget: string.Join('/', Enumerable.Repeat("target-directory-name", 30))),
            File("readme.txt", 100, 3),
        ],
        Boot = new BootSpec { BiosImage = "boot/loader.bin", BootInfoTable = true, SystemArea = area },
    };

    private static byte[] Build(ImageSpec spec)
    {
        using var stream = new MemoryStream();
        IsoImageBuilder.Write(spec, stream);
        return stream.ToArray();
    }

    private static VolumeDescriptor Descriptor(byte[] image, uint sector) =>
        VolumeDescriptor.Read(image.AsSpan((int)sector * ImageLayout.SectorSize, ImageLayout.SectorSize), sector);

    private static List<(string Path, EntryKind Kind, string? Link, string Content)> Listing(byte[] image, IsoNamespace names)
    {
        using IsoImageReader reader = IsoImageReader.Open(new MemoryStream(image), names: names);
        var listing = new List<(string, EntryKind, string?, string)>();
        foreach (IsoEntry entry in reader.EnumerateDescendants())
        {
            string content = "";
            if (entry.Kind == EntryKind.File)
            {
                using Stream data = entry.OpenRead();
                using var copy = new MemoryStream();
                data.CopyTo(copy);
                content = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(copy.ToArray()));
            }
            listing.Add((entry.Path, entry.Kind, entry.LinkTarget, content));
        }
        return listing;
    }

    [Fact]
    public void The_partition_has_its_own_descriptors_at_its_block_16_and_no_boot_record()
    {
        ImageSpec spec = Spec(new SystemAreaSpec { PartitionOffset = Offset });
        ImageLayout layout = ImageLayout.Create(spec);
        byte[] image = Build(spec);

        Assert.Equal(VolumeDescriptor.TypePrimary, image[16 * 2048]);
        Assert.True(BootRecord.TryRead(image.AsSpan(17 * 2048, 2048), out _));
        Assert.Equal([VolumeDescriptor.TypePrimary, VolumeDescriptor.TypeSupplementary, (byte)255],
            new[] { 32, 33, 34 }.Select(b => image[b * 2048]));
        Assert.False(BootRecord.TryRead(image.AsSpan(33 * 2048, 2048), out _));
        Assert.All(image.AsSpan(20 * 2048, 12 * 2048).ToArray(), b => Assert.Equal(0, b));

        // As xorriso states them: the first primary descriptor spans the image, its Joliet one the volume, the
        // partition's both the volume from the offset on.
        Assert.Equal(layout.TotalSectors, Descriptor(image, 16).VolumeSpaceSize);
        Assert.Equal(layout.VolumeSectors, Descriptor(image, 18).VolumeSpaceSize);
        Assert.Equal(layout.VolumeSectors - Offset, Descriptor(image, 32).VolumeSpaceSize);
        Assert.Equal(layout.VolumeSectors - Offset, Descriptor(image, 33).VolumeSpaceSize);
        PartitionVolume partition = layout.PartitionVolume!;
        Assert.Equal(partition.Metadata(layout.Root.IsoExtent), Descriptor(image, 32).Root.Extent);
        Assert.Equal(partition.Metadata(layout.IsoPathTableL), Descriptor(image, 32).TypeLPathTable);
        Assert.Equal(partition.Metadata(layout.Root.JolietExtent), Descriptor(image, 33).Root.Extent);
    }

    [Theory]
    [InlineData(IsoNamespace.RockRidge)]
    [InlineData(IsoNamespace.Joliet)]
    [InlineData(IsoNamespace.Iso9660)]
    public void The_partition_cut_out_reads_as_the_same_files_as_the_whole_image(IsoNamespace names)
    {
        byte[] image = Build(Spec(new SystemAreaSpec { PartitionOffset = Offset }));
        byte[] partition = image[(Offset * 2048)..];
        var whole = Listing(image, names);
        Assert.Equal(whole, Listing(partition, names));
        Assert.Contains(whole, e => e.Path.EndsWith("readme.txt", StringComparison.OrdinalIgnoreCase) && e.Content.Length > 0);
        if (names == IsoNamespace.RockRidge)
        {
            Assert.Contains(whole, e => e.Path.EndsWith(new string('n', 240), StringComparison.Ordinal));
            Assert.Contains(whole, e => e.Kind == EntryKind.Symlink && e.Link!.Length > 600);
        }
    }

    [Fact]
    public void Boot_addresses_stay_absolute_and_the_image_is_the_same_twice()
    {
        ImageSpec spec = Spec(new SystemAreaSpec { PartitionOffset = Offset });
        ImageLayout layout = ImageLayout.Create(spec);
        byte[] image = Build(spec);
        Assert.Equal(image, Build(spec));
        Assert.True(BootRecord.TryRead(image.AsSpan(17 * 2048, 2048), out uint catalog));
        Assert.Equal(layout.Boot!.Catalog!.DataExtent, catalog);
        LayoutNode loader = layout.Files.Single(f => f.Path == "boot/loader.bin");
        Span<byte> info = image.AsSpan((int)loader.DataExtent * 2048 + 8, 8);
        Assert.Equal(16u, BinaryPrimitives.ReadUInt32LittleEndian(info));
        Assert.Equal(loader.DataExtent, BinaryPrimitives.ReadUInt32LittleEndian(info[4..]));
    }

    [Theory]
    [InlineData(false, false, MbrPartition.StatusInactive)]
    [InlineData(true, false, MbrPartition.StatusActive)]
    [InlineData(false, true, MbrPartition.StatusActive)]
    public void Partition_1_starts_at_the_offset_with_type_0xCD(bool protectiveLabel, bool forceBootable, byte status)
    {
        ImageSpec spec = Spec(new SystemAreaSpec { PartitionOffset = Offset, ProtectiveLabel = protectiveLabel, ForceBootable = forceBootable });
        ImageLayout layout = ImageLayout.Create(spec);
        MbrPartition p1 = MasterBootRecord.ReadPartition(Build(spec), 0);
        Assert.Equal((status, (byte)0xCD, (uint)Offset * 4, (layout.VolumeSectors - Offset) * 4), (p1.Status, p1.Type, p1.FirstSector, p1.SectorCount));
        Assert.Equal(new ChsAddress(0, 2, 1), p1.FirstChs);
    }

    [Fact]
    public void The_isohybrid_partition_and_its_gpt_entry_start_at_the_offset()
    {
        ImageSpec spec = Spec(new SystemAreaSpec
        {
            PartitionOffset = Offset,
            IsohybridTable = true,
            AppendedPartitions = [new AppendedPartition(2, new PartitionType(0xEF), ContentSource.FromBytes(new byte[4096]))],
            AppendedPartitionsInGpt = true,
        });
        ImageLayout layout = ImageLayout.Create(spec);
        byte[] image = Build(spec);
        MbrPartition p1 = MasterBootRecord.ReadPartition(image, 0);
        Assert.Equal((true, (uint)Offset * 4, (layout.VolumeSectors - Offset) * 4), (p1.Active, p1.FirstSector, p1.SectorCount));
        GptPartition first = GptPartition.Read(image.AsSpan(1024, 128));
        Assert.Equal(("ISOHybrid", (ulong)Offset * 4), (first.Name, first.FirstSector));
    }

    [Fact]
    public void Verify_finds_an_image_with_an_offset_and_appended_partitions_sound()
    {
        ImageSpec spec = Spec(new SystemAreaSpec
        {
            PartitionOffset = Offset,
            IsohybridTable = true,
            AppendedPartitions = [new AppendedPartition(2, new PartitionType(0xEF), ContentSource.FromBytes(new byte[4096]))],
        });
        string path = Path.Combine(Path.GetTempPath(), $"isobuild-offset-{Guid.NewGuid():N}.iso");
        try
        {
            System.IO.File.WriteAllBytes(path, Build(spec));
            Assert.Empty(IsoImageVerifier.Verify(path));
            using IsoImageReader reader = IsoImageReader.Open(path);
            Assert.Equal(Offset, reader.PartitionTable.PartitionOffset);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    [Fact]
    public void A_valid_gpt_names_the_volume_iso9660_from_the_offset()
    {
        ImageSpec spec = Spec(new SystemAreaSpec
        {
            PartitionOffset = Offset,
            AppendedPartitions = [new AppendedPartition(2, new PartitionType(0xEF), ContentSource.FromBytes(new byte[4096]))],
            AppendedPartitionsInGpt = true,
        });
        ImageLayout layout = ImageLayout.Create(spec);
        byte[] image = Build(spec);
        Assert.Equal(MasterBootRecord.TypeProtectiveGpt, MasterBootRecord.ReadPartition(image, 0).Type);
        GptPartition first = GptPartition.Read(image.AsSpan(1024, 128));
        Assert.Equal(("ISO9660", (ulong)Offset * 4, (ulong)layout.VolumeSectors * 4 - 1), (first.Name, first.FirstSector, first.LastSector));
        Assert.Equal("Appended2", GptPartition.Read(image.AsSpan(1024 + 128, 128)).Name);
    }

    [Fact]
    public void An_incremental_build_writes_an_image_with_an_offset_whole_and_as_a_clean_build()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"isobuild-offset-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            string source = Path.Combine(directory, "data.bin"), image = Path.Combine(directory, "o.iso"), manifest = Path.Combine(directory, "o.manifest");
            ImageSpec Current() => new()
            {
                Timestamp = s_time,
                Entries = [new ImageEntry("data.bin", EntryKind.File, ContentSource.FromFile(source, 10_000)), File("boot/loader.bin", 5000, 1)],
                Boot = new BootSpec { BiosImage = "boot/loader.bin", SystemArea = new SystemAreaSpec { PartitionOffset = Offset } },
            };
            System.IO.File.WriteAllBytes(source, new byte[10_000]);
            IsoImageBuilder.BuildIncremental(Current(), image, manifest);
            System.IO.File.WriteAllBytes(source, Enumerable.Repeat((byte)7, 10_000).ToArray());
            System.IO.File.SetLastWriteTimeUtc(source, System.IO.File.GetLastWriteTimeUtc(source).AddSeconds(5));
            ImageBuildResult result = IsoImageBuilder.BuildIncremental(Current(), image, manifest);
            Assert.False(result.Patched);
            Assert.Contains("partition", result.FullBuildReason, StringComparison.Ordinal);
            Assert.Equal(Build(Current()), System.IO.File.ReadAllBytes(image));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Md5_records_with_an_offset_are_refused()
    {
        var e = Assert.Throws<IsoBuildException>(() => Build(Spec(new SystemAreaSpec { PartitionOffset = Offset }, md5: true)));
        Assert.Equal(ErrorCodes.PartitionOffsetInvalid, e.Code);
    }

    [Fact]
    public void A_larger_offset_puts_the_second_descriptors_at_its_block_16()
    {
        ImageSpec spec = Spec(new SystemAreaSpec { PartitionOffset = 64 });
        byte[] image = Build(spec);
        Assert.Equal(VolumeDescriptor.TypePrimary, image[80 * 2048]);
        Assert.Equal(Listing(image, IsoNamespace.RockRidge), Listing(image[(64 * 2048)..], IsoNamespace.RockRidge));
    }
}
