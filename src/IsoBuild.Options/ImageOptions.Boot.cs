using System.Globalization;
using System.Text.RegularExpressions;
using IsoBuild.Spec;

namespace IsoBuild.Options;

/// <summary>The boot and system-area model's options (the engine's <see cref="ElToritoEntry"/> and <see cref="SystemAreaSpec"/>), hiding, excluding and sort weights.</summary>
public static partial class ImageOptions
{
    /// <summary>Further El Torito entries.</summary>
    public static ImageOption BootEntries { get; } = new(ImageSetting.BootEntries, "BootEntries", "--boot-entry",
        "Further El Torito entries, ';' between them: PATH_IN_IMAGE or appended:N, then ',' and any of platform=bios|efi|ppc|mac|0xNN, "
        + "emulation=none|floppy|hard-disk, load-size=N, load-segment=0xNNNN, boot-info-table, grub2-boot-info, not-bootable, mark "
        + "(also list the image in the partition tables; needs --isohybrid-table).",
        ImageOptionKind.Text, (s, v, c) => v is null ? s : WithBoot(s, b => b with { Entries = [.. b.Entries, .. ParseEntries(v, c)] }), helpName: "ENTRIES");

    /// <summary>Catalog hidden from the trees.</summary>
    public static ImageOption HideBootCatalog { get; } = new(ImageSetting.HideBootCatalog, "HideBootCatalog", "--hide-boot-catalog",
        "Keep the boot catalog out of every directory tree (it still takes its sector).",
        ImageOptionKind.Boolean, (s, v, c) => HideBootCatalog!.ParseBoolean(v, false, c) ? WithBoot(s, b => b with { HideCatalog = true }) : s);

    /// <summary>MBR code of the system area.</summary>
    public static ImageOption MbrCode { get; } = new(ImageSetting.MbrCode, "MbrCode", "--mbr-code",
        "MBR boot code from FILE (432–512 bytes) for a system area told with the options below; its style with --mbr-code-style.",
        ImageOptionKind.Text, (s, v, c) => v is null ? s : WithArea(s, a => a with { MbrCodeFile = Path.GetFullPath(v, c.BaseDirectory) }), helpName: "FILE");

    /// <summary>How the MBR code is patched.</summary>
    public static ImageOption MbrCodeStyle { get; } = new(ImageSetting.MbrCodeStyle, "MbrCodeStyle", "--mbr-code-style",
        "How --mbr-code finds the BIOS boot image: isohybrid (syslinux isohdpfx.bin), grub2 (GRUB boot_hybrid.img) or none.",
        ImageOptionKind.Text, (s, v, c) => v is null ? s : WithArea(s, a => a with { CodeStyle = ParseStyle(v, c) }), helpName: "STYLE");

    /// <summary>The isohybrid partition table.</summary>
    public static ImageOption IsohybridTable { get; } = new(ImageSetting.IsohybridTable, "IsohybridTable", "--isohybrid-table",
        "isohybrid's partition table: partition 1 over the image (active), marked boot images as EFI partitions with a hybrid GPT, the image padded to whole cylinders.",
        ImageOptionKind.Boolean, (s, v, c) => IsohybridTable!.ParseBoolean(v, false, c) ? WithArea(s, a => a with { IsohybridTable = true }) : s);

    /// <summary>The protective label.</summary>
    public static ImageOption ProtectiveLabel { get; } = new(ImageSetting.ProtectiveLabel, "ProtectiveLabel", "--protective-label",
        "An MBR partition from sector 1 over the image: type 0xCD and active, or 0xEE when there is a GPT.",
        ImageOptionKind.Boolean, (s, v, c) => ProtectiveLabel!.ParseBoolean(v, false, c) ? WithArea(s, a => a with { ProtectiveLabel = true }) : s);

    /// <summary>Appended partitions.</summary>
    public static ImageOption AppendPartitions { get; } = new(ImageSetting.AppendedPartitions, "AppendPartitions", "--append-partition",
        "Partitions appended after the volume, ';' between them: N:TYPE:FILE with N 1–4 and TYPE 0xNN or a type GUID (C12A7328-F81F-11D2-BA4B-00A0C93EC93B for an EFI system partition).",
        ImageOptionKind.Text, (s, v, c) => v is null ? s : WithArea(s, a => a with { AppendedPartitions = [.. a.AppendedPartitions, .. ParsePartitions(v, c)] }), helpName: "PARTITIONS");

    /// <summary>Appended partitions in a GPT.</summary>
    public static ImageOption AppendedPartitionsGpt { get; } = new(ImageSetting.AppendedPartitionsInGpt, "AppendedPartitionsGpt", "--appended-partitions-gpt",
        "List the appended partitions in a GPT (with a protective MBR) instead of the MBR.",
        ImageOptionKind.Boolean, (s, v, c) => AppendedPartitionsGpt!.ParseBoolean(v, false, c) ? WithArea(s, a => a with { AppendedPartitionsInGpt = true }) : s);

    /// <summary>EFI boot partition in the GPT.</summary>
    public static ImageOption EfiBootPartition { get; } = new(ImageSetting.EfiBootPartition, "EfiBootPartition", "--efi-boot-partition",
        "A GPT (with a protective MBR) whose EFI system partition is the file at PATH_IN_IMAGE, between Gap0 and Gap1 entries.",
        ImageOptionKind.Text, (s, v, _) => v is null ? s : WithArea(s, a => a with { EfiBootPartition = ImagePath.Normalize(v) }), helpName: "PATH_IN_IMAGE");

    /// <summary>Type of the ISO's partition.</summary>
    public static ImageOption IsoPartitionType { get; } = new(ImageSetting.IsoPartitionType, "IsoPartitionType", "--iso-partition-type",
        "The partition type of the entry that stands for the volume: 0xNN or a type GUID.",
        ImageOptionKind.Text, (s, v, c) => v is null ? s : WithArea(s, a => a with { IsoPartitionType = ParseType(IsoPartitionType!, v, c) }), helpName: "TYPE");

    /// <summary>Forced active MBR entry.</summary>
    public static ImageOption MbrForceBootable { get; } = new(ImageSetting.ForceBootable, "MbrForceBootable", "--mbr-force-bootable",
        "Make sure an MBR entry is active: the first usable one, else a one-sector dummy entry.",
        ImageOptionKind.Boolean, (s, v, c) => MbrForceBootable!.ParseBoolean(v, false, c) ? WithArea(s, a => a with { ForceBootable = true }) : s);

    /// <summary>The volume also as the partition at a block offset.</summary>
    public static ImageOption PartitionOffset { get; } = new(ImageSetting.PartitionOffset, "PartitionOffset", "--partition-offset",
        "Make the volume also a partition from BLOCK (2048 bytes; 0 = not, else 16 or more, 16 as xorriso's -partition_offset 16): "
        + "partition 1 starts there and mounts as an ISO 9660 file system of its own (a second set of descriptors and directory trees).",
        ImageOptionKind.Text, (s, v, c) => v is null ? s : WithArea(s, a => a with { PartitionOffset = PartitionOffset!.ParseInt(v, c) }), helpName: "BLOCK");

    /// <summary>The MBR disk signature.</summary>
    public static ImageOption MbrDiskSignature { get; } = new(ImageSetting.MbrDiskSignature, "MbrDiskSignature", "--mbr-disk-signature",
        "The MBR disk signature (bytes 440–443) of a system area told with the options above: 0xNNNNNNNN. Default: derived from the image's content (an edit keeps its base's).",
        ImageOptionKind.Text, (s, v, c) => v is null ? s : WithArea(s, a => a with { DiskSignature = (uint)Number(MbrDiskSignature!, v, c, uint.MaxValue) }), helpName: "0xNNNNNNNN");

    /// <summary>The GPT disk GUID.</summary>
    public static ImageOption GptDiskGuid { get; } = new(ImageSetting.GptDiskGuid, "GptDiskGuid", "--gpt-disk-guid",
        "The GPT disk GUID of a system area told with the options above; the partitions' GUIDs follow from it. Default: derived from the image's content (an edit keeps its base's GUIDs).",
        ImageOptionKind.Text, (s, v, c) => v is null ? s : WithArea(s, a => a with { GptDiskGuid = ParseGuid(v, c) }), helpName: "GUID");

    /// <summary>Paths left out.</summary>
    public static ImageOption Exclude { get; } = new(ImageSetting.Exclude, "Exclude", "--exclude",
        "Leave out entries whose path in the image matches a shell pattern (';' between patterns; a pattern without '/' matches names), with everything below them.",
        ImageOptionKind.Text, (s, v, _) => v is null ? s : ExcludeEntries(s, Patterns(v)), helpName: "PATTERNS");

    /// <summary>Paths hidden from ISO 9660.</summary>
    public static ImageOption Hide { get; } = new(ImageSetting.Hide, "Hide", "--hide",
        "Hide matching entries (patterns as --exclude) from the ISO 9660 and Rock Ridge tree; their data stays.",
        ImageOptionKind.Text, (s, v, _) => v is null ? s : HideEntries(s, Patterns(v), HiddenFrom.Iso9660), helpName: "PATTERNS");

    /// <summary>Paths hidden from Joliet.</summary>
    public static ImageOption HideJoliet { get; } = new(ImageSetting.HideJoliet, "HideJoliet", "--hide-joliet",
        "Hide matching entries (patterns as --exclude) from the Joliet tree; their data stays.",
        ImageOptionKind.Text, (s, v, _) => v is null ? s : HideEntries(s, Patterns(v), HiddenFrom.Joliet), helpName: "PATTERNS");

    /// <summary>Sort weights.</summary>
    public static ImageOption SortWeights { get; } = new(ImageSetting.SortWeights, "SortWeights", "--sort-weights",
        "Data order: WEIGHT:PATH_IN_IMAGE pairs, ';' between them; files of higher weight (all below a directory) come first, equal weights in tree order.",
        ImageOptionKind.Text, (s, v, c) => v is null ? s : Weigh(s, v, c), helpName: "WEIGHTS");

    private static ImageSpec WithArea(ImageSpec spec, Func<SystemAreaSpec, SystemAreaSpec> change) =>
        WithBoot(spec, b => b with { SystemArea = change(b.SystemArea ?? new SystemAreaSpec()) });

    private static IsoBuildException Invalid(ImageOption option, string value, ImageOptionContext context, string why) =>
        new(ErrorCodes.InvalidOption, $"{option.Written(value, context.FrontDoor)}: {why}");

    private static string[] Split(string value, char separator) => value.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static MbrCodeStyle ParseStyle(string value, ImageOptionContext context) => value.ToLowerInvariant() switch
    {
        "isohybrid" => Spec.MbrCodeStyle.Isohybrid,
        "grub2" => Spec.MbrCodeStyle.Grub2,
        "none" => Spec.MbrCodeStyle.None,
        _ => throw Invalid(MbrCodeStyle, value, context, "give isohybrid, grub2 or none."),
    };

    private static List<ElToritoEntry> ParseEntries(string value, ImageOptionContext context)
    {
        var entries = new List<ElToritoEntry>();
        foreach (string text in Split(value, ';'))
        {
            string[] parts = Split(text, ',');
            var entry = parts[0].StartsWith("appended:", StringComparison.Ordinal)
                ? new ElToritoEntry { AppendedPartition = (int)Number(BootEntries, parts[0]["appended:".Length..], context) }
                : new ElToritoEntry { Image = ImagePath.Normalize(parts[0]) };
            foreach (string attribute in parts.Skip(1))
            {
                string[] kv = attribute.Split('=', 2);
                entry = (kv[0], kv.Length > 1 ? kv[1] : null) switch
                {
                    ("platform", "bios" or "x86") => entry with { Platform = ElToritoEntry.PlatformBios },
                    ("platform", "efi") => entry with { Platform = ElToritoEntry.PlatformEfi },
                    ("platform", "ppc") => entry with { Platform = ElToritoEntry.PlatformPowerPc },
                    ("platform", "mac") => entry with { Platform = ElToritoEntry.PlatformMac },
                    ("platform", { } p) => entry with { Platform = (byte)Number(BootEntries, p, context, byte.MaxValue) },
                    ("emulation", "none") => entry with { Emulation = BootEmulation.NoEmulation },
                    ("emulation", "floppy") => entry with { Emulation = BootEmulation.Floppy },
                    ("emulation", "hard-disk") => entry with { Emulation = BootEmulation.HardDisk },
                    ("load-size", { } n) => entry with { LoadSize = (int)Number(BootEntries, n, context) },
                    ("load-segment", { } n) => entry with { LoadSegment = (ushort)Number(BootEntries, n, context, ushort.MaxValue) },
                    ("boot-info-table", null) => entry with { BootInfoTable = true },
                    ("grub2-boot-info", null) => entry with { Grub2BootInfo = true },
                    ("not-bootable", null) => entry with { Bootable = false },
                    ("mark", null) => entry with { MarkInPartitionTable = true },
                    _ => throw Invalid(BootEntries, value, context, $"'{attribute}' is no entry attribute (see --help)."),
                };
            }
            entries.Add(entry);
        }
        return entries;
    }

    private static long Number(ImageOption option, string text, ImageOptionContext context, long max = int.MaxValue)
    {
        bool hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (long.TryParse(hex ? text[2..] : text, hex ? NumberStyles.HexNumber : NumberStyles.None, CultureInfo.InvariantCulture, out long n) && n >= 0 && n <= max)
            return n;
        throw Invalid(option, text, context, $"'{text}' is not a number from 0 to {max}.");
    }

    private static Guid ParseGuid(string value, ImageOptionContext context) =>
        Guid.TryParse(value, out Guid guid) ? guid : throw Invalid(GptDiskGuid, value, context, $"'{value}' is not a GUID (8-4-4-4-12 hexadecimal digits).");

    private static PartitionType ParseType(ImageOption option, string text, ImageOptionContext context) =>
        Guid.TryParse(text, out Guid guid) ? PartitionType.Of(guid) : new PartitionType((byte)Number(option, text, context, byte.MaxValue));

    private static List<AppendedPartition> ParsePartitions(string value, ImageOptionContext context)
    {
        var partitions = new List<AppendedPartition>();
        foreach (string text in Split(value, ';'))
        {
            string[] parts = text.Split(':', 3);
            if (parts.Length != 3)
                throw Invalid(AppendPartitions, value, context, $"'{text}' is not N:TYPE:FILE.");
            string file = Path.GetFullPath(parts[2], context.BaseDirectory);
            if (!File.Exists(file))
                throw Invalid(AppendPartitions, value, context, $"'{parts[2]}' does not exist.");
            partitions.Add(new AppendedPartition((int)Number(AppendPartitions, parts[0], context, 4), ParseType(AppendPartitions, parts[1], context),
                ContentSource.FromFile(file, new FileInfo(file).Length)));
        }
        return partitions;
    }

    private static List<Regex> Patterns(string value) => [.. Split(value, ';').Select(Glob)];

    /// <summary>A shell pattern as an expression: '*' and '?' within a name, a pattern without '/' matched against names.</summary>
    private static Regex Glob(string pattern)
    {
        string body = Regex.Escape(pattern.Trim('/')).Replace(@"\*", "[^/]*", StringComparison.Ordinal).Replace(@"\?", "[^/]", StringComparison.Ordinal);
        return new Regex(pattern.Contains('/', StringComparison.Ordinal) ? $"^{body}$" : $"(^|/){body}$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private static bool Matches(List<Regex> patterns, string path)
    {
        // An entry below a matching directory matches too.
        for (string p = path; p.Length > 0; p = ImagePath.Parent(p))
        {
            if (patterns.Any(r => r.IsMatch(p)))
                return true;
        }
        return false;
    }

    private static ImageSpec ExcludeEntries(ImageSpec spec, List<Regex> patterns) =>
        spec with { Entries = [.. spec.Entries.Where(e => !Matches(patterns, ImagePath.Normalize(e.Path)))] };

    private static ImageSpec HideEntries(ImageSpec spec, List<Regex> patterns, HiddenFrom from) =>
        spec with { Entries = [.. spec.Entries.Select(e => Matches(patterns, ImagePath.Normalize(e.Path)) ? e with { HiddenFrom = e.HiddenFrom | from } : e)] };

    private static ImageSpec Weigh(ImageSpec spec, string value, ImageOptionContext context)
    {
        var weights = new List<(int Weight, string Path)>();
        foreach (string text in Split(value, ';'))
        {
            string[] parts = text.Split(':', 2);
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int weight))
                throw Invalid(SortWeights, value, context, $"'{text}' is not WEIGHT:PATH_IN_IMAGE.");
            weights.Add((weight, ImagePath.Normalize(parts[1])));
        }
        return spec with
        {
            Entries = [.. spec.Entries.Select(e =>
            {
                string path = ImagePath.Normalize(e.Path);
                foreach ((int weight, string p) in Enumerable.Reverse(weights))
                {
                    if (p.Length == 0 || path == p || path.StartsWith(p + "/", StringComparison.Ordinal))
                        return e with { SortWeight = weight };
                }
                return e;
            })],
        };
    }
}
