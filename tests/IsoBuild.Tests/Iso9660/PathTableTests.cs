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
}
