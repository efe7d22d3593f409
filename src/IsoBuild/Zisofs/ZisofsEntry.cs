using System.Buffers.Binary;
using IsoBuild.Iso9660;

namespace IsoBuild.Zisofs;

/// <summary>
/// The Rock Ridge "ZF" system use entry that marks a file as zisofs-compressed and gives its uncompressed size
/// (zisofs-tools / mkisofs -z; libisofs doc/zisofs_format.txt and zisofs2_format.txt).
/// </summary>
/// <remarks>
/// <para>
/// Version 1 (zisofs): 'Z' 'F' 16 1 'p' 'z', the header size in 4-byte words, log2 of the block size, the
/// uncompressed size in both byte orders (ISO 9660 7.3.3). The Linux kernel, libisofs and libarchive read it.
/// </para>
/// <para>
/// Version 2 (zisofs2, libisofs 1.5.4): the same layout with the algorithm as two letters ("PZ" zlib, "XZ", "L4",
/// "ZD", "B2") and the size as 8 bytes little endian; xorriso can also write it with the signature "Z2" so that
/// kernels that only know version 1 do not log complaints.
/// </para>
/// </remarks>
internal readonly record struct ZisofsEntry
{
    public const int Length = 16;
    public const string Signature = "ZF";
    public const string Zisofs2Signature = "Z2";

    /// <summary>"paged zlib": the algorithm of zisofs version 1.</summary>
    public const string PagedZlib = "pz";

    /// <summary>zisofs2's name for zlib.</summary>
    public const string Zisofs2Zlib = "PZ";

    private const int VersionOffset = 3;
    private const int AlgorithmOffset = 4;
    private const int HeaderWordsOffset = 6;
    private const int BlockShiftOffset = 7;
    private const int SizeOffset = 8;

    /// <summary>1 for zisofs, 2 for zisofs2.</summary>
    public int Version { get; init; }

    /// <summary>Two letters: "pz" for zisofs; "PZ", "XZ", "L4", "ZD" or "B2" for zisofs2.</summary>
    public string Algorithm { get; init; }

    /// <summary>The file header's size in 4-byte words (4 for zisofs).</summary>
    public int HeaderWords { get; init; }

    /// <summary>log2 of the block size: 15, 16 or 17.</summary>
    public int BlockShift { get; init; }

    public ulong UncompressedLength { get; init; }

    /// <summary>The entry of a zisofs (version 1) file, as IsoBuild, mkisofs and xorriso write it.</summary>
    public static ZisofsEntry ForZisofs(uint uncompressedLength, int blockShift) => new()
    {
        Version = 1,
        Algorithm = PagedZlib,
        HeaderWords = ZisofsHeader.Zisofs1Length / 4,
        BlockShift = blockShift,
        UncompressedLength = uncompressedLength,
    };

    /// <summary>True for zlib compression, the algorithm IsoBuild reads.</summary>
    public bool IsZlib => Algorithm is PagedZlib or Zisofs2Zlib;

    /// <summary>The 16 bytes of the entry (signature "ZF").</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        Write(bytes);
        return bytes;
    }

    public void Write(Span<byte> destination)
    {
        destination[0] = (byte)'Z';
        destination[1] = (byte)'F';
        destination[2] = Length;
        destination[VersionOffset] = (byte)Version;
        destination[AlgorithmOffset] = (byte)Algorithm[0];
        destination[AlgorithmOffset + 1] = (byte)Algorithm[1];
        destination[HeaderWordsOffset] = (byte)HeaderWords;
        destination[BlockShiftOffset] = (byte)BlockShift;
        if (Version == 1)
            BothEndian.WriteUInt32(destination[SizeOffset..], checked((uint)UncompressedLength));
        else
            BinaryPrimitives.WriteUInt64LittleEndian(destination[SizeOffset..], UncompressedLength);
    }

    /// <summary>Reads a whole "ZF" or "Z2" entry (header included); null when it is too short or of an unknown version.</summary>
    public static ZisofsEntry? Read(ReadOnlySpan<byte> entry)
    {
        if (entry.Length < Length || entry[2] < Length)
            return null;
        int version = entry[VersionOffset];
        ulong size = version switch
        {
            // 7.3.3: the little-endian half is the one readers use (Linux reads it).
            1 => BinaryPrimitives.ReadUInt32LittleEndian(entry[SizeOffset..]),
            2 => BinaryPrimitives.ReadUInt64LittleEndian(entry[SizeOffset..]),
            _ => ulong.MaxValue,
        };
        if (size == ulong.MaxValue)
            return null;
        return new ZisofsEntry
        {
            Version = version,
            Algorithm = string.Concat((char)entry[AlgorithmOffset], (char)entry[AlgorithmOffset + 1]),
            HeaderWords = entry[HeaderWordsOffset],
            BlockShift = entry[BlockShiftOffset],
            UncompressedLength = size,
        };
    }
}
