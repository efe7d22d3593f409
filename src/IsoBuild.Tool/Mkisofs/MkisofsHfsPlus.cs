namespace IsoBuild.Tool.Mkisofs;

/// <summary>An HFS+ blessing role of -hfs-bless-by.</summary>
internal enum MkisofsHfsBlessing
{
    /// <summary>ppc_bootdir (p): the directory PowerPC Macs boot from.</summary>
    PowerPCBootDirectory,

    /// <summary>intel_bootfile (i): the file Intel Macs boot (boot.efi).</summary>
    IntelBootFile,

    /// <summary>show_folder (s): the folder the Finder opens.</summary>
    ShowFolder,

    /// <summary>os9_folder (9).</summary>
    MacOs9Folder,

    /// <summary>osx_folder (x).</summary>
    MacOsXFolder,
}

/// <summary>-hfsplus-file-creator-type CREATOR TYPE PATH (4 bytes each, on a path in the image).</summary>
internal sealed record MkisofsHfsCreatorType(string Creator, string Type, string Path);

/// <summary>-hfs-bless-by ROLE PATH (a path in the image).</summary>
internal sealed record MkisofsHfsBlessingRule(MkisofsHfsBlessing Role, string Path);

/// <summary>
/// The HFS+ options of a request (-hfsplus and its companions). IsoBuild writes no HFS+ tree yet; the options are
/// kept, not ignored, so that the translation decides between a one-line warning (grub-mkrescue and Limine pass
/// -hfsplus for Intel Macs booting from USB sticks) and an error — and can name every option it drops.
/// </summary>
internal sealed record MkisofsHfsPlus
{
    /// <summary>The HFS+ options as typed, in order (-hfsplus, -hfs-bless-by, -hfsplus-file-creator-type…).</summary>
    public ValueList<string> Options { get; init; } = [];

    /// <summary>-hfsplus was given: an HFS+ file system marked by an Apple Partition Map.</summary>
    public bool Requested { get; init; }

    /// <summary>-hfsplus-serial-no: 16 hex digits (8 bytes); null = derived.</summary>
    public string? SerialNumber { get; init; }

    /// <summary>-hfsplus-block-size: 0 (automatic), 512 or 2048.</summary>
    public int BlockSize { get; init; }

    public ValueList<MkisofsHfsCreatorType> CreatorTypes { get; init; } = [];

    public ValueList<MkisofsHfsBlessingRule> Blessings { get; init; } = [];

    /// <summary>-hfs-bless DISKDIR: bless as ppc_bootdir the directory that stems from this disk directory.</summary>
    public ValueList<string> BlessedDiskDirectories { get; init; } = [];
}
