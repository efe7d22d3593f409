using System.Buffers.Binary;

namespace IsoBuild.Udf;

/// <summary>ECMA-167 3/10.1 with UDF 2.2.2: the volume's identifiers and recording time.</summary>
internal sealed record PrimaryVolumeDescriptor
{
    public const int Size = 512;
    public const int SequenceNumberOffset = 16;
    public const int NumberOffset = 20;
    public const int VolumeIdentifierOffset = 24;
    public const int VolumeIdentifierLength = 32;
    public const int VolumeSequenceNumberOffset = 56;
    public const int MaxVolumeSequenceNumberOffset = 58;
    public const int InterchangeLevelOffset = 60;
    public const int MaxInterchangeLevelOffset = 62;
    public const int CharacterSetListOffset = 64;
    public const int MaxCharacterSetListOffset = 68;
    public const int VolumeSetIdentifierOffset = 72;
    public const int VolumeSetIdentifierLength = 128;
    public const int DescriptorCharacterSetOffset = 200;
    public const int ExplanatoryCharacterSetOffset = 264;
    public const int VolumeAbstractOffset = 328;
    public const int VolumeCopyrightOffset = 336;
    public const int ApplicationIdentifierOffset = 344;
    public const int RecordingTimeOffset = 376;
    public const int ImplementationIdentifierOffset = 388;
    public const int ImplementationUseOffset = 420;
    public const int PredecessorOffset = 484;
    public const int FlagsOffset = 488;

    public uint SequenceNumber { get; init; }
    public string VolumeIdentifier { get; init; } = string.Empty;
    public string VolumeSetIdentifier { get; init; } = string.Empty;
    public DateTimeOffset? RecordingTime { get; init; }
    public EntityIdentifier ApplicationIdentifier { get; init; }
    public EntityIdentifier ImplementationIdentifier { get; init; }

    public void Write(Span<byte> destination, uint location, ushort version)
    {
        Span<byte> d = destination[..Size];
        d.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(d[SequenceNumberOffset..], SequenceNumber);
        BinaryPrimitives.WriteUInt32LittleEndian(d[NumberOffset..], 0);
        OstaCompressedUnicode.WriteDString(d.Slice(VolumeIdentifierOffset, VolumeIdentifierLength), VolumeIdentifier);
        BinaryPrimitives.WriteUInt16LittleEndian(d[VolumeSequenceNumberOffset..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(d[MaxVolumeSequenceNumberOffset..], 1);
        // UDF 2.2.2.3: interchange level 2 (single volume), 3 for a volume set.
        BinaryPrimitives.WriteUInt16LittleEndian(d[InterchangeLevelOffset..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(d[MaxInterchangeLevelOffset..], 2);
        BinaryPrimitives.WriteUInt32LittleEndian(d[CharacterSetListOffset..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(d[MaxCharacterSetListOffset..], 1);
        OstaCompressedUnicode.WriteDString(d.Slice(VolumeSetIdentifierOffset, VolumeSetIdentifierLength), VolumeSetIdentifier);
        CharacterSet.WriteOsta(d[DescriptorCharacterSetOffset..]);
        CharacterSet.WriteOsta(d[ExplanatoryCharacterSetOffset..]);
        ApplicationIdentifier.Write(d[ApplicationIdentifierOffset..]);
        if (RecordingTime is DateTimeOffset time)
            UdfTimestamp.Write(d[RecordingTimeOffset..], time);
        ImplementationIdentifier.Write(d[ImplementationIdentifierOffset..]);
        DescriptorTag.Write(d, TagIdentifier.PrimaryVolumeDescriptor, version, UdfFormat.TagSerialNumber, location);
    }

    public static PrimaryVolumeDescriptor Read(ReadOnlySpan<byte> source) => new()
    {
        SequenceNumber = BinaryPrimitives.ReadUInt32LittleEndian(source[SequenceNumberOffset..]),
        VolumeIdentifier = OstaCompressedUnicode.ReadDString(source.Slice(VolumeIdentifierOffset, VolumeIdentifierLength)) ?? string.Empty,
        VolumeSetIdentifier = OstaCompressedUnicode.ReadDString(source.Slice(VolumeSetIdentifierOffset, VolumeSetIdentifierLength)) ?? string.Empty,
        RecordingTime = UdfTimestamp.Read(source[RecordingTimeOffset..]),
        ApplicationIdentifier = EntityIdentifier.Read(source[ApplicationIdentifierOffset..]),
        ImplementationIdentifier = EntityIdentifier.Read(source[ImplementationIdentifierOffset..]),
    };
}
