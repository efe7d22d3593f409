namespace IsoBuild.Spec;

/// <summary>How an image boots: El Torito entries for BIOS and UEFI, and a hybrid system area for USB sticks.</summary>
public sealed record BootSpec
{
    /// <summary>The default path of the boot catalog in the image.</summary>
    public const string DefaultCatalogPath = "boot.catalog";

    /// <summary>Where --efi-boot-dir puts the FAT image it builds when --efi-boot names no path.</summary>
    public const string DefaultEfiImagePath = "efiboot.img";

    /// <summary>The BIOS no-emulation boot image: a path in the image (isolinux.bin, GRUB's eltorito.img).</summary>
    public string? BiosImage { get; init; }

    /// <summary>How many 512-byte sectors BIOS loads from the boot image. Default 4 (what isolinux and GRUB expect).</summary>
    public int BiosLoadSize { get; init; } = 4;

    /// <summary>
    /// The real-mode segment BIOS loads the boot image at, as the catalog records it: 0 (default) means the BIOS
    /// default 0x07C0; Windows' etfsboot.com entries record 0x07C0 itself.
    /// </summary>
    public int BiosLoadSegment { get; init; }

    /// <summary>Patch a boot info table (ECMA-119 LBAs and a checksum) into the copy of the BIOS image, as isolinux and GRUB need.</summary>
    public bool BootInfoTable { get; init; }

    /// <summary>Patch GRUB2's boot info (its own address, at offset 2548) into the copy of the BIOS image.</summary>
    public bool Grub2BootInfo { get; init; }

    /// <summary>The UEFI boot image: a path in the image of a FAT file system holding EFI/BOOT/BOOTX64.EFI.</summary>
    public string? EfiImage { get; init; }

    /// <summary>isohybrid-style MBR boot code (syslinux's isohdpfx.bin): a source file of 432 to 512 bytes.</summary>
    public string? HybridMbr { get; init; }

    /// <summary>GRUB-style MBR boot code (GRUB's boot_hybrid.img): a source file of 432 to 512 bytes.</summary>
    public string? Grub2Mbr { get; init; }

    /// <summary>
    /// MBR boot code given as bytes instead of a file (carried over from a base image); <see cref="HybridMbr"/> or
    /// <see cref="Grub2Mbr"/> then only names its style and origin.
    /// </summary>
    public ReadOnlyMemory<byte>? MbrCode { get; init; }

    /// <summary>Write a GPT whose EFI system partition is the UEFI boot image, so UEFI firmware boots a USB stick.</summary>
    public bool Gpt { get; init; }

    /// <summary>Where the boot catalog appears in the image.</summary>
    public string CatalogPath { get; init; } = DefaultCatalogPath;

    /// <summary>Further El Torito entries of any kind, in catalog order after the shorthand ones (BIOS, then UEFI).</summary>
    public IReadOnlyList<ElToritoEntry> Entries { get; init; } = [];

    /// <summary>Keep the boot catalog out of the ISO 9660, Rock Ridge and Joliet trees (it still takes its sector).</summary>
    public bool HideCatalog { get; init; }

    /// <summary>The system area told in full (MBR code and style, labels, appended partitions, GPT); replaces the shorthand's.</summary>
    public SystemAreaSpec? SystemArea { get; init; }

    /// <summary>True when the image has El Torito entries.</summary>
    public bool HasElTorito => BiosImage is not null || EfiImage is not null || Entries.Count > 0;

    /// <summary>True when the system area holds an MBR (boot code, partition table or the GPT's protective MBR).</summary>
    public bool HasSystemArea => HybridMbr is not null || Grub2Mbr is not null || Gpt || SystemArea is not null;
}
