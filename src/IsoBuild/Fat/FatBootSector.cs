using System.Buffers.Binary;

namespace IsoBuild.Fat;

/// <summary>The FAT boot sector (Microsoft FAT specification, "BPB"): enough to tell a FAT image from anything else.</summary>
internal static class FatBootSector
{
    public const int Size = 512;
    public const int BytesPerSectorOffset = 11;
    public const int SectorsPerClusterOffset = 13;
    public const int Fat16TypeOffset = 54;
    public const int Fat32TypeOffset = 82;

    /// <summary>True when the first sector has the 0x55AA signature, a valid BPB and a FAT type string.</summary>
    public static bool IsFat(ReadOnlySpan<byte> sector)
    {
        if (sector.Length < Size || sector[510] != 0x55 || sector[511] != 0xAA)
            return false;
        ushort bytesPerSector = BinaryPrimitives.ReadUInt16LittleEndian(sector[BytesPerSectorOffset..]);
        byte sectorsPerCluster = sector[SectorsPerClusterOffset];
        return bytesPerSector is 512 or 1024 or 2048 or 4096
            && sectorsPerCluster != 0 && (sectorsPerCluster & (sectorsPerCluster - 1)) == 0
            && (sector.Slice(Fat16TypeOffset, 3).SequenceEqual("FAT"u8) || sector.Slice(Fat32TypeOffset, 5).SequenceEqual("FAT32"u8));
    }
}
