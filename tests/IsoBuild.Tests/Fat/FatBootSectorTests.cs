using System.Buffers.Binary;
using IsoBuild.Fat;

namespace IsoBuild.Tests.Fat;

public class FatBootSectorTests
{
    private static readonly FatBootSector Sample = new()
    {
        OemName = "ISOBUILD",
        BytesPerSector = 512,
        SectorsPerCluster = 4,
        ReservedSectors = 1,
        FatCount = 2,
        RootEntries = 512,
        TotalSectors = 20_000,
        MediaDescriptor = 0xF8,
        SectorsPerFat = 20,
        SectorsPerTrack = 63,
        Heads = 255,
        HiddenSectors = 0,
        DriveNumber = 0x80,
        VolumeSerial = 0xA1B2C3D4,
        VolumeLabel = "EFIBOOT",
        FileSystemType = "FAT16",
    };

    [Fact]
    public void The_BPB_reads_back_as_written()
    {
        byte[] sector = new byte[512];
        Sample.Write(sector);
        Assert.True(FatBootSector.IsFat(sector));
        Assert.Equal(Sample, FatBootSector.Read(sector));
    }

    [Theory]
    [InlineData(0xFFFFu, false)]
    [InlineData(0x10000u, true)]
    [InlineData(uint.MaxValue, true)]
    public void Sector_counts_that_do_not_fit_16_bits_go_to_the_32_bit_field(uint total, bool large)
    {
        byte[] sector = new byte[512];
        (Sample with { TotalSectors = total }).Write(sector);
        Assert.Equal(large ? 0 : total, BinaryPrimitives.ReadUInt16LittleEndian(sector.AsSpan(19)));
        Assert.Equal(large ? total : 0, BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(32)));
        Assert.Equal(total, FatBootSector.Read(sector).TotalSectors);
    }

    [Fact]
    public void Texts_of_the_greatest_length_fill_their_fields()
    {
        FatBootSector full = Sample with { OemName = "MSWIN4.1", VolumeLabel = "NO NAME  AB", FileSystemType = "FAT12 AB" };
        byte[] sector = new byte[512];
        full.Write(sector);
        Assert.Equal(full, FatBootSector.Read(sector));
        (full with { VolumeLabel = "TWELVE CHARS" }).Write(sector);
        Assert.Equal("TWELVE CHAR", FatBootSector.Read(sector).VolumeLabel);
    }

    [Fact]
    public void A_hand_made_FAT12_boot_sector_reads_as_the_FAT_specification_describes_it()
    {
        // A 1.44 MB floppy: 512-byte sectors, 1 sector a cluster, 1 reserved, 2 FATs of 9 sectors, 224 root entries,
        // 2880 sectors, media F0, 18 sectors a track, 2 heads, drive 0, serial 0x12345678, "NO NAME", "FAT12".
        byte[] s = new byte[512];
        s[0] = 0xEB; s[1] = 0x3C; s[2] = 0x90;
        "MSDOS5.0"u8.CopyTo(s.AsSpan(3));
        s[11] = 0x00; s[12] = 0x02;
        s[13] = 1;
        s[14] = 1;
        s[16] = 2;
        s[17] = 224;
        s[19] = 0x40; s[20] = 0x0B;
        s[21] = 0xF0;
        s[22] = 9;
        s[24] = 18;
        s[26] = 2;
        s[36] = 0x00;
        s[38] = 0x29;
        BinaryPrimitives.WriteUInt32LittleEndian(s.AsSpan(39), 0x12345678);
        "NO NAME    FAT12   "u8.CopyTo(s.AsSpan(43));
        s[510] = 0x55; s[511] = 0xAA;

        Assert.True(FatBootSector.IsFat(s));
        Assert.Equal(new FatBootSector
        {
            OemName = "MSDOS5.0",
            BytesPerSector = 512,
            SectorsPerCluster = 1,
            ReservedSectors = 1,
            FatCount = 2,
            RootEntries = 224,
            TotalSectors = 2880,
            MediaDescriptor = 0xF0,
            SectorsPerFat = 9,
            SectorsPerTrack = 18,
            Heads = 2,
            DriveNumber = 0,
            VolumeSerial = 0x12345678,
            VolumeLabel = "NO NAME",
            FileSystemType = "FAT12",
        }, FatBootSector.Read(s));
    }

    [Fact]
    public void Without_the_extended_boot_signature_serial_label_and_type_are_not_read()
    {
        byte[] sector = new byte[512];
        Sample.Write(sector);
        sector[38] = 0;
        FatBootSector read = FatBootSector.Read(sector);
        Assert.Equal((0u, "", ""), (read.VolumeSerial, read.VolumeLabel, read.FileSystemType));
    }

    [Fact]
    public void Non_FAT_bytes_are_not_FAT()
    {
        byte[] sector = new byte[512];
        Assert.False(FatBootSector.IsFat(sector));
        sector[510] = 0x55;
        sector[511] = 0xAA;
        Assert.False(FatBootSector.IsFat(sector));
    }

    [Theory]
    [InlineData(11, 0x01)]  // 257 bytes per sector
    [InlineData(13, 3)]     // 3 sectors per cluster: not a power of two
    [InlineData(54, 0)]     // no type string
    public void A_damaged_BPB_is_not_FAT(int offset, byte value)
    {
        byte[] sector = new byte[512];
        Sample.Write(sector);
        sector[offset] = value;
        Assert.False(FatBootSector.IsFat(sector));
    }
}
