using System.Buffers.Binary;

namespace IsoBuild.Hybrid;

/// <summary>One MBR partition entry, in 512-byte sectors.</summary>
internal readonly record struct MbrPartition(bool Active, byte Type, uint FirstSector, uint SectorCount);

/// <summary>
/// The master boot record of a hybrid image (the first 512 bytes): boot code, the boot image's address where the
/// boot code looks for it, a disk signature, four partition entries and the 0x55AA signature.
/// </summary>
internal static class MasterBootRecord
{
    public const int Size = 512;
    public const int CodeSize = 432;
    public const int BootImageAddressOffset = 432;
    public const int DiskSignatureOffset = 440;
    public const int PartitionTableOffset = 446;
    public const int PartitionEntrySize = 16;
    public const byte TypeProtectiveGpt = 0xEE;
    public const byte TypeEfiSystem = 0xEF;
    public const byte TypeHybridIso = 0x17; // isohybrid's choice for the partition that spans the image

    /// <summary>How the boot code finds the BIOS boot image.</summary>
    public enum CodeStyle
    {
        None,
        /// <summary>syslinux isohdpfx.bin: the image's 512-byte sector as 32 bits at 432 (isohybrid).</summary>
        Isohybrid,
        /// <summary>GRUB boot_hybrid.img: the image's 512-byte sector + 4 as 64 bits at 432 (xorriso --grub2-mbr).</summary>
        Grub2,
    }

    public static void Write(Span<byte> mbr, ReadOnlySpan<byte> code, CodeStyle style, uint bootImageSector2048,
        uint diskSignature, IReadOnlyList<MbrPartition> partitions)
    {
        mbr[..Size].Clear();
        code[..Math.Min(code.Length, CodeSize)].CopyTo(mbr);
        ulong sector512 = (ulong)bootImageSector2048 * 4;
        switch (style)
        {
            case CodeStyle.Isohybrid:
                BinaryPrimitives.WriteUInt32LittleEndian(mbr[BootImageAddressOffset..], (uint)sector512);
                break;
            case CodeStyle.Grub2:
                BinaryPrimitives.WriteUInt64LittleEndian(mbr[BootImageAddressOffset..], sector512 + 4);
                break;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(mbr[DiskSignatureOffset..], diskSignature);
        for (int i = 0; i < partitions.Count; i++)
            WritePartition(mbr.Slice(PartitionTableOffset + i * PartitionEntrySize, PartitionEntrySize), partitions[i]);
        mbr[510] = 0x55;
        mbr[511] = 0xAA;
    }

    private static void WritePartition(Span<byte> e, MbrPartition p)
    {
        e[0] = p.Active ? (byte)0x80 : (byte)0;
        WriteChs(e[1..], p.FirstSector);
        e[4] = p.Type;
        WriteChs(e[5..], p.FirstSector + Math.Max(p.SectorCount, 1) - 1);
        BinaryPrimitives.WriteUInt32LittleEndian(e[8..], p.FirstSector);
        BinaryPrimitives.WriteUInt32LittleEndian(e[12..], p.SectorCount);
    }

    /// <summary>Cylinder/head/sector for 255 heads and 63 sectors a track; beyond reach, the usual FE FF FF.</summary>
    private static void WriteChs(Span<byte> chs, uint sector)
    {
        const uint heads = 255, sectors = 63;
        uint cylinder = sector / (heads * sectors);
        if (cylinder > 1023)
        {
            chs[0] = 0xFE;
            chs[1] = 0xFF;
            chs[2] = 0xFF;
            return;
        }
        chs[0] = (byte)(sector / sectors % heads);
        chs[1] = (byte)((sector % sectors + 1) | ((cylinder >> 2) & 0xC0));
        chs[2] = (byte)cylinder;
    }
}
