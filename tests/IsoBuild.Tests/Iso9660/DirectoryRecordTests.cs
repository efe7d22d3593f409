using IsoBuild.Iso9660;

namespace IsoBuild.Tests.Iso9660;

public class DirectoryRecordTests
{
    [Fact]
    public void Record_lays_out_fields_at_ECMA_119_offsets()
    {
        byte[] r = new byte[255];
        byte[] id = "A.TXT;1"u8.ToArray();
        int length = DirectoryRecord.Write(r, 20, 1234, new DateTimeOffset(2001, 2, 3, 4, 5, 6, TimeSpan.Zero), 0, id, [1, 2, 3]);
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
}
