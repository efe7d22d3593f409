using System.Buffers.Binary;
using System.Security.Cryptography;
using IsoBuild.Testing;
using IsoBuild.Tests.Compression;
using IsoBuild.Zisofs;

namespace IsoBuild.Tests.Zisofs;

/// <summary>
/// zisofs data made by <see cref="ZisofsCompressor"/>: read back by our stream and by mkzftree, the same bytes however
/// it is parallelised, and pinned; and our stream reads mkzftree's data.
/// </summary>
[Trait(Category.Name, Category.External)]
public sealed class ZisofsCompressorTests
{
    private static byte[] Sample(int length, ulong seed)
    {
        // Text with holes of zeros (whole zero blocks at 32 KiB) and a random tail: every kind of block.
        byte[] data = CompressionCorpus.Text(length, seed);
        if (length > 100_000)
        {
            Array.Clear(data, 32 * 1024, 64 * 1024);
            CompressionCorpus.Random(10_000, seed).CopyTo(data, length - 10_000);
        }
        return data;
    }

    public static IEnumerable<object[]> Sizes()
    {
        foreach (int shift in new[] { 15, 16, 17 })
        {
            int block = 1 << shift;
            foreach (int size in new[] { 1, 2048, block - 1, block, block + 1, 3 * block + 5, 300_000 })
                yield return [shift, size];
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Round_trips_through_the_read_stream(int shift, int size)
    {
        byte[] content = Sample(size, (ulong)size);
        byte[] zisofs = ZisofsCompressor.Compress(content, shift);
        ZisofsHeader header = ZisofsHeader.Read(zisofs, "f");
        Assert.Equal((ulong)size, header.UncompressedLength);
        Assert.Equal(shift, header.BlockShift);
        using var stream = new ZisofsReadStream(new MemoryStream(zisofs), ZisofsEntry.ForZisofs((uint)size, shift), "f");
        Assert.Equal(size, stream.Length);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        Assert.Equal(content, copy.ToArray());
    }

    [Fact]
    public void Empty_content_is_a_header_and_one_pointer()
    {
        byte[] zisofs = ZisofsCompressor.Compress([]);
        Assert.Equal(20, zisofs.Length);
        Assert.Equal(20u, BinaryPrimitives.ReadUInt32LittleEndian(zisofs.AsSpan(16)));
        using var stream = new ZisofsReadStream(new MemoryStream(zisofs), null, "f");
        Assert.Equal(-1, stream.ReadByte());
    }

    [Fact]
    public void Zero_blocks_are_empty_blocks()
    {
        byte[] content = new byte[5 * 32 * 1024 + 100];
        content[^1] = 1; // only the last block holds anything
        byte[] zisofs = ZisofsCompressor.Compress(content);
        uint[] pointers = Enumerable.Range(0, 7).Select(i => BinaryPrimitives.ReadUInt32LittleEndian(zisofs.AsSpan(16 + 4 * i))).ToArray();
        Assert.All(pointers[..6], p => Assert.Equal(16u + 7 * 4, p));
        Assert.True(pointers[6] > pointers[5]);
        Assert.Equal((uint)zisofs.Length, pointers[6]);
        using var stream = new ZisofsReadStream(new MemoryStream(zisofs), null, "f");
        Assert.Equal(content, ReadAll(stream));
    }

    [Fact]
    public void Seeks_read_the_right_bytes()
    {
        byte[] content = Sample(400_000, 3);
        using var stream = new ZisofsReadStream(new MemoryStream(ZisofsCompressor.Compress(content, 16)), null, "f");
        var random = new Random(5);
        byte[] buffer = new byte[5000];
        for (int i = 0; i < 200; i++)
        {
            int at = random.Next(content.Length);
            stream.Position = at;
            int n = stream.Read(buffer);
            Assert.True(n > 0);
            Assert.Equal(content.AsSpan(at, n).ToArray(), buffer[..n]);
        }
        stream.Position = content.Length;
        Assert.Equal(0, stream.Read(buffer));
    }

    [Fact]
    public void The_bytes_do_not_depend_on_parallelism()
    {
        byte[] content = Sample(1_000_000, 9);
        byte[] reference = Compress(content, batchBlocks: 1);
        foreach (int batch in new[] { 2, 3, 7, 64 })
            Assert.Equal(reference, Compress(content, batchBlocks: batch));
        Assert.Equal(reference, ZisofsCompressor.Compress(content));
    }

    [Fact]
    public void Output_is_pinned()
    {
        // The zisofs data of a fixed input: header, pointers, zero blocks, zlib blocks. A change is a format change.
        byte[] zisofs = ZisofsCompressor.Compress(Sample(300_000, 12));
        Assert.Equal("a5d4e1e4ae36f9c466f3a95c2d68f2a5084a99b82753b043aa0226c0b927a700", Convert.ToHexStringLower(SHA256.HashData(zisofs)));
    }

    [Fact]
    public void Measuring_with_a_null_stream_gives_the_size_of_the_data()
    {
        byte[] content = Sample(300_000, 4);
        ZisofsCompressedFile measured = ZisofsCompressor.Compress(new MemoryStream(content), content.Length, Stream.Null);
        Assert.Equal(ZisofsCompressor.Compress(content).Length, measured.CompressedLength);
        Assert.True(measured.SavesSpace);
        Assert.Equal(ZisofsEntry.ForZisofs(300_000, 15), measured.Entry);
    }

    [Fact]
    public void Incompressible_files_do_not_save_space()
    {
        byte[] content = CompressionCorpus.Random(100_000, 8);
        ZisofsCompressedFile result = ZisofsCompressor.Compress(new MemoryStream(content), content.Length, Stream.Null);
        Assert.False(result.SavesSpace);
        // Small files cannot save a sector either.
        Assert.False(ZisofsCompressor.Compress(new MemoryStream(new byte[2048]), 2048, Stream.Null).SavesSpace);
    }

    [Fact]
    public void A_source_that_ends_early_is_reported()
    {
        IsoBuildException e = Assert.Throws<IsoBuildException>(() =>
            ZisofsCompressor.Compress(new MemoryStream(new byte[1000]), 5000, new MemoryStream()));
        Assert.Equal(ErrorCodes.SourceChanged, e.Code);
    }

    [Fact]
    public void Mkzftree_uncompresses_our_data_and_we_read_its_data()
    {
        using var dir = new TempDirectory("zisofs");
        string plain = dir.CreateDirectory("plain");
        string ours = dir.CreateDirectory("ours");
        var contents = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["text.txt"] = Sample(300_000, 1),
            ["small.txt"] = Sample(5000, 2),
            ["zeros.bin"] = new byte[200_000],
            ["records.bin"] = CompressionCorpus.Records(150_000, 3),
        };
        foreach ((string name, byte[] content) in contents)
        {
            File.WriteAllBytes(Path.Combine(plain, name), content);
            File.WriteAllBytes(Path.Combine(ours, name), ZisofsCompressor.Compress(content));
        }
        // mkzftree -u: an independent decoder of our data.
        string restored = dir.Combine("restored");
        ExternalTool.Run("mkzftree", "-u", ours, restored).EnsureSuccess();
        foreach ((string name, byte[] content) in contents)
            Assert.Equal(content, File.ReadAllBytes(Path.Combine(restored, name)));

        // mkzftree (zlib level 9): our stream reads what it makes.
        string theirs = dir.Combine("theirs");
        ExternalTool.Run("mkzftree", plain, theirs).EnsureSuccess();
        foreach ((string name, byte[] content) in contents)
        {
            byte[] data = File.ReadAllBytes(Path.Combine(theirs, name));
            Assert.True(ZisofsHeader.HasMagic(data), name);
            using var stream = new ZisofsReadStream(new MemoryStream(data), null, name);
            Assert.Equal(content, ReadAll(stream));
        }
    }

    [Fact]
    public void Damaged_blocks_are_reported()
    {
        byte[] zisofs = ZisofsCompressor.Compress(Sample(100_000, 6));
        byte[] badData = (byte[])zisofs.Clone();
        badData[^20] ^= 0xFF;
        Assert.Equal(ErrorCodes.ZisofsDamaged, Assert.Throws<IsoBuildException>(() => ReadAll(new ZisofsReadStream(new MemoryStream(badData), null, "f"))).Code);
        byte[] badPointer = (byte[])zisofs.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(badPointer.AsSpan(20), uint.MaxValue);
        Assert.Equal(ErrorCodes.ZisofsDamaged, Assert.Throws<IsoBuildException>(() => ReadAll(new ZisofsReadStream(new MemoryStream(badPointer), null, "f"))).Code);
        // A ZF entry that disagrees with the header.
        Assert.Equal(ErrorCodes.ZisofsDamaged, Assert.Throws<IsoBuildException>(() =>
            new ZisofsReadStream(new MemoryStream(zisofs), ZisofsEntry.ForZisofs(99_999, 15), "f")).Code);
        // A header that promises more blocks than the data holds pointers for.
        byte[] truncated = zisofs[..30];
        Assert.Equal(ErrorCodes.ZisofsDamaged, Assert.Throws<IsoBuildException>(() => new ZisofsReadStream(new MemoryStream(truncated), null, "f")).Code);
    }

    [Fact]
    public void Zisofs2_with_other_algorithms_is_unsupported()
    {
        var header = new ZisofsHeader { Format = 2, UncompressedLength = 10, BlockShift = 15, HeaderLength = 24, Algorithm = 2 };
        byte[] data = new byte[24 + 16];
        header.Write(data);
        Assert.Equal(ErrorCodes.ZisofsUnsupported, Assert.Throws<IsoBuildException>(() => new ZisofsReadStream(new MemoryStream(data), null, "f")).Code);
    }

    internal static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static byte[] Compress(byte[] content, int batchBlocks)
    {
        using var destination = new MemoryStream();
        ZisofsCompressor.Compress(new MemoryStream(content), content.Length, destination, batchBlocks: batchBlocks);
        return destination.ToArray();
    }
}
