namespace IsoBuild.Spec;

/// <summary>How BIOS presents an El Torito boot image to the loaded code (El Torito 1.0, 2.2: the media type).</summary>
public enum BootEmulation
{
    /// <summary>No emulation: the image is loaded as is (isolinux.bin, GRUB's eltorito.img, EFI FAT images).</summary>
    NoEmulation,

    /// <summary>Floppy emulation: the image is a 1.2, 1.44 or 2.88 MB floppy (chosen from its exact length).</summary>
    Floppy,

    /// <summary>Hard-disk emulation: the image is a disk whose MBR holds exactly one partition.</summary>
    HardDisk,
}

/// <summary>
/// One El Torito boot entry of <see cref="BootSpec.Entries"/>, in catalog order after the shorthand entries of
/// <see cref="BootSpec.BiosImage"/> and <see cref="BootSpec.EfiImage"/>. The first entry of the catalog is its default
/// entry; every further entry gets a section of its own.
/// </summary>
public sealed record ElToritoEntry
{
    /// <summary>El Torito platform id of x86 PCs (BIOS).</summary>
    public const byte PlatformBios = 0x00;

    /// <summary>El Torito platform id of PowerPC.</summary>
    public const byte PlatformPowerPc = 0x01;

    /// <summary>El Torito platform id of Macintosh.</summary>
    public const byte PlatformMac = 0x02;

    /// <summary>El Torito platform id of UEFI.</summary>
    public const byte PlatformEfi = 0xEF;

    /// <summary>The platform id: 0 BIOS, 0xEF UEFI, 1 PowerPC, 2 Mac, or any other byte.</summary>
    public byte Platform { get; init; }

    /// <summary>The boot image: a file's path in the image. Exactly one of this and <see cref="AppendedPartition"/> is set.</summary>
    public string? Image { get; init; }

    /// <summary>The boot image is this appended partition (1–4) of <see cref="SystemAreaSpec.AppendedPartitions"/>: no emulation only.</summary>
    public int? AppendedPartition { get; init; }

    /// <summary>No emulation (default), floppy or hard-disk emulation.</summary>
    public BootEmulation Emulation { get; init; }

    /// <summary>The real-mode segment BIOS loads the image to; 0 means the traditional 0x7C0.</summary>
    public ushort LoadSegment { get; init; }

    /// <summary>
    /// The 512-byte sectors the firmware loads (0–65535). Null = the default: for no emulation the whole image
    /// (UEFI: its sectors; BIOS: rounded up to whole 2048-byte blocks, as xorriso counts; an appended partition: its
    /// sectors), and 0 when that exceeds 65535 for UEFI (firmware reads to the end), else 65535; 1 with emulation.
    /// </summary>
    public int? LoadSize { get; init; }

    /// <summary>Patch a boot info table into the image's copy of the boot image (isolinux, GRUB).</summary>
    public bool BootInfoTable { get; init; }

    /// <summary>Patch GRUB2's boot info (its own address) into the image's copy of the boot image.</summary>
    public bool Grub2BootInfo { get; init; }

    /// <summary>The entry is bootable (boot indicator 0x88); false writes 0x00.</summary>
    public bool Bootable { get; init; } = true;

    /// <summary>
    /// The boot image also appears as a partition of the system area: a GPT entry of type Basic Data and an MBR entry
    /// of type 0xEF (xorriso's -isohybrid-gpt-basdat; needs <see cref="SystemAreaSpec.IsohybridTable"/>).
    /// </summary>
    public bool MarkInPartitionTable { get; init; }
}
