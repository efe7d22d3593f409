using IsoBuild.Spec;
using System.Buffers.Binary;

namespace IsoBuild.Udf;

/// <summary>
/// ECMA-167 3/7.2: the 16-byte tag that starts every descriptor. The checksum covers the tag itself (byte 4
/// excluded); the CRC covers <see cref="CrcLength"/> bytes after the tag.
/// </summary>
internal readonly record struct DescriptorTag(TagIdentifier Identifier, ushort Version, ushort SerialNumber, ushort Crc, ushort CrcLength, uint Location)
{
    public const int Length = 16;
    public const int IdentifierOffset = 0;
    public const int VersionOffset = 2;
    public const int ChecksumOffset = 4;
    public const int SerialNumberOffset = 6;
    public const int CrcOffset = 8;
    public const int CrcLengthOffset = 10;
    public const int LocationOffset = 12;

    /// <summary>Descriptor version 2 goes with NSR02 (UDF 1.02), 3 with NSR03 (UDF 2.00 and later).</summary>
    public static ushort VersionFor(UdfRevision revision) => revision >= UdfRevision.V201 ? (ushort)3 : (ushort)2;

    /// <summary>
    /// Writes the tag at the start of <paramref name="descriptor"/>, computing the CRC over
    /// <paramref name="descriptor"/>[16..] (the whole span after the tag) and then the checksum.
    /// </summary>
    public static void Write(Span<byte> descriptor, TagIdentifier identifier, ushort version, ushort serialNumber, uint location)
    {
        int crcLength = descriptor.Length - Length;
        BinaryPrimitives.WriteUInt16LittleEndian(descriptor[IdentifierOffset..], (ushort)identifier);
        BinaryPrimitives.WriteUInt16LittleEndian(descriptor[VersionOffset..], version);
        descriptor[5] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(descriptor[SerialNumberOffset..], serialNumber);
        BinaryPrimitives.WriteUInt16LittleEndian(descriptor[CrcOffset..], UdfCrc.Compute(descriptor.Slice(Length, crcLength)));
        BinaryPrimitives.WriteUInt16LittleEndian(descriptor[CrcLengthOffset..], checked((ushort)crcLength));
        BinaryPrimitives.WriteUInt32LittleEndian(descriptor[LocationOffset..], location);
        descriptor[ChecksumOffset] = Checksum(descriptor);
    }

    public static DescriptorTag Read(ReadOnlySpan<byte> source) => new(
        (TagIdentifier)BinaryPrimitives.ReadUInt16LittleEndian(source[IdentifierOffset..]),
        BinaryPrimitives.ReadUInt16LittleEndian(source[VersionOffset..]),
        BinaryPrimitives.ReadUInt16LittleEndian(source[SerialNumberOffset..]),
        BinaryPrimitives.ReadUInt16LittleEndian(source[CrcOffset..]),
        BinaryPrimitives.ReadUInt16LittleEndian(source[CrcLengthOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(source[LocationOffset..]));

    /// <summary>The sum modulo 256 of tag bytes 0–3 and 5–15 (3/7.2.3).</summary>
    public static byte Checksum(ReadOnlySpan<byte> tag)
    {
        int sum = 0;
        for (int i = 0; i < Length; i++)
        {
            if (i != ChecksumOffset)
                sum += tag[i];
        }
        return (byte)sum;
    }

    /// <summary>True when the tag's checksum is right (a quick test for "is a descriptor here").</summary>
    public static bool HasValidChecksum(ReadOnlySpan<byte> source) =>
        source.Length >= Length && source[ChecksumOffset] == Checksum(source) && source[..Length].IndexOfAnyExcept((byte)0) >= 0;

    /// <summary>
    /// Checks the descriptor at the start of <paramref name="source"/>: checksum, the CRC over the bytes that are
    /// there, and the recorded location. Returns null when sound, else what is wrong.
    /// </summary>
    public static string? Check(ReadOnlySpan<byte> source, uint expectedLocation)
    {
        if (source.Length < Length)
            return "is shorter than a descriptor tag";
        if (!HasValidChecksum(source))
            return "has a wrong tag checksum";
        DescriptorTag tag = Read(source);
        if (tag.Location != expectedLocation)
            return $"records location {tag.Location}, but lies at {expectedLocation}";
        if (Length + tag.CrcLength > source.Length)
            return $"has a CRC length ({tag.CrcLength}) beyond the descriptor";
        if (UdfCrc.Compute(source.Slice(Length, tag.CrcLength)) != tag.Crc)
            return "has a wrong descriptor CRC";
        return null;
    }
}
