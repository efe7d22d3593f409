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

    /// <summary>The BIOS El Torito boot image.</summary>
    public static ImageSetting BiosBoot { get; } = new("Boot.BiosImage");

    /// <summary>The sectors BIOS loads from the boot image.</summary>
    public static ImageSetting BootLoadSize { get; } = new("Boot.BiosLoadSize");

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

    /// <summary>Paths removed from a base image.</summary>
    public static ImageSetting RemovePaths { get; } = new("RemovePath");

    /// <summary>Leave out a base image's Apple partition map and HFS+ volume instead of refusing the edit.</summary>
    public static ImageSetting DropHfsPlus { get; } = new("DropHfsPlus", isSwitch: true);

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
