using System.Text.RegularExpressions;
using IsoBuild.Spec;

namespace IsoBuild.Tool.Mkisofs;

/// <summary>
/// Turns a parsed mkisofs command line into an <see cref="ImageSpec"/>: the pathspecs walked on disk (exclusions,
/// -root, later files replacing earlier ones, directories merging), hiding and sort weights, the volume ids, the
/// build timestamp (SOURCE_DATE_EPOCH) and the volume UUID (--modification-date), the El Torito entries and the system area.
/// What IsoBuild cannot make is refused by the option's name (<see cref="MkisofsUsageException"/>, exit 2); what it
/// makes differently gets one warning line each.
/// </summary>
internal sealed class MkisofsTranslation
{
    /// <summary>Where the file a -efi-boot-part FILE copies into the image lives (hidden from every tree).</summary>
    public const string EfiBootPartitionPath = "efi-boot-part.img";

    private const int MaxDepth = 4096;
    private const int MaxMbrCodeLength = 512;

    private readonly MkisofsRequest _request;
    private readonly string _workingDirectory;
    private readonly List<string> _warnings = [];
    private readonly SortedDictionary<string, Node> _nodes = new(StringComparer.Ordinal);

    private sealed class Node
    {
        public required EntryKind Kind { get; init; }
        public string? DiskPath { get; init; }
        public ContentSource? Content { get; init; }
        public bool Executable { get; init; }
        public string? LinkTarget { get; init; }
        public HiddenFrom Hidden { get; set; }
        public int Weight { get; set; }
    }

    private MkisofsTranslation(MkisofsRequest request, string workingDirectory)
    {
        _request = request;
        _workingDirectory = workingDirectory;
    }

    /// <summary>Warnings about what the image will lack or do differently, one line each.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Translates <paramref name="request"/>; relative disk paths are taken from <paramref name="workingDirectory"/>.</summary>
    /// <exception cref="MkisofsUsageException">An option asks for what IsoBuild does not make.</exception>
    public static (ImageSpec Spec, IReadOnlyList<string> Warnings) Translate(MkisofsRequest request, string workingDirectory, string? sourceDateEpoch)
    {
        var translation = new MkisofsTranslation(request, workingDirectory);
        ImageSpec spec = translation.Run(sourceDateEpoch);
        return (spec, translation.Warnings);
    }

    private ImageSpec Run(string? sourceDateEpoch)
    {
        RefuseWhatIsNotMade();
        foreach (MkisofsPathspec pathspec in _request.Pathspecs)
            AddPathspec(pathspec);
        ApplyHiding();
        ApplySortWeights();
        BootSpec? boot = Boot();
        MkisofsVolumeIds ids = _request.VolumeIds;
        var entries = new List<ImageEntry>();
        foreach ((string path, Node node) in _nodes)
        {
            entries.Add(new ImageEntry(path, node.Kind, node.Content, node.Executable, node.LinkTarget)
            {
                HiddenFrom = node.Hidden,
                SortWeight = node.Weight,
                Origin = node.DiskPath ?? path,
            });
        }
        return new ImageSpec
        {
            Entries = entries,
            VolumeId = ids.VolumeId ?? MkisofsVolumeIds.DefaultVolumeId,
            Publisher = ids.Publisher,
            DataPreparer = ids.Preparer is null or MkisofsVolumeIds.XorrisoIdPlaceholder ? null : ids.Preparer,
            Joliet = _request.Joliet,
            RockRidge = _request.RockRidge,
            IsoLevel = _request.FileNames.EffectiveLevel,
            // xorriso shares data only between names of one disk file; identical copies keep extents of their own.
            Deduplicate = false,
            Timestamp = Timestamp(sourceDateEpoch),
            VolumeUuid = RequestedVolumeUuid(sourceDateEpoch),
            Boot = boot,
            // --md5 is xorriso's -md5 on: session tags and each file's MD5, as IsoBuild's own --md5 records them.
            Md5 = _request.Md5,
            // -udf is genisoimage's (xorriso refuses it): a UDF file system over the same data, as pack --udf makes.
            Udf = _request.Udf ? new UdfSpec() : null,
            SourceDirectories = [.. _request.Pathspecs.Select(p => Path.GetFullPath(p.Source, _workingDirectory)).Where(Directory.Exists)],
        };
    }

    /// <summary>
    /// The build timestamp: SOURCE_DATE_EPOCH, else IsoBuild's default. --modification-date does not move it: as in
    /// xorriso, it sets only the volume modification date, the volume UUID (<see cref="RequestedVolumeUuid"/>).
    /// </summary>
    private static DateTimeOffset Timestamp(string? sourceDateEpoch) =>
        sourceDateEpoch is not null ? BuildTimestamp.Resolve(null, sourceDateEpoch) : BuildTimestamp.Default;

    /// <summary>
    /// The volume UUID --modification-date asks for; under SOURCE_DATE_EPOCH none (derived from the image), since
    /// grub-mkrescue passes the clock there and the image must be the same bytes on every run.
    /// </summary>
    private VolumeUuid? RequestedVolumeUuid(string? sourceDateEpoch)
    {
        if (_request.ModificationTime is not { } date)
            return null;
        if (sourceDateEpoch is not null)
        {
            _warnings.Add("--modification-date: SOURCE_DATE_EPOCH is set and wins: the volume UUID is derived from the image, the same on every run.");
            return null;
        }
        return VolumeUuid.FromDate(date);
    }

    private static MkisofsUsageException Unsupported(string option, string why) => new(MkisofsRefusal.Unsupported, option, why);

    /// <summary>Options the parser reads but IsoBuild's engine cannot honour: refused by name before anything is read.</summary>
    private void RefuseWhatIsNotMade()
    {
        MkisofsRequest r = _request;
        if (r.Zisofs)
            throw Unsupported("-z", "IsoBuild does not mark files mkzftree compressed; to compress files as the image is made, use 'dotnet iso pack --zisofs'");
        if (r.Uid is not null || r.Gid is not null)
            throw Unsupported(r.Uid is not null ? "-uid" : "-gid", "IsoBuild records owner and group 0 for every file (as -r does)");
        if (r.FileMode is not null || r.DirectoryMode is not null)
            throw Unsupported(r.FileMode is not null ? "-file-mode" : "-dir-mode", "IsoBuild records modes 0644/0755 for files and 0755 for directories (as -r does)");
        if (r.FileNames.Iso9660v2)
            throw Unsupported("-iso-level", "level 4 (an ISO 9660:1999 tree) is not made; give -iso-level 1, 2 or 3");
        if (r.FileNames.RelocationDirectory is not null)
            throw Unsupported("-rr_reloc_dir", "IsoBuild records deep directories in place and relocates none");
        if (r.FileNames.RockRidgeNameLimit is { } limit and < 255)
            throw Unsupported("-file_name_limit", "IsoBuild records Rock Ridge names whole (up to 255 bytes)");
        foreach ((string? charset, string option) in new[] { (r.InputCharset, "-input-charset"), (r.OutputCharset, "-output-charset") })
        {
            if (charset is not null && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
                throw Unsupported(option, $"IsoBuild reads and writes names as UTF-8 only, not '{charset}'");
        }
        MkisofsVolumeIds ids = r.VolumeIds;
        if (ids.AbstractFile is not null || ids.BibliographicFile is not null || ids.CopyrightFile is not null || ids.ApplicationUse is not null)
        {
            throw Unsupported(ids.AbstractFile is not null ? "-abstract" : ids.BibliographicFile is not null ? "-biblio" : ids.CopyrightFile is not null ? "-copyright" : "--application_use",
                "IsoBuild does not record this volume descriptor field");
        }
        if (ids.ApplicationId is not null and not MkisofsVolumeIds.XorrisoIdPlaceholder)
            _warnings.Add($"-appid: not recorded; the application id is IsoBuild's fixed '{ImageSpec.ApplicationId}'.");
        if (ids.SystemId is not null)
            _warnings.Add("-sysid: not recorded; the system id stays empty.");
        if (ids.VolumeSetId is not null)
            _warnings.Add("-volset: not recorded; the volume set id stays empty.");
        MkisofsFileNames names = r.FileNames;
        var relaxed = new List<string>();
        if (names.AllowLowercase) relaxed.Add("-allow-lowercase");
        if (names.RelaxedFilenames) relaxed.Add("-relaxed-filenames");
        if (names.Untranslated || names.UntranslatedNameLength > 0) relaxed.Add("-U");
        if (names.MaxIso9660Filenames) relaxed.Add("-max-iso9660-filenames");
        if (names.OmitPeriod) relaxed.Add("-d");
        if (names.OmitVersionNumber) relaxed.Add("-N");
        if (names.DisallowDirectoryExtension) relaxed.Add("-disallow_dir_id_ext");
        if (relaxed.Count > 0)
            _warnings.Add($"{string.Join(' ', relaxed)}: ISO 9660 names keep the strict form of level {names.EffectiveLevel} (upper case, ';1'); Rock Ridge and Joliet carry the exact names.");
        if (r.JolietLong)
            _warnings.Add("-joliet-long: Joliet names are cut at 64 characters (Rock Ridge carries the whole names).");
        if (r.JolietUtf16)
            _warnings.Add("-joliet-utf16: Joliet names are UCS-2; characters beyond it are replaced.");
        if (!r.Pad)
            _warnings.Add("-no-pad: IsoBuild always ends the volume with 300 KiB of zeros.");
        if (r.HfsPlus is { } hfs)
            _warnings.Add($"{(hfs.Options.Count > 0 ? hfs.Options[0] : "-hfsplus")}: declined: the image will lack HFS+ and the Apple partition map (Intel Macs cannot boot it as a Mac disk; BIOS and UEFI booting are unaffected).");
        if (r.SystemArea.AppendedPartitionsAsApm || r.ElTorito.Entries.Any(e => e.ApmMark))
            _warnings.Add("-isohybrid-apm-hfsplus/-appended_part_as_apm: declined: the image will lack an Apple partition map.");
    }

    private void AddPathspec(MkisofsPathspec pathspec)
    {
        if (pathspec.List != MkisofsPathListKind.None)
        {
            if (pathspec.List == MkisofsPathListKind.QuotedWords)
                throw Unsupported("--quoted_path_list", "give the pathspecs with -path-list (one a line) or on the command line");
            string listFile = Path.GetFullPath(pathspec.Source, _workingDirectory);
            foreach (string line in ReadLines(listFile, "-path-list"))
            {
                if (line.Length == 0)
                    continue;
                (string? target, string source) = MkisofsPaths.SplitPathspec(line, pathspec.GraftPoints);
                AddPathspec(pathspec with { List = MkisofsPathListKind.None, Argument = line, Target = target, Source = source });
            }
            return;
        }
        string disk = Path.GetFullPath(pathspec.Source, _workingDirectory);
        List<Regex> exclusions = [.. pathspec.Exclusions.SelectMany(e => e.IsListFile ? ReadLines(Path.GetFullPath(e.Value, _workingDirectory), e.Option) : [e.Value])
            .Where(p => p.Length > 0).Select(Glob)];
        if (Directory.Exists(disk) && !(File.GetAttributes(disk).HasFlag(FileAttributes.ReparsePoint) && !_request.FollowLinks && pathspec.TargetPath is not null))
        {
            string target = pathspec.TargetPath ?? MkisofsPaths.Join(pathspec.Root, "");
            AddDirectory(target, disk);
            AddTree(disk, target, exclusions, 0);
            return;
        }
        if (!File.Exists(disk) && new FileInfo(disk).LinkTarget is null)
            throw new MkisofsUsageException(MkisofsRefusal.BadValue, pathspec.Argument, $"'{pathspec.Source}' does not exist on disk");
        string fileTarget = pathspec.TargetPath ?? MkisofsPaths.Join(pathspec.Root, Path.GetFileName(disk));
        AddFileSystemEntry(disk, fileTarget, exclusions, 0);
    }

    private static string[] ReadLines(string file, string option)
    {
        try
        {
            return File.ReadAllLines(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MkisofsUsageException(MkisofsRefusal.BadValue, option, $"cannot read '{file}': {e.Message}");
        }
    }

    private void AddTree(string diskDirectory, string target, List<Regex> exclusions, int depth)
    {
        if (depth > MaxDepth)
            throw new MkisofsUsageException(MkisofsRefusal.BadValue, diskDirectory, "directories nest too deep (a symbolic link loop with -f?)");
        foreach (string child in Directory.EnumerateFileSystemEntries(diskDirectory).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(child);
            if (exclusions.Any(x => x.IsMatch(name) || x.IsMatch(child)))
                continue;
            AddFileSystemEntry(child, MkisofsPaths.Join(target, name), exclusions, depth + 1);
        }
    }

    private void AddFileSystemEntry(string disk, string target, List<Regex> exclusions, int depth)
    {
        var info = new FileInfo(disk);
        if (info.LinkTarget is { } link && !_request.FollowLinks)
        {
            Put(target, new Node { Kind = EntryKind.Symlink, DiskPath = disk, LinkTarget = link });
            return;
        }
        if (Directory.Exists(disk))
        {
            AddDirectory(target, disk);
            AddTree(disk, target, exclusions, depth);
            return;
        }
        if (!File.Exists(disk))
            throw new MkisofsUsageException(MkisofsRefusal.BadValue, disk, "a symbolic link that points nowhere (with -f)");
        long length = new FileInfo(disk).Length;
        bool executable = !OperatingSystem.IsWindows() && (File.GetUnixFileMode(disk) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        Put(target, new Node { Kind = EntryKind.File, DiskPath = disk, Content = ContentSource.FromFile(disk, length), Executable = executable });
    }

    private void AddDirectory(string target, string? disk)
    {
        string path = ImagePath.Normalize(target);
        if (path.Length == 0)
            return;
        if (_nodes.TryGetValue(path, out Node? existing) && existing.Kind == EntryKind.Directory)
            return;
        AddDirectory(ImagePath.Parent(path), null);
        if (existing is not null)
            throw new MkisofsUsageException(MkisofsRefusal.Conflict, target, $"a directory cannot replace the file at '{target}' (from '{existing.DiskPath}')");
        _nodes[path] = new Node { Kind = EntryKind.Directory, DiskPath = disk };
    }

    /// <summary>A later non-directory replaces an earlier one, as in xorriso; it may not replace a directory.</summary>
    private void Put(string target, Node node)
    {
        string path = ImagePath.Normalize(target);
        AddDirectory(ImagePath.Parent(path), null);
        if (_nodes.TryGetValue(path, out Node? existing) && existing.Kind == EntryKind.Directory)
            throw new MkisofsUsageException(MkisofsRefusal.Conflict, target, $"'{node.DiskPath}' cannot replace the directory '{target}'");
        _nodes[path] = node;
    }

    /// <summary>A shell pattern (fnmatch without FNM_PATHNAME: '*' also matches '/') as an anchored expression.</summary>
    internal static Regex Glob(string pattern)
    {
        var text = new System.Text.StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            switch (c)
            {
                case '*': text.Append(".*"); break;
                case '?': text.Append('.'); break;
                case '[':
                    int end = pattern.IndexOf(']', i + 2);
                    if (end < 0)
                    {
                        text.Append(@"\[");
                        break;
                    }
                    string set = pattern[(i + 1)..end];
                    text.Append('[').Append(set.StartsWith('!') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                    i = end;
                    break;
                case '\\' when i + 1 < pattern.Length:
                    text.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                default: text.Append(Regex.Escape(c.ToString())); break;
            }
        }
        return new Regex(text.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
    }

    private List<(Regex Pattern, HiddenFrom From)> HideRules()
    {
        var rules = new List<(Regex, HiddenFrom)>();
        foreach (MkisofsHideRule rule in _request.Hiding)
        {
            HiddenFrom from = (rule.From.HasFlag(MkisofsHiddenFrom.Iso9660) ? HiddenFrom.Iso9660 : 0) | (rule.From.HasFlag(MkisofsHiddenFrom.Joliet) ? HiddenFrom.Joliet : 0);
            if (from == HiddenFrom.None)
                continue; // -hide-hfsplus: there is no HFS+ tree to hide from
            IEnumerable<string> patterns = rule.IsListFile ? ReadLines(Path.GetFullPath(rule.Value, _workingDirectory), rule.Option) : [rule.Value];
            rules.AddRange(patterns.Where(p => p.Length > 0).Select(p => (Glob(p), from)));
        }
        return rules;
    }

    /// <summary>-hide rules match disk paths (leaf names for patterns without '/'); the boot catalog by its image path.</summary>
    private void ApplyHiding()
    {
        List<(Regex Pattern, HiddenFrom From)> rules = HideRules();
        if (rules.Count == 0)
            return;
        foreach ((string path, Node node) in _nodes)
        {
            if (node.DiskPath is not { } disk)
                continue;
            string leaf = Path.GetFileName(disk);
            foreach ((Regex pattern, HiddenFrom from) in rules)
            {
                if (pattern.IsMatch(leaf) || pattern.IsMatch(disk) || pattern.IsMatch("/" + path))
                    node.Hidden |= from;
            }
        }
    }

    private void ApplySortWeights()
    {
        var weights = new List<(int Weight, string Path)>();
        if (_request.SortWeightList is { } list)
        {
            if (list.Patterns)
                throw Unsupported("--sort-weight-patterns", "give the weights with --sort-weight-list or --sort-weight");
            foreach (string line in ReadLines(Path.GetFullPath(list.File, _workingDirectory), "--sort-weight-list"))
            {
                string[] parts = line.Trim().Split((char[])[' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2)
                    weights.Add(((int)MkisofsValues.SignedNumber("--sort-weight-list", parts[0]), parts[1].Trim()));
            }
        }
        weights.AddRange(_request.SortWeights.Select(w => (w.Weight, w.Path)));
        foreach ((int weight, string target) in weights)
        {
            string path = ImagePath.Normalize(target);
            foreach ((string p, Node node) in _nodes)
            {
                if (path.Length == 0 || p == path || p.StartsWith(path + "/", StringComparison.Ordinal))
                    node.Weight = weight;
            }
        }
    }

    private BootSpec? Boot()
    {
        MkisofsElTorito elTorito = _request.ElTorito;
        MkisofsSystemArea area = _request.SystemArea;
        var entries = new List<ElToritoEntry>();
        foreach (MkisofsBootEntry entry in elTorito.Entries)
            entries.Add(Entry(entry));
        SystemAreaSpec? systemArea = SystemArea(area, entries);
        if (entries.Count == 0 && systemArea is null)
            return null;
        string catalog = elTorito.CatalogPath ?? MkisofsElTorito.DefaultCatalogPath;
        bool hideCatalog = elTorito.CatalogHidden || (entries.Count > 0 && HideRules().Any(r => (r.From & HiddenFrom.Iso9660) != 0 && r.Pattern.IsMatch(MkisofsPaths.Absolute(catalog))));
        if (_nodes.TryGetValue(ImagePath.Normalize(catalog), out Node? taken) && taken.Kind != EntryKind.Directory)
            _nodes.Remove(ImagePath.Normalize(catalog)); // xorriso: the catalog replaces a file at its path
        return new BootSpec { Entries = entries, CatalogPath = ImagePath.Normalize(catalog), HideCatalog = hideCatalog, SystemArea = systemArea };
    }

    private ElToritoEntry Entry(MkisofsBootEntry entry)
    {
        if (entry.Id.Count > 0)
            throw Unsupported("-eltorito-id", "IsoBuild writes El Torito entries without id strings");
        if (entry.SelectionCriteria.Count > 0)
            throw Unsupported("-eltorito-selcrit", "IsoBuild writes El Torito entries without selection criteria");
        if (entry.GptMark == MkisofsGptMark.HfsPlus)
            throw Unsupported("-isohybrid-gpt-hfsplus", "IsoBuild writes no HFS+; mark the image with -isohybrid-gpt-basdat");
        int? loadSize = null;
        if (entry.ImagePath is { } image && entry.LoadSize.Rule != MkisofsLoadSizeRule.AppendedPartition)
        {
            long length = _nodes.TryGetValue(ImagePath.Normalize(image), out Node? node) ? node.Content?.Length ?? 0 : 0;
            long sectors = entry.LoadSize.Rule switch
            {
                MkisofsLoadSizeRule.Sectors => entry.LoadSize.Sectors,
                MkisofsLoadSizeRule.WholeImageInSectors => (length + 511) / 512,
                _ => (length + 2047) / 2048 * 4,
            };
            loadSize = entry.Emulation != MkisofsEmulation.NoEmulation ? 1
                : sectors <= ushort.MaxValue ? (int)sectors : entry.IsEfi ? 0 : ushort.MaxValue;
        }
        return new ElToritoEntry
        {
            Platform = entry.Platform,
            Image = entry.ImagePath is null ? null : ImagePath.Normalize(entry.ImagePath),
            AppendedPartition = entry.AppendedPartition,
            Emulation = entry.Emulation switch
            {
                MkisofsEmulation.Floppy => BootEmulation.Floppy,
                MkisofsEmulation.HardDisk => BootEmulation.HardDisk,
                _ => BootEmulation.NoEmulation,
            },
            LoadSize = loadSize,
            BootInfoTable = entry.BootInfoTable,
            Grub2BootInfo = entry.Grub2BootInfo,
            MarkInPartitionTable = entry.GptMark == MkisofsGptMark.BasicData,
        };
    }

    private SystemAreaSpec? SystemArea(MkisofsSystemArea area, List<ElToritoEntry> entries)
    {
        if (area.FileOption == MkisofsSystemAreaFileOption.Generic)
            throw Unsupported("-G", "IsoBuild writes only MBR boot code into the system area (-isohybrid-mbr, --grub2-mbr)");
        if (area.PartLikeIsohybrid)
            throw Unsupported("-part_like_isohybrid", "the isohybrid marks need -isohybrid-mbr");
        if ((area.HeadsPerCylinder is not (0 or 64)) || (area.SectorsPerHead is not (0 or 32)))
            throw Unsupported(area.HeadsPerCylinder is not (0 or 64) ? "-partition_hd_cyl" : "-partition_sec_hd", "IsoBuild uses 32 sectors a head and 64 heads (more for images beyond 1 GiB)");
        if (area.CylinderAlignment == MkisofsCylinderAlignment.All)
            throw Unsupported("-partition_cyl_align", "'all' (aligning appended partitions) is not made; give auto, on or off");
        if (area.GptDiskGuidMode == MkisofsGptGuidMode.Random)
            _warnings.Add("--gpt_disk_guid random: IsoBuild derives the GUIDs from the image, never at random.");
        bool isohybrid = area.IsohybridMbr;
        bool any = area.File is not null || isohybrid || area.Grub2Mbr || area.ProtectiveMsdosLabel || area.MbrForceBootable
            || area.AppendedPartitions.Count > 0 || area.EfiBootPartition is not null || entries.Any(e => e.MarkInPartitionTable)
            || area.PartitionOffset != 0;
        if (!any)
            return null;
        string? espPath = null;
        if (area.EfiBootPartition is { } esp)
        {
            if (esp.UsesFirstEfiBootImage)
            {
                ElToritoEntry? efi = entries.FirstOrDefault(e => e.Platform == ElToritoEntry.PlatformEfi);
                espPath = efi?.Image ?? throw Unsupported("-efi-boot-part", "--efi-boot-image needs an EFI El Torito image inside the volume (-e or --efi-boot)");
            }
            else
            {
                ContentSource content = Content(esp.Source!, "-efi-boot-part");
                Put(EfiBootPartitionPath, new Node { Kind = EntryKind.File, DiskPath = esp.Source!.Path, Content = content, Hidden = HiddenFrom.All });
                espPath = EfiBootPartitionPath;
            }
        }
        var appended = new List<AppendedPartition>();
        foreach (MkisofsAppendedPartition p in area.AppendedPartitions)
        {
            ContentSource content = p.Source is null ? ContentSource.FromBytes(ReadOnlyMemory<byte>.Empty) : Content(p.Source, "-append_partition");
            appended.Add(new AppendedPartition(p.Number, new PartitionType(p.Type.MbrType, p.Type.GptType), content));
        }
        return new SystemAreaSpec
        {
            MbrCode = area.File is { } code ? new ReadOnlyMemory<byte>(MbrCode(code)) : (ReadOnlyMemory<byte>?)null,
            CodeStyle = area.File is null ? MbrCodeStyle.None : area.Grub2Mbr ? MbrCodeStyle.Grub2 : isohybrid ? MbrCodeStyle.Isohybrid : MbrCodeStyle.None,
            IsohybridTable = isohybrid,
            ProtectiveLabel = area.ProtectiveMsdosLabel && !isohybrid,
            AppendedPartitions = appended,
            AppendedPartitionsInGpt = area.AppendedPartitionsAsGpt,
            EfiBootPartition = espPath,
            IsoPartitionType = area.IsoPartitionType is { } t ? new PartitionType(t.MbrType, t.GptType) : null,
            ForceBootable = area.MbrForceBootable,
            CylinderAlign = area.CylinderAlignment switch
            {
                MkisofsCylinderAlignment.On => true,
                MkisofsCylinderAlignment.Off => false,
                _ => null,
            },
            PartitionOffset = area.PartitionOffset,
            GptDiskGuid = area.GptDiskGuidMode == MkisofsGptGuidMode.Explicit ? area.GptDiskGuid : null,
        };
    }

    /// <summary>MBR code from a file or an interval of one (its first 512 bytes; zeroizers applied).</summary>
    private byte[] MbrCode(MkisofsDiskSource source)
    {
        string path = Path.GetFullPath(source.Path, _workingDirectory);
        try
        {
            using FileStream stream = File.OpenRead(path);
            long start = source.Interval?.StartByte ?? 0;
            long length = Math.Min(source.Interval?.Length ?? stream.Length, MaxMbrCodeLength);
            byte[] code = new byte[Math.Max(length, 0)];
            stream.Position = start;
            stream.ReadExactly(code);
            if (source.Interval is { } interval)
            {
                if (interval.ZeroMbrPartitionTable && code.Length >= 510)
                    code.AsSpan(446, 64).Clear();
                foreach ((long first, long last) in interval.ZeroRanges)
                {
                    for (long i = Math.Max(first, 0); i <= last && i < code.Length; i++)
                        code[i] = 0;
                }
            }
            return code;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MkisofsUsageException(MkisofsRefusal.BadValue, source.Argument, $"cannot read the MBR code '{path}': {e.Message}");
        }
    }

    /// <summary>A whole file, or an interval of one read through a window.</summary>
    private ContentSource Content(MkisofsDiskSource source, string option)
    {
        string path = Path.GetFullPath(source.Path, _workingDirectory);
        if (!File.Exists(path))
            throw new MkisofsUsageException(MkisofsRefusal.BadValue, option, $"'{source.Path}' does not exist on disk");
        if (source.Interval is not { } interval)
            return ContentSource.FromFile(path, new FileInfo(path).Length);
        if (interval.ZeroMbrPartitionTable || interval.ZeroGpt || interval.ZeroApm || interval.ZeroRanges.Count > 0)
            throw Unsupported(option, "intervals with zeroizers are taken for MBR code only");
        long start = interval.StartByte, length = interval.Length;
        return ContentSource.FromStream(() =>
        {
            FileStream stream = File.OpenRead(path);
            stream.Position = start;
            return new WindowStream(stream, length);
        }, length, $"{path} bytes {start}-{start + length - 1}");
    }

    /// <summary>A read-only window of a stream: <c>length</c> bytes from its position.</summary>
    private sealed class WindowStream(Stream inner, long windowLength) : Stream
    {
        private readonly long _length = windowLength;
        private long _left = windowLength;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => _length;
        public override long Position { get => _length - _left; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            int n = inner.Read(buffer[..(int)Math.Min(buffer.Length, _left)]);
            _left -= n;
            return n;
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
