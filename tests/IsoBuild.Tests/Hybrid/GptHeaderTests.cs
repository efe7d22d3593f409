using System.Buffers.Binary;
using IsoBuild.Hybrid;

namespace IsoBuild.Tests.Hybrid;

public class GptHeaderTests
{
    private static readonly GptHeader Sample = new(GptHeader.Revision1, 92, 1, 99_999, 34, 99_966,
        new Guid("01234567-89AB-CDEF-0123-456789ABCDEF"), 2, 128, 128, 0xDEADBEEF);

    [Fact]
    public void Headers_read_back_as_written_with_a_sound_CRC()
    {
        byte[] sector = new byte[512];
        Sample.Write(sector);
        Assert.True(GptHeader.HasSignature(sector));
        Assert.True(GptHeader.CrcMatches(sector));
        Assert.Equal(Sample, GptHeader.Read(sector));
    }

    [Fact]
    public void A_longer_header_is_covered_by_its_CRC_to_its_recorded_size()
    {
        byte[] sector = new byte[512];
        GptHeader big = Sample with { HeaderSize = 512, MyLba = ulong.MaxValue, PartitionEntryCount = uint.MaxValue };
        big.Write(sector);
        Assert.True(GptHeader.CrcMatches(sector));
        Assert.Equal(big, GptHeader.Read(sector));
        sector[511] ^= 1;
        Assert.False(GptHeader.CrcMatches(sector));
    }

    [Theory]
    [InlineData(8)]   // revision
    [InlineData(24)]  // my LBA
    [InlineData(60)]  // disk GUID
    [InlineData(91)]  // last byte of the entries CRC
    [InlineData(16)]  // the CRC itself
    public void A_changed_byte_breaks_the_CRC(int offset)
    {
        byte[] sector = new byte[512];
        Sample.Write(sector);
        sector[offset] ^= 0x01;
        Assert.False(GptHeader.CrcMatches(sector));
    }

    [Fact]
    public void Bytes_beyond_the_header_size_are_not_covered()
    {
        byte[] sector = new byte[512];
        Sample.Write(sector);
        sector[100] = 0xFF;
        Assert.True(GptHeader.CrcMatches(sector));
    }

    [Theory]
    [InlineData(91u)]
    [InlineData(513u)]
    [InlineData(uint.MaxValue)]
    public void A_header_size_that_does_not_fit_never_matches(uint size)
    {
        byte[] sector = new byte[512];
        Sample.Write(sector);
        BinaryPrimitives.WriteUInt32LittleEndian(sector.AsSpan(12), size);
        Assert.False(GptHeader.CrcMatches(sector));
        Assert.Equal(size, GptHeader.Read(sector).HeaderSize);
    }

    [Fact]
    public void A_hand_made_header_reads_as_UEFI_describes_it()
    {
        byte[] h = new byte[512];
        "EFI PART"u8.CopyTo(h);
        h[10] = 1; // revision 1.0
        h[12] = 92;
        h[24] = 1;                                                  // my LBA
        BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(32), 2047); // alternate LBA
        h[40] = 34;
        BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(48), 2014);
        // Disk GUID 00112233-4455-6677-8899-AABBCCDDEEFF: the first three fields little-endian.
        byte[] guid = [0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF];
        guid.CopyTo(h, 56);
        h[72] = 2;
        h[80] = 128;
        h[84] = 128;
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(88), 0x12345678);
        byte[] covered = h[..92];
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(16), Crc32.Compute(covered));

        Assert.True(GptHeader.CrcMatches(h));
        Assert.Equal(new GptHeader(0x00010000, 92, 1, 2047, 34, 2014, new Guid("00112233-4455-6677-8899-AABBCCDDEEFF"), 2, 128, 128, 0x12345678), GptHeader.Read(h));
    }
}
