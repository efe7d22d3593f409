namespace IsoBuild.Tool.Mkisofs;

/// <summary>How the emulation was reached.</summary>
internal enum MkisofsEntryPoint
{
    /// <summary><c>dotnet iso mkisofs ARGS</c> (xorriso started as xorrisofs or mkisofs).</summary>
    Mkisofs,

    /// <summary><c>dotnet iso xorriso [native commands] -as mkisofs ARGS [-- native commands]</c>.</summary>
    Xorriso,
}

/// <summary>How much the run reports: -quiet, -v/-verbose (the last one given counts).</summary>
internal enum MkisofsVerbosity
{
    Normal,

    /// <summary>-quiet: only problems (xorriso's report level SORRY).</summary>
    Quiet,

    /// <summary>-v, -verbose: progress too (UPDATE).</summary>
    Verbose,
}

/// <summary>The severity of a message the parser leaves for the front door to print.</summary>
internal enum MkisofsSeverity
{
    /// <summary>An option accepted without effect (xorriso's "Ignored option" NOTE).</summary>
    Ignored,

    /// <summary>Information: how IsoBuild treats an option.</summary>
    Note,

    /// <summary>Something the user may not have meant (a load size capped, UDF added where xorriso would refuse).</summary>
    Warning,
}

/// <summary>A message about an option, in the order the options were read.</summary>
internal sealed record MkisofsMessage(MkisofsSeverity Severity, string Option, string Text)
{
    public override string ToString() => $"{(Severity == MkisofsSeverity.Warning ? "WARNING" : "NOTE")}: {Option}: {Text}";
}

/// <summary>The volume descriptor strings as given (null = not given: the translation applies the defaults).</summary>
internal sealed record MkisofsVolumeIds
{
    /// <summary>-p/-A value that stands for xorriso's id string; the translation puts IsoBuild's fixed id there.</summary>
    public const string XorrisoIdPlaceholder = "@xorriso@";

    /// <summary>The emulation's volume id when -V is not given.</summary>
    public const string DefaultVolumeId = "ISOIMAGE";

    /// <summary>-V, -volid (≤ 32 bytes).</summary>
    public string? VolumeId { get; init; }

    /// <summary>-volset (≤ 128 bytes).</summary>
    public string? VolumeSetId { get; init; }

    /// <summary>-P, -publisher (≤ 128 bytes).</summary>
    public string? Publisher { get; init; }

    /// <summary>-p, -preparer (≤ 128 bytes; <see cref="XorrisoIdPlaceholder"/> kept as typed).</summary>
    public string? Preparer { get; init; }

    /// <summary>-A, -appid (≤ 128 bytes; <see cref="XorrisoIdPlaceholder"/> kept as typed).</summary>
    public string? ApplicationId { get; init; }

    /// <summary>-sysid (≤ 32 bytes).</summary>
    public string? SystemId { get; init; }

    /// <summary>-abstract: a path in the image (≤ 37 bytes).</summary>
    public string? AbstractFile { get; init; }

    /// <summary>-biblio: a path in the image (≤ 37 bytes).</summary>
    public string? BibliographicFile { get; init; }

    /// <summary>-copyright: a path in the image (≤ 37 bytes).</summary>
    public string? CopyrightFile { get; init; }

    /// <summary>--application_use: one character (repeated 512 times), 0xXY (a byte repeated), or a disk file (≤ 512 bytes).</summary>
    public string? ApplicationUse { get; init; }
}

/// <summary>The ISO 9660 naming options (xorriso applies them when it writes: their position does not matter).</summary>
internal sealed record MkisofsFileNames
{
    /// <summary>-iso-level as given (1–4); null = the emulation's default, 1.</summary>
    public int? IsoLevel { get; init; }

    /// <summary>-iso-level 4 was given (at any point): an ISO 9660:1999 tree besides the others.</summary>
    public bool Iso9660v2 { get; init; }

    /// <summary>-l, -full-iso9660-filenames: names up to 31 characters (level 2 at least).</summary>
    public bool FullIso9660Filenames { get; init; }

    /// <summary>-max-iso9660-filenames: names up to 37 characters.</summary>
    public bool MaxIso9660Filenames { get; init; }

    /// <summary>-U, -untranslated-filenames.</summary>
    public bool Untranslated { get; init; }

    /// <summary>-untranslated_name_len N (0 = off, up to 96).</summary>
    public int UntranslatedNameLength { get; init; }

    /// <summary>-allow-lowercase.</summary>
    public bool AllowLowercase { get; init; }

    /// <summary>-relaxed-filenames: any 7-bit character but '/' and NUL.</summary>
    public bool RelaxedFilenames { get; init; }

    /// <summary>-d, -omit-period: no trailing '.' on names without one.</summary>
    public bool OmitPeriod { get; init; }

    /// <summary>-N, -omit-version-number: no ";1".</summary>
    public bool OmitVersionNumber { get; init; }

    /// <summary>-D, -disable-deep-relocation (the emulation relocates nothing by default anyway).</summary>
    public bool DisableDeepRelocation { get; init; }

    /// <summary>-rr_reloc_dir NAME or -hide-rr-moved (.rr_moved): relocate directories deeper than 8 levels there.</summary>
    public string? RelocationDirectory { get; init; }

    /// <summary>-disallow_dir_id_ext: no '.' in ISO 9660 directory names.</summary>
    public bool DisallowDirectoryExtension { get; init; }

    /// <summary>-file_name_limit N: Rock Ridge names longer than N (64–255) are truncated; null = 255.</summary>
    public int? RockRidgeNameLimit { get; init; }

    /// <summary>The ISO 9660 level the image gets: -iso-level 1–3, raised to 2 by -l; 3 with -iso-level 4; else 1.</summary>
    public int EffectiveLevel => IsoLevel switch
    {
        4 => 3,
        { } level when FullIso9660Filenames => Math.Max(level, 2),
        { } level => level,
        null => FullIso9660Filenames ? 2 : 1,
    };
}

/// <summary>--sort-weight WEIGHT PATH: a higher weight puts the file (or every file below the directory) earlier.</summary>
internal sealed record MkisofsSortWeight(int Weight, string Path);

/// <summary>--sort-weight-list FILE or --sort-weight-patterns FILE (only the last one given counts).</summary>
internal sealed record MkisofsSortWeightList(string File, bool Patterns);

/// <summary>Native xorriso commands of <c>dotnet iso xorriso</c> (before -as mkisofs, or after its "--").</summary>
internal sealed record XorrisoNativeSettings
{
    public static XorrisoNativeSettings None { get; } = new();

    /// <summary>The native commands as typed, in order.</summary>
    public ValueList<string> Commands { get; init; } = [];

    /// <summary>-no_rc (IsoBuild reads no startup files in any case).</summary>
    public bool NoRc { get; init; }

    /// <summary>-report_about SEVERITY: the lowest severity of messages to print; null = default.</summary>
    public string? ReportAbout { get; init; }

    /// <summary>-abort_on SEVERITY; null = default (FAILURE).</summary>
    public string? AbortOn { get; init; }
}

/// <summary>
/// A parsed xorriso mkisofs-emulation command line, in xorriso's semantics: what the translation to an image spec
/// needs, and nothing read from disk yet (list files, pathspec sources and boot files are only named here).
/// </summary>
internal sealed record MkisofsRequest
{
    public MkisofsEntryPoint EntryPoint { get; init; }

    public XorrisoNativeSettings Native { get; init; } = XorrisoNativeSettings.None;

    /// <summary>-help: print the emulation's option help (xorriso prints it to standard error, exit 0).</summary>
    public bool ShowHelp { get; init; }

    /// <summary>-version: print the emulation's version line (standard output) and version block (standard error).</summary>
    public bool ShowVersion { get; init; }

    /// <summary>Native <c>xorriso -version</c> (outside -as mkisofs): the version block on standard output.</summary>
    public bool ShowNativeVersion { get; init; }

    /// <summary>Native <c>xorriso -help</c>: what the emulation offers.</summary>
    public bool ShowNativeHelp { get; init; }

    /// <summary>
    /// An image is to be made: some argument other than -help, -version, -o and the other first-pass options was
    /// given (<c>-as mkisofs -help</c> only prints). xorriso then writes only if the run changed something — added
    /// a file, or set a descriptor string such as -V [measured: <c>-R -o x.iso</c> and <c>-o x.iso emptydir</c> write
    /// nothing]; IsoBuild writes the image even when it is empty, as <c>dotnet iso pack</c> does.
    /// </summary>
    public bool BuildsImage { get; init; }

    /// <summary>-print-size: print the image's size in 2048-byte blocks on standard output and write no image.</summary>
    public bool PrintSize { get; init; }

    /// <summary>-o, -output (a "stdio:" prefix removed); null when not given: the image goes to standard output.</summary>
    public string? Output { get; init; }

    public bool WritesToStandardOutput => Output is null or "-";

    /// <summary>The pathspecs and path lists in order.</summary>
    public ValueList<MkisofsPathspec> Pathspecs { get; init; } = [];

    /// <summary>-root: the directory in the image every pathspec goes below (the last -root given counts).</summary>
    public string Root { get; init; } = "/";

    /// <summary>-f, -follow-links: store what symbolic links on disk point to, not the links.</summary>
    public bool FollowLinks { get; init; }

    /// <summary>-hide*, in order; they apply to every pathspec.</summary>
    public ValueList<MkisofsHideRule> Hiding { get; init; } = [];

    public MkisofsFileNames FileNames { get; init; } = new();

    /// <summary>Rock Ridge (on unless --norock; -R and -r turn it on again).</summary>
    public bool RockRidge { get; init; } = true;

    /// <summary>-r, -rational-rock: owner 0, r for all, no w, x for all where any, no s/t bits (cancelled by a later --norock).</summary>
    public bool RationalRock { get; init; }

    /// <summary>-J, -joliet.</summary>
    public bool Joliet { get; init; }

    /// <summary>-joliet-long: Joliet names up to 103 characters.</summary>
    public bool JolietLong { get; init; }

    /// <summary>-joliet-utf16: UTF-16 instead of UCS-2 names.</summary>
    public bool JolietUtf16 { get; init; }

    public MkisofsVolumeIds VolumeIds { get; init; } = new();

    /// <summary>--modification-date=YYYYMMDDhhmmsscc as typed (validated); null when not given or revoked.</summary>
    public string? ModificationDate { get; init; }

    /// <summary><see cref="ModificationDate"/> as a time (UTC; the last two digits are hundredths of a second).</summary>
    public DateTimeOffset? ModificationTime { get; init; }

    /// <summary>--set_all_file_dates as typed (a date, set_to_mtime); null when not given or revoked ("default").</summary>
    public string? SetAllFileDates { get; init; }

    /// <summary>-uid: the owner of every file; null = kept (-r makes it 0).</summary>
    public uint? Uid { get; init; }

    /// <summary>-gid: the group of every file; null = kept (-r makes it 0).</summary>
    public uint? Gid { get; init; }

    /// <summary>-file-mode: the exact permission bits of every regular file, applied after -r.</summary>
    public int? FileMode { get; init; }

    /// <summary>-dir-mode: the exact permission bits of every directory, applied after -r.</summary>
    public int? DirectoryMode { get; init; }

    /// <summary>-pad (default) / -no-pad: 300 KiB of zeros at the end.</summary>
    public bool Pad { get; init; } = true;

    public MkisofsVerbosity Verbosity { get; init; }

    /// <summary>-log-file: where messages go instead of standard error; null = standard error.</summary>
    public string? LogFile { get; init; }

    /// <summary>--md5: MD5 checksums of the session and of each file.</summary>
    public bool Md5 { get; init; }

    /// <summary>-z, -transparent-compression: mark zisofs-compressed input files (ZF entries); nothing is compressed.</summary>
    public bool Zisofs { get; init; }

    /// <summary>-udf, -UDF: a UDF file system beside ISO 9660 (IsoBuild's addition: xorriso refuses the option).</summary>
    public bool Udf { get; init; }

    /// <summary>-input-charset (the names' character set on disk); "default" is kept as typed.</summary>
    public string? InputCharset { get; init; }

    /// <summary>-output-charset (the character set of the names in the image).</summary>
    public string? OutputCharset { get; init; }

    /// <summary>--sort-weight, in order (applied after <see cref="SortWeightList"/>).</summary>
    public ValueList<MkisofsSortWeight> SortWeights { get; init; } = [];

    public MkisofsSortWeightList? SortWeightList { get; init; }

    public MkisofsElTorito ElTorito { get; init; } = MkisofsElTorito.None;

    public MkisofsSystemArea SystemArea { get; init; } = MkisofsSystemArea.None;

    /// <summary>The HFS+ options; null when none was given.</summary>
    public MkisofsHfsPlus? HfsPlus { get; init; }

    /// <summary>Notes and warnings about options, in order (ignored options among them).</summary>
    public ValueList<MkisofsMessage> Messages { get; init; } = [];

    /// <summary>The options accepted without effect (xorriso's ignored ones and IsoBuild's), as typed, in order.</summary>
    public IEnumerable<string> IgnoredOptions => Messages.Where(m => m.Severity == MkisofsSeverity.Ignored).Select(m => m.Option);
}
