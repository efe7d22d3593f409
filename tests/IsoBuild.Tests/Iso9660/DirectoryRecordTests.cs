using IsoBuild.Iso9660;

namespace IsoBuild.Tests.Iso9660;

public class DirectoryRecordTests
{
    private static readonly DateTimeOffset Date = new(2001, 2, 3, 4, 5, 6, TimeSpan.Zero);

    [Fact]
    public void Record_lays_out_fields_at_ECMA_119_offsets()
    {
        byte[] r = new byte[255];
        byte[] id = "A.TXT;1"u8.ToArray();
        int length = DirectoryRecord.Write(r, 20, 1234, Date, 0, id, [1, 2, 3]);
        Assert.Equal(33 + 7 + 3 + 1, length); // odd identifier: no pad byte; 3 bytes of system use; even total
        Assert.Equal(length, r[0]);
        Assert.Equal(20u, BothEndian.ReadUInt32(r.AsSpan(2), out bool ok1));
        Assert.True(ok1);
        Assert.Equal(1234u, BothEndian.ReadUInt32(r.AsSpan(10), out bool ok2));
        Assert.True(ok2);
        Assert.Equal(101, r[18]);
        Assert.Equal(1, r[28]);
        Assert.Equal(7, r[32]);
        Assert.Equal(id, r[33..40]);
        Assert.Equal(new byte[] { 1, 2, 3 }, r[40..43]);
    }

    [Fact]
    public void Even_identifier_gets_a_padding_byte()
    {
        Assert.Equal(33 + 1, DirectoryRecord.SystemUseOffset(1));
        Assert.Equal(33 + 2 + 1, DirectoryRecord.SystemUseOffset(2));
        Assert.Equal(34, DirectoryRecord.Length(1, 0));
    }

    [Fact]
    public void Capacity_keeps_the_record_within_255_bytes()
    {
        for (int id = 1; id <= 33; id++)
            Assert.True(DirectoryRecord.Length(id, DirectoryRecord.SystemUseCapacity(id)) <= 255);
    }

    public static TheoryData<int, int> Shapes => new()
    {
        { 1, 0 },     // "." without system use
        { 2, 0 },     // even identifier: padding byte
        { 12, 100 },  // a file with Rock Ridge entries
        { 221, 0 },   // the longest identifier a 255-byte record holds (odd: no padding byte)
        { 1, DirectoryRecord.SystemUseCapacity(1) },
        { 30, DirectoryRecord.SystemUseCapacity(30) },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_field_reads_back_as_written(int identifierLength, int systemUseLength)
    {
        var random = new Random(identifierLength * 1000 + systemUseLength);
        byte[] identifier = new byte[identifierLength];
        random.NextBytes(identifier);
        identifier[0] = (byte)'A'; // 0x00 and 0x01 alone are "." and ".."
        byte[] systemUse = new byte[systemUseLength];
        random.NextBytes(systemUse);
        var record = new DirectoryRecord
        {
            ExtendedAttributeLength = 3,
            Extent = uint.MaxValue,
            DataLength = 0xFFFF_FFFE,
            Date = new DateTimeOffset(2155, 12, 31, 23, 59, 59, TimeSpan.Zero),
            Flags = DirectoryRecord.FlagHidden | DirectoryRecord.FlagDirectory | DirectoryRecord.FlagMultiExtent,
            UnitSize = 4,
            GapSize = 5,
            VolumeSequenceNumber = 0x0102,
            Identifier = identifier,
            SystemUse = systemUse,
        };
        byte[] sector = new byte[2048];
        int length = record.Write(sector.AsSpan(100));
        Assert.True(length <= DirectoryRecord.MaxLength);
        Assert.Equal(0, length % 2);

        DirectoryRecord read = DirectoryRecord.Read(sector.AsSpan(100), "test");
        Assert.Equal(length, read.RecordLength);
        Assert.Equal(record.ExtendedAttributeLength, read.ExtendedAttributeLength);
        Assert.Equal(record.Extent, read.Extent);
        Assert.Equal(record.DataLength, read.DataLength);
        Assert.Equal(record.Date, read.Date);
        Assert.Equal(record.Flags, read.Flags);
        Assert.Equal(record.UnitSize, read.UnitSize);
        Assert.Equal(record.GapSize, read.GapSize);
        Assert.Equal(record.VolumeSequenceNumber, read.VolumeSequenceNumber);
        Assert.Equal(identifier, read.Identifier);
        // An odd total is padded to even: the padding byte reads as system use.
        Assert.Equal(systemUse, read.SystemUse[..systemUseLength]);
        Assert.All(read.SystemUse[systemUseLength..], b => Assert.Equal(0, b));
        Assert.True(read.NumbersConsistent);
        Assert.Equal("test", read.Location);
    }

    [Fact]
    public void The_static_writer_and_a_record_made_whole_write_the_same_bytes()
    {
        byte[] a = new byte[255];
        byte[] b = new byte[255];
        int la = DirectoryRecord.Write(a, 20, 1234, Date, DirectoryRecord.FlagDirectory, "BOOT"u8, [9, 8, 7]);
        int lb = new DirectoryRecord { Extent = 20, DataLength = 1234, Date = Date, Flags = DirectoryRecord.FlagDirectory, Identifier = "BOOT"u8.ToArray(), SystemUse = [9, 8, 7] }.Write(b);
        Assert.Equal(la, lb);
        Assert.Equal(a, b);
    }

    [Fact]
    public void A_record_without_a_date_writes_zeros_and_reads_back_without_one()
    {
        byte[] r = new byte[64];
        new DirectoryRecord { Identifier = [0], Date = null }.Write(r);
        Assert.All(r[18..25], b => Assert.Equal(0, b));
        Assert.Null(DirectoryRecord.Read(r, "test").Date);
    }

    [Theory]
    [InlineData(2 + 4)]  // big-endian half of the extent
    [InlineData(10 + 7)] // big-endian half of the data length
    public void Halves_that_disagree_are_detected(int offset)
    {
        byte[] r = new byte[64];
        DirectoryRecord.Write(r, 20, 1234, Date, 0, "A"u8, []);
        r[offset] ^= 0x40;
        DirectoryRecord read = DirectoryRecord.Read(r, "test");
        Assert.False(read.NumbersConsistent);
        Assert.Equal(20u, read.Extent);     // the little-endian half is the one used
        Assert.Equal(1234u, read.DataLength);
    }

    [Fact]
    public void A_hand_made_root_record_reads_as_ECMA_119_describes_it()
    {
        // The root record of a primary volume descriptor: 34 bytes, extent 20, 2048 bytes, directory, identifier 0x00,
        // recorded 1998-06-15 12:30:45 at GMT+1 (offset +4 quarter hours).
        byte[] r =
        [
            0x22, 0x00,
            0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x14,
            0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00,
            98, 6, 15, 12, 30, 45, 4,
            0x02, 0x00, 0x00,
            0x01, 0x00, 0x00, 0x01,
            0x01, 0x00,
        ];
        DirectoryRecord read = DirectoryRecord.Read(r, "test");
        Assert.Equal(34, read.RecordLength);
        Assert.Equal(20u, read.Extent);
        Assert.Equal(2048u, read.DataLength);
        Assert.Equal(new DateTimeOffset(1998, 6, 15, 12, 30, 45, TimeSpan.FromHours(1)), read.Date);
        Assert.True(read.IsDirectory);
        Assert.True(read.IsSelf);
        Assert.False(read.IsParent);
        Assert.Empty(read.SystemUse);
        Assert.Equal(20u, read.DataLba);
    }

    [Fact]
    public void Extended_attributes_come_before_the_data()
    {
        byte[] r = new byte[64];
        new DirectoryRecord { Extent = 100, ExtendedAttributeLength = 2, Identifier = "F"u8.ToArray() }.Write(r);
        Assert.Equal(102u, DirectoryRecord.Read(r, "test").DataLba);
    }

    [Theory]
    [InlineData(32, 1, "is 32 bytes long, which does not fit (33..64 bytes)")]
    [InlineData(40, 0, "has an identifier of 0 bytes, which does not fit its 40 bytes")]
    [InlineData(40, 8, "has an identifier of 8 bytes, which does not fit its 40 bytes")]
    public void Records_that_do_not_fit_are_ISO0203(int length, int identifierLength, string message)
    {
        byte[] r = new byte[64];
        r[0] = (byte)length;
        r[32] = (byte)identifierLength;
        IsoBuildException e = Assert.Throws<IsoBuildException>(() => DirectoryRecord.Read(r, "sector 9 offset 0"));
        Assert.Equal(ErrorCodes.MalformedDirectory, e.Code);
        Assert.Contains("The directory record at sector 9 offset 0 " + message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_longer_than_what_is_left_of_its_sector_is_ISO0203()
    {
        byte[] r = new byte[40];
        r[0] = 50;
        r[32] = 1;
        Assert.Equal(ErrorCodes.MalformedDirectory, Assert.Throws<IsoBuildException>(() => DirectoryRecord.Read(r, "x")).Code);
    }
}
