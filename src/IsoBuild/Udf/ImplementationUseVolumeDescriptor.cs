using IsoBuild.Spec;
using System.Buffers.Binary;

namespace IsoBuild.Udf;

/// <summary>
/// ECMA-167 3/10.4 with UDF 2.2.7: the "*UDF LV Info" descriptor, which names the logical volume and its owner
/// (UDF asks for one in every volume descriptor sequence).
/// </summary>
internal sealed record ImplementationUseVolumeDescriptor
{
    public const int Size = 512;
    public const int SequenceNumberOffset = 16;
    public const int ImplementationIdentifierOffset = 20;
    public const int ImplementationUseOffset = 52;
    // LV information (UDF 2.2.7.2), relative to the implementation use field.
    public const int CharacterSetOffset = 0;
    public const int LogicalVolumeIdentifierOffset = 64;
    public const int LogicalVolumeIdentifierLength = 128;
    public const int Info1Offset = 192;
    public const int Info2Offset = 228;
    public const int Info3Offset = 264;
    public const int InfoLength = 36;
    public const int InfoImplementationIdentifierOffset = 300;

    public uint SequenceNumber { get; init; }
    public UdfRevision Revision { get; init; }
    public string LogicalVolumeIdentifier { get; init; } = string.Empty;
    public string Info1 { get; init; } = string.Empty;
    public string Info2 { get; init; } = string.Empty;
    public string Info3 { get; init; } = string.Empty;

    public void Write(Span<byte> destination, uint location, ushort version)
    {
        Span<byte> d = destination[..Size];
        d.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(d[SequenceNumberOffset..], SequenceNumber);
        EntityIdentifier.Udf(EntityIdentifier.LogicalVolumeInfo, Revision).Write(d[ImplementationIdentifierOffset..]);
        Span<byte> use = d[ImplementationUseOffset..];
        CharacterSet.WriteOsta(use[CharacterSetOffset..]);
        OstaCompressedUnicode.WriteDString(use.Slice(LogicalVolumeIdentifierOffset, LogicalVolumeIdentifierLength), LogicalVolumeIdentifier);
        OstaCompressedUnicode.WriteDString(use.Slice(Info1Offset, InfoLength), Info1);
        OstaCompressedUnicode.WriteDString(use.Slice(Info2Offset, InfoLength), Info2);
        OstaCompressedUnicode.WriteDString(use.Slice(Info3Offset, InfoLength), Info3);
        EntityIdentifier.Implementation().Write(use[InfoImplementationIdentifierOffset..]);
        DescriptorTag.Write(d, TagIdentifier.ImplementationUseVolumeDescriptor, version, UdfFormat.TagSerialNumber, location);
    }

    public static ImplementationUseVolumeDescriptor Read(ReadOnlySpan<byte> source)
    {
        ReadOnlySpan<byte> use = source[ImplementationUseOffset..];
        return new()
        {
            SequenceNumber = BinaryPrimitives.ReadUInt32LittleEndian(source[SequenceNumberOffset..]),
            Revision = (UdfRevision)EntityIdentifier.Read(source[ImplementationIdentifierOffset..]).SuffixRevision,
            LogicalVolumeIdentifier = OstaCompressedUnicode.ReadDString(use.Slice(LogicalVolumeIdentifierOffset, LogicalVolumeIdentifierLength)) ?? string.Empty,
            Info1 = OstaCompressedUnicode.ReadDString(use.Slice(Info1Offset, InfoLength)) ?? string.Empty,
            Info2 = OstaCompressedUnicode.ReadDString(use.Slice(Info2Offset, InfoLength)) ?? string.Empty,
            Info3 = OstaCompressedUnicode.ReadDString(use.Slice(Info3Offset, InfoLength)) ?? string.Empty,
        };
    }
}
