using System.Buffers.Binary;
using IsoBuild.ElTorito;

namespace IsoBuild.Tests.ElTorito;

public class BootCatalogTests
{
    [Fact]
    public void Catalog_validation_entry_sums_to_zero_and_sections_follow_the_default_entry()
    {
        byte[] catalog = BootCatalog.Create([new(BootCatalog.PlatformBios, 37, 4), new(BootCatalog.PlatformEfi, 101, 2880)]);
        ushort sum = 0;
        for (int i = 0; i < 32; i += 2)
            sum += BinaryPrimitives.ReadUInt16LittleEndian(catalog.AsSpan(i));
        Assert.Equal(0, sum);
        Assert.Equal(new byte[] { 0x55, 0xAA }, catalog[30..32]);
        Assert.Equal(0x88, catalog[32]);
        Assert.Equal(4, BinaryPrimitives.ReadUInt16LittleEndian(catalog.AsSpan(38)));
        Assert.Equal(37u, BinaryPrimitives.ReadUInt32LittleEndian(catalog.AsSpan(40)));
        Assert.Equal(SectionHeader.FinalHeader, catalog[64]);
        Assert.Equal(BootCatalog.PlatformEfi, catalog[65]);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(catalog.AsSpan(66)));
        Assert.Equal(2880, BinaryPrimitives.ReadUInt16LittleEndian(catalog.AsSpan(96 + 6)));
        Assert.Equal(101u, BinaryPrimitives.ReadUInt32LittleEndian(catalog.AsSpan(96 + 8)));
    }

    [Fact]
    public void A_catalog_reads_back_entry_by_entry_with_the_types_that_wrote_it()
    {
        byte[] catalog = BootCatalog.Create([new(BootCatalog.PlatformBios, 37, 4), new(BootCatalog.PlatformEfi, 101, 2880), new(BootCatalog.PlatformMac, 200, 8)]);
        Assert.True(ValidationEntry.IsKeyed(catalog));
        Assert.True(ValidationEntry.ChecksumMatches(catalog));
        Assert.Equal(new ValidationEntry(BootCatalog.PlatformBios), ValidationEntry.Read(catalog));
        Assert.Equal(BootEntry.NoEmulationImage(37, 4), BootEntry.Read(catalog.AsSpan(32)));
        Assert.True(SectionHeader.TryRead(catalog.AsSpan(64), out SectionHeader efi));
        Assert.Equal(new SectionHeader(false, BootCatalog.PlatformEfi, 1), efi);
        Assert.Equal(BootEntry.NoEmulationImage(101, 2880), BootEntry.Read(catalog.AsSpan(96)));
        Assert.True(SectionHeader.TryRead(catalog.AsSpan(128), out SectionHeader mac));
        Assert.Equal(new SectionHeader(true, BootCatalog.PlatformMac, 1), mac);
        Assert.Equal(BootEntry.NoEmulationImage(200, 8), BootEntry.Read(catalog.AsSpan(160)));
        Assert.False(SectionHeader.TryRead(catalog.AsSpan(192), out _));
        Assert.All(catalog[192..], b => Assert.Equal(0, b));
    }
}
