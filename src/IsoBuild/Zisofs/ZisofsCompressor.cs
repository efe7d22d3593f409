using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using IsoBuild.Compression;

namespace IsoBuild.Zisofs;

/// <summary>What compressing one file gave: the sizes, and the Rock Ridge entry that marks it.</summary>
/// <param name="UncompressedLength">The file's size.</param>
/// <param name="CompressedLength">The zisofs data's size: the bytes the file takes in the image.</param>
/// <param name="BlockShift">log2 of the block size.</param>
internal readonly record struct ZisofsCompressedFile(long UncompressedLength, long CompressedLength, int BlockShift)
{
    /// <summary>The "ZF" entry the file's directory record carries (16 bytes).</summary>
    public ZisofsEntry Entry => ZisofsEntry.ForZisofs(checked((uint)UncompressedLength), BlockShift);

    /// <summary>
    /// True when the compressed data takes fewer 2048-byte sectors than the file: otherwise the file is better stored
    /// as it is (without a ZF entry), as mkzftree keeps files that do not shrink.
    /// </summary>
    public bool SavesSpace => ZisofsCompressor.Sectors(CompressedLength) < ZisofsCompressor.Sectors(UncompressedLength);
}

/// <summary>
/// Turns a file's content into zisofs data (header, block pointers, one zlib stream per block), as mkzftree does,
/// with <see cref="ZlibEncoder"/>: the same bytes on every machine. Blocks are compressed in parallel on the
/// available processors; the result does not depend on how many there are.
/// </summary>
/// <remarks>
/// A block of zeros is recorded as an empty block (its pointer equals the next one) without compressing it, which
/// Linux, libisofs and libarchive read as zeros (zisofs_format.txt "Data Part").
/// </remarks>
internal static class ZisofsCompressor
{
    /// <summary>32 KiB blocks, what mkzftree and xorriso use by default.</summary>
    public const int DefaultBlockShift = 15;

    /// <summary>zisofs records the uncompressed size in 32 bits; larger files are stored as they are.</summary>
    public const long MaxUncompressedLength = uint.MaxValue;

    private const int SectorSize = 2048;

    public static long Sectors(long bytes) => (bytes + SectorSize - 1) / SectorSize;

    /// <summary>Checks that <paramref name="blockShift"/> is one of the sizes the format allows (15, 16, 17).</summary>
    /// <exception cref="IsoBuildException">ISO0802 otherwise.</exception>
    public static void ValidateBlockShift(int blockShift)
    {
        if (blockShift is < ZisofsHeader.MinBlockShift or > ZisofsHeader.MaxBlockShift)
        {
            IsoBuildException.Throw(ErrorCodes.InvalidZisofsOption, string.Create(CultureInfo.InvariantCulture,
                $"A zisofs block size of {1L << Math.Clamp(blockShift, 0, 62)} bytes is not allowed: zisofs readers (Linux among them) know 32, 64 and 128 KiB blocks only."));
        }
    }

    /// <summary>
    /// Compresses <paramref name="length"/> bytes of <paramref name="source"/> into <paramref name="destination"/>
    /// from its current position, and leaves it at the end of what was written.
    /// </summary>
    /// <param name="source">The file's content, read from its current position.</param>
    /// <param name="length">The file's size, at most <see cref="MaxUncompressedLength"/>.</param>
    /// <param name="destination">
    /// A seekable stream: the block pointers are written once the blocks are. <see cref="Stream.Null"/> measures the
    /// compressed size without keeping anything.
    /// </param>
    /// <param name="blockShift">log2 of the block size: 15, 16 or 17.</param>
    /// <param name="batchBlocks">Blocks read and compressed at once (0: four per processor); never changes the bytes.</param>
    /// <param name="cancellationToken">Cancels between batches of blocks.</param>
    /// <exception cref="IsoBuildException">ISO0010 when <paramref name="source"/> ends early; ISO0802 for a bad block size.</exception>
    public static ZisofsCompressedFile Compress(Stream source, long length, Stream destination, int blockShift = DefaultBlockShift,
        int batchBlocks = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaxUncompressedLength);
        if (!destination.CanSeek)
            throw new ArgumentException("The destination must be seekable: the block pointers precede the blocks.", nameof(destination));
        ValidateBlockShift(blockShift);

        ZisofsHeader header = ZisofsHeader.ForZisofs((uint)length, blockShift);
        int blockSize = header.BlockSize;
        long blockCount = (long)header.BlockCount;
        long start = destination.Position;
        byte[] pointers = new byte[(blockCount + 1) * 4];
        Span<byte> head = stackalloc byte[ZisofsHeader.Zisofs1Length];
        header.Write(head);
        destination.Write(head);
        destination.Write(pointers);

        long offset = (long)header.DataOffset;
        int batch = (int)Math.Clamp(blockCount, 1, batchBlocks > 0 ? batchBlocks : Math.Max(2, Environment.ProcessorCount) * 4L);
        int maxCompressed = ZlibEncoder.MaxCompressedLength(blockSize);
        byte[] input = ArrayPool<byte>.Shared.Rent(batch * blockSize);
        byte[] output = ArrayPool<byte>.Shared.Rent(batch * maxCompressed);
        int[] lengths = new int[batch];
        try
        {
            long remaining = length;
            for (long block = 0; block < blockCount; block += batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int count = (int)Math.Min(batch, blockCount - block);
                int bytes = (int)Math.Min((long)count * blockSize, remaining);
                int read = source.ReadAtLeast(input.AsSpan(0, bytes), bytes, throwOnEndOfStream: false);
                if (read < bytes)
                {
                    IsoBuildException.Throw(ErrorCodes.SourceChanged, string.Create(CultureInfo.InvariantCulture,
                        $"A file to compress ended after {length - remaining + read} of its {length} bytes: it changed while the image was being written."));
                }
                if (count == 1)
                {
                    lengths[0] = CompressBlock(input.AsSpan(0, bytes), output.AsSpan(0, maxCompressed));
                }
                else
                {
                    int last = bytes - (count - 1) * blockSize;
                    Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
                        lengths[i] = CompressBlock(input.AsSpan(i * blockSize, i == count - 1 ? last : blockSize), output.AsSpan(i * maxCompressed, maxCompressed)));
                }
                for (int i = 0; i < count; i++)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(pointers.AsSpan((int)((block + i) * 4)), Pointer(offset));
                    destination.Write(output, i * maxCompressed, lengths[i]);
                    offset += lengths[i];
                }
                remaining -= bytes;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
            ArrayPool<byte>.Shared.Return(output);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(pointers.AsSpan((int)(blockCount * 4)), Pointer(offset));
        destination.Position = start + ZisofsHeader.Zisofs1Length;
        destination.Write(pointers);
        destination.Position = start + offset;
        return new ZisofsCompressedFile(length, offset, blockShift);
    }

    /// <summary>The zisofs data of <paramref name="content"/>.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> content, int blockShift = DefaultBlockShift)
    {
        using var source = new MemoryStream(content.ToArray(), writable: false);
        using var destination = new MemoryStream();
        Compress(source, content.Length, destination, blockShift);
        return destination.ToArray();
    }

    /// <summary>
    /// A block pointer. Incompressible data just under 4 GiB can grow past what 32 bits address: such a result does not
    /// save space (<see cref="ZisofsCompressedFile.SavesSpace"/>) and is never stored, so its pointers only saturate.
    /// </summary>
    private static uint Pointer(long offset) => (uint)Math.Min(offset, uint.MaxValue);

    /// <summary>One block: nothing for zeros, else a zlib stream.</summary>
    private static int CompressBlock(ReadOnlySpan<byte> block, Span<byte> output) =>
        block.ContainsAnyExcept((byte)0) ? ZlibEncoder.Compress(block, output) : 0;
}
