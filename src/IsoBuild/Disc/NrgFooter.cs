using System.Buffers.Binary;

namespace IsoBuild.Disc;

/// <summary>
/// The last bytes of a Nero image: version 2 (Nero 5.5 on) ends with "NER5" and the 64-bit big-endian offset of the
/// first chunk (12 bytes), version 1 with "NERO" and a 32-bit offset (8 bytes).
/// </summary>
internal readonly record struct NrgFooter(bool Version2, long ChunkOffset)
{
    public const int Version2Length = 12;
    public const int Version1Length = 8;
    public const int MagicLength = 4;

    public static ReadOnlySpan<byte> Version2Magic => "NER5"u8;
    public static ReadOnlySpan<byte> Version1Magic => "NERO"u8;

    public int Length => Version2 ? Version2Length : Version1Length;

    /// <summary>Reads the footer from the last 12 bytes of an image of <paramref name="imageLength"/> bytes; null when there is none.</summary>
    public static NrgFooter? Read(ReadOnlySpan<byte> last12, long imageLength)
    {
        if (imageLength >= Version2Length && last12.Length >= Version2Length && last12[..MagicLength].SequenceEqual(Version2Magic))
            return new NrgFooter(true, (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(last12[MagicLength..]), long.MaxValue));
        ReadOnlySpan<byte> v1 = last12[^Version1Length..];
        if (imageLength >= Version1Length && v1[..MagicLength].SequenceEqual(Version1Magic))
            return new NrgFooter(false, BinaryPrimitives.ReadUInt32BigEndian(v1[MagicLength..]));
        return null;
    }

    public int Write(Span<byte> destination)
    {
        if (Version2)
        {
            Version2Magic.CopyTo(destination);
            BinaryPrimitives.WriteUInt64BigEndian(destination[MagicLength..], (ulong)ChunkOffset);
            return Version2Length;
        }
        Version1Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt32BigEndian(destination[MagicLength..], checked((uint)ChunkOffset));
        return Version1Length;
    }
}
