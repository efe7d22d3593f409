using System.Collections.Frozen;
using IsoBuild.Options;

namespace IsoBuild.Tool.Mkisofs;

/// <summary>
/// Reads the arguments of xorriso's mkisofs emulation (<c>xorriso -as mkisofs ARGS</c>, up to a "--") into a
/// <see cref="MkisofsRequest"/>, in two passes as xorriso does. The first pass reads the options that apply to the
/// whole run wherever they stand (-o, -iso-level, -hide*, -root, -f, -quiet…) and finds out whether an image is to
/// be made at all. The second pass reads everything else in order: pathspecs are taken as they come, so
/// -graft-points and -m/-exclude apply only to the pathspecs after them; boot and system-area options are kept and
/// run after the last pathspec, in their original order. Nothing is read from disk.
/// </summary>
internal sealed class MkisofsParser
{
    private static readonly FrozenSet<string> s_firstPass = FrozenSet.ToFrozenSet(
    [
        "-version", "-o", "-output", "-M", "-dev", "-prev-session", "-C", "-cdrecord-params", "-help", "-v", "-verbose", "-quiet",
        "-f", "-follow-links", "-iso-level", "-input-charset", "-output-charset", "-hide", "-hide-list", "-hide-joliet",
        "-hide-joliet-list", "-hide-hfsplus", "-hide-hfsplus-list", "-root", "-old-root", "--old-root-no-md5", "--old-root-devno",
        "--old-root-no-ino", "-fat", "-hfsplus", "--hardlinks", "--acl", "--xattr", "--xattr-any", "--md5", "--scdbackup_tag",
        "--for_backup", "-z", "-transparent-compression", "--zisofs-version-2", "--zisofs2-susp-z2", "--zisofs2-susp-zf",
        "--stdio_sync", "-disallow_dir_id_ext", "--emul-toc", "--no-emul-toc", "-log-file", "-gui", "-file_name_limit",
    ], StringComparer.Ordinal);

    /// <summary>The options xorriso itself ignores (with a NOTE in its second pass).</summary>
    private static readonly FrozenSet<string> s_ignoredByXorriso = FrozenSet.ToFrozenSet(
    [
        "-allow-leading-dots", "-ldots", "-allow-multidot", "-cache-inodes", "-check-oldnames", "-L", "-no-bak", "-no-cache-inodes",
        "-no-split-symlink-components", "-no-split-symlink-fields", "-nobak", "-force-rr", "-T", "-translation-table", "-no-iso-translate",
        "-check-session", "-hide-hfs", "-hide-hfs-list", "-table-name", "-volset-seqno", "-volset-size", "-sort",
    ], StringComparer.Ordinal);

    /// <summary>Single-dash spellings users try for options that exist only with two dashes.</summary>
    private static readonly FrozenDictionary<string, string> s_twoDashOnly = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["-boot-catalog-hide"] = "--boot-catalog-hide",
        ["-no-emul-toc"] = "--no-emul-toc",
        ["-emul-toc"] = "--emul-toc",
        ["-md5"] = "--md5",
        ["-efi-boot"] = "--efi-boot",
        ["-grub2-mbr"] = "--grub2-mbr",
        ["-grub2-boot-info"] = "--grub2-boot-info",
        ["-protective-msdos-label"] = "--protective-msdos-label",
        ["-mbr-force-bootable"] = "--mbr-force-bootable",
        ["-sort-weight"] = "--sort-weight",
        ["-sort-weight-list"] = "--sort-weight-list",
        ["-sort-weight-patterns"] = "--sort-weight-patterns",
        ["-embedded-boot"] = "--embedded-boot",
        ["-gpt_disk_guid"] = "--gpt_disk_guid",
        ["-norock"] = "--norock",
        ["-application_use"] = "--application_use",
        ["-set_all_file_dates"] = "--set_all_file_dates",
        ["-quoted_path_list"] = "--quoted_path_list",
        ["-modification-date"] = "--modification-date=",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly Dictionary<string, string> s_synonyms = new(StringComparer.Ordinal)
    {
        ["-uefi"] = "--efi-boot",
        ["--uefi"] = "--efi-boot",
        ["-efi"] = "-e",
        ["-isohybrid"] = "-isohybrid-mbr",
    };

    private readonly string[] _args;
    private readonly List<MkisofsMessage> _messages = [];

    // First pass.
    private bool _buildsImage;
    private bool _showHelp;
    private bool _showVersion;
    private string? _output;
    private MkisofsVerbosity _verbosity;
    private bool _followLinks;
    private int? _isoLevel;
    private bool _iso9660v2;
    private string? _inputCharset;
    private string? _outputCharset;
    private readonly List<MkisofsHideRule> _hiding = [];
    private string _root = "/";
    private bool _md5;
    private bool _zisofs;
    private bool _disallowDirectoryExtension;
    private string? _logFile;
    private int? _rockRidgeNameLimit;

    // Second pass.
    private readonly List<MkisofsPathspec> _pathspecs = [];
    private readonly List<MkisofsExclusion> _exclusions = [];
    private bool _graftPoints;
    private bool _printSize;
    private bool _pad = true;
    private bool _rockRidge = true;
    private bool _rationalRock;
    private bool _joliet;
    private bool _jolietLong;
    private bool _jolietUtf16;
    private MkisofsFileNames _fileNames = new();
    private MkisofsVolumeIds _ids = new();
    private string? _modificationDate;
    private DateTimeOffset? _modificationTime;
    private string? _setAllFileDates;
    private uint? _uid;
    private uint? _gid;
    private int? _fileMode;
    private int? _directoryMode;
    private bool _udf;
    private readonly List<MkisofsSortWeight> _sortWeights = [];
    private MkisofsSortWeightList? _sortWeightList;
    private readonly List<(string Name, int Index)> _delayed = [];
    private MkisofsSystemArea _systemArea = MkisofsSystemArea.None;
    private readonly SortedDictionary<int, MkisofsAppendedPartition> _appended = [];
    private readonly List<string> _hfsOptions = [];
    private MkisofsHfsPlus _hfs = new();

    private MkisofsParser(IReadOnlyList<string> arguments) => _args = [.. arguments];

    /// <summary>Parses the arguments of <c>-as mkisofs</c> (without the "--" that ends them).</summary>
    /// <exception cref="MkisofsUsageException">An option is unknown, unsupported, declined, or has a bad value.</exception>
    public static MkisofsRequest Parse(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return new MkisofsParser(arguments).Run();
    }

    private MkisofsRequest Run()
    {
        FirstPass();
        SecondPass();
        var elTorito = new MkisofsElToritoBuilder(_messages);
        foreach ((string name, int index) in _delayed)
            RunDelayed(elTorito, name, index);
        MkisofsElTorito catalog = elTorito.Build();
        MkisofsSystemArea systemArea = _systemArea with { AppendedPartitions = [.. _appended.Values] };
        Check(catalog, systemArea);
        return new MkisofsRequest
        {
            EntryPoint = MkisofsEntryPoint.Mkisofs,
            ShowHelp = _showHelp,
            ShowVersion = _showVersion,
            BuildsImage = _buildsImage,
            PrintSize = _printSize,
            Output = _output,
            Pathspecs = [.. _pathspecs],
            Root = _root,
            FollowLinks = _followLinks,
            Hiding = [.. _hiding],
            FileNames = _fileNames with
            {
                IsoLevel = _isoLevel,
                Iso9660v2 = _iso9660v2,
                DisallowDirectoryExtension = _disallowDirectoryExtension,
                RockRidgeNameLimit = _rockRidgeNameLimit,
            },
            RockRidge = _rockRidge,
            RationalRock = _rationalRock,
            Joliet = _joliet,
            JolietLong = _jolietLong,
            JolietUtf16 = _jolietUtf16,
            VolumeIds = _ids,
            ModificationDate = _modificationDate,
            ModificationTime = _modificationTime,
            SetAllFileDates = _setAllFileDates,
            Uid = _uid,
            Gid = _gid,
            FileMode = _fileMode,
            DirectoryMode = _directoryMode,
            Pad = _pad,
            Verbosity = _verbosity,
            LogFile = _logFile,
            Md5 = _md5,
            Zisofs = _zisofs,
            Udf = _udf,
            InputCharset = _inputCharset,
            OutputCharset = _outputCharset,
            SortWeights = [.. _sortWeights],
            SortWeightList = _sortWeightList,
            ElTorito = catalog,
            SystemArea = systemArea,
            HfsPlus = _hfsOptions.Count == 0 ? null : _hfs with { Options = [.. _hfsOptions] },
            Messages = [.. _messages],
        };
    }

    // ---------------------------------------------------------------------------------------------------------
    // First pass: options that apply to the whole run, and whether an image is to be made.

    private void FirstPass()
    {
        for (int i = 0; i < _args.Length; i++)
        {
            string typed = _args[i];
            string name = MkisofsOptionTable.StripDoubleDash(typed);
            if (s_ignoredByXorriso.Contains(name))
            {
                i += MkisofsOptionTable.Find(name)!.Arguments;
                continue;
            }
            if (!s_firstPass.Contains(name))
            {
                if (MkisofsOptionTable.IsFusedLetters(typed))
                {
                    foreach (char letter in typed.AsSpan(1))
                    {
                        if (MkisofsOptionTable.FirstPassLetters.Contains(letter, StringComparison.Ordinal))
                            FirstPassLetter(letter);
                        else
                            _buildsImage = true;
                    }
                    continue;
                }
                _buildsImage = true;
                if (typed.Length > 1 && typed[0] == '-' && MkisofsOptionTable.Find(name) is { } known)
                    i += known.Arguments == MkisofsOptionTable.AllRemaining ? _args.Length : known.Arguments;
                continue;
            }
            MkisofsOption option = MkisofsOptionTable.Find(name)!;
            if (option.Kind == MkisofsOptionKind.Declined)
                throw Declined(typed, option);
            string[] values = Values(i, typed, option.Arguments);
            i += option.Arguments;
            string value = values.Length > 0 ? values[0] : string.Empty;
            switch (name)
            {
                case "-version": _showVersion = true; break;
                case "-help": _showHelp = true; break;
                case "-o" or "-output":
                    _output = value.StartsWith("stdio:", StringComparison.Ordinal) ? value["stdio:".Length..] : value;
                    if (_output.Length == 0)
                        throw MkisofsValues.Bad(typed, value, "give the path of the image to write, or - for standard output");
                    break;
                case "-v" or "-verbose": _verbosity = MkisofsVerbosity.Verbose; break;
                case "-quiet": _verbosity = MkisofsVerbosity.Quiet; break;
                case "-f" or "-follow-links": _followLinks = true; break;
                case "-iso-level":
                    int level = (int)MkisofsValues.Number(typed, value, 1, 4, "use 1, 2, 3 or 4 (4 adds an ISO 9660:1999 tree)");
                    _isoLevel = level;
                    _iso9660v2 |= level == 4;
                    break;
                case "-input-charset": _inputCharset = value; break;
                case "-output-charset": _outputCharset = value; break;
                case "-hide" or "-hide-list" or "-hide-joliet" or "-hide-joliet-list" or "-hide-hfsplus" or "-hide-hfsplus-list":
                    MkisofsHiddenFrom from = name.Contains("joliet", StringComparison.Ordinal) ? MkisofsHiddenFrom.Joliet
                        : name.Contains("hfsplus", StringComparison.Ordinal) ? MkisofsHiddenFrom.HfsPlus : MkisofsHiddenFrom.Iso9660;
                    if (value.Length == 0)
                        throw MkisofsValues.Bad(typed, value, name.EndsWith("-list", StringComparison.Ordinal) ? "give the file of patterns" : "give a pattern");
                    _hiding.Add(new MkisofsHideRule(typed, value, name.EndsWith("-list", StringComparison.Ordinal), from));
                    break;
                case "-root": _root = MkisofsPaths.Absolute(value); break;
                case "-hfsplus": break; // recorded in order in the second pass
                case "--md5": _md5 = true; break;
                case "-z" or "-transparent-compression": _zisofs = true; break;
                case "-disallow_dir_id_ext": _disallowDirectoryExtension = true; break;
                case "--no-emul-toc": break; // the emulation's default, and IsoBuild's only way
                case "-log-file": _logFile = value.Length == 0 ? null : value; break;
                case "-file_name_limit": _rockRidgeNameLimit = (int)MkisofsValues.Number(typed, value, 64, 255); break;
                case "--stdio_sync" or "-gui": break; // noted in the second pass
                default: throw new InvalidOperationException($"no first-pass case for {name}");
            }
        }
    }

    private void FirstPassLetter(char letter)
    {
        switch (letter)
        {
            case 'f': _followLinks = true; break;
            case 'v': _verbosity = MkisofsVerbosity.Verbose; break;
            case 'z': _zisofs = true; break;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Second pass: everything else, in order.

    private void SecondPass()
    {
        for (int i = 0; i < _args.Length; i++)
        {
            string typed = _args[i];
            string name = MkisofsOptionTable.StripDoubleDash(typed);
            MkisofsOption? option = MkisofsOptionTable.Find(name);
            if (s_ignoredByXorriso.Contains(name))
            {
                Values(i, typed, option!.Arguments, tolerateMissing: true);
                i += option.Arguments;
                _messages.Add(new(MkisofsSeverity.Ignored, typed, "ignored, as xorriso does"));
                continue;
            }
            if (option is null)
            {
                if (typed.Length > 1 && typed[0] == '-')
                {
                    if (MkisofsOptionTable.IsFusedLetters(typed))
                    {
                        foreach (char letter in typed.AsSpan(1))
                            Letter(letter, typed);
                        continue;
                    }
                    throw Unrecognized(typed);
                }
                AddPathspec(typed);
                continue;
            }
            if (option.Kind == MkisofsOptionKind.Unsupported)
                throw Unsupported(typed, option);
            if (option.Kind == MkisofsOptionKind.Declined)
                throw Declined(typed, option);
            int count = option.Arguments;
            string[] values = Values(i, typed, count);
            if (s_firstPass.Contains(name))
            {
                if (name is "-hfsplus" or "-hide-hfsplus" or "-hide-hfsplus-list")
                {
                    _hfsOptions.Add(typed);
                    if (name == "-hfsplus")
                        _hfs = _hfs with { Requested = true };
                }
                else if (option.Kind == MkisofsOptionKind.Ignored)
                {
                    _messages.Add(new(MkisofsSeverity.Ignored, typed, $"ignored: {option.Reason}"));
                }
                i += count;
                continue;
            }
            if (option.Kind == MkisofsOptionKind.Ignored)
            {
                _messages.Add(new(MkisofsSeverity.Ignored, typed, $"ignored: {option.Reason}"));
                i += count;
                continue;
            }
            SecondPassOption(option.Name, typed, i, values);
            i += count;
        }
    }

    private void SecondPassOption(string name, string typed, int index, string[] values)
    {
        string value = values.Length > 0 ? values[0] : string.Empty;
        switch (name)
        {
            // Rock Ridge, Joliet, names.
            case "--norock": _rockRidge = false; _rationalRock = false; break;
            case "-R" or "-rock": Letter('R', typed); break;
            case "-r" or "-rational-rock": Letter('r', typed); break;
            case "-J" or "-joliet": Letter('J', typed); break;
            case "-joliet-long": _jolietLong = true; break;
            case "-joliet-utf16": _jolietUtf16 = true; break;
            case "-U" or "-untranslated-filenames": Letter('U', typed); break;
            case "-untranslated_name_len":
                _fileNames = _fileNames with { UntranslatedNameLength = (int)MkisofsValues.Number(typed, value, 0, 96) };
                break;
            case "-N" or "-omit-version-number": Letter('N', typed); break;
            case "-l" or "-full-iso9660-filenames": Letter('l', typed); break;
            case "-max-iso9660-filenames": _fileNames = _fileNames with { MaxIso9660Filenames = true }; break;
            case "-d" or "-omit-period": Letter('d', typed); break;
            case "-D" or "-disable-deep-relocation": Letter('D', typed); break;
            case "-allow-lowercase": _fileNames = _fileNames with { AllowLowercase = true }; break;
            case "-relaxed-filenames": _fileNames = _fileNames with { RelaxedFilenames = true }; break;
            case "-hide-rr-moved": RelocationDirectory(typed, ".rr_moved"); break;
            case "-rr_reloc_dir": RelocationDirectory(typed, value); break;

            // Pathspecs and what applies to the ones after.
            case "-graft-points": _graftPoints = true; break;
            case "-path-list" or "--quoted_path_list":
                if (value.Length == 0)
                    throw MkisofsValues.Bad(typed, value, "give the file that lists the pathspecs (- for standard input)");
                _pathspecs.Add(new MkisofsPathspec
                {
                    Argument = value,
                    Source = value,
                    List = name == "-path-list" ? MkisofsPathListKind.Lines : MkisofsPathListKind.QuotedWords,
                    GraftPoints = _graftPoints,
                    Exclusions = [.. _exclusions],
                    Root = _root,
                });
                break;
            case "-m" or "-exclude" or "-x" or "-old-exclude" or "-exclude-list":
                if (value.Length == 0)
                    throw MkisofsValues.Bad(typed, value, name == "-exclude-list" ? "give the file of patterns" : "give a pattern");
                _exclusions.Add(new MkisofsExclusion(typed, value, name == "-exclude-list"));
                break;

            // Output.
            case "-pad": _pad = true; break;
            case "-no-pad": _pad = false; break;
            case "-print-size": _printSize = true; break;

            // Volume descriptors and dates.
            case "-V" or "-volid": _ids = _ids with { VolumeId = MkisofsValues.Text(typed, value, 32) }; break;
            case "-volset": _ids = _ids with { VolumeSetId = MkisofsValues.Text(typed, value, 128) }; break;
            case "-P" or "-publisher": _ids = _ids with { Publisher = MkisofsValues.Text(typed, value, 128) }; break;
            case "-p" or "-preparer": _ids = _ids with { Preparer = MkisofsValues.Text(typed, value, 128) }; break;
            case "-A" or "-appid": _ids = _ids with { ApplicationId = MkisofsValues.Text(typed, value, 128) }; break;
            case "-sysid": _ids = _ids with { SystemId = MkisofsValues.Text(typed, value, 32) }; break;
            case "-abstract": _ids = _ids with { AbstractFile = MkisofsValues.Text(typed, value, 37) }; break;
            case "-biblio": _ids = _ids with { BibliographicFile = MkisofsValues.Text(typed, value, 37) }; break;
            case "-copyright": _ids = _ids with { CopyrightFile = MkisofsValues.Text(typed, value, 37) }; break;
            case "--application_use": _ids = _ids with { ApplicationUse = value.Length == 0 ? null : value }; break;
            case "--modification-date=":
                string date = typed[(typed.IndexOf('=', StringComparison.Ordinal) + 1)..];
                if (date is "" or "default" or "overridden")
                {
                    _modificationDate = null;
                    _modificationTime = null;
                }
                else
                {
                    _modificationTime = MkisofsValues.ModificationDate("--modification-date", date);
                    _modificationDate = date;
                }
                break;
            case "--set_all_file_dates": _setAllFileDates = value is "" or "default" ? null : value; break;

            // Ownership and permissions.
            case "-uid": _uid = MkisofsValues.Owner(typed, value); break;
            case "-gid": _gid = MkisofsValues.Owner(typed, value); break;
            case "-file-mode": _fileMode = MkisofsValues.Mode(typed, value); break;
            case "-dir-mode": _directoryMode = MkisofsValues.Mode(typed, value); break;

            // IsoBuild's addition.
            case "-udf" or "-UDF":
                _udf = true;
                _messages.Add(new(MkisofsSeverity.Note, typed, "IsoBuild adds a UDF file system (xorriso refuses this option)"));
                break;

            // Sorting.
            case "--sort-weight":
                _sortWeights.Add(new MkisofsSortWeight(MkisofsValues.SignedNumber(typed, value), values[1]));
                break;
            case "--sort-weight-list" or "--sort-weight-patterns":
                _sortWeightList = new MkisofsSortWeightList(value, name == "--sort-weight-patterns");
                break;

            // System area options xorriso applies at once.
            case "-append_partition": AppendPartition(typed, values); break;
            case "-appended_part_as_gpt": _systemArea = _systemArea with { AppendedPartitionsAsGpt = true }; break;
            case "-appended_part_as_apm": _systemArea = _systemArea with { AppendedPartitionsAsApm = true }; break;
            case "-efi-boot-part":
                _systemArea = _systemArea with
                {
                    EfiBootPartition = new MkisofsEfiBootPartition(value == "--efi-boot-image" ? null : MkisofsValues.DiskSource(typed, value)),
                };
                break;
            case "-apm-block-size": _systemArea = _systemArea with { ApmBlockSize = BlockSize(typed, value) }; break;

            // HFS+.
            case "-hfsplus-serial-no":
                if (value.Length != 16 || MkisofsValues.HexBytes(value, 8) is null)
                    throw MkisofsValues.Bad(typed, value, "give 16 hex digits");
                _hfsOptions.Add(typed);
                _hfs = _hfs with { SerialNumber = value };
                break;
            case "-hfsplus-block-size":
                _hfsOptions.Add(typed);
                _hfs = _hfs with { BlockSize = BlockSize(typed, value) };
                break;
            case "-hfs-bless" or "-hfs-bless-by" or "-hfsplus-file-creator-type":
                _hfsOptions.Add(typed);
                _delayed.Add((name, index));
                break;

            // Boot options: run after the last pathspec, in their order.
            case "-b" or "-eltorito-boot" or "-e" or "--efi-boot" or "-eltorito-platform" or "-eltorito-alt-boot" or "-no-emul-boot"
                or "-hard-disk-boot" or "-boot-load-size" or "-boot-info-table" or "--grub2-boot-info" or "-c" or "-eltorito-catalog"
                or "--boot-catalog-hide" or "-eltorito-id" or "-eltorito-selcrit" or "-G" or "-generic-boot" or "--embedded-boot"
                or "-isohybrid-mbr" or "--grub2-mbr" or "--protective-msdos-label" or "--mbr-force-bootable" or "-isohybrid-gpt-basdat"
                or "-isohybrid-gpt-hfsplus" or "-isohybrid-apm-hfsplus" or "-part_like_isohybrid" or "-partition_offset"
                or "-partition_hd_cyl" or "-partition_sec_hd" or "-partition_cyl_align" or "-iso_mbr_part_type" or "--gpt_disk_guid":
                _delayed.Add((name, index));
                break;

            case "--no_rc": break; // IsoBuild reads no startup files in any case
            default: throw new InvalidOperationException($"no second-pass case for {name}");
        }
    }

    /// <summary>One of the fusable one-letter options, in the second pass.</summary>
    private void Letter(char letter, string typed)
    {
        switch (letter)
        {
            case 'd': _fileNames = _fileNames with { OmitPeriod = true }; break;
            case 'D': _fileNames = _fileNames with { DisableDeepRelocation = true }; break;
            case 'J': _joliet = true; break;
            case 'l': _fileNames = _fileNames with { FullIso9660Filenames = true }; break;
            case 'N': _fileNames = _fileNames with { OmitVersionNumber = true }; break;
            case 'R': _rockRidge = true; break;
            case 'r': _rockRidge = true; _rationalRock = true; break;
            case 'T': _messages.Add(new(MkisofsSeverity.Ignored, typed, "-T ignored, as xorriso does: no TRANS.TBL files are written")); break;
            case 'U': _fileNames = _fileNames with { Untranslated = true }; break;
            case 'f' or 'v' or 'z': break; // first pass
        }
    }

    private void RelocationDirectory(string typed, string directory)
    {
        string name = directory.StartsWith('/') ? directory[1..] : directory;
        if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal))
            throw MkisofsValues.Bad(typed, directory, "give the name of a directory in the root of the image");
        _fileNames = _fileNames with { RelocationDirectory = name };
    }

    private void AddPathspec(string argument)
    {
        (string? target, string source) = MkisofsPaths.SplitPathspec(argument, _graftPoints);
        if (source.Length == 0)
            throw MkisofsValues.Bad(argument, argument, "a pathspec needs a file or directory on disk after the '='");
        _pathspecs.Add(new MkisofsPathspec
        {
            Argument = argument,
            Target = target,
            Source = source,
            GraftPoints = _graftPoints,
            Exclusions = [.. _exclusions],
            Root = _root,
        });
    }

    private void AppendPartition(string typed, string[] values)
    {
        int number = (int)MkisofsValues.Number(typed, values[0], 1, 8, "give a partition number from 1 to 4");
        if (number > 4)
            throw MkisofsValues.Bad(typed, values[0], "partitions 5 to 8 cannot be written (xorriso accepts them but fails when writing); give 1 to 4");
        MkisofsPartitionType type = MkisofsValues.AppendedPartitionType(typed, values[1]);
        MkisofsDiskSource? source = values[2] == "." ? null : MkisofsValues.DiskSource(typed, values[2]);
        _appended[number] = new MkisofsAppendedPartition(number, type, source);
    }

    private static int BlockSize(string typed, string value)
    {
        const string Sizes = "give 0 (automatic), 512 or 2048";
        int size = (int)MkisofsValues.Number(typed, value, 0, 2048, Sizes);
        return size is 0 or 512 or 2048 ? size : throw MkisofsValues.Bad(typed, value, Sizes);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Delayed options, after all pathspecs.

    private void RunDelayed(MkisofsElToritoBuilder elTorito, string name, int index)
    {
        string typed = _args[index];
        string value = index + 1 < _args.Length ? _args[index + 1] : string.Empty;
        switch (name)
        {
            case "-b" or "-eltorito-boot": elTorito.Image(typed, value, efi: false); break;
            case "-e": elTorito.Image(typed, value, efi: true); break;
            case "--efi-boot": elTorito.EfiBoot(typed, value); break;
            case "-eltorito-platform": elTorito.Platform(typed, value); break;
            case "-eltorito-alt-boot": elTorito.AlternativeBoot(); break;
            case "-no-emul-boot": elTorito.NoEmulation(); break;
            case "-hard-disk-boot": elTorito.HardDiskEmulation(); break;
            case "-boot-load-size": elTorito.LoadSize(typed, value); break;
            case "-boot-info-table": elTorito.BootInfoTable(); break;
            case "--grub2-boot-info": elTorito.Grub2BootInfo(); break;
            case "-c" or "-eltorito-catalog": elTorito.Catalog(value); break;
            case "--boot-catalog-hide": elTorito.HideCatalog(); break;
            case "-eltorito-id": elTorito.Id(value); break;
            case "-eltorito-selcrit": elTorito.SelectionCriteria(typed, value); break;
            case "-isohybrid-gpt-basdat": elTorito.GptMark(MkisofsGptMark.BasicData); break;
            case "-isohybrid-gpt-hfsplus": elTorito.GptMark(MkisofsGptMark.HfsPlus); break;
            case "-isohybrid-apm-hfsplus": elTorito.ApmMark(); break;

            case "-G" or "-generic-boot" or "--embedded-boot" or "-isohybrid-mbr" or "--grub2-mbr":
                MkisofsSystemAreaFileOption kind = name switch
                {
                    "-isohybrid-mbr" => MkisofsSystemAreaFileOption.IsohybridMbr,
                    "--grub2-mbr" => MkisofsSystemAreaFileOption.Grub2Mbr,
                    _ => MkisofsSystemAreaFileOption.Generic,
                };
                MkisofsDiskSource? file = value == "." ? null : MkisofsValues.DiskSource(typed, value);
                _systemArea = _systemArea with { File = file, FileOption = file is null ? null : kind };
                // The flags as xorriso sets them. Its -isohybrid-mbr clears the bits 4001 (decimal, not 0x4001):
                // the protective label and the cylinder alignment, but not --grub2-mbr [measured: a
                // -partition_cyl_align off before -isohybrid-mbr has no effect].
                if (kind == MkisofsSystemAreaFileOption.IsohybridMbr)
                    _systemArea = _systemArea with { IsohybridMbr = true, ProtectiveMsdosLabel = false, CylinderAlignment = MkisofsCylinderAlignment.Auto };
                else if (kind == MkisofsSystemAreaFileOption.Grub2Mbr)
                    _systemArea = _systemArea with { Grub2Mbr = true, IsohybridMbr = false };
                break;
            case "--protective-msdos-label": _systemArea = _systemArea with { ProtectiveMsdosLabel = true, IsohybridMbr = false }; break;
            case "--mbr-force-bootable": _systemArea = _systemArea with { MbrForceBootable = true }; break;
            case "-part_like_isohybrid": _systemArea = _systemArea with { PartLikeIsohybrid = true }; break;
            case "-partition_offset":
                int offset = (int)MkisofsValues.Number(typed, value, 0, uint.MaxValue / 4, "give 0 or a number of 2048-byte blocks from 16 on (16 is usual)");
                if (offset is > 0 and < 16)
                    throw MkisofsValues.Bad(typed, value, "a partition offset other than 0 must be at least 16 blocks (16 is usual)");
                _systemArea = _systemArea with { PartitionOffset = offset };
                break;
            case "-partition_hd_cyl": _systemArea = _systemArea with { HeadsPerCylinder = (int)MkisofsValues.Number(typed, value, 0, 255) }; break;
            case "-partition_sec_hd": _systemArea = _systemArea with { SectorsPerHead = (int)MkisofsValues.Number(typed, value, 0, 63) }; break;
            case "-partition_cyl_align":
                _systemArea = _systemArea with
                {
                    CylinderAlignment = value switch
                    {
                        "auto" => MkisofsCylinderAlignment.Auto,
                        "on" => MkisofsCylinderAlignment.On,
                        "off" => MkisofsCylinderAlignment.Off,
                        "all" => MkisofsCylinderAlignment.All,
                        _ => throw MkisofsValues.Bad(typed, value, "give auto, on, off or all"),
                    },
                };
                break;
            case "-iso_mbr_part_type": _systemArea = _systemArea with { IsoPartitionType = MkisofsValues.IsoPartitionType(typed, value) }; break;
            case "--gpt_disk_guid":
                _systemArea = value switch
                {
                    "random" => _systemArea with { GptDiskGuidMode = MkisofsGptGuidMode.Random, GptDiskGuid = null },
                    "modification-date" or "volume_date_uuid" => _systemArea with { GptDiskGuidMode = MkisofsGptGuidMode.ModificationDate, GptDiskGuid = null },
                    _ => _systemArea with
                    {
                        GptDiskGuidMode = MkisofsGptGuidMode.Explicit,
                        GptDiskGuid = MkisofsValues.Guid(value)
                            ?? throw MkisofsValues.Bad(typed, value, "give random, modification-date, 32 hex digits or a GUID like 2303cd2a-73c7-424a-a298-25632da7f446"),
                    },
                };
                break;

            case "-hfs-bless":
                _hfs = _hfs with { BlessedDiskDirectories = [.. _hfs.BlessedDiskDirectories, value] };
                break;
            case "-hfs-bless-by":
                MkisofsHfsBlessing role = value switch
                {
                    "ppc_bootdir" or "p" or "P" => MkisofsHfsBlessing.PowerPCBootDirectory,
                    "intel_bootfile" or "i" or "I" => MkisofsHfsBlessing.IntelBootFile,
                    "show_folder" or "s" or "S" => MkisofsHfsBlessing.ShowFolder,
                    "os9_folder" or "9" => MkisofsHfsBlessing.MacOs9Folder,
                    "osx_folder" or "x" or "X" => MkisofsHfsBlessing.MacOsXFolder,
                    _ => throw MkisofsValues.Bad(typed, value, "give ppc_bootdir (p), intel_bootfile (i), show_folder (s), os9_folder (9) or osx_folder (x)"),
                };
                _hfs = _hfs with { Blessings = [.. _hfs.Blessings, new MkisofsHfsBlessingRule(role, MkisofsPaths.Absolute(_args[index + 2]))] };
                break;
            case "-hfsplus-file-creator-type":
                string creator = _args[index + 1], type = _args[index + 2];
                if (creator.Length != 4 || type.Length != 4)
                    throw MkisofsValues.Bad(typed, $"{creator} {type}", "the creator and the type are exactly 4 characters each (e.g. chrp tbxj)");
                _hfs = _hfs with { CreatorTypes = [.. _hfs.CreatorTypes, new MkisofsHfsCreatorType(creator, type, MkisofsPaths.Absolute(_args[index + 3]))] };
                break;
            default: throw new InvalidOperationException($"no delayed case for {name}");
        }
    }

    /// <summary>What xorriso would only find out when writing, but the arguments alone show.</summary>
    private static void Check(MkisofsElTorito elTorito, MkisofsSystemArea systemArea)
    {
        foreach (MkisofsBootEntry entry in elTorito.Entries)
        {
            if (entry.AppendedPartition is not { } n)
                continue;
            if (systemArea.AppendedPartition(n) is not { Source: not null })
                throw new MkisofsUsageException(MkisofsRefusal.Conflict, entry.Option,
                    $"{entry.Option} '{entry.Argument}': there is no appended partition {n}; add it with -append_partition {n} 0xef FILE");
            if (entry.Emulation != MkisofsEmulation.NoEmulation)
                throw new MkisofsUsageException(MkisofsRefusal.Conflict, entry.Option,
                    $"{entry.Option} '{entry.Argument}': a boot image on an appended partition needs -no-emul-boot");
        }
        if (systemArea.Grub2Mbr && elTorito.Entries.Count > 0 && elTorito.Entries[0].AppendedPartition is not null)
            throw new MkisofsUsageException(MkisofsRefusal.Conflict, "--grub2-mbr",
                "--grub2-mbr: the GRUB2 MBR points at the first boot image, which must lie inside the ISO file system, not on an appended partition; give the BIOS image (-b) first");
    }

    // ---------------------------------------------------------------------------------------------------------

    /// <summary>The <paramref name="count"/> arguments after the option at <paramref name="index"/>.</summary>
    private string[] Values(int index, string typed, int count, bool tolerateMissing = false)
    {
        if (count == MkisofsOptionTable.AllRemaining)
            return _args[(index + 1)..];
        if (index + count >= _args.Length && count > 0)
        {
            if (tolerateMissing)
                return [];
            throw new MkisofsUsageException(MkisofsRefusal.MissingArgument, typed,
                count == 1 ? $"{typed} needs an argument" : $"{typed} needs {count} arguments");
        }
        return _args[(index + 1)..(index + 1 + count)];
    }

    private static MkisofsUsageException Unrecognized(string typed)
    {
        string option = typed.Split('=', 2)[0];
        if (s_twoDashOnly.TryGetValue(option, out string? twoDashes))
            return new(MkisofsRefusal.Unrecognized, typed, $"unrecognized option '{typed}': it is spelled with two dashes, {twoDashes}");
        // Below 4 characters every long name that starts alike would do: no guess then.
        string? meant = option.Length < 4 && !s_synonyms.ContainsKey(option) ? null : Suggestions.Closest(option, MkisofsOptionTable.SuggestibleNames, s_synonyms);
        return new(MkisofsRefusal.Unrecognized, typed, meant is null
            ? $"unrecognized option '{typed}'; run 'xorriso -as mkisofs -help' for the options"
            : $"unrecognized option '{typed}'; did you mean '{meant}'?");
    }

    private static MkisofsUsageException Unsupported(string typed, MkisofsOption option) =>
        new(MkisofsRefusal.Unsupported, typed,
            $"option '{typed}' is not supported by xorriso's mkisofs emulation nor by IsoBuild; remove it" + (option.Reason is null ? "" : $" ({option.Reason})"));

    private static MkisofsUsageException Declined(string typed, MkisofsOption option) =>
        new(MkisofsRefusal.Declined, typed, $"option '{typed}' is not offered: {option.Reason}");
}
