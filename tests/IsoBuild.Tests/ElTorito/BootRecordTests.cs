using System.Buffers.Binary;
using IsoBuild.ElTorito;

namespace IsoBuild.Tests.ElTorito;

public class BootRecordTests
{
    [Theory]
    [InlineData(19u)]
    [InlineData(uint.MaxValue)]
    public void The_catalog_sector_reads_back_as_written(uint catalog)
    {
        byte[] sector = new byte[2048];
        BootRecord.Write(sector, catalog);
        Assert.True(BootRecord.TryRead(sector, out uint read));
        Assert.Equal(catalog, read);
    }

    [Fact]
    public void A_hand_made_boot_record_reads_as_El_Torito_describes_it()
    {
        byte[] sector = new byte[2048];
        sector[0] = 0;
        "CD001"u8.CopyTo(sector.AsSpan(1));
        sector[6] = 1;
        "EL TORITO SPECIFICATION"u8.CopyTo(sector.AsSpan(7));
        BinaryPrimitives.WriteUInt32LittleEndian(sector.AsSpan(0x47), 0x11);
        Assert.True(BootRecord.TryRead(sector, out uint catalog));
        Assert.Equal(0x11u, catalog);
    }

    [Fact]
    public void Other_boot_records_and_other_descriptors_are_not_El_Torito()
    {
        byte[] sector = new byte[2048];
        BootRecord.Write(sector, 19);
        sector[7] = (byte)'X';
        Assert.False(BootRecord.TryRead(sector, out _));
        BootRecord.Write(sector, 19);
        sector[0] = 1;
        Assert.False(BootRecord.TryRead(sector, out _));
    }
}
