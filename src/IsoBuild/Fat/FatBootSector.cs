using System.Buffers.Binary;
using System.Text;

namespace IsoBuild.Fat;

/// <summary>
/// The boot sector of a FAT12 or FAT16 volume (Microsoft FAT specification 3.1–3.3): a jump, the OEM name, the BIOS
/// parameter block, the extended boot record (drive number, signature 0x29, serial, label, type string) and 55 AA.
/// FAT32's BPB differs after offset 36; <see cref="IsFat"/> still tells a FAT32 volume, <see cref="Read"/> reads
/// FAT12/16 only.
/// </summary>
internal sealed record FatBootSector
{
    public const int Size = 512;
    public const int JumpOffset = 0;
    public const int OemNameOffset = 3;
    public const int OemNameLength = 8;
    public const int BytesPerSectorOffset = 11;
    public const int SectorsPerClusterOffset = 13;
    public const int ReservedSectorsOffset = 14;
    public const int FatCountOffset = 16;
    public const int RootEntriesOffset = 17;
    public const int TotalSectors16Offset = 19;
    public const int MediaDescriptorOffset = 21;
    public const int SectorsPerFatOffset = 22;
    public const int SectorsPerTrackOffset = 24;
    public const int HeadsOffset = 26;
    public const int HiddenSectorsOffset = 28;
    public const int TotalSectors32Offset = 32;
    public const int DriveNumberOffset = 36;
    public const int BootSignatureOffset = 38;
    public const int VolumeSerialOffset = 39;
    public const int VolumeLabelOffset = 43;
    public const int VolumeLabelLength = 11;
    public const int Fat16TypeOffset = 54;
    public const int FileSystemTypeLength = 8;
    public const int Fat32TypeOffset = 82;
    public const int SignatureOffset = 510;

    /// <summary>The extended boot signature that says serial, label and type string follow.</summary>
    public const byte ExtendedBootSignature = 0x29;

    /// <summary>A short jump over the BPB (EB 3C) and a NOP: the form every FAT12/16 boot sector starts with.</summary>
    public static ReadOnlySpan<byte> Jump => [0xEB, 0x3C, 0x90];

    public string OemName { get; init; } = string.Empty;
    public ushort BytesPerSector { get; init; } = 512;
    public byte SectorsPerCluster { get; init; } = 1;
    public ushort ReservedSectors { get; init; } = 1;
    public byte FatCount { get; init; } = 2;
    public ushort RootEntries { get; init; }

    /// <summary>Recorded in the 16-bit field when it fits, else in the 32-bit field.</summary>
    public uint TotalSectors { get; init; }

    /// <summary>0xF8 fixed disk, 0xF0 removable.</summary>
    public byte MediaDescriptor { get; init; } = 0xF8;

    public ushort SectorsPerFat { get; init; }
    public ushort SectorsPerTrack { get; init; }
    public ushort Heads { get; init; }
    public uint HiddenSectors { get; init; }

    /// <summary>0x80 for the first hard disk, as BIOS numbers it.</summary>
    public byte DriveNumber { get; init; } = 0x80;

    public uint VolumeSerial { get; init; }
    public string VolumeLabel { get; init; } = string.Empty;

    /// <summary>"FAT12" or "FAT16": informative only, the cluster count decides the type.</summary>
    public string FileSystemType { get; init; } = string.Empty;

    /// <summary>Writes the whole 512-byte sector; text fields are ASCII padded with spaces, the boot code area stays zero.</summary>
    public void Write(Span<byte> sector)
    {
        Span<byte> b = sector[..Size];
        b.Clear();
        Jump.CopyTo(b[JumpOffset..]);
        WriteText(b.Slice(OemNameOffset, OemNameLength), OemName);
        BinaryPrimitives.WriteUInt16LittleEndian(b[BytesPerSectorOffset..], BytesPerSector);
        b[SectorsPerClusterOffset] = SectorsPerCluster;
        BinaryPrimitives.WriteUInt16LittleEndian(b[ReservedSectorsOffset..], ReservedSectors);
        b[FatCountOffset] = FatCount;
        BinaryPrimitives.WriteUInt16LittleEndian(b[RootEntriesOffset..], RootEntries);
        if (TotalSectors < 0x10000)
            BinaryPrimitives.WriteUInt16LittleEndian(b[TotalSectors16Offset..], (ushort)TotalSectors);
        else
            BinaryPrimitives.WriteUInt32LittleEndian(b[TotalSectors32Offset..], TotalSectors);
        b[MediaDescriptorOffset] = MediaDescriptor;
        BinaryPrimitives.WriteUInt16LittleEndian(b[SectorsPerFatOffset..], SectorsPerFat);
        BinaryPrimitives.WriteUInt16LittleEndian(b[SectorsPerTrackOffset..], SectorsPerTrack);
        BinaryPrimitives.WriteUInt16LittleEndian(b[HeadsOffset..], Heads);
        BinaryPrimitives.WriteUInt32LittleEndian(b[HiddenSectorsOffset..], HiddenSectors);
        b[DriveNumberOffset] = DriveNumber;
        b[BootSignatureOffset] = ExtendedBootSignature;
        BinaryPrimitives.WriteUInt32LittleEndian(b[VolumeSerialOffset..], VolumeSerial);
        WriteText(b.Slice(VolumeLabelOffset, VolumeLabelLength), VolumeLabel);
        WriteText(b.Slice(Fat16TypeOffset, FileSystemTypeLength), FileSystemType);
        b[SignatureOffset] = 0x55;
        b[SignatureOffset + 1] = 0xAA;
    }

    /// <summary>Reads a FAT12/16 boot sector as recorded; the caller has checked <see cref="IsFat"/>.</summary>
    public static FatBootSector Read(ReadOnlySpan<byte> sector)
    {
        ushort total16 = BinaryPrimitives.ReadUInt16LittleEndian(sector[TotalSectors16Offset..]);
        bool extended = sector[BootSignatureOffset] == ExtendedBootSignature;
        return new FatBootSector
        {
            OemName = ReadText(sector.Slice(OemNameOffset, OemNameLength)),
            BytesPerSector = BinaryPrimitives.ReadUInt16LittleEndian(sector[BytesPerSectorOffset..]),
            SectorsPerCluster = sector[SectorsPerClusterOffset],
            ReservedSectors = BinaryPrimitives.ReadUInt16LittleEndian(sector[ReservedSectorsOffset..]),
            FatCount = sector[FatCountOffset],
            RootEntries = BinaryPrimitives.ReadUInt16LittleEndian(sector[RootEntriesOffset..]),
            TotalSectors = total16 != 0 ? total16 : BinaryPrimitives.ReadUInt32LittleEndian(sector[TotalSectors32Offset..]),
            MediaDescriptor = sector[MediaDescriptorOffset],
            SectorsPerFat = BinaryPrimitives.ReadUInt16LittleEndian(sector[SectorsPerFatOffset..]),
            SectorsPerTrack = BinaryPrimitives.ReadUInt16LittleEndian(sector[SectorsPerTrackOffset..]),
            Heads = BinaryPrimitives.ReadUInt16LittleEndian(sector[HeadsOffset..]),
            HiddenSectors = BinaryPrimitives.ReadUInt32LittleEndian(sector[HiddenSectorsOffset..]),
            DriveNumber = sector[DriveNumberOffset],
            VolumeSerial = extended ? BinaryPrimitives.ReadUInt32LittleEndian(sector[VolumeSerialOffset..]) : 0,
            VolumeLabel = extended ? ReadText(sector.Slice(VolumeLabelOffset, VolumeLabelLength)) : string.Empty,
            FileSystemType = extended ? ReadText(sector.Slice(Fat16TypeOffset, FileSystemTypeLength)) : string.Empty,
        };
    }

    /// <summary>True when the first sector has the 0x55AA signature, a valid BPB and a FAT type string.</summary>
    public static bool IsFat(ReadOnlySpan<byte> sector)
    {
        if (sector.Length < Size || sector[SignatureOffset] != 0x55 || sector[SignatureOffset + 1] != 0xAA)
            return false;
        ushort bytesPerSector = BinaryPrimitives.ReadUInt16LittleEndian(sector[BytesPerSectorOffset..]);
        byte sectorsPerCluster = sector[SectorsPerClusterOffset];
        return bytesPerSector is 512 or 1024 or 2048 or 4096
            && sectorsPerCluster != 0 && (sectorsPerCluster & (sectorsPerCluster - 1)) == 0
            && (sector.Slice(Fat16TypeOffset, 3).SequenceEqual("FAT"u8) || sector.Slice(Fat32TypeOffset, 5).SequenceEqual("FAT32"u8));
    }

    private static void WriteText(Span<byte> field, string text)
    {
        field.Fill((byte)' ');
        Encoding.ASCII.GetBytes(text.AsSpan(0, Math.Min(text.Length, field.Length)), field);
    }

    private static string ReadText(ReadOnlySpan<byte> field) => Encoding.ASCII.GetString(field).TrimEnd(' ');
}
