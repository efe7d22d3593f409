using System.CommandLine;
using System.Globalization;
using IsoBuild.Options;
using IsoBuild.Spec;

namespace IsoBuild.Tool;

/// <summary>
/// <c>dotnet iso oscdimg [options] SOURCEROOT TARGETFILE</c>: oscdimg's command line, as Windows media and WinPE
/// scripts write it, translated into the image options every other front door uses (docs/oscdimg.md).
/// </summary>
/// <remarks>
/// oscdimg's options do not fit System.CommandLine (<c>-lLABEL</c>, <c>-t12/31/2000,15:01:00</c>,
/// <c>-bootdata:2#p0,e,bfile#pEF,e,bfile</c>, and <c>-h</c>, which is its "hidden files" and not help), so the
/// command line hands this command its arguments untouched and it parses them itself.
/// </remarks>
internal static class OscdimgCommand
{
    public const string Name = "oscdimg";

    private const string Usage = "dotnet iso oscdimg [options] SOURCEROOT TARGETFILE";

    /// <summary>Windows' etfsboot.com entries: loaded at 0x07C0, as oscdimg records it.</summary>
    private const int WindowsLoadSegment = 0x07C0;

    /// <summary>oscdimg's own wording of floppy emulation sizes, which IsoBuild does not write.</summary>
    private static readonly long[] FloppySizes = [1_228_800, 1_474_560, 2_949_120];

    /// <summary>The command as help lists it; <see cref="RunAsync"/> runs it.</summary>
    public static Command Create()
    {
        var command = new Command(Name,
            "Build an image from oscdimg's command line (-m -o -u2 -udfver102 -bootdata:2#p0,e,betfsboot.com#pEF,e,befisys.bin SOURCE OUT.iso): Windows media and WinPE scripts on Linux and macOS. 'dotnet iso oscdimg -?' lists the options.");
        command.Add(new Argument<string[]>("OSCDIMG_ARGUMENTS") { Arity = ArgumentArity.ZeroOrMore, Description = "oscdimg's options, then SOURCEROOT and TARGETFILE." });
        return command;
    }

    /// <summary>One El Torito entry as oscdimg's options give it.</summary>
    private sealed record BootEntry(int Platform, string File, bool NoEmulation, int? LoadSegment, string WrittenAs);

    /// <summary>What the command line asked for.</summary>
    private sealed class Request
    {
        public List<string> Positional { get; } = [];
        public string? Label { get; set; }
        public string? Timestamp { get; set; }
        public bool Joliet { get; set; }
        public bool JolietOnly { get; set; }
        public bool Udf { get; set; }
        public bool UdfOnly { get; set; }
        public string? UdfRevision { get; set; }
        public string? BootFile { get; set; }
        public int? Platform { get; set; }
        public bool NoEmulation { get; set; }
        public List<BootEntry>? BootData { get; set; }
        public bool Help { get; set; }
    }

    /// <summary>A command line oscdimg would accept but this door does not, or one neither would.</summary>
    private sealed class UsageException(string message) : Exception(message);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        Request request;
        try
        {
            request = Parse(args);
            if (request.Help || args.Length == 0)
            {
                await output.WriteAsync(HelpText).ConfigureAwait(false);
                return args.Length == 0 ? IsoCommandLine.ExitUsage : IsoCommandLine.ExitSuccess;
            }
            if (request.Positional.Count != 2)
                throw new UsageException($"give SOURCEROOT and TARGETFILE after the options ({request.Positional.Count} {(request.Positional.Count == 1 ? "path was" : "paths were")} given)");
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            await error.WriteLineAsync($"Usage: {Usage}").ConfigureAwait(false);
            await error.WriteLineAsync($"Run '{IsoCommandLine.Name} {Name} -?' for the options, docs/oscdimg.md for how each maps.").ConfigureAwait(false);
            return IsoCommandLine.ExitUsage;
        }
        try
        {
            ImageSpec spec = Translate(request, out string target);
            ImageBuildResult result;
            using (TerminalProgress? progress = TerminalProgress.ForConsole(error, quiet: false))
                result = IsoImageBuilder.Build(spec, target, progress, cancellationToken);
            await output.WriteLineAsync(PackCommand.Describe(result)).ConfigureAwait(false);
            return IsoCommandLine.ExitSuccess;
        }
        catch (IsoBuildException e)
        {
            await error.WriteLineAsync($"error {e.Code}: {e.Format(Word)}").ConfigureAwait(false);
            return e.Code == ErrorCodes.Cancelled ? IsoCommandLine.ExitCancelled : IsoCommandLine.ExitError;
        }
    }

    private static Request Parse(string[] args)
    {
        var r = new Request();
        foreach (string arg in args)
        {
            if (arg.Length < 2 || arg[0] != '-')
            {
                r.Positional.Add(HostPath(arg));
                continue;
            }
            string lower = arg.ToLowerInvariant();
            switch (lower)
            {
                case "-?" or "--help" or "-help":
                    r.Help = true;
                    continue;
                case "-m" or "-o" or "-n" or "-d" or "-h" or "-g":
                    continue; // accepted; docs/oscdimg.md says what each means here
                case "-e":
                    r.NoEmulation = true;
                    continue;
                case "-j1":
                    r.Joliet = true;
                    continue;
                case "-j2":
                    r.Joliet = r.JolietOnly = true;
                    continue;
                case "-u1":
                    r.Udf = true;
                    continue;
                case "-u2":
                    r.Udf = r.UdfOnly = true;
                    continue;
                case "-udfver102":
                    r.UdfRevision = "1.02";
                    continue;
                case "-udfver201":
                    r.UdfRevision = "2.01";
                    continue;
                case "-udfver250":
                    r.UdfRevision = "2.50";
                    continue;
                case "-udfver150" or "-udfver200":
                    throw new UsageException($"oscdimg option '{arg}' asks for a UDF revision IsoBuild does not write: use -udfver102, -udfver201 or -udfver250");
            }
            if (lower.StartsWith("-bootdata:", StringComparison.Ordinal))
                r.BootData = ParseBootData(arg);
            else if (lower.StartsWith("-b", StringComparison.Ordinal))
                r.BootFile = HostPath(NonEmpty(arg, arg[2..], "the boot sector file (-bC:\\path\\etfsboot.com)"));
            else if (lower.StartsWith("-p", StringComparison.Ordinal))
                r.Platform = ParsePlatform(arg, arg[2..]);
            else if (lower.StartsWith("-l", StringComparison.Ordinal))
                r.Label = NonEmpty(arg, arg[2..].Trim('"'), "the volume label (-lWINPE)");
            else if (lower.StartsWith("-t", StringComparison.Ordinal))
                r.Timestamp = ParseTimestamp(arg, arg[2..]);
            else
                throw new UsageException($"oscdimg option '{arg}'{Unsupported(lower)} is not supported by '{IsoCommandLine.Name} {Name}' (docs/oscdimg.md lists what is)");
        }
        if (r.JolietOnly && r.Udf)
            throw new UsageException("-j2 cannot be combined with -u1 or -u2 (as oscdimg says)");
        if (r.BootData is not null && (r.BootFile is not null || r.Platform is not null))
            throw new UsageException("give the boot entries either with -bootdata or with -b/-p/-e, not both");
        if (r.BootFile is null && r.Platform is not null)
            throw new UsageException($"-p{r.Platform:X} names the platform of the boot sector file: give it with -b");
        if (r.UdfRevision is not null && !r.Udf)
            throw new UsageException($"-udfver{r.UdfRevision.Replace(".", "", StringComparison.Ordinal)} names the UDF revision: give -u1 or -u2 too");
        return r;
    }

    /// <summary>What some options oscdimg has and this door has not do, to say in the error.</summary>
    private static string Unsupported(string option) => option switch
    {
        "-a" => " (allocation summary)",
        "-c" => " (ANSI file names)",
        "-k" => " (keep going past files that cannot be opened)",
        "-nt" => " (NT 3.51 names)",
        "-q" => " (scan only)",
        "-x" => " (XA)",
        "-us" => " (sparse files)",
        "-uf" or "-ue" or "-uh" or "-yl" => " (UDF encoding variant)",
        _ when option.StartsWith("-js", StringComparison.Ordinal) => " (README of -j2)",
        _ when option.StartsWith("-w", StringComparison.Ordinal) => " (warning level)",
        _ when option.StartsWith("-y", StringComparison.Ordinal) => " (boot order and warnings)",
        _ when option.StartsWith("-o", StringComparison.Ordinal) => " (duplicate detection variant)",
        _ => string.Empty,
    };

    /// <summary>
    /// A path as a script wrote it for Windows: quotes that PowerShell and cmd leave inside an argument
    /// (<c>b"C:\x\etfsboot.com"</c>) dropped, and on other systems '\' read as the separator, so that a script's
    /// relative paths (<c>.\boot\etfsboot.com</c>) work unchanged.
    /// </summary>
    private static string HostPath(string path)
    {
        string p = path.Replace("\"", string.Empty, StringComparison.Ordinal);
        return OperatingSystem.IsWindows() ? p : p.Replace('\\', '/');
    }

    private static string NonEmpty(string arg, string value, string what) =>
        value.Length > 0 ? value : throw new UsageException($"'{arg}' gives no value: oscdimg writes {what} right after the option, without a space");

    private static int ParsePlatform(string arg, string value) =>
        int.TryParse(value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? value[2..] : value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int p) && p is >= 0 and <= 0xFF
            ? p
            : throw new UsageException($"'{arg}' is not a platform id: oscdimg writes it in hex (-p0 for BIOS, -pEF for UEFI)");

    /// <summary><c>-t12/31/2000,15:01:00</c>: month/day/year,hour:minute:second.</summary>
    private static string ParseTimestamp(string arg, string value)
    {
        string[] formats = ["M/d/yyyy,H:m:s", "M/d/yyyy,H:m", "M/d/yyyy"];
        if (!DateTime.TryParseExact(value, formats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime t))
            throw new UsageException($"'{arg}' is not a time: oscdimg writes -tmm/dd/yyyy,hh:mm:ss (-t12/31/2000,15:01:00)");
        return t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary><c>-bootdata:2#p0,e,betfsboot.com#pEF,e,befisys.bin</c>: a count, then each entry's comma-separated fields.</summary>
    private static List<BootEntry> ParseBootData(string arg)
    {
        string[] parts = arg["-bootdata:".Length..].Split('#');
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 1 || count != parts.Length - 1)
            throw new UsageException($"'{arg}' does not give as many boot entries as its count says: -bootdata:N#entry1#...#entryN");
        var entries = new List<BootEntry>();
        foreach (string entry in parts[1..])
        {
            int platform = 0;
            bool noEmulation = false;
            int? segment = null;
            string? file = null;
            foreach (string field in entry.Split(','))
            {
                if (field.Length == 0)
                    throw new UsageException($"the boot entry '{entry}' of '{arg}' has an empty field");
                switch (char.ToLowerInvariant(field[0]))
                {
                    case 'p':
                        platform = ParsePlatform(field, field[1..]);
                        break;
                    case 'e' when field.Length == 1:
                        noEmulation = true;
                        break;
                    case 'b':
                        file = HostPath(NonEmpty(field, field[1..], "the boot sector file (bC:\\path\\etfsboot.com)"));
                        break;
                    case 't':
                        segment = int.TryParse(field[1..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int s) && s <= ushort.MaxValue ? s
                            : throw new UsageException($"'{field}' in '{arg}' is not a load segment: write it in hex (t7C0)");
                        break;
                    default:
                        throw new UsageException($"the boot entry field '{field}' of '{arg}' is not supported (p, e, b and t are)");
                }
            }
            entries.Add(new BootEntry(platform, file ?? throw new UsageException($"the boot entry '{entry}' of '{arg}' names no boot sector file (b...)"), noEmulation, segment, entry));
        }
        return entries;
    }

    /// <summary>The image options the request means, applied through the same table as pack's.</summary>
    private static ImageSpec Translate(Request r, out string target)
    {
        ImageOptionContext context = ImageOptionBinder.CommandLineContext();
        string source = Path.GetFullPath(r.Positional[0], context.BaseDirectory);
        target = r.Positional[1];
        if (!Directory.Exists(source))
        {
            throw new IsoBuildException(ErrorCodes.SourceNotFound,
                $"The source root '{r.Positional[0]}' is not a directory: oscdimg takes a directory, then the image to write.");
        }
        // oscdimg reads files through links, as Windows opens them.
        var builder = new ImageSpecBuilder(context.BaseDirectory) { FollowSymlinks = true };
        builder.AddDirectoryContents(string.Empty, source);

        List<BootEntry> boot = r.BootData ?? (r.BootFile is null ? [] : [new BootEntry(r.Platform ?? 0, r.BootFile, r.NoEmulation, null, "-b" + r.BootFile)]);
        string? bios = null, efi = null;
        int? biosSegment = null;
        long biosLength = 0;
        foreach (BootEntry entry in boot)
        {
            string file = Path.GetFullPath(entry.File, context.BaseDirectory);
            if (!File.Exists(file))
                throw new IsoBuildException(ErrorCodes.SourceNotFound, $"The boot sector file '{entry.File}' ({entry.WrittenAs}) does not exist.");
            long length = new FileInfo(file).Length;
            if (!entry.NoEmulation && FloppySizes.Contains(length))
            {
                throw new IsoBuildException(ErrorCodes.InvalidOption,
                    $"The boot sector file '{entry.File}' is a floppy image and '{entry.WrittenAs}' does not say e: IsoBuild writes no-emulation entries only. Add -e (or e in the -bootdata entry).");
            }
            string path = PathInImage(builder, source, file);
            switch (entry.Platform)
            {
                case 0x00 when bios is null:
                    (bios, biosSegment, biosLength) = (path, entry.LoadSegment ?? WindowsLoadSegment, length);
                    break;
                case 0xEF when efi is null:
                    efi = path;
                    break;
                default:
                    throw new IsoBuildException(ErrorCodes.InvalidOption,
                        $"The boot entry '{entry.WrittenAs}' is for platform 0x{entry.Platform:X2}{(entry.Platform is 0 or 0xEF ? ", which another entry has already" : "")}: IsoBuild writes one BIOS (p0) and one UEFI (pEF) entry.");
            }
        }

        string? Value(ImageOption o)
        {
            if (o == ImageOptions.VolumeId)
                return r.Label;
            if (o == ImageOptions.Timestamp)
                return r.Timestamp;
            if (o == ImageOptions.Joliet)
                return r.Joliet ? "true" : "false";
            if (o == ImageOptions.RockRidge)
                return "false"; // oscdimg writes no Rock Ridge
            if (o == ImageOptions.FollowSymlinks)
                return "true";
            if (o == ImageOptions.BiosBoot)
                return bios;
            if (o == ImageOptions.BootLoadSize)
                return bios is null ? null : ((int)Math.Clamp((biosLength + 511) / 512, 1, 8)).ToString(CultureInfo.InvariantCulture);
            if (o == ImageOptions.BootLoadSegment)
                return biosSegment?.ToString(CultureInfo.InvariantCulture);
            if (o == ImageOptions.EfiBoot)
                return efi;
            if (o == ImageOptions.Udf)
                return r.Udf ? "true" : null;
            if (o == ImageOptions.UdfPrimary)
                return r.UdfOnly ? "true" : null;
            if (o == ImageOptions.UdfRevision)
                return r.Udf ? r.UdfRevision ?? "1.02" : null;
            return null;
        }
        return ImageOptions.Apply(builder.Build(), Value, context);
    }

    /// <summary>
    /// Where a boot sector file is in the image: its own path when it lies in the source root (Windows media:
    /// boot/etfsboot.com, efi/microsoft/boot/efisys.bin), else it is added to the image root under its name (WinPE's
    /// fwfiles), since an IsoBuild boot image is always a file of the image.
    /// </summary>
    private static string PathInImage(ImageSpecBuilder builder, string source, string file)
    {
        string relative = Path.GetRelativePath(source, file);
        if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative))
            return relative.Replace(Path.DirectorySeparatorChar, '/');
        string name = Path.GetFileName(file);
        builder.AddFile(name, file);
        return name;
    }

    /// <summary>The engine's settings in oscdimg's words, so that a message names what the user typed.</summary>
    private static string Word(SettingReference reference)
    {
        ImageSetting s = reference.Setting;
        string? word = s == ImageSetting.VolumeId ? "-l"
            : s == ImageSetting.Timestamp ? "-t"
            : s == ImageSetting.BiosBoot ? "the BIOS boot entry (-b, or p0 in -bootdata)"
            : s == ImageSetting.EfiBoot ? "the UEFI boot entry (-pEF, or pEF in -bootdata)"
            : s == ImageSetting.BootLoadSegment ? "the load segment (t in -bootdata)"
            : s == ImageSetting.Udf ? "-u1"
            : s == ImageSetting.UdfPrimary ? "-u2"
            : s == ImageSetting.UdfRevision ? "-udfver102"
            : s == ImageSetting.Joliet ? "-j1"
            : null;
        return word ?? Wording.Word(reference, FrontDoor.CommandLine);
    }

    private const string HelpText = """
        Usage: dotnet iso oscdimg [options] SOURCEROOT TARGETFILE

        Builds TARGETFILE from the directory SOURCEROOT with oscdimg's options, deterministically (docs/oscdimg.md).
        Every date is the build timestamp: -t, else SOURCE_DATE_EPOCH, else 1980-01-01 (SOURCE_DATE_EPOCH wins over -t).

          -lLABEL          Volume label (1-32 characters of A-Z a-z 0-9 _ - . and space).
          -tMM/DD/YYYY,HH:MM:SS
                           The timestamp of every file and directory (UTC).
          -g               Times in UTC: IsoBuild always records UTC.
          -j1              Joliet and ISO 9660 names.
          -j2              Joliet names; the ISO 9660 tree holds the files too (no README stub).
          -u1              UDF and ISO 9660 (a bridge image).
          -u2              UDF only: the ISO 9660 tree holds a README.TXT.
          -udfver102       UDF 1.02 (default with -u1/-u2); also -udfver201, -udfver250.
          -bFILE           El Torito boot sector file (etfsboot.com, efisys.bin).
          -pID             Platform of -b, in hex: 0 (BIOS, default) or EF (UEFI).
          -e               No floppy emulation (IsoBuild writes only no-emulation entries).
          -bootdata:N#ENTRY#...
                           N boot entries, each p<platform>,e,b<file>[,t<load segment hex>]:
                           -bootdata:2#p0,e,betfsboot.com#pEF,e,befisys.bin
          -m               Accepted: IsoBuild has no size limit.
          -o               Accepted: duplicate files are not merged (each file is written once per path).
          -n, -d           Accepted: ISO 9660 names are up to 30 characters, upper case (Joliet and UDF keep the names).
          -h               Accepted: every file is included; there is no hidden attribute to honour.
          -?               This help.

        A BIOS entry is loaded at segment 0x07C0, its size in 512-byte sectors (at most 8) as etfsboot.com needs.
        Boot files outside SOURCEROOT are added to the image root under their names.

        """;
}
