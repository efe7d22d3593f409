using System.Buffers;
using System.Buffers.Binary;

namespace IsoBuild.Compression;

/// <summary>
/// Makes zlib streams (RFC 1950: a two-byte header, DEFLATE data, the Adler-32 of the input) with
/// <see cref="DeflateEncoder"/>, so the bytes are the same on every machine and runtime.
/// </summary>
internal static class ZlibEncoder
{
    /// <summary>CMF: method 8 (DEFLATE) with a 32 KiB window (CINFO 7).</summary>
    public const byte CompressionMethod = 0x78;

    /// <summary>FLG: level 2 ("default", what zlib writes at level 6), no preset dictionary, FCHECK making 0x789C a multiple of 31.</summary>
    public const byte Flags = 0x9C;

    public const int HeaderLength = 2;
    public const int TrailerLength = 4;

    /// <summary>The most bytes <see cref="Compress(ReadOnlySpan{byte}, Span{byte})"/> writes for <paramref name="inputLength"/> bytes.</summary>
    public static int MaxCompressedLength(int inputLength) =>
        checked(HeaderLength + DeflateEncoder.MaxEncodedLength(inputLength) + TrailerLength);

    /// <summary>Compresses <paramref name="input"/> into <paramref name="output"/>; returns the stream's length.</summary>
    /// <param name="input">The data.</param>
    /// <param name="output">At least <see cref="MaxCompressedLength"/> bytes.</param>
    public static int Compress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        output[0] = CompressionMethod;
        output[1] = Flags;
        int length = HeaderLength + DeflateEncoder.ForCurrentThread.Encode(input, output[HeaderLength..]);
        BinaryPrimitives.WriteUInt32BigEndian(output[length..], Adler32.Compute(input));
        return length + TrailerLength;
    }

    /// <summary>The zlib stream of <paramref name="input"/>.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> input)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(MaxCompressedLength(input.Length));
        try
        {
            int length = Compress(input, buffer);
            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
