using System.Buffers.Binary;

namespace IsoBuild.Udf;

/// <summary>ECMA-167 4/14.1 with UDF 2.3.2: names the file set and points at its root directory.</summary>
internal sealed record FileSetDescriptor
{
    public const int Size = 512;
    public const int RecordingTimeOffset = 16;
    public const int InterchangeLevelOffset = 28;
    public const int MaxInterchangeLevelOffset = 30;
    public const int CharacterSetListOffset = 32;
    public const int MaxCharacterSetListOffset = 36;
    public const int FileSetNumberOffset = 40;
    public const int FileSetDescriptorNumberOffset = 44;
    public const int LogicalVolumeCharacterSetOffset = 48;
    public const int LogicalVolumeIdentifierOffset = 112;
    public const int LogicalVolumeIdentifierLength = 128;
    public const int FileSetCharacterSetOffset = 240;
    public const int FileSetIdentifierOffset = 304;
    public const int FileSetIdentifierLength = 32;
    public const int CopyrightFileOffset = 336;
    public const int AbstractFileOffset = 368;
    public const int RootDirectoryOffset = 400;
    public const int DomainIdentifierOffset = 416;
    public const int NextExtentOffset = 448;
    public const int SystemStreamDirectoryOffset = 464;

    public DateTimeOffset? RecordingTime { get; init; }
    public string LogicalVolumeIdentifier { get; init; } = string.Empty;
    public string FileSetIdentifier { get; init; } = string.Empty;
    public LongAllocationDescriptor RootDirectory { get; init; }
    public EntityIdentifier Domain { get; init; }

    public void Write(Span<byte> destination, uint location, ushort version)
    {
        Span<byte> d = destination[..Size];
        d.Clear();
        if (RecordingTime is DateTimeOffset time)
            UdfTimestamp.Write(d[RecordingTimeOffset..], time);
        BinaryPrimitives.WriteUInt16LittleEndian(d[InterchangeLevelOffset..], 3);
        BinaryPrimitives.WriteUInt16LittleEndian(d[MaxInterchangeLevelOffset..], 3);
        BinaryPrimitives.WriteUInt32LittleEndian(d[CharacterSetListOffset..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(d[MaxCharacterSetListOffset..], 1);
        CharacterSet.WriteOsta(d[LogicalVolumeCharacterSetOffset..]);
        OstaCompressedUnicode.WriteDString(d.Slice(LogicalVolumeIdentifierOffset, LogicalVolumeIdentifierLength), LogicalVolumeIdentifier);
        CharacterSet.WriteOsta(d[FileSetCharacterSetOffset..]);
        OstaCompressedUnicode.WriteDString(d.Slice(FileSetIdentifierOffset, FileSetIdentifierLength), FileSetIdentifier);
        RootDirectory.Write(d[RootDirectoryOffset..]);
        Domain.Write(d[DomainIdentifierOffset..]);
        DescriptorTag.Write(d, TagIdentifier.FileSetDescriptor, version, UdfFormat.TagSerialNumber, location);
    }

    public static FileSetDescriptor Read(ReadOnlySpan<byte> source) => new()
    {
        RecordingTime = UdfTimestamp.Read(source[RecordingTimeOffset..]),
        LogicalVolumeIdentifier = OstaCompressedUnicode.ReadDString(source.Slice(LogicalVolumeIdentifierOffset, LogicalVolumeIdentifierLength)) ?? string.Empty,
        FileSetIdentifier = OstaCompressedUnicode.ReadDString(source.Slice(FileSetIdentifierOffset, FileSetIdentifierLength)) ?? string.Empty,
        RootDirectory = LongAllocationDescriptor.Read(source[RootDirectoryOffset..]),
        Domain = EntityIdentifier.Read(source[DomainIdentifierOffset..]),
    };
}
