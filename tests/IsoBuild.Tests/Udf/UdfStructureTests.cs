using IsoBuild.Spec;
using System.Text;
using IsoBuild.Udf;

namespace IsoBuild.Tests.Udf;

/// <summary>Each on-disk structure of ECMA-167 / OSTA UDF writes itself and reads back the same.</summary>
public class UdfStructureTests
{
    private static readonly DateTimeOffset Time = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1_234_560);

    [Fact]
    public void Crc_is_crc_itu_t_with_initial_zero()
    {
        // The CRC-16/XMODEM check value of "123456789" (ECMA-167 1/7.2.6's CRC-ITU-T, initial 0, not reflected).
        Assert.Equal(0x31C3, UdfCrc.Compute("123456789"u8));
        Assert.Equal(0, UdfCrc.Compute([]));
    }

    [Fact]
    public void Tag_round_trips_and_detects_damage()
    {
        byte[] d = new byte[512];
        d[100] = 42;
        DescriptorTag.Write(d, TagIdentifier.PrimaryVolumeDescriptor, 3, 1, 257);
        DescriptorTag tag = DescriptorTag.Read(d);
        Assert.Equal(new DescriptorTag(TagIdentifier.PrimaryVolumeDescriptor, 3, 1, UdfCrc.Compute(d.AsSpan(16)), 496, 257), tag);
        Assert.Null(DescriptorTag.Check(d, 257));
        Assert.Contains("location", DescriptorTag.Check(d, 258));
        d[100] = 43;
        Assert.Contains("CRC", DescriptorTag.Check(d, 257));
        d[12] ^= 1;
        Assert.Contains("checksum", DescriptorTag.Check(d, 257));
    }

    [Fact]
    public void Timestamp_round_trips_to_the_microsecond()
    {
        byte[] b = new byte[UdfTimestamp.Length];
        UdfTimestamp.Write(b, Time);
        Assert.Equal(Time, UdfTimestamp.Read(b));
        Assert.Equal(0x10, b[1] & 0xF0); // type 1, offset 0
        Assert.Null(UdfTimestamp.Read(new byte[12]));
    }

    [Theory]
    [InlineData("plain.txt", 8)]
    [InlineData("Ünïcödé ñ ß", 8)]
    [InlineData("日本語", 16)]
    [InlineData("emoji 😀", 16)]
    public void Names_use_8_bit_cs0_when_they_can_and_16_bit_otherwise(string name, int id)
    {
        byte[] encoded = OstaCompressedUnicode.Encode(name);
        Assert.Equal(id, encoded[0]);
        Assert.Equal(encoded.Length, OstaCompressedUnicode.EncodedLength(name));
        Assert.Equal(name, OstaCompressedUnicode.Decode(encoded));
    }

    [Fact]
    public void Dstrings_record_their_length_in_the_last_byte_and_are_cut_to_fit()
    {
        byte[] field = new byte[32];
        OstaCompressedUnicode.WriteDString(field, "VOLUME");
        Assert.Equal(7, field[31]);
        Assert.Equal("VOLUME", OstaCompressedUnicode.ReadDString(field));
        OstaCompressedUnicode.WriteDString(field, new string('x', 40));
        Assert.Equal(new string('x', 30), OstaCompressedUnicode.ReadDString(field));
        OstaCompressedUnicode.WriteDString(field, new string('日', 40));
        Assert.Equal(new string('日', 15), OstaCompressedUnicode.ReadDString(field));
        field[31] = 200;
        Assert.Null(OstaCompressedUnicode.ReadDString(field));
    }

    [Fact]
    public void Entity_identifiers_round_trip_with_their_suffix()
    {
        byte[] b = new byte[32];
        EntityIdentifier domain = EntityIdentifier.Domain(UdfRevision.V250);
        domain.Write(b);
        Assert.Equal("*OSTA UDF Compliant", Encoding.ASCII.GetString(b, 1, 19));
        Assert.Equal(domain, EntityIdentifier.Read(b));
        Assert.Equal(0x0250, EntityIdentifier.Read(b).SuffixRevision);
        Assert.Equal(3, b[26]); // write-protect flags
    }

    [Fact]
    public void Character_set_is_osta_cs0()
    {
        byte[] b = new byte[64];
        CharacterSet.WriteOsta(b);
        Assert.True(CharacterSet.IsOsta(b));
        Assert.Equal("OSTA Compressed Unicode", Encoding.ASCII.GetString(b, 1, 23));
    }

    [Fact]
    public void Allocation_descriptors_round_trip()
    {
        byte[] b = new byte[16];
        var e = new ExtentDescriptor(32768, 21);
        e.Write(b);
        Assert.Equal(e, ExtentDescriptor.Read(b));
        var s = new ShortAllocationDescriptor(UdfFormat.MaxExtentLength, ExtentType.NextExtent, 99);
        s.Write(b);
        Assert.Equal(s, ShortAllocationDescriptor.Read(b));
        Assert.Equal(0xFF, b[3] | 0x3F); // type in the top two bits
        var l = new LongAllocationDescriptor(2048, ExtentType.RecordedAndAllocated, new LogicalBlockAddress(7, 1), 0, 0xDEADBEEF);
        l.Write(b);
        Assert.Equal(l, LongAllocationDescriptor.Read(b));
    }

    [Fact]
    public void Icb_tag_round_trips()
    {
        byte[] b = new byte[IcbTag.Length];
        var tag = new IcbTag(IcbFileType.Symlink, AllocationKind.Embedded, IcbTag.Sticky);
        tag.Write(b);
        Assert.Equal(tag, IcbTag.Read(b));
        Assert.Equal(12, b[IcbTag.FileTypeOffset]);
    }

    [Fact]
    public void Volume_structure_descriptors_are_recognised()
    {
        byte[] b = new byte[2048];
        VolumeStructureDescriptor.Write(b, "NSR03");
        Assert.Equal("NSR03", VolumeStructureDescriptor.ReadIdentifier(b));
        Assert.Equal(1, b[6]);
        Assert.Null(VolumeStructureDescriptor.ReadIdentifier(new byte[2048]));
    }

    [Fact]
    public void Anchor_round_trips()
    {
        byte[] b = new byte[512];
        var a = new AnchorVolumeDescriptorPointer(new ExtentDescriptor(32768, 32), new ExtentDescriptor(32768, 48));
        a.Write(b, 256, 2);
        Assert.Null(DescriptorTag.Check(b, 256));
        Assert.Equal(a, AnchorVolumeDescriptorPointer.Read(b));
    }

    [Fact]
    public void Volume_descriptors_round_trip()
    {
        byte[] b = new byte[2048];
        var pvd = new PrimaryVolumeDescriptor
        {
            SequenceNumber = 1, VolumeIdentifier = "Vol 日本", VolumeSetIdentifier = "0123456789ABCDEF", RecordingTime = Time,
            ApplicationIdentifier = new EntityIdentifier(0, "*App", 0), ImplementationIdentifier = EntityIdentifier.Implementation(),
        };
        pvd.Write(b, 32, 2);
        Assert.Null(DescriptorTag.Check(b, 32));
        Assert.Equal(pvd, PrimaryVolumeDescriptor.Read(b));

        var iuvd = new ImplementationUseVolumeDescriptor { SequenceNumber = 2, Revision = UdfRevision.V201, LogicalVolumeIdentifier = "LV", Info1 = "owner" };
        iuvd.Write(b, 33, 3);
        Assert.Equal(iuvd, ImplementationUseVolumeDescriptor.Read(b));

        var pd = new PartitionDescriptor { SequenceNumber = 3, Number = 0, Contents = EntityIdentifier.Nsr03, Start = 257, Length = 1000 };
        pd.Write(b, 34, 3);
        Assert.Equal(pd, PartitionDescriptor.Read(b));

        var usd = new UnallocatedSpaceDescriptor { SequenceNumber = 5, Extents = [new(2048, 300)] };
        usd.Write(b, 36, 3);
        Assert.Equal(usd, UnallocatedSpaceDescriptor.Read(b));

        Array.Clear(b);
        TerminatingDescriptor.Write(b, 37, 3);
        Assert.Equal(TagIdentifier.TerminatingDescriptor, DescriptorTag.Read(b).Identifier);
        Assert.Null(DescriptorTag.Check(b, 37));
    }

    [Fact]
    public void Logical_volume_descriptor_round_trips_with_physical_metadata_and_sparable_maps()
    {
        byte[] b = new byte[2048];
        var lvd = new LogicalVolumeDescriptor
        {
            SequenceNumber = 4, Identifier = "LV", Domain = EntityIdentifier.Domain(UdfRevision.V250),
            FileSetDescriptor = new LongAllocationDescriptor(2048, ExtentType.RecordedAndAllocated, new LogicalBlockAddress(0, 1)),
            IntegritySequence = new ExtentDescriptor(4096, 64),
            Maps =
            [
                PartitionMap.Physical(0),
                new PartitionMap { Kind = PartitionMapKind.Metadata, PartitionNumber = 0, Revision = UdfRevision.V250, MetadataFile = 5, MetadataMirrorFile = 6, AllocationUnitSize = 32, AlignmentUnitSize = 1 },
                new PartitionMap { Kind = PartitionMapKind.Sparable, PartitionNumber = 0, Revision = UdfRevision.V201, PacketLength = 32, SparingTableSize = 2048, SparingTables = [100, 200] },
            ],
        };
        lvd.Write(b, 35, 3);
        Assert.Equal(440 + 6 + 64 + 64, lvd.Size);
        Assert.Null(DescriptorTag.Check(b.AsSpan(0, lvd.Size), 35));
        Assert.Equal(lvd, LogicalVolumeDescriptor.Read(b));
    }

    [Fact]
    public void Integrity_descriptor_round_trips()
    {
        byte[] b = new byte[2048];
        var lvid = new LogicalVolumeIntegrityDescriptor
        {
            RecordingTime = Time, NextUniqueId = 99, FreeSpace = [0, 0], PartitionSizes = [1000, 64], FileCount = 7, DirectoryCount = 3,
            MinReadRevision = 0x0250, MinWriteRevision = 0x0250, MaxWriteRevision = 0x0250,
        };
        lvid.Write(b, 64, 3);
        Assert.Null(DescriptorTag.Check(b.AsSpan(0, lvid.Size), 64));
        Assert.Equal(lvid, LogicalVolumeIntegrityDescriptor.Read(b));
    }

    [Fact]
    public void File_set_descriptor_round_trips()
    {
        byte[] b = new byte[2048];
        var fsd = new FileSetDescriptor
        {
            RecordingTime = Time, LogicalVolumeIdentifier = "LV", FileSetIdentifier = "FS",
            RootDirectory = new LongAllocationDescriptor(2048, ExtentType.RecordedAndAllocated, new LogicalBlockAddress(2, 0)),
            Domain = EntityIdentifier.Domain(UdfRevision.V102),
        };
        fsd.Write(b, 0, 2);
        Assert.Equal(fsd, FileSetDescriptor.Read(b));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void File_entries_and_extended_file_entries_round_trip(bool extended)
    {
        byte[] b = new byte[2048];
        byte[] ads = new byte[16];
        new ShortAllocationDescriptor(5000, ExtentType.RecordedAndAllocated, 40).Write(ads);
        new ShortAllocationDescriptor(10, ExtentType.NotRecordedNotAllocated, 0).Write(ads.AsSpan(8));
        var fe = new FileEntry
        {
            IsExtended = extended, Icb = new IcbTag(IcbFileType.File, AllocationKind.Short, IcbTag.SetUid), Uid = 1000, Gid = 100,
            Permissions = FileEntry.PermissionsFromMode(0b111_101_101), LinkCount = 1, InformationLength = 5010, LogicalBlocksRecorded = 3,
            AccessTime = Time, ModificationTime = Time, AttributeTime = Time, CreationTime = extended ? Time : null, UniqueId = 16,
            AllocationDescriptors = ads,
        };
        fe.Write(b, 9, 3);
        Assert.Equal(extended ? 216 + 16 : 176 + 16, fe.Size);
        Assert.Null(DescriptorTag.Check(b.AsSpan(0, fe.Size), 9));
        Assert.Equal(fe, FileEntry.Read(b));
        Assert.Equal(0b111_101_101u, FileEntry.ModeFromPermissions(fe.Permissions));
    }

    [Fact]
    public void File_entry_whose_lengths_exceed_its_block_is_refused()
    {
        byte[] b = new byte[2048];
        new FileEntry { Icb = new IcbTag(IcbFileType.File, AllocationKind.Short) }.Write(b, 0, 2);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(FileEntry.AllocationDescriptorsLengthOffset), 5000);
        Assert.Null(FileEntry.Read(b));
    }

    [Fact]
    public void File_identifier_descriptor_round_trips_padded_to_four_bytes()
    {
        byte[] b = new byte[512];
        var fid = new FileIdentifierDescriptor
        {
            Characteristics = FileIdentifierDescriptor.Directory,
            Icb = new LongAllocationDescriptor(2048, ExtentType.RecordedAndAllocated, new LogicalBlockAddress(12, 0), 0, 17),
            Identifier = OstaCompressedUnicode.Encode("dir"),
        };
        fid.Write(b, 11, 2);
        Assert.Equal(44, fid.Size);
        Assert.Null(DescriptorTag.Check(b.AsSpan(0, fid.Size), 11));
        Assert.Equal(fid, FileIdentifierDescriptor.Read(b, out int size));
        Assert.Equal(44, size);
    }

    [Fact]
    public void Allocation_extent_descriptor_round_trips()
    {
        byte[] b = new byte[2048];
        byte[] ads = [1, 2, 3, 4, 5, 6, 7, 8];
        int n = AllocationExtentDescriptor.Write(b, ads, 0, 77, 2);
        Assert.Equal(32, n);
        Assert.Null(DescriptorTag.Check(b, 77));
        Assert.Equal(ads, AllocationExtentDescriptor.Read(b, out bool ok).ToArray());
        Assert.True(ok);
    }

    [Theory]
    [InlineData("../a.txt")]
    [InlineData("/usr/bin/tool")]
    [InlineData("./x/日本")]
    public void Path_components_round_trip(string target)
    {
        byte[] data = PathComponent.Encode(target)!;
        Assert.Equal(target, PathComponent.Decode(data));
        Assert.Null(PathComponent.Encode(new string('n', 300)));
        var one = new PathComponent(PathComponent.NameType, OstaCompressedUnicode.Encode("x"));
        byte[] b = new byte[16];
        one.Write(b);
        Assert.Equal(one, PathComponent.Read(b, out int size));
        Assert.Equal(6, size);
    }
}
