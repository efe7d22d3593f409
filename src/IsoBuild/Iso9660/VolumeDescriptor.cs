using System.Text;

namespace IsoBuild.Iso9660;

/// <summary>The fields IsoBuild records in a primary or supplementary volume descriptor.</summary>
internal sealed record VolumeDescriptorFields
{
    public required string VolumeId { get; init; }
    public string SystemId { get; init; } = string.Empty;
    public string VolumeSetId { get; init; } = string.Empty;
    public string Publisher { get; init; } = string.Empty;
    public string DataPreparer { get; init; } = string.Empty;
    public string Application { get; init; } = string.Empty;
    public required uint VolumeSpaceSize { get; init; }
    public required uint PathTableSize { get; init; }
    public required uint TypeLPathTable { get; init; }
    public required uint TypeMPathTable { get; init; }
    public required uint RootExtent { get; init; }
    public required uint RootSize { get; init; }
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>
    /// The volume modification date (8.4.27), which blkid, udev and GRUB read as the volume's UUID; every other date
    /// is <see cref="Timestamp"/>.
    /// </summary>
    public required DateTimeOffset ModificationDate { get; init; }
}

/// <summary>ECMA-119 8: volume descriptors (primary 8.4, supplementary 8.5, boot record 8.2, terminator 8.3).</summary>
internal static class VolumeDescriptor
{
    public const int Size = 2048;
    public const byte TypeBootRecord = 0;
    public const byte TypePrimary = 1;
    public const byte TypeSupplementary = 2;
    public const byte TypeTerminator = 255;
    public static ReadOnlySpan<byte> StandardIdentifier => "CD001"u8;

    /// <summary>
    /// What an incremental build writes over the primary descriptor's standard identifier while it patches an image in
    /// place: no reader takes the image for an ISO 9660 image meanwhile, and IsoBuild's reader tells an interrupted
    /// patch (ISO0400) from a file that is no image at all.
    /// </summary>
    public static ReadOnlySpan<byte> InterruptedPatchIdentifier => "PATCH"u8;

    public const int SystemIdOffset = 8;
    public const int VolumeIdOffset = 40;
    public const int VolumeSpaceSizeOffset = 80;
    public const int EscapeSequencesOffset = 88;
    public const int VolumeSetSizeOffset = 120;
    public const int VolumeSequenceNumberOffset = 124;
    public const int LogicalBlockSizeOffset = 128;
    public const int PathTableSizeOffset = 132;
    public const int TypeLPathTableOffset = 140;
    public const int TypeMPathTableOffset = 148;
    public const int RootDirectoryRecordOffset = 156;
    public const int VolumeSetIdOffset = 190;
    public const int PublisherOffset = 318;
    public const int DataPreparerOffset = 446;
    public const int ApplicationOffset = 574;
    public const int CopyrightFileOffset = 702;
    public const int AbstractFileOffset = 739;
    public const int BibliographicFileOffset = 776;
    public const int CreationDateOffset = 813;
    public const int ModificationDateOffset = 830;
    public const int ExpirationDateOffset = 847;
    public const int EffectiveDateOffset = 864;
    public const int FileStructureVersionOffset = 881;

    /// <summary>Joliet UCS-2 level 3 escape sequence (%/E).</summary>
    public static ReadOnlySpan<byte> JolietLevel3Escape => "%/E"u8;

    public static void WritePrimary(Span<byte> sector, VolumeDescriptorFields f) => Write(sector, f, joliet: false);

    public static void WriteJoliet(Span<byte> sector, VolumeDescriptorFields f) => Write(sector, f, joliet: true);

    private static void Write(Span<byte> s, VolumeDescriptorFields f, bool joliet)
    {
        s[..Size].Clear();
        WriteHeader(s, joliet ? TypeSupplementary : TypePrimary);
        WriteText(s.Slice(SystemIdOffset, 32), f.SystemId, joliet);
        WriteText(s.Slice(VolumeIdOffset, 32), f.VolumeId, joliet);
        BothEndian.WriteUInt32(s[VolumeSpaceSizeOffset..], f.VolumeSpaceSize);
        if (joliet)
            JolietLevel3Escape.CopyTo(s[EscapeSequencesOffset..]);
        BothEndian.WriteUInt16(s[VolumeSetSizeOffset..], 1);
        BothEndian.WriteUInt16(s[VolumeSequenceNumberOffset..], 1);
        BothEndian.WriteUInt16(s[LogicalBlockSizeOffset..], 2048);
        BothEndian.WriteUInt32(s[PathTableSizeOffset..], f.PathTableSize);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(s[TypeLPathTableOffset..], f.TypeLPathTable);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(s[TypeMPathTableOffset..], f.TypeMPathTable);
        DirectoryRecord.Write(s[RootDirectoryRecordOffset..], f.RootExtent, f.RootSize, f.Timestamp, DirectoryRecord.FlagDirectory,
            DirectoryRecord.SelfIdentifier, []);
        WriteText(s.Slice(VolumeSetIdOffset, 128), f.VolumeSetId, joliet);
        WriteText(s.Slice(PublisherOffset, 128), f.Publisher, joliet);
        WriteText(s.Slice(DataPreparerOffset, 128), f.DataPreparer, joliet);
        WriteText(s.Slice(ApplicationOffset, 128), f.Application, joliet);
        WriteText(s.Slice(CopyrightFileOffset, 37), string.Empty, joliet);
        WriteText(s.Slice(AbstractFileOffset, 37), string.Empty, joliet);
        WriteText(s.Slice(BibliographicFileOffset, 37), string.Empty, joliet);
        IsoDate.WriteVolumeDate(s[CreationDateOffset..], f.Timestamp);
        // GRUB reads the UUID from the Joliet descriptor when the root has no Rock Ridge: both carry the same date.
        IsoDate.WriteVolumeDate(s[ModificationDateOffset..], f.ModificationDate);
        IsoDate.WriteVolumeDate(s[ExpirationDateOffset..], null);
        IsoDate.WriteVolumeDate(s[EffectiveDateOffset..], f.Timestamp);
        s[FileStructureVersionOffset] = 1;
    }

    public static void WriteTerminator(Span<byte> s)
    {
        s[..Size].Clear();
        WriteHeader(s, TypeTerminator);
    }

    public static void WriteHeader(Span<byte> s, byte type)
    {
        s[0] = type;
        StandardIdentifier.CopyTo(s[1..]);
        s[6] = 1;
    }

    /// <summary>Writes a space-padded field: ASCII, or UCS-2 big-endian for Joliet (an odd last byte stays 0x00).</summary>
    public static void WriteText(Span<byte> field, string text, bool joliet)
    {
        if (!joliet)
        {
            field.Fill((byte)' ');
            Encoding.ASCII.GetBytes(text.AsSpan(0, Math.Min(text.Length, field.Length)), field);
            return;
        }
        field.Clear();
        int chars = field.Length / 2;
        for (int i = 0; i < chars; i++)
        {
            char c = i < text.Length ? text[i] : ' ';
            field[2 * i] = (byte)(c >> 8);
            field[2 * i + 1] = (byte)c;
        }
    }
}
