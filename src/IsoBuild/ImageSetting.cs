using System.Globalization;

namespace IsoBuild;

/// <summary>
/// A setting of an image build that an error message can name. The engine names settings by what they are; each
/// front door words them its own way (<c>--iso-level 3</c> on the command line, <c>IsoLevel="3"</c> in MSBuild,
/// <c>IsoLevel = 3</c> for a library caller), so a message never speaks one front door's language to another's user.
/// </summary>
public sealed class ImageSetting
{
    private ImageSetting(string name, bool isSwitch = false)
    {
        Name = name;
        IsSwitch = isSwitch;
    }

    /// <summary>The setting's name in the library: the member of the spec (<c>IsoLevel</c>, <c>Boot.BiosImage</c>) or of the builder that holds it.</summary>
    public string Name { get; }

    /// <summary>True for an on/off setting.</summary>
    public bool IsSwitch { get; }

    /// <summary>The volume identifier.</summary>
    public static ImageSetting VolumeId { get; } = new("VolumeId");

    /// <summary>The publisher identifier.</summary>
    public static ImageSetting Publisher { get; } = new("Publisher");

    /// <summary>The data preparer identifier.</summary>
    public static ImageSetting DataPreparer { get; } = new("DataPreparer");

    /// <summary>Joliet on or off.</summary>
    public static ImageSetting Joliet { get; } = new("Joliet", isSwitch: true);

    /// <summary>Rock Ridge on or off.</summary>
    public static ImageSetting RockRidge { get; } = new("RockRidge", isSwitch: true);

    /// <summary>The ISO 9660 level.</summary>
    public static ImageSetting IsoLevel { get; } = new("IsoLevel");

    /// <summary>The build timestamp.</summary>
    public static ImageSetting Timestamp { get; } = new("Timestamp");

    /// <summary>The volume UUID (the volume modification date blkid and GRUB identify the volume by).</summary>
    public static ImageSetting VolumeUuid { get; } = new("VolumeUuid");

    /// <summary>The reproducible-builds timestamp variable, SOURCE_DATE_EPOCH.</summary>
    public static ImageSetting SourceDateEpoch { get; } = new("SOURCE_DATE_EPOCH");

    /// <summary>Following symbolic links in source directories.</summary>
    public static ImageSetting FollowSymlinks { get; } = new("FollowSymlinks", isSwitch: true);

    /// <summary>The further El Torito entries (platform, emulation, load segment and size, patches).</summary>
    public static ImageSetting BootEntries { get; } = new("Boot.Entries");

    /// <summary>Hiding the boot catalog from the trees.</summary>
    public static ImageSetting HideBootCatalog { get; } = new("Boot.HideCatalog", isSwitch: true);

    /// <summary>The system area told in full.</summary>
    public static ImageSetting SystemArea { get; } = new("Boot.SystemArea");

    /// <summary>The partitions appended after the volume.</summary>
    public static ImageSetting AppendedPartitions { get; } = new("Boot.SystemArea.AppendedPartitions");

    /// <summary>The partition offset of the ISO volume.</summary>
    public static ImageSetting PartitionOffset { get; } = new("Boot.SystemArea.PartitionOffset");

    /// <summary>The EFI boot partition of the GPT.</summary>
    public static ImageSetting EfiBootPartition { get; } = new("Boot.SystemArea.EfiBootPartition");

    /// <summary>MBR boot code of the system area and its style.</summary>
    public static ImageSetting MbrCode { get; } = new("Boot.SystemArea.MbrCodeFile");

    /// <summary>The MBR code's patching style.</summary>
    public static ImageSetting MbrCodeStyle { get; } = new("Boot.SystemArea.CodeStyle");

    /// <summary>The isohybrid partition table.</summary>
    public static ImageSetting IsohybridTable { get; } = new("Boot.SystemArea.IsohybridTable", isSwitch: true);

    /// <summary>The protective label.</summary>
    public static ImageSetting ProtectiveLabel { get; } = new("Boot.SystemArea.ProtectiveLabel", isSwitch: true);

    /// <summary>Appended partitions listed in a GPT.</summary>
    public static ImageSetting AppendedPartitionsInGpt { get; } = new("Boot.SystemArea.AppendedPartitionsInGpt", isSwitch: true);

    /// <summary>The type of the ISO's partition.</summary>
    public static ImageSetting IsoPartitionType { get; } = new("Boot.SystemArea.IsoPartitionType");

    /// <summary>The forced active MBR entry.</summary>
    public static ImageSetting ForceBootable { get; } = new("Boot.SystemArea.ForceBootable", isSwitch: true);

    /// <summary>Paths left out of the image.</summary>
    public static ImageSetting Exclude { get; } = new("Exclude");

    /// <summary>Paths hidden from the ISO 9660 tree.</summary>
    public static ImageSetting Hide { get; } = new("HiddenFrom.Iso9660");

    /// <summary>Paths hidden from the Joliet tree.</summary>
    public static ImageSetting HideJoliet { get; } = new("HiddenFrom.Joliet");

    /// <summary>Sort weights of paths.</summary>
    public static ImageSetting SortWeights { get; } = new("SortWeight");

    /// <summary>The BIOS El Torito boot image.</summary>
    public static ImageSetting BiosBoot { get; } = new("Boot.BiosImage");

    /// <summary>The sectors BIOS loads from the boot image.</summary>
    public static ImageSetting BootLoadSize { get; } = new("Boot.BiosLoadSize");

    /// <summary>The segment BIOS loads the boot image at.</summary>
    public static ImageSetting BootLoadSegment { get; } = new("Boot.BiosLoadSegment");

    /// <summary>The boot info table patch.</summary>
    public static ImageSetting BootInfoTable { get; } = new("Boot.BootInfoTable", isSwitch: true);

    /// <summary>The GRUB2 boot info patch.</summary>
    public static ImageSetting Grub2BootInfo { get; } = new("Boot.Grub2BootInfo", isSwitch: true);

    /// <summary>The UEFI El Torito boot image.</summary>
    public static ImageSetting EfiBoot { get; } = new("Boot.EfiImage");

    /// <summary>The folder a UEFI boot image is built from.</summary>
    public static ImageSetting EfiBootDirectory { get; } = new("EfiBootDirectory");

    /// <summary>isohybrid-style MBR boot code.</summary>
    public static ImageSetting HybridMbr { get; } = new("Boot.HybridMbr");

    /// <summary>GRUB-style MBR boot code.</summary>
    public static ImageSetting Grub2Mbr { get; } = new("Boot.Grub2Mbr");

    /// <summary>The GPT of a hybrid image.</summary>
    public static ImageSetting Gpt { get; } = new("Boot.Gpt", isSwitch: true);

    /// <summary>The path of the boot catalog.</summary>
    public static ImageSetting BootCatalog { get; } = new("Boot.CatalogPath");

    /// <summary>A UDF file system on or off.</summary>
    public static ImageSetting Udf { get; } = new("Udf", isSwitch: true);

    /// <summary>The UDF revision.</summary>
    public static ImageSetting UdfRevision { get; } = new("Udf.Revision");

    /// <summary>UDF as the primary file system (an ISO 9660 tree with only a README).</summary>
    public static ImageSetting UdfPrimary { get; } = new("Udf.Primary", isSwitch: true);

    /// <summary>Symbolic links recorded in UDF too.</summary>
    public static ImageSetting UdfSymlinks { get; } = new("Udf.Symlinks", isSwitch: true);

    /// <summary>zisofs compression on or off.</summary>
    public static ImageSetting Zisofs { get; } = new("Zisofs", isSwitch: true);

    /// <summary>The zisofs block size.</summary>
    public static ImageSetting ZisofsBlockSize { get; } = new("Zisofs.BlockSize");

    /// <summary>Files zisofs leaves as they are.</summary>
    public static ImageSetting ZisofsExclude { get; } = new("Zisofs.Exclude");

    /// <summary>Identical files stored once.</summary>
    public static ImageSetting Deduplicate { get; } = new("Deduplicate", isSwitch: true);

    /// <summary>libisofs MD5 records (tags, checksum array, per-file MD5s).</summary>
    public static ImageSetting Md5 { get; } = new("Md5", isSwitch: true);

    /// <summary>The isomd5sum checksum (implantisomd5).</summary>
    public static ImageSetting ImplantMd5 { get; } = new("ImplantMd5", isSwitch: true);

    /// <summary>The image's SHA-256 written beside it.</summary>
    public static ImageSetting Sha256 { get; } = new("Sha256", isSwitch: true);

    /// <summary>Paths removed from a base image.</summary>
    public static ImageSetting RemovePaths { get; } = new("RemovePath");

    /// <summary>Leave out a base image's Apple partition map and HFS+ volume instead of refusing the edit.</summary>
    public static ImageSetting DropHfsPlus { get; } = new("DropHfsPlus", isSwitch: true);

    /// <summary>Editing: leave out the base's partition entries that cannot be carried.</summary>
    public static ImageSetting DropPartitions { get; } = new("DropPartitions", isSwitch: true);

    /// <summary>The MBR disk signature.</summary>
    public static ImageSetting MbrDiskSignature { get; } = new("Boot.SystemArea.DiskSignature");

    /// <summary>The GPT disk GUID.</summary>
    public static ImageSetting GptDiskGuid { get; } = new("Boot.SystemArea.GptDiskGuid");

    /// <summary>The image to start from.</summary>
    public static ImageSetting BaseImage { get; } = new("AddBaseImage");

    /// <summary>A reference to this setting by name (<c>--iso-level</c>, <c>IsoLevel</c>).</summary>
    public SettingReference Named() => new(this, null);

    /// <summary>A reference to this setting with a value to give it (<c>--iso-level 3</c>, <c>IsoLevel="3"</c>).</summary>
    public SettingReference Set(object value) =>
        new(this, value is bool b ? (b ? "true" : "false") : Convert.ToString(value, CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>A setting named in a message, with the value the message suggests giving it (or null to name it only).</summary>
/// <param name="Setting">The setting.</param>
/// <param name="Value">The value to give it, as text (<c>true</c>, <c>3</c>), or null.</param>
public sealed record SettingReference(ImageSetting Setting, string? Value)
{
    /// <summary>The library's wording: the member's name, with <c> = value</c> when a value is suggested.</summary>
    public override string ToString() => Value is null ? Setting.Name : $"{Setting.Name} = {Value}";
}
