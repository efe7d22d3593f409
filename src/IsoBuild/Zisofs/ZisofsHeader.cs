using System.Buffers.Binary;
using System.Globalization;

namespace IsoBuild.Zisofs;

/// <summary>
/// The header at the start of a zisofs-compressed file's data, followed by its block pointers and blocks.
/// </summary>
/// <remarks>
/// <para>
/// zisofs (mkzftree of zisofs-tools; Linux fs/isofs/compress.c; libisofs doc/zisofs_format.txt), 16 bytes: the magic
/// 37 E4 53 96 C9 DB D6 07, the uncompressed size (ISO 9660 7.3.1, 4 bytes little endian), the header size in 4-byte
/// words (4), log2 of the block size (15, 16 or 17), two reserved zero bytes. Block pointers are 4 bytes.
/// </para>
/// <para>
/// zisofs2 (libisofs 1.5.4, doc/zisofs2_format.txt), 24 bytes: the magic EF 22 55 A1 BC 1B 95 A0, a header version
/// (0), the header size in words (6), an algorithm id (1 = zlib, 2 = xz, 3 = lz4, 4 = zstd, 5 = bzip2), log2 of the
/// block size, the uncompressed size as 8 bytes little endian, 4 bytes of padding. Block pointers are 8 bytes.
/// </para>
/// </remarks>
internal readonly record struct ZisofsHeader
{
    public const int Zisofs1Length = 16;
    public const int Zisofs2Length = 24;
    public const int MinBlockShift = 15;
    public const int MaxBlockShift = 17;

    /// <summary>zisofs2 also allows 256 KiB to 1 MiB blocks (xorriso -zisofs block_size_v2=).</summary>
    public const int MaxZisofs2BlockShift = 20;

    /// <summary>zisofs2 algorithm id of zlib, the one IsoBuild reads.</summary>
    public const byte Zisofs2Zlib = 1;

    // zisofs: field offsets.
    private const int Zisofs1SizeOffset = 8;
    private const int Zisofs1HeaderWordsOffset = 12;
    private const int Zisofs1BlockShiftOffset = 13;
    private const int Zisofs1ReservedOffset = 14;

    // zisofs2: field offsets.
    private const int Zisofs2VersionOffset = 8;
    private const int Zisofs2HeaderWordsOffset = 9;
    private const int Zisofs2AlgorithmOffset = 10;
    private const int Zisofs2BlockShiftOffset = 11;
    private const int Zisofs2SizeOffset = 12;

    public static ReadOnlySpan<byte> Zisofs1Magic => [0x37, 0xE4, 0x53, 0x96, 0xC9, 0xDB, 0xD6, 0x07];
    public static ReadOnlySpan<byte> Zisofs2Magic => [0xEF, 0x22, 0x55, 0xA1, 0xBC, 0x1B, 0x95, 0xA0];

    /// <summary>1 for zisofs, 2 for zisofs2.</summary>
    public int Format { get; init; }

    public ulong UncompressedLength { get; init; }

    /// <summary>log2 of the block size: 15, 16 or 17 (zisofs2: up to 20).</summary>
    public int BlockShift { get; init; }

    /// <summary>Bytes before the block pointers (the header size field times 4).</summary>
    public int HeaderLength { get; init; }

    /// <summary>zisofs2's algorithm id; 1 (zlib) for zisofs.</summary>
    public byte Algorithm { get; init; }

    public int BlockSize => 1 << BlockShift;

    public int PointerLength => Format == 1 ? 4 : 8;

    public ulong BlockCount => (UncompressedLength + (ulong)BlockSize - 1) >> BlockShift;

    /// <summary>Where the first block may start: after the header and the block count + 1 pointers.</summary>
    public ulong DataOffset => (ulong)HeaderLength + (BlockCount + 1) * (ulong)PointerLength;

    /// <summary>The header IsoBuild writes: zisofs (the one the Linux kernel reads) with a 16-byte header.</summary>
    public static ZisofsHeader ForZisofs(uint uncompressedLength, int blockShift) => new()
    {
        Format = 1,
        UncompressedLength = uncompressedLength,
        BlockShift = blockShift,
        HeaderLength = Zisofs1Length,
        Algorithm = Zisofs2Zlib,
    };

    public int Length => Format == 1 ? Zisofs1Length : Zisofs2Length;

    public void Write(Span<byte> destination)
    {
        destination[..Length].Clear();
        if (Format == 1)
        {
            Zisofs1Magic.CopyTo(destination);
            BinaryPrimitives.WriteUInt32LittleEndian(destination[Zisofs1SizeOffset..], checked((uint)UncompressedLength));
            destination[Zisofs1HeaderWordsOffset] = (byte)(HeaderLength / 4);
            destination[Zisofs1BlockShiftOffset] = (byte)BlockShift;
            destination[Zisofs1ReservedOffset] = 0;
            destination[Zisofs1ReservedOffset + 1] = 0;
        }
        else
        {
            Zisofs2Magic.CopyTo(destination);
            destination[Zisofs2VersionOffset] = 0;
            destination[Zisofs2HeaderWordsOffset] = (byte)(HeaderLength / 4);
            destination[Zisofs2AlgorithmOffset] = Algorithm;
            destination[Zisofs2BlockShiftOffset] = (byte)BlockShift;
            BinaryPrimitives.WriteUInt64LittleEndian(destination[Zisofs2SizeOffset..], UncompressedLength);
        }
    }

    /// <summary>True when <paramref name="data"/> starts with either magic number.</summary>
    public static bool HasMagic(ReadOnlySpan<byte> data) =>
        data.StartsWith(Zisofs1Magic) || data.StartsWith(Zisofs2Magic);

    /// <summary>Reads a header; <paramref name="what"/> names the file in the message when it is not one.</summary>
    /// <exception cref="IsoBuildException">ISO0800 when the bytes are not a zisofs header.</exception>
    public static ZisofsHeader Read(ReadOnlySpan<byte> source, string what)
    {
        if (source.Length >= Zisofs1Length && source.StartsWith(Zisofs1Magic))
        {
            var header = new ZisofsHeader
            {
                Format = 1,
                UncompressedLength = BinaryPrimitives.ReadUInt32LittleEndian(source[Zisofs1SizeOffset..]),
                HeaderLength = source[Zisofs1HeaderWordsOffset] * 4,
                BlockShift = source[Zisofs1BlockShiftOffset],
                Algorithm = Zisofs2Zlib,
            };
            return header.Validated(what);
        }
        if (source.Length >= Zisofs2Length && source.StartsWith(Zisofs2Magic))
        {
            var header = new ZisofsHeader
            {
                Format = 2,
                HeaderLength = source[Zisofs2HeaderWordsOffset] * 4,
                Algorithm = source[Zisofs2AlgorithmOffset],
                BlockShift = source[Zisofs2BlockShiftOffset],
                UncompressedLength = BinaryPrimitives.ReadUInt64LittleEndian(source[Zisofs2SizeOffset..]),
            };
            if (source[Zisofs2VersionOffset] != 0)
            {
                IsoBuildException.Throw(ErrorCodes.ZisofsUnsupported, string.Create(CultureInfo.InvariantCulture,
                    $"'{what}' is zisofs2 with header version {source[Zisofs2VersionOffset]}; IsoBuild reads version 0."));
            }
            return header.Validated(what);
        }
        throw new IsoBuildException(ErrorCodes.ZisofsDamaged,
            $"'{what}' is marked as zisofs-compressed (Rock Ridge ZF) but its data does not start with a zisofs header: the image is damaged.");
    }

    private ZisofsHeader Validated(string what)
    {
        if (BlockShift < MinBlockShift || BlockShift > (Format == 1 ? MaxBlockShift : MaxZisofs2BlockShift))
        {
            IsoBuildException.Throw(ErrorCodes.ZisofsDamaged, string.Create(CultureInfo.InvariantCulture,
                $"The zisofs header of '{what}' gives blocks of 2^{BlockShift} bytes; zisofs allows 2^15 to 2^17, zisofs2 up to 2^20: the data is damaged."));
        }
        if (HeaderLength < Length)
        {
            IsoBuildException.Throw(ErrorCodes.ZisofsDamaged, string.Create(CultureInfo.InvariantCulture,
                $"The zisofs header of '{what}' says it is {HeaderLength} bytes long, less than its {Length} bytes: the data is damaged."));
        }
        if (UncompressedLength > long.MaxValue >> 1)
        {
            IsoBuildException.Throw(ErrorCodes.ZisofsDamaged, string.Create(CultureInfo.InvariantCulture,
                $"The zisofs header of '{what}' gives an uncompressed size of {UncompressedLength} bytes, which is not plausible."));
        }
        return this;
    }
}
