namespace IsoBuild.Spec;

/// <summary>How MBR boot code finds the BIOS boot image: which address the engine patches into bytes 432–439.</summary>
public enum MbrCodeStyle
{
    /// <summary>The code is copied unchanged.</summary>
    None,

    /// <summary>syslinux isohdpfx.bin: the first BIOS boot image's 512-byte sector as 32 bits at 432.</summary>
    Isohybrid,

    /// <summary>GRUB boot_hybrid.img: the first boot image's 512-byte sector + 4 as 64 bits at 432.</summary>
    Grub2,
}

/// <summary>
/// A partition type as MBR and GPT know it: an MBR type byte, a GPT type GUID, or both. Where one is missing it is
/// derived as xorriso derives it: MBR 0xEF is the EFI system partition GUID, any other byte Basic Data; the ESP GUID
/// is MBR 0xEF, any other GUID 0x83.
/// </summary>
/// <param name="MbrType">The MBR type byte (0 = derived from <paramref name="GptType"/>).</param>
/// <param name="GptType">The GPT type GUID (null = derived from <paramref name="MbrType"/>).</param>
public sealed record PartitionType(byte MbrType, Guid? GptType = null)
{
    /// <summary>The EFI system partition's type GUID.</summary>
    public static Guid EfiSystemGuid { get; } = new("C12A7328-F81F-11D2-BA4B-00A0C93EC93B");

    /// <summary>Microsoft Basic Data's type GUID (what xorriso gives the ISO and any non-EFI byte type).</summary>
    public static Guid BasicDataGuid { get; } = new("EBD0A0A2-B9E5-4433-87C0-68B6B72699C7");

    /// <summary>The type as an MBR records it.</summary>
    public byte Mbr => MbrType != 0 || GptType is null ? MbrType : GptType == EfiSystemGuid ? (byte)0xEF : (byte)0x83;

    /// <summary>The type as a GPT records it.</summary>
    public Guid Gpt => GptType ?? (MbrType == 0xEF ? EfiSystemGuid : BasicDataGuid);

    /// <summary>A GPT type given by its GUID.</summary>
    public static PartitionType Of(Guid gptType) => new(0, gptType);
}

/// <summary>A partition appended after the ISO 9660 volume, in whole 2048-byte blocks (the EFI system partition of archiso, Ubuntu, lorax).</summary>
/// <param name="Number">The MBR slot / GPT name number, 1–4.</param>
/// <param name="Type">Its partition type.</param>
/// <param name="Content">Its bytes; an empty source makes an empty placeholder partition.</param>
public sealed record AppendedPartition(int Number, PartitionType Type, ContentSource Content);

/// <summary>
/// The system area (the first 32 KiB) and what the image carries beyond the ISO volume, told as xorriso's
/// mkisofs options tell it. When <see cref="BootSpec.SystemArea"/> is set it replaces the shorthand's hybrid layout
/// (<see cref="BootSpec.HybridMbr"/>, <see cref="BootSpec.Grub2Mbr"/>, <see cref="BootSpec.Gpt"/>, which must then be
/// unset). Disk signature and GUIDs come from the image's identity hash: stable for one spec, never random.
/// </summary>
public sealed record SystemAreaSpec
{
    /// <summary>MBR boot code (bytes 0–431 are used): a file on disk.</summary>
    public string? MbrCodeFile { get; init; }

    /// <summary>MBR boot code given as bytes (wins over <see cref="MbrCodeFile"/>).</summary>
    public ReadOnlyMemory<byte>? MbrCode { get; init; }

    /// <summary>Which boot image address the code gets patched at 432.</summary>
    public MbrCodeStyle CodeStyle { get; init; }

    /// <summary>
    /// The isohybrid partition table: partition 1 active over the whole image (type 0x17, or 0x00 when a boot image is
    /// marked; <see cref="IsoPartitionType"/> overrides), marked boot images as 0xEF entries with an "actually
    /// invalid" GPT, and the image padded to a whole cylinder (xorriso's -isohybrid-mbr).
    /// </summary>
    public bool IsohybridTable { get; init; }

    /// <summary>
    /// A label whose partition 1 starts at sector 1 and covers the rest: type 0xCD and active, or the protective 0xEE
    /// of a GPT (xorriso's --protective-msdos-label).
    /// </summary>
    public bool ProtectiveLabel { get; init; }

    /// <summary>Partitions appended after the volume, in number order, back to back.</summary>
    public IReadOnlyList<AppendedPartition> AppendedPartitions { get; init; } = [];

    /// <summary>List the appended partitions in a GPT (with a protective MBR) instead of the MBR.</summary>
    public bool AppendedPartitionsInGpt { get; init; }

    /// <summary>A path in the image of a FAT file whose blocks become the GPT's EFI system partition (xorriso's -efi-boot-part).</summary>
    public string? EfiBootPartition { get; init; }

    /// <summary>The type of the partition that stands for the ISO volume (null = the layout's default).</summary>
    public PartitionType? IsoPartitionType { get; init; }

    /// <summary>Make sure one MBR entry is active: the first usable one, else a dummy entry of one sector.</summary>
    public bool ForceBootable { get; init; }

    /// <summary>Pad the volume to whole cylinders even without <see cref="IsohybridTable"/> (its default).</summary>
    public bool? CylinderAlign { get; init; }

    /// <summary>
    /// The block (0 or ≥ 16) where the volume starts a second time, as a partition: a second set of volume
    /// descriptors at this block + 16 and a second copy of the directory trees whose addresses count from it
    /// (xorriso's <c>-partition_offset</c>); 0 = none. Other values, or an offset with MD5 records, are ISO0123.
    /// </summary>
    public int PartitionOffset { get; init; }

    /// <summary>The GPT disk GUID; null = derived from the image's identity hash (partition GUIDs follow from it).</summary>
    public Guid? GptDiskGuid { get; init; }

    /// <summary>
    /// Zero 2048-byte blocks after the appended partitions (xorriso's <c>-pad</c> lands there when partitions are
    /// appended: memtest86+'s images end with 300 KiB of zeros after their ESP). Only with appended partitions.
    /// </summary>
    public int TrailingPaddingBlocks { get; init; }

    /// <summary>The MBR disk signature (bytes 440–443); null = derived from the image's identity hash.</summary>
    public uint? DiskSignature { get; init; }

    /// <summary>
    /// The MBR's entries told one by one, each with its sectors as a rule (a faithful copy of another image's table);
    /// null = the entries the options above make. Slots not listed stay empty.
    /// </summary>
    public IReadOnlyList<MbrEntry>? MbrEntries { get; init; }

    /// <summary>
    /// The GPT's entries told one by one, in array order (a faithful copy of another image's table); a GPT is written
    /// whenever this is set. null = the entries the options above make.
    /// </summary>
    public IReadOnlyList<GptEntry>? GptEntries { get; init; }

    /// <summary>Where the GPT's entry array starts, in 512-byte sectors (2–63); null = sector 2.</summary>
    public int? GptEntriesSector { get; init; }

    /// <summary>How many entries the GPT's entry array holds (a multiple of 4, 128–1024 … xorriso writes 176 after an Apple map); null = 128.</summary>
    public int? GptEntryCount { get; init; }
}
