using IsoBuild.RockRidge;

namespace IsoBuild.Spec;

/// <summary>
/// What an entry carried over from a base image keeps of its record there (<c>dotnet iso edit</c>): its Rock Ridge
/// attributes, its directory record date and its ISO 9660 and Joliet names. An entry without these (a file added to
/// the image) gets IsoBuild's normalised attributes, the build timestamp and names mapped from its path.
/// </summary>
internal sealed record EntryAttributes
{
    /// <summary>The POSIX mode (RRIP PX st_mode); only its permission bits are used, the type follows the entry's kind. Null: normalised.</summary>
    public uint? Mode { get; init; }

    /// <summary>st_nlink of a file or link (a directory's count is always 2 + its subdirectories). Null: 1.</summary>
    public uint? Links { get; init; }

    /// <summary>st_uid.</summary>
    public uint UserId { get; init; }

    /// <summary>st_gid.</summary>
    public uint GroupId { get; init; }

    /// <summary>The Rock Ridge TF entry's times as recorded (creation, modification, access, attribute change, …); null: the build timestamp.</summary>
    public TimestampsEntry? Times { get; init; }

    /// <summary>The ISO 9660 and Joliet directory records' date; null: the build timestamp.</summary>
    public DateTimeOffset? RecordDate { get; init; }

    /// <summary>The ISO 9660 identifier without its version (";1"), kept where it is still a valid, unique identifier.</summary>
    public string? IsoName { get; init; }

    /// <summary>The Joliet identifier without its version, kept where it is still a valid, unique identifier.</summary>
    public string? JolietName { get; init; }

    /// <summary>
    /// System use entries IsoBuild does not make itself (libisofs' AAIP "AL", zisofs "ZF", …), copied verbatim after
    /// the Rock Ridge entries of the entry's record (and of a directory's "." record).
    /// </summary>
    public IReadOnlyList<byte[]> ExtraSystemUse { get; init; } = [];

    /// <summary>The bytes of <see cref="ExtraSystemUse"/>.</summary>
    public int ExtraSystemUseLength => ExtraSystemUse.Sum(e => e.Length);
}
