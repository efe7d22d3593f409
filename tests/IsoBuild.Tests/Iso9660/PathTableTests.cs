using IsoBuild.Iso9660;

namespace IsoBuild.Tests.Iso9660;

public class PathTableTests
{
    [Fact]
    public void L_and_M_records_differ_only_in_byte_order()
    {
        byte[] l = new byte[16];
        byte[] m = new byte[16];
        int ll = PathTable.WriteRecord(l, bigEndian: false, "BOOT"u8, 0x01020304, 2);
        int ml = PathTable.WriteRecord(m, bigEndian: true, "BOOT"u8, 0x01020304, 2);
        Assert.Equal(12, ll);
        Assert.Equal(ll, ml);
        Assert.Equal(new byte[] { 4, 0, 4, 3, 2, 1, 2, 0 }, l[..8]);
        Assert.Equal(new byte[] { 4, 0, 1, 2, 3, 4, 0, 2 }, m[..8]);
    }

    [Fact]
    public void Odd_identifiers_are_padded_to_even()
    {
        Assert.Equal(8 + 3 + 1, PathTable.RecordLength(3));
        Assert.Equal(8 + 1 + 1, PathTable.RecordLength(1));
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 1)]
    [InlineData(false, 31)]
    [InlineData(true, 128)]  // Joliet's longest identifier: 64 UCS-2 characters
    [InlineData(false, 255)] // the most the length byte can say
    public void Records_read_back_as_written(bool bigEndian, int identifierLength)
    {
        byte[] identifier = Enumerable.Range(0, identifierLength).Select(i => (byte)('A' + i % 26)).ToArray();
        var record = new PathTableRecord(identifier, uint.MaxValue - 1, ushort.MaxValue, ExtendedAttributeLength: 7);
        byte[] table = new byte[300];
        int written = PathTable.WriteRecord(table, bigEndian, record);
        Assert.Equal(PathTable.RecordLength(identifierLength), written);

        int read = PathTable.ReadRecord(table, bigEndian, out PathTableRecord back);
        Assert.Equal(written, read);
        Assert.Equal(identifier, back.Identifier);
        Assert.Equal(record.Extent, back.Extent);
        Assert.Equal(record.ParentNumber, back.ParentNumber);
        Assert.Equal(record.ExtendedAttributeLength, back.ExtendedAttributeLength);
    }

    [Fact]
    public void A_table_reads_record_after_record_to_its_end()
    {
        byte[] table = new byte[2048];
        int p = PathTable.WriteRecord(table, false, [0], 20, 1);
        p += PathTable.WriteRecord(table.AsSpan(p), false, "BOOT"u8, 21, 1);
        p += PathTable.WriteRecord(table.AsSpan(p), false, "GRUB"u8, 22, 2);
        var records = new List<PathTableRecord>();
        for (int at = 0, n; (n = PathTable.ReadRecord(table.AsSpan(at), false, out PathTableRecord r)) > 0; at += n)
            records.Add(r);
        Assert.Equal(10 + 12 + 12, p);
        Assert.Equal([20u, 21u, 22u], records.Select(r => r.Extent));
        Assert.Equal([(ushort)1, (ushort)1, (ushort)2], records.Select(r => r.ParentNumber));
    }

    [Fact]
    public void A_hand_made_type_M_record_reads_as_ECMA_119_describes_it()
    {
        // "DOCS" at sector 0x1A2B, parent directory number 3, big-endian (type M).
        byte[] m = [4, 0, 0x00, 0x00, 0x1A, 0x2B, 0x00, 0x03, (byte)'D', (byte)'O', (byte)'C', (byte)'S'];
        Assert.Equal(12, PathTable.ReadRecord(m, bigEndian: true, out PathTableRecord r));
        Assert.Equal("DOCS"u8.ToArray(), r.Identifier);
        Assert.Equal(0x1A2Bu, r.Extent);
        Assert.Equal(3, r.ParentNumber);
    }

    [Fact]
    public void The_table_ends_at_a_zero_length_or_where_no_record_fits()
    {
        Assert.Equal(0, PathTable.ReadRecord(new byte[16], false, out _));
        Assert.Equal(0, PathTable.ReadRecord(new byte[7], false, out _));
        // The padding byte of the last record may lie past the table's recorded size.
        byte[] last = new byte[12];
        PathTable.WriteRecord(last, false, "ABC"u8, 9, 1);
        Assert.Equal(12, PathTable.ReadRecord(last.AsSpan(0, 11), false, out _));
    }

    [Fact]
    public void A_record_whose_identifier_runs_past_the_table_is_flagged()
    {
        byte[] table = new byte[12];
        PathTable.WriteRecord(table, false, "BOOT"u8, 9, 1);
        Assert.Equal(-1, PathTable.ReadRecord(table.AsSpan(0, 11), false, out _));
    }
}
