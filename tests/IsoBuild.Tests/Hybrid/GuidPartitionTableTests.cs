using System.Buffers.Binary;
using IsoBuild.Hybrid;

namespace IsoBuild.Tests.Hybrid;

public class GuidPartitionTableTests
{
    [Fact]
    public void GPT_headers_carry_valid_CRCs_and_point_at_each_other()
    {
        byte[] entries = GuidPartitionTable.EntryArray([new GptPartition(GuidPartitionTable.EfiSystemPartition, Guid.NewGuid(), 100, 199, "EFI boot")]);
        byte[] primary = new byte[512];
        byte[] backup = new byte[512];
        Guid disk = Guid.NewGuid();
        GuidPartitionTable.WriteHeader(primary, primary: true, 10000, disk, entries);
        GuidPartitionTable.WriteHeader(backup, primary: false, 10000, disk, entries);
        foreach (byte[] h in new[] { primary, backup })
        {
            Assert.Equal("EFI PART"u8.ToArray(), h[..8]);
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(16));
            byte[] copy = h[..92];
            copy.AsSpan(16, 4).Clear();
            Assert.Equal(Crc32.Compute(copy), crc);
            Assert.Equal(Crc32.Compute(entries), BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(88)));
        }
        Assert.Equal(1UL, BinaryPrimitives.ReadUInt64LittleEndian(primary.AsSpan(24)));
        Assert.Equal(9999UL, BinaryPrimitives.ReadUInt64LittleEndian(primary.AsSpan(32)));
        Assert.Equal(9999UL, BinaryPrimitives.ReadUInt64LittleEndian(backup.AsSpan(24)));
        Assert.Equal(9999UL - 32, BinaryPrimitives.ReadUInt64LittleEndian(backup.AsSpan(72)));
        Assert.Equal(GuidPartitionTable.EfiSystemPartition, new Guid(entries.AsSpan(0, 16)));
    }

    [Fact]
    public void The_headers_and_entry_array_read_back_with_the_types_that_wrote_them()
    {
        GptPartition[] partitions =
        [
            new(GuidPartitionTable.EfiSystemPartition, new Guid("11111111-2222-4333-8444-555555555555"), 100, 199, "EFI boot"),
            new(new Guid("EBD0A0A2-B9E5-4433-87C0-68B6B72699C7"), new Guid("66666666-7777-4888-9999-AAAAAAAAAAAA"), 200, 299, "data", GptPartition.AttributeLegacyBiosBootable),
        ];
        byte[] entries = GuidPartitionTable.EntryArray(partitions);
        Assert.Equal(128 * 128, entries.Length);
        Assert.Equal(partitions, Enumerable.Range(0, 2).Select(i => GptPartition.Read(entries.AsSpan(i * 128))));
        Assert.All(Enumerable.Range(2, 126), i => Assert.True(GptPartition.Read(entries.AsSpan(i * 128)).IsEmpty));

        var disk = new Guid("ABCDEF01-2345-4678-9ABC-DEF012345678");
        byte[] sector = new byte[512];
        GuidPartitionTable.WriteHeader(sector, primary: false, 10000, disk, entries);
        Assert.True(GptHeader.CrcMatches(sector));
        Assert.Equal(new GptHeader(GptHeader.Revision1, 92, 9999, 1, 34, 9966, disk, 9999 - 32, 128, 128, Crc32.Compute(entries)), GptHeader.Read(sector));
    }
}
