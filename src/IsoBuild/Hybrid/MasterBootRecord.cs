using System.Buffers.Binary;

namespace IsoBuild.Hybrid;

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
    public const int PartitionEntrySize = MbrPartition.Size;
    public const int PartitionCount = 4;
    public const int SignatureOffset = 510;
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
            partitions[i].Write(mbr.Slice(PartitionTableOffset + i * PartitionEntrySize, PartitionEntrySize));
        mbr[SignatureOffset] = 0x55;
        mbr[SignatureOffset + 1] = 0xAA;
    }

    /// <summary>True when the sector ends with the boot signature 55 AA.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> mbr) => mbr[SignatureOffset] == 0x55 && mbr[SignatureOffset + 1] == 0xAA;

    /// <summary>
    /// Which boot code style's address of the BIOS boot image (at 2048-byte sector <paramref name="bootImageSector2048"/>)
    /// the MBR holds: GRUB2's 64-bit form is tried first, as its low 32 bits could pass for isohybrid's otherwise.
    /// </summary>
    public static CodeStyle ReadCodeStyle(ReadOnlySpan<byte> mbr, uint bootImageSector2048)
    {
        ulong sector512 = (ulong)bootImageSector2048 * 4;
        if (BinaryPrimitives.ReadUInt64LittleEndian(mbr[BootImageAddressOffset..]) == sector512 + 4)
            return CodeStyle.Grub2;
        if (BinaryPrimitives.ReadUInt32LittleEndian(mbr[BootImageAddressOffset..]) == (uint)sector512)
            return CodeStyle.Isohybrid;
        return CodeStyle.None;
    }

    public static uint ReadDiskSignature(ReadOnlySpan<byte> mbr) => BinaryPrimitives.ReadUInt32LittleEndian(mbr[DiskSignatureOffset..]);

    /// <summary>The partition entry in slot <paramref name="index"/> (0–3), empty or not.</summary>
    public static MbrPartition ReadPartition(ReadOnlySpan<byte> mbr, int index) =>
        MbrPartition.Read(mbr.Slice(PartitionTableOffset + index * PartitionEntrySize, PartitionEntrySize));
}
