using System.Buffers.Binary;

namespace IsoBuild.ElTorito;

/// <summary>
/// Patches applied to the copy of a BIOS boot image in the image, never to the source: GRUB2's boot info (its own
/// address in 512-byte sectors + 5, at offset 2548, as xorriso's --grub2-boot-info writes it) and the El Torito boot
/// info table (isolinux, GRUB: PVD sector, own sector, length, and a checksum of the 32-bit words from offset 64),
/// in that order, so the checksum covers the GRUB2 patch.
/// </summary>
internal static class BootImagePatch
{
    public const int InfoTableOffset = 8;
    public const int InfoTableEnd = 64;
    public const int Grub2InfoOffset = 2548;

    public static void Apply(Span<byte> image, uint pvdSector, uint imageSector, bool grub2BootInfo, bool bootInfoTable)
    {
        if (grub2BootInfo)
            BinaryPrimitives.WriteUInt64LittleEndian(image[Grub2InfoOffset..], (ulong)imageSector * 4 + 5);
        if (bootInfoTable)
        {
            // A last partial word counts as if padded with zeros.
            uint checksum = 0;
            Span<byte> word = stackalloc byte[4];
            for (int i = InfoTableEnd; i < image.Length; i += 4)
            {
                word.Clear();
                image[i..Math.Min(i + 4, image.Length)].CopyTo(word);
                checksum += BinaryPrimitives.ReadUInt32LittleEndian(word);
            }
            image[InfoTableOffset..InfoTableEnd].Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(image[InfoTableOffset..], pvdSector);
            BinaryPrimitives.WriteUInt32LittleEndian(image[(InfoTableOffset + 4)..], imageSector);
            BinaryPrimitives.WriteUInt32LittleEndian(image[(InfoTableOffset + 8)..], (uint)image.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(image[(InfoTableOffset + 12)..], checksum);
        }
    }
}
