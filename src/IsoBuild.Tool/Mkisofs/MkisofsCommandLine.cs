namespace IsoBuild.Tool.Mkisofs;

/// <summary>
/// The two ways into the emulation: <c>dotnet iso mkisofs ARGS</c> (xorriso started as xorrisofs) and
/// <c>dotnet iso xorriso [NATIVE…] -as mkisofs ARGS [-- NATIVE…]</c> (xorriso itself, as grub-mkrescue, archiso and
/// debian-cd call it). Of xorriso's native commands only the harmless ones those scripts use are accepted: -no_rc,
/// -report_about, -abort_on, -version, -help, -end; any other is refused by name.
/// </summary>
internal static class MkisofsCommandLine
{
    /// <summary>The xorriso level the emulation follows (its options, defaults and output).</summary>
    public const string EmulatedXorrisoVersion = "1.5.4";

    private static readonly string[] s_severities =
        ["ALL", "DEBUG", "UPDATE", "NOTE", "HINT", "WARNING", "SORRY", "MISHAP", "FAILURE", "FATAL", "ABORT", "NEVER"];

    private static readonly string[] s_personalities = ["mkisofs", "genisoimage", "genisofs", "xorrisofs"];

    /// <summary><c>dotnet iso mkisofs ARGS</c>: mkisofs arguments up to a "--", native commands after it.</summary>
    /// <exception cref="MkisofsUsageException">The command line cannot be run.</exception>
    public static MkisofsRequest ParseMkisofs(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        int end = IndexOfEnd(arguments, 0);
        MkisofsRequest request = MkisofsParser.Parse([.. arguments.Take(end)]);
        var natives = new NativeCommands();
        natives.Run(arguments, end, mkisofsSeen: true);
        return request with { Native = natives.Settings(), ShowNativeVersion = natives.Version, ShowNativeHelp = natives.Help };
    }

    /// <summary><c>dotnet iso xorriso ARGS</c>: native commands, one -as mkisofs run among them.</summary>
    /// <exception cref="MkisofsUsageException">The command line cannot be run.</exception>
    public static MkisofsRequest ParseXorriso(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var natives = new NativeCommands();
        natives.Run(arguments, 0, mkisofsSeen: false);
        if (natives.Request is null && !natives.Version && !natives.Help)
            throw new MkisofsUsageException(MkisofsRefusal.MissingArgument, "xorriso",
                "nothing to do: IsoBuild's xorriso makes images with 'xorriso -as mkisofs ARGS…' (see 'xorriso -as mkisofs -help')");
        MkisofsRequest request = natives.Request ?? new MkisofsRequest();
        return request with
        {
            EntryPoint = MkisofsEntryPoint.Xorriso,
            Native = natives.Settings(),
            ShowNativeVersion = natives.Version,
            ShowNativeHelp = natives.Help,
        };
    }

    /// <summary>The index of the "--" that ends an -as mkisofs argument list, or the count.</summary>
    private static int IndexOfEnd(IReadOnlyList<string> arguments, int start)
    {
        for (int i = start; i < arguments.Count; i++)
        {
            if (arguments[i] == "--")
                return i;
        }
        return arguments.Count;
    }

    /// <summary>xorriso's spelling rule for native commands: any number of leading dashes, and '-' inside is '_'.</summary>
    private static string NativeName(string argument) => argument.TrimStart('-').Replace('-', '_');

    private sealed class NativeCommands
    {
        private readonly List<string> _typed = [];
        private bool _noRc;
        private string? _reportAbout;
        private string? _abortOn;

        public bool Version { get; private set; }

        public bool Help { get; private set; }

        public MkisofsRequest? Request { get; private set; }

        public XorrisoNativeSettings Settings() => new()
        {
            Commands = [.. _typed],
            NoRc = _noRc,
            ReportAbout = _reportAbout,
            AbortOn = _abortOn,
        };

        public void Run(IReadOnlyList<string> arguments, int start, bool mkisofsSeen)
        {
            for (int i = start; i < arguments.Count; i++)
            {
                string typed = arguments[i];
                if (typed == "--")
                    continue; // xorriso's list delimiter between commands
                string name = NativeName(typed);
                switch (name)
                {
                    case "no_rc":
                        _noRc = true;
                        _typed.Add(typed);
                        break;
                    case "report_about" or "abort_on":
                        string severity = Argument(arguments, i++, typed).ToUpperInvariant();
                        if (!s_severities.Contains(severity, StringComparer.Ordinal))
                            throw MkisofsValues.Bad(typed, arguments[i], $"give a severity: {string.Join(", ", s_severities)}");
                        if (name == "report_about")
                            _reportAbout = severity;
                        else
                            _abortOn = severity;
                        _typed.Add(typed);
                        break;
                    case "version":
                        Version = true;
                        _typed.Add(typed);
                        break;
                    case "help":
                        Help = true;
                        _typed.Add(typed);
                        break;
                    case "end":
                        _typed.Add(typed);
                        return; // xorriso ends here; later arguments are never read
                    case "as":
                        string personality = Argument(arguments, i, typed);
                        if (!s_personalities.Contains(personality, StringComparer.Ordinal))
                            throw new MkisofsUsageException(MkisofsRefusal.Declined, typed,
                                $"{typed} {personality}: IsoBuild emulates only 'xorriso -as mkisofs' (also named genisoimage, genisofs, xorrisofs)");
                        if (mkisofsSeen)
                            throw new MkisofsUsageException(MkisofsRefusal.Declined, typed,
                                $"{typed} {personality}: only one -as mkisofs run per command line is offered; put all its options in one list");
                        int end = IndexOfEnd(arguments, i + 2);
                        Request = MkisofsParser.Parse([.. arguments.Skip(i + 2).Take(end - i - 2)]);
                        mkisofsSeen = true;
                        i = end;
                        break;
                    default:
                        throw new MkisofsUsageException(MkisofsRefusal.Declined, typed,
                            $"'{typed}': IsoBuild's xorriso offers 'xorriso -as mkisofs ARGS…' and, of the native xorriso commands, only -no_rc, -report_about, -abort_on, -version, -help and -end");
                }
            }
        }

        private static string Argument(IReadOnlyList<string> arguments, int index, string typed) =>
            index + 1 < arguments.Count ? arguments[index + 1] : throw new MkisofsUsageException(MkisofsRefusal.MissingArgument, typed, $"{typed} needs an argument");
    }
}
