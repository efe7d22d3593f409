using IsoBuild.Zisofs;

namespace IsoBuild.Tests.Zisofs;

/// <summary>The zisofs file header and the Rock Ridge ZF entry: each writes what it reads, and refuses what is not one.</summary>
public sealed class ZisofsFormatTests
{
    [Fact]
    public void Zf_entry_is_the_documented_example()
    {
        // zisofs_format.txt: block size 32 KiB, uncompressed size 1,234,567 bytes.
        byte[] expected = [(byte)'Z', (byte)'F', 16, 1, (byte)'p', (byte)'z', 4, 15, 0x87, 0xD6, 0x12, 0x00, 0x00, 0x12, 0xD6, 0x87];
        ZisofsEntry entry = ZisofsEntry.ForZisofs(1_234_567, 15);
        Assert.Equal(expected, entry.ToArray());
        Assert.Equal(entry, ZisofsEntry.Read(expected));
    }

    [Fact]
    public void Zisofs2_entry_round_trips()
    {
        var entry = new ZisofsEntry { Version = 2, Algorithm = "PZ", HeaderWords = 6, BlockShift = 18, UncompressedLength = 40_000_000_000_000 };
        byte[] bytes = entry.ToArray();
        Assert.Equal("ZF"u8.ToArray(), bytes[..2]);
        Assert.Equal(entry, ZisofsEntry.Read(bytes));
        Assert.True(entry.IsZlib);
        Assert.False((entry with { Algorithm = "XZ" }).IsZlib);
    }

    [Fact]
    public void Zf_entries_that_are_too_short_or_of_unknown_versions_are_not_read()
    {
        byte[] bytes = ZisofsEntry.ForZisofs(10, 15).ToArray();
        Assert.Null(ZisofsEntry.Read(bytes.AsSpan(0, 15)));
        bytes[3] = 3;
        Assert.Null(ZisofsEntry.Read(bytes));
    }

    [Theory]
    [InlineData(0u, 15)]
    [InlineData(1u, 16)]
    [InlineData(uint.MaxValue, 17)]
    public void Zisofs_header_round_trips(uint size, int shift)
    {
        ZisofsHeader header = ZisofsHeader.ForZisofs(size, shift);
        byte[] bytes = new byte[ZisofsHeader.Zisofs1Length];
        header.Write(bytes);
        Assert.Equal(ZisofsHeader.Zisofs1Magic.ToArray(), bytes[..8]);
        Assert.Equal([4, (byte)shift, 0, 0], bytes[12..]);
        Assert.Equal(header, ZisofsHeader.Read(bytes, "f"));
        Assert.Equal((ulong)16 + 4 * (header.BlockCount + 1), header.DataOffset);
    }

    [Fact]
    public void Zisofs2_header_round_trips()
    {
        var header = new ZisofsHeader { Format = 2, UncompressedLength = 5L << 32, BlockShift = 20, HeaderLength = 24, Algorithm = 1 };
        byte[] bytes = new byte[ZisofsHeader.Zisofs2Length];
        header.Write(bytes);
        Assert.Equal(ZisofsHeader.Zisofs2Magic.ToArray(), bytes[..8]);
        Assert.Equal(header, ZisofsHeader.Read(bytes, "f"));
        Assert.Equal(8, header.PointerLength);
    }

    [Theory]
    [InlineData(14)]
    [InlineData(18)]
    public void Zisofs_headers_with_other_block_sizes_are_damaged(int shift)
    {
        byte[] bytes = new byte[16];
        ZisofsHeader.ForZisofs(100, 15).Write(bytes);
        bytes[13] = (byte)shift;
        Assert.Equal(ErrorCodes.ZisofsDamaged, Assert.Throws<IsoBuildException>(() => ZisofsHeader.Read(bytes, "f")).Code);
    }

    [Fact]
    public void Data_without_the_magic_is_damaged()
    {
        IsoBuildException e = Assert.Throws<IsoBuildException>(() => ZisofsHeader.Read(new byte[24], "/a/b"));
        Assert.Equal(ErrorCodes.ZisofsDamaged, e.Code);
        Assert.Contains("/a/b", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(14)]
    [InlineData(18)]
    public void Other_block_sizes_cannot_be_written(int shift) =>
        Assert.Equal(ErrorCodes.InvalidZisofsOption, Assert.Throws<IsoBuildException>(() => ZisofsCompressor.Compress([1, 2, 3], shift)).Code);
}
