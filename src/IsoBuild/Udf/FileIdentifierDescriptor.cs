using System.Buffers.Binary;

namespace IsoBuild.Udf;

/// <summary>
/// ECMA-167 4/14.4: one entry of a directory: characteristics, the entry's ICB and its name in d-characters.
/// Padded to a multiple of 4 bytes; unlike ISO 9660 records, they may cross block boundaries.
/// </summary>
internal sealed record FileIdentifierDescriptor
{
    public const int FixedSize = 38;
    public const int VersionNumberOffset = 16;
    public const int CharacteristicsOffset = 18;
    public const int IdentifierLengthOffset = 19;
    public const int IcbOffset = 20;
    public const int ImplementationUseLengthOffset = 36;
    public const int ImplementationUseOffset = 38;

    public const byte Hidden = 0x01;
    public const byte Directory = 0x02;
    public const byte Deleted = 0x04;
    public const byte Parent = 0x08;
    public const byte Metadata = 0x10;

    public byte Characteristics { get; init; }
    public LongAllocationDescriptor Icb { get; init; }
    public byte[] ImplementationUse { get; init; } = [];
    /// <summary>The name as d-characters (empty for the parent entry).</summary>
    public byte[] Identifier { get; init; } = [];

    public static int SizeFor(int identifierLength, int implementationUseLength = 0) =>
        (FixedSize + implementationUseLength + identifierLength + 3) & ~3;

    public int Size => SizeFor(Identifier.Length, ImplementationUse.Length);

    public void Write(Span<byte> destination, uint location, ushort version)
    {
        Span<byte> d = destination[..Size];
        d.Clear();
        // File version number 1 (UDF 2.3.4.1).
        BinaryPrimitives.WriteUInt16LittleEndian(d[VersionNumberOffset..], 1);
        d[CharacteristicsOffset] = Characteristics;
        d[IdentifierLengthOffset] = checked((byte)Identifier.Length);
        Icb.Write(d[IcbOffset..]);
        BinaryPrimitives.WriteUInt16LittleEndian(d[ImplementationUseLengthOffset..], (ushort)ImplementationUse.Length);
        ImplementationUse.CopyTo(d[ImplementationUseOffset..]);
        Identifier.CopyTo(d[(ImplementationUseOffset + ImplementationUse.Length)..]);
        DescriptorTag.Write(d, TagIdentifier.FileIdentifierDescriptor, version, UdfFormat.TagSerialNumber, location);
    }

    /// <summary>Reads the descriptor at the start of <paramref name="source"/>; null when its lengths run past the end.</summary>
    public static FileIdentifierDescriptor? Read(ReadOnlySpan<byte> source, out int size)
    {
        size = 0;
        if (source.Length < FixedSize)
            return null;
        int idLength = source[IdentifierLengthOffset];
        int iuLength = BinaryPrimitives.ReadUInt16LittleEndian(source[ImplementationUseLengthOffset..]);
        size = SizeFor(idLength, iuLength);
        if (FixedSize + iuLength + idLength > source.Length)
            return null;
        return new FileIdentifierDescriptor
        {
            Characteristics = source[CharacteristicsOffset],
            Icb = LongAllocationDescriptor.Read(source[IcbOffset..]),
            ImplementationUse = source.Slice(ImplementationUseOffset, iuLength).ToArray(),
            Identifier = source.Slice(ImplementationUseOffset + iuLength, idLength).ToArray(),
        };
    }

    public bool Equals(FileIdentifierDescriptor? other) => other is not null && Characteristics == other.Characteristics && Icb == other.Icb
        && ImplementationUse.AsSpan().SequenceEqual(other.ImplementationUse) && Identifier.AsSpan().SequenceEqual(other.Identifier);

    public override int GetHashCode() => HashCode.Combine(Characteristics, Icb, Identifier.Length);
}
