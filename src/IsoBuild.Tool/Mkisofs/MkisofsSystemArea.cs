namespace IsoBuild.Tool.Mkisofs;

/// <summary>
/// A part of a disk file as xorriso's interval reader describes it:
/// <c>--interval:local_fs:START-END:ZEROIZERS:PATH</c> (bytes START..END inclusive, numbers scaled by k m g t s d;
/// a scaled end is the last byte of its unit, so <c>0s-15s</c> is bytes 0..32767).
/// </summary>
/// <param name="Path">The disk file.</param>
/// <param name="StartByte">The first byte read.</param>
/// <param name="EndByte">The last byte read (inclusive).</param>
/// <param name="ZeroMbrPartitionTable">zero_mbrpt: zero bytes 446..509 if bytes 510/511 hold 55 AA.</param>
/// <param name="ZeroGpt">zero_gpt: zero a GPT header at byte 512 and its entry array.</param>
/// <param name="ZeroApm">zero_apm: zero an Apple Partition Map's entries.</param>
/// <param name="ZeroRanges">Byte ranges (relative to StartByte, inclusive) to zero.</param>
internal sealed record MkisofsDiskInterval(string Path, long StartByte, long EndByte, bool ZeroMbrPartitionTable, bool ZeroGpt, bool ZeroApm,
    ValueList<(long First, long Last)> ZeroRanges)
{
    public long Length => EndByte - StartByte + 1;
}

/// <summary>A disk file given to a system-area option: a whole file, or an interval of one.</summary>
/// <param name="Argument">As typed.</param>
/// <param name="Path">The disk file (for an interval, its source file).</param>
/// <param name="Interval">The interval, when the argument was <c>--interval:local_fs:…</c>.</param>
internal sealed record MkisofsDiskSource(string Argument, string Path, MkisofsDiskInterval? Interval);

/// <summary>A partition type: an MBR type byte, or a GPT type GUID with the MBR byte xorriso derives from it.</summary>
/// <param name="MbrType">The MBR type byte: as given, or 0xEF for the EFI System Partition GUID and 0x83 for any other GUID.</param>
/// <param name="GptType">The GPT type GUID when one was given (System.Guid's byte order is GPT's on-disk order).</param>
internal sealed record MkisofsPartitionType(byte MbrType, Guid? GptType)
{
    /// <summary>C12A7328-F81F-11D2-BA4B-00A0C93EC93B, the EFI System Partition.</summary>
    public static Guid EfiSystemPartition { get; } = new("C12A7328-F81F-11D2-BA4B-00A0C93EC93B");

    /// <summary>EBD0A0A2-B9E5-4433-87C0-68B6B72699C7, Basic Data.</summary>
    public static Guid BasicData { get; } = new("EBD0A0A2-B9E5-4433-87C0-68B6B72699C7");

    public override string ToString() => GptType is { } g ? $"{g:D} (MBR 0x{MbrType:X2})" : $"0x{MbrType:X2}";
}

/// <summary>One -append_partition N TYPE FILE.</summary>
/// <param name="Number">The partition number, 1–4.</param>
/// <param name="Type">The type as given.</param>
/// <param name="Source">The disk file or interval; null for the placeholder ".", an empty partition.</param>
internal sealed record MkisofsAppendedPartition(int Number, MkisofsPartitionType Type, MkisofsDiskSource? Source);

/// <summary>-partition_cyl_align.</summary>
internal enum MkisofsCylinderAlignment
{
    /// <summary>Pad the image to a whole cylinder only with an isohybrid MBR.</summary>
    Auto,

    /// <summary>Also with --protective-msdos-label.</summary>
    On,

    /// <summary>Never.</summary>
    Off,

    /// <summary>Also pad appended partitions to whole cylinders.</summary>
    All,
}

/// <summary>How the GPT disk GUID is chosen (--gpt_disk_guid).</summary>
internal enum MkisofsGptGuidMode
{
    /// <summary>Not given: xorriso draws random GUIDs, or date-derived ones when SOURCE_DATE_EPOCH is set.</summary>
    Default,

    /// <summary>random.</summary>
    Random,

    /// <summary>modification-date (or volume_date_uuid): derived from the --modification-date string.</summary>
    ModificationDate,

    /// <summary>A GUID given as 32 hex digits (on-disk order) or in text form.</summary>
    Explicit,
}

/// <summary>Where the EFI boot partition of -efi-boot-part comes from.</summary>
/// <param name="Source">A disk file copied into the image (not as a file of the tree); null with --efi-boot-image.</param>
internal sealed record MkisofsEfiBootPartition(MkisofsDiskSource? Source)
{
    /// <summary>--efi-boot-image: the partition covers the first EFI El Torito image where it lies in the image.</summary>
    public bool UsesFirstEfiBootImage => Source is null;
}

/// <summary>Where the system-area file came from (the last of -G, -isohybrid-mbr and --grub2-mbr gives the file).</summary>
internal enum MkisofsSystemAreaFileOption
{
    /// <summary>-G, -generic-boot, --embedded-boot: up to 32768 bytes copied to the start of the image.</summary>
    Generic,

    /// <summary>-isohybrid-mbr: 432 bytes of an ISOLINUX isohdp*.bin, patched isohybrid style.</summary>
    IsohybridMbr,

    /// <summary>--grub2-mbr: 512 bytes of GRUB's boot_hybrid.img, patched at 0x1B0.</summary>
    Grub2Mbr,
}

/// <summary>
/// The system area (the first 32 KiB: MBR, GPT, APM) as the options left it, in xorriso's terms. The flags are
/// kept the way xorriso keeps them, so the translation applies xorriso's rules (notes: -isohybrid-mbr clears
/// --protective-msdos-label and the cylinder alignment but not --grub2-mbr; --grub2-mbr and
/// --protective-msdos-label clear -isohybrid-mbr; -G changes only the file).
/// </summary>
internal sealed record MkisofsSystemArea
{
    public static MkisofsSystemArea None { get; } = new();

    /// <summary>The file copied into the system area; null when none was given (or "." cleared it).</summary>
    public MkisofsDiskSource? File { get; init; }

    /// <summary>The option that gave <see cref="File"/>.</summary>
    public MkisofsSystemAreaFileOption? FileOption { get; init; }

    /// <summary>-isohybrid-mbr is in effect: isohybrid MBR partition table and the boot image's address at 432.</summary>
    public bool IsohybridMbr { get; init; }

    /// <summary>--grub2-mbr is in effect: the first boot image's sector + 4 at 0x1B0.</summary>
    public bool Grub2Mbr { get; init; }

    /// <summary>--protective-msdos-label: a partition table with one entry over the image (0xEE when there is a GPT).</summary>
    public bool ProtectiveMsdosLabel { get; init; }

    /// <summary>--mbr-force-bootable: make sure an MBR entry has the active flag (adding a dummy entry if need be).</summary>
    public bool MbrForceBootable { get; init; }

    /// <summary>-part_like_isohybrid: the -isohybrid-gpt-*/-isohybrid-apm-* marks work without -isohybrid-mbr.</summary>
    public bool PartLikeIsohybrid { get; init; }

    /// <summary>-partition_offset: 0, or 16 and more blocks of 2048 bytes.</summary>
    public int PartitionOffset { get; init; }

    /// <summary>-partition_hd_cyl: heads per cylinder, 0 = automatic (64, more for big images).</summary>
    public int HeadsPerCylinder { get; init; }

    /// <summary>-partition_sec_hd: sectors per head, 0 = automatic (32).</summary>
    public int SectorsPerHead { get; init; }

    public MkisofsCylinderAlignment CylinderAlignment { get; init; }

    /// <summary>-iso_mbr_part_type: the type of the partition that holds the ISO; null = default.</summary>
    public MkisofsPartitionType? IsoPartitionType { get; init; }

    public MkisofsGptGuidMode GptDiskGuidMode { get; init; }

    /// <summary>The explicit disk GUID (System.Guid's byte order is GPT's on-disk order).</summary>
    public Guid? GptDiskGuid { get; init; }

    /// <summary>-append_partition, by partition number (a later one with the same number replaces an earlier one).</summary>
    public ValueList<MkisofsAppendedPartition> AppendedPartitions { get; init; } = [];

    /// <summary>-appended_part_as_gpt: appended partitions in a GPT, the MBR only a protective 0xEE.</summary>
    public bool AppendedPartitionsAsGpt { get; init; }

    /// <summary>-appended_part_as_apm: appended partitions also in the APM.</summary>
    public bool AppendedPartitionsAsApm { get; init; }

    /// <summary>-efi-boot-part; null when not given.</summary>
    public MkisofsEfiBootPartition? EfiBootPartition { get; init; }

    /// <summary>-apm-block-size: 0 (automatic), 512 or 2048.</summary>
    public int ApmBlockSize { get; init; }

    public MkisofsAppendedPartition? AppendedPartition(int number) => AppendedPartitions.FirstOrDefault(p => p.Number == number);
}
