namespace IsoBuild.RockRidge;

/// <summary>The two-letter signatures of the SUSP 1.12 and RRIP 1.12 entries IsoBuild reads or writes.</summary>
internal static class SuspSignature
{
    /// <summary>SUSP 5.1: continuation area.</summary>
    public const string Continuation = "CE";

    /// <summary>SUSP 5.2: padding.</summary>
    public const string Padding = "PD";

    /// <summary>SUSP 5.3: the protocol is in use (first entry of the root's own record).</summary>
    public const string SharingProtocol = "SP";

    /// <summary>SUSP 5.4: the end of the system use entries.</summary>
    public const string Terminator = "ST";

    /// <summary>SUSP 5.5: extension reference.</summary>
    public const string ExtensionReference = "ER";

    /// <summary>RRIP 1.09 4.1.7: which Rock Ridge entries a record holds (dropped in 1.12; some writers still record it).</summary>
    public const string RockRidge = "RR";

    /// <summary>RRIP 4.1.1: POSIX file attributes.</summary>
    public const string PosixAttributes = "PX";

    /// <summary>RRIP 4.1.3: symbolic link.</summary>
    public const string SymbolicLink = "SL";

    /// <summary>RRIP 4.1.4: alternate (POSIX) name.</summary>
    public const string AlternateName = "NM";

    /// <summary>RRIP 4.1.5.1: child link, where a relocated directory is.</summary>
    public const string ChildLink = "CL";

    /// <summary>RRIP 4.1.5.2: parent link, the original parent of a relocated directory.</summary>
    public const string ParentLink = "PL";

    /// <summary>RRIP 4.1.5.3: a relocated directory's record in the relocation directory.</summary>
    public const string Relocated = "RE";

    /// <summary>RRIP 4.1.6: time stamps.</summary>
    public const string Timestamps = "TF";
}
