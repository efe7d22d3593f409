using System.Buffers.Binary;
using System.Text;
using IsoBuild.Iso9660;

namespace IsoBuild.Tests.Iso9660;

public class VolumeDescriptorTests
{
    private static VolumeDescriptor Full(byte type, int jolietLevel, string text) => new()
    {
        Type = type,
        JolietLevel = jolietLevel,
        SystemId = text + "SYS",
        VolumeId = text + "VOL",
        VolumeSpaceSize = 0xFEDC_BA98,
        VolumeSetSize = 2,
        VolumeSequenceNumber = 3,
        LogicalBlockSize = 2048,
        PathTableSize = 0x1234_5678,
        TypeLPathTable = 18,
        OptionalTypeLPathTable = 19,
        TypeMPathTable = 20,
        OptionalTypeMPathTable = 21,
        Root = new DirectoryRecord
        {
            Extent = 30,
            DataLength = 4096,
            Date = new DateTimeOffset(2024, 2, 29, 23, 59, 58, TimeSpan.Zero),
            Flags = DirectoryRecord.FlagDirectory,
            Identifier = [0],
        },
        VolumeSetId = text + "SET",
        Publisher = text + "PUBLISHER",
        DataPreparer = text + "PREPARER",
        Application = text + "APPLICATION",
        CopyrightFile = "COPYRIGHT.TXT;1",
        AbstractFile = "ABSTRACT.TXT;1",
        BibliographicFile = "BIBLIO.TXT;1",
        Created = new DateTimeOffset(2000, 1, 2, 3, 4, 5, 670, TimeSpan.Zero),
        Modified = new DateTimeOffset(2001, 1, 2, 3, 4, 5, TimeSpan.Zero),
        Expires = null,
        Effective = new DateTimeOffset(2155, 12, 31, 23, 59, 59, 990, TimeSpan.Zero),
        FileStructureVersion = 1,
    };

    public static TheoryData<byte, int, string> Kinds => new()
    {
        { VolumeDescriptor.TypePrimary, 0, "ISO_" },
        { VolumeDescriptor.TypeSupplementary, 1, "Joliet é " },
        { VolumeDescriptor.TypeSupplementary, 2, "Joliet 名前 " },
        { VolumeDescriptor.TypeSupplementary, 3, "Joliet 😀 " },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_field_reads_back_as_written(byte type, int jolietLevel, string text)
    {
        VolumeDescriptor d = Full(type, jolietLevel, text);
        byte[] sector = new byte[2048];
        d.Write(sector);
        VolumeDescriptor r = VolumeDescriptor.Read(sector, 17);

        Assert.Equal(d.Type, r.Type);
        Assert.Equal(d.JolietLevel, r.JolietLevel);
        Assert.Equal(d.IsJoliet, r.IsJoliet);
        Assert.Equal(d.SystemId, r.SystemId);
        Assert.Equal(d.VolumeId, r.VolumeId);
        Assert.Equal(d.VolumeSpaceSize, r.VolumeSpaceSize);
        Assert.Equal(d.VolumeSetSize, r.VolumeSetSize);
        Assert.Equal(d.VolumeSequenceNumber, r.VolumeSequenceNumber);
        Assert.Equal(d.LogicalBlockSize, r.LogicalBlockSize);
        Assert.Equal(d.PathTableSize, r.PathTableSize);
        Assert.Equal(d.TypeLPathTable, r.TypeLPathTable);
        Assert.Equal(d.OptionalTypeLPathTable, r.OptionalTypeLPathTable);
        Assert.Equal(d.TypeMPathTable, r.TypeMPathTable);
        Assert.Equal(d.OptionalTypeMPathTable, r.OptionalTypeMPathTable);
        Assert.Equal(34, r.RootRecordLength);
        Assert.Equal(d.Root.Extent, r.Root.Extent);
        Assert.Equal(d.Root.DataLength, r.Root.DataLength);
        Assert.Equal(d.Root.Date, r.Root.Date);
        Assert.True(r.Root.IsSelf && r.Root.IsDirectory);
        Assert.Equal(d.VolumeSetId, r.VolumeSetId);
        Assert.Equal(d.Publisher, r.Publisher);
        Assert.Equal(d.DataPreparer, r.DataPreparer);
        Assert.Equal(d.Application, r.Application);
        Assert.Equal(d.CopyrightFile, r.CopyrightFile);
        Assert.Equal(d.AbstractFile, r.AbstractFile);
        Assert.Equal(d.BibliographicFile, r.BibliographicFile);
        Assert.Equal(d.Created, r.Created);
        Assert.Equal(d.Modified, r.Modified);
        Assert.Null(r.Expires);
        Assert.Equal(d.Effective, r.Effective);
        Assert.Equal(d.FileStructureVersion, r.FileStructureVersion);
        Assert.Equal(17u, r.Sector);
        Assert.Empty(r.InconsistentNumbers);

        byte[] again = new byte[2048];
        r.Write(again);
        Assert.Equal(sector, again);
    }

    [Fact]
    public void Identifiers_of_the_greatest_length_fill_their_fields()
    {
        var d = new VolumeDescriptor
        {
            VolumeId = new string('V', 32),
            SystemId = new string('S', 32),
            Publisher = new string('P', 128),
            Application = new string('A', 128),
            BibliographicFile = new string('B', 37),
            Root = Full(VolumeDescriptor.TypePrimary, 0, "").Root,
        };
        byte[] sector = new byte[2048];
        d.Write(sector);
        VolumeDescriptor r = VolumeDescriptor.Read(sector, 16);
        Assert.Equal(d.VolumeId, r.VolumeId);
        Assert.Equal(d.SystemId, r.SystemId);
        Assert.Equal(d.Publisher, r.Publisher);
        Assert.Equal(d.Application, r.Application);
        Assert.Equal(d.BibliographicFile, r.BibliographicFile);
        Assert.Equal((byte)'B', sector[776 + 36]);
        Assert.Equal(1, sector[881]);
    }

    [Fact]
    public void Joliet_fields_are_UCS2_big_endian_and_an_odd_last_byte_stays_zero()
    {
        byte[] sector = new byte[2048];
        Full(VolumeDescriptor.TypeSupplementary, 3, "").Write(sector);
        Assert.Equal("%/E"u8.ToArray(), sector[88..91]);
        Assert.Equal(new byte[] { 0, (byte)'V', 0, (byte)'O', 0, (byte)'L', 0, (byte)' ' }, sector[40..48]);
        Assert.Equal(0, sector[702 + 36]);
    }

    [Theory]
    [InlineData(80 + 4, "volume space size")]
    [InlineData(120 + 2, "volume set size")]
    [InlineData(124 + 3, "volume sequence number")]
    [InlineData(128 + 2, "logical block size")]
    [InlineData(132 + 7, "path table size")]
    public void Halves_that_disagree_are_named(int offset, string field)
    {
        byte[] sector = new byte[2048];
        Full(VolumeDescriptor.TypePrimary, 0, "").Write(sector);
        sector[offset] ^= 0x10;
        Assert.Equal([field], VolumeDescriptor.Read(sector, 16).InconsistentNumbers);
    }

    [Fact]
    public void A_supplementary_descriptor_without_a_UCS2_escape_is_not_Joliet()
    {
        byte[] sector = new byte[2048];
        Full(VolumeDescriptor.TypeSupplementary, 0, "").Write(sector);
        VolumeDescriptor r = VolumeDescriptor.Read(sector, 16);
        Assert.False(r.IsJoliet);
        Assert.Equal(0, r.JolietLevel);
        Assert.Equal("VOL", r.VolumeId);
    }

    [Fact]
    public void A_primary_descriptor_never_reads_as_Joliet()
    {
        byte[] sector = new byte[2048];
        Full(VolumeDescriptor.TypePrimary, 0, "").Write(sector);
        "%/E"u8.CopyTo(sector.AsSpan(88));
        Assert.False(VolumeDescriptor.Read(sector, 16).IsJoliet);
    }

    [Fact]
    public void A_hand_made_primary_descriptor_reads_as_ECMA_119_describes_it()
    {
        byte[] s = new byte[2048];
        s[0] = 1;
        "CD001"u8.CopyTo(s.AsSpan(1));
        s[6] = 1;
        Encoding.ASCII.GetBytes("LINUX".PadRight(32)).CopyTo(s, 8);
        Encoding.ASCII.GetBytes("CDROM".PadRight(32)).CopyTo(s, 40);
        BinaryPrimitives.WriteUInt32LittleEndian(s.AsSpan(80), 1000);
        BinaryPrimitives.WriteUInt32BigEndian(s.AsSpan(84), 1000);
        s[120] = 1; s[123] = 1; // volume set size 1
        s[124] = 1; s[127] = 1; // volume sequence number 1
        s[128] = 0x00; s[129] = 0x08; s[130] = 0x08; s[131] = 0x00; // 2048
        BinaryPrimitives.WriteUInt32LittleEndian(s.AsSpan(132), 10);
        BinaryPrimitives.WriteUInt32BigEndian(s.AsSpan(136), 10);
        BinaryPrimitives.WriteUInt32LittleEndian(s.AsSpan(140), 19);
        BinaryPrimitives.WriteUInt32BigEndian(s.AsSpan(148), 21);
        byte[] root = [0x22, 0, 23, 0, 0, 0, 0, 0, 0, 23, 0, 8, 0, 0, 0, 0, 8, 0, 124, 1, 1, 0, 0, 0, 0, 2, 0, 0, 1, 0, 0, 1, 1, 0];
        root.CopyTo(s, 156);
        Encoding.ASCII.GetBytes(new string(' ', 128 * 4 + 37 * 3)).CopyTo(s, 190);
        Encoding.ASCII.GetBytes("2024010112000000").CopyTo(s, 813);
        s[829] = 8; // GMT+2
        Encoding.ASCII.GetBytes("2024010112000000").CopyTo(s, 830);
        Encoding.ASCII.GetBytes("0000000000000000").CopyTo(s, 847);
        Encoding.ASCII.GetBytes("0000000000000000").CopyTo(s, 864);
        s[881] = 1;

        VolumeDescriptor d = VolumeDescriptor.Read(s, 16);
        Assert.Equal(VolumeDescriptor.TypePrimary, d.Type);
        Assert.Equal("LINUX", d.SystemId);
        Assert.Equal("CDROM", d.VolumeId);
        Assert.Equal(1000u, d.VolumeSpaceSize);
        Assert.Equal(2048, d.LogicalBlockSize);
        Assert.Equal(10u, d.PathTableSize);
        Assert.Equal(19u, d.TypeLPathTable);
        Assert.Equal(21u, d.TypeMPathTable);
        Assert.Equal(23u, d.Root.Extent);
        Assert.Equal(2048u, d.Root.DataLength);
        Assert.Equal(string.Empty, d.Publisher);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.FromHours(2)), d.Created);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.Zero), d.Modified);
        Assert.Null(d.Expires);
        Assert.Null(d.Effective);
        Assert.Empty(d.InconsistentNumbers);
        Assert.False(d.IsJoliet);
    }

    [Fact]
    public void A_damaged_root_record_fails_only_when_it_is_read()
    {
        byte[] sector = new byte[2048];
        Full(VolumeDescriptor.TypeSupplementary, 3, "").Write(sector);
        sector[156 + 32] = 0; // no identifier
        VolumeDescriptor d = VolumeDescriptor.Read(sector, 17);
        Assert.Equal("VOL", d.VolumeId);
        IsoBuildException e = Assert.Throws<IsoBuildException>(() => d.Root);
        Assert.Equal(ErrorCodes.MalformedDirectory, e.Code);
        Assert.Contains("the root record of the volume descriptor at sector 17", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dates_that_are_no_dates_read_as_not_specified()
    {
        byte[] sector = new byte[2048];
        Full(VolumeDescriptor.TypePrimary, 0, "").Write(sector);
        Encoding.ASCII.GetBytes("2024133112000000").CopyTo(sector, 813); // month 13
        sector[830 + 16] = 0x7F; // an offset of 31 hours and 45 minutes
        VolumeDescriptor d = VolumeDescriptor.Read(sector, 16);
        Assert.Null(d.Created);
        Assert.Null(d.Modified);
    }

    [Fact]
    public void The_terminator_has_only_the_header()
    {
        byte[] sector = Enumerable.Repeat((byte)0xAA, 2048).ToArray();
        VolumeDescriptor.WriteTerminator(sector);
        Assert.Equal(new byte[] { 255, (byte)'C', (byte)'D', (byte)'0', (byte)'0', (byte)'1', 1 }, sector[..7]);
        Assert.All(sector[7..], b => Assert.Equal(0, b));
    }
}
