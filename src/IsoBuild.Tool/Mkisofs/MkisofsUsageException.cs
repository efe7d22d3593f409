namespace IsoBuild.Tool.Mkisofs;

/// <summary>Why a mkisofs command line was refused.</summary>
internal enum MkisofsRefusal
{
    /// <summary>Neither xorriso nor IsoBuild knows the option (xorriso: "Unrecognized option").</summary>
    Unrecognized,

    /// <summary>xorriso knows the option but refuses it too (xorriso: "Unsupported option").</summary>
    Unsupported,

    /// <summary>xorriso does it; IsoBuild declines it on purpose (multi-session, jigdo, ACLs, other machines' boot).</summary>
    Declined,

    /// <summary>The option is known but its value is not (a number out of range, a malformed GUID or date).</summary>
    BadValue,

    /// <summary>The option comes last and lacks the arguments it takes.</summary>
    MissingArgument,

    /// <summary>The options contradict each other (a boot entry on an appended partition that is not there).</summary>
    Conflict,
}

/// <summary>
/// A mkisofs command line that cannot be run: a usage error (exit status 2). The message names the option as it was
/// typed and says what to do instead; the front door prints it after "error: ".
/// </summary>
internal sealed class MkisofsUsageException : Exception
{
    public MkisofsUsageException(MkisofsRefusal refusal, string option, string message) : base(message)
    {
        Refusal = refusal;
        Option = option;
    }

    public MkisofsUsageException()
    {
        Option = string.Empty;
    }

    public MkisofsUsageException(string message) : base(message)
    {
        Option = string.Empty;
    }

    public MkisofsUsageException(string message, Exception innerException) : base(message, innerException)
    {
        Option = string.Empty;
    }

    /// <summary>The exit status of a usage error.</summary>
    public const int ExitCode = 2;

    public MkisofsRefusal Refusal { get; }

    /// <summary>The option (or argument) as typed on the command line.</summary>
    public string Option { get; }
}
