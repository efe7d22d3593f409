
namespace IsoBuild.Tool.Mkisofs;

/// <summary>The emulation of an El Torito entry (-no-emul-boot, -hard-disk-boot, or neither: floppy).</summary>
internal enum MkisofsEmulation
{
    NoEmulation,

    /// <summary>The default of -b and -e without -no-emul-boot: the image must be a 1.2, 1.44 or 2.88 MB floppy.</summary>
    Floppy,

    /// <summary>-hard-disk-boot: the image must hold an MBR with exactly one partition.</summary>
    HardDisk,
}

/// <summary>How the catalog's sector count (512-byte sectors loaded by the BIOS) of an entry is found.</summary>
internal enum MkisofsLoadSizeRule
{
    /// <summary>The number given with -boot-load-size, or 4 when none was given (xorriso's initial value).</summary>
    Sectors,

    /// <summary>
    /// xorriso's "full" load: the whole image rounded up to whole 2048-byte blocks, counted in 512-byte sectors
    /// (ceil(size/2048)×4). The default of no-emulation entries without -boot-load-size, and -boot-load-size full.
    /// </summary>
    WholeImage,

    /// <summary>
    /// An EFI entry (-e, --efi-boot) given a -boot-load-size number: xorriso ignores the number and counts the whole
    /// image in 512-byte sectors (ceil(size/512)).
    /// </summary>
    WholeImageInSectors,

    /// <summary>An entry on an appended partition: the partition's size in 512-byte sectors, whatever was given.</summary>
    AppendedPartition,
}

/// <summary>
/// The load size of an entry as xorriso decides it. The image size is only known when the translation reads the
/// file, so the rule is kept: counts above 65535 become 0 for EFI entries ("the ESP extends to the end of the
/// medium") and 65535 otherwise; floppy and hard-disk emulation load 1 sector whatever is recorded here.
/// </summary>
internal readonly record struct MkisofsLoadSize(MkisofsLoadSizeRule Rule, int Sectors = 0)
{
    public static MkisofsLoadSize WholeImage { get; } = new(MkisofsLoadSizeRule.WholeImage);

    public static MkisofsLoadSize WholeImageInSectors { get; } = new(MkisofsLoadSizeRule.WholeImageInSectors);

    public static MkisofsLoadSize AppendedPartition { get; } = new(MkisofsLoadSizeRule.AppendedPartition);

    public static MkisofsLoadSize Of(int sectors) => new(MkisofsLoadSizeRule.Sectors, sectors);

    public override string ToString() => Rule == MkisofsLoadSizeRule.Sectors ? $"{Sectors} sectors" : Rule.ToString();
}

/// <summary>How -isohybrid-gpt-basdat / -isohybrid-gpt-hfsplus marked an entry (the later of the two wins).</summary>
internal enum MkisofsGptMark
{
    None,

    /// <summary>-isohybrid-gpt-basdat: a GPT entry of type Basic Data (and an MBR entry 0xEF for an EFI image).</summary>
    BasicData,

    /// <summary>-isohybrid-gpt-hfsplus: a GPT entry of type HFS+.</summary>
    HfsPlus,
}

/// <summary>
/// One El Torito entry, in catalog order, with the attributes xorriso gave it when the entry was finished
/// (at -eltorito-alt-boot, --efi-boot, a platform change, or the end of the arguments).
/// </summary>
internal sealed record MkisofsBootEntry
{
    public const byte PlatformX86 = 0x00;
    public const byte PlatformPowerPC = 0x01;
    public const byte PlatformMac = 0x02;
    public const byte PlatformEfi = 0xEF;

    /// <summary>The option that named the image, as typed: -b, -eltorito-boot, -e or --efi-boot.</summary>
    public required string Option { get; init; }

    /// <summary>The image argument as typed.</summary>
    public required string Argument { get; init; }

    /// <summary>
    /// The image's path in the image, absolute (xorriso puts a '/' before a relative one and resolves it against
    /// the root of the image, not -root); null when the entry is an appended partition.
    /// </summary>
    public string? ImagePath { get; init; }

    /// <summary>The appended partition (1–4) the entry boots, from <c>--interval:appended_partition_N:…</c>.</summary>
    public int? AppendedPartition { get; init; }

    /// <summary>The platform id: 0 x86 (BIOS), 1 PowerPC, 2 Mac, 0xEF EFI, or another byte from -eltorito-platform.</summary>
    public byte Platform { get; init; }

    public MkisofsEmulation Emulation { get; init; }

    public MkisofsLoadSize LoadSize { get; init; }

    /// <summary>-boot-info-table: patch bytes 8–63 of the image's copy (never for --efi-boot images).</summary>
    public bool BootInfoTable { get; init; }

    /// <summary>--grub2-boot-info: patch bytes 2548–2555 of the image's copy with its LBA×4+5.</summary>
    public bool Grub2BootInfo { get; init; }

    public MkisofsGptMark GptMark { get; init; }

    /// <summary>-isohybrid-apm-hfsplus: an APM entry (Apple_HFS) for this image.</summary>
    public bool ApmMark { get; init; }

    /// <summary>-eltorito-id: up to 28 bytes (text, or 56 hex digits); empty = zeros.</summary>
    public ValueList<byte> Id { get; init; } = [];

    /// <summary>-eltorito-selcrit: up to 20 bytes of selection criteria; empty = none.</summary>
    public ValueList<byte> SelectionCriteria { get; init; } = [];

    public bool IsEfi => Platform == PlatformEfi;
}

/// <summary>The El Torito part of a request: the entries in catalog order and the catalog file.</summary>
internal sealed record MkisofsElTorito
{
    /// <summary>The emulation's catalog path when no -c is given (native xorriso would use boot.cat beside the first image).</summary>
    public const string DefaultCatalogPath = "/boot.catalog";

    public static MkisofsElTorito None { get; } = new();

    public ValueList<MkisofsBootEntry> Entries { get; init; } = [];

    /// <summary>The catalog's path in the image (the last -c, else /boot.catalog); null when there is no entry.</summary>
    public string? CatalogPath { get; init; }

    /// <summary>--boot-catalog-hide: the catalog is in no directory tree (it still takes its block).</summary>
    public bool CatalogHidden { get; init; }
}
