namespace IsoBuild.RockRidge;

/// <summary>
/// System Use Sharing Protocol (SUSP 1.12) and Rock Ridge (RRIP 1.12) entries: the framing every entry shares (a
/// 4-byte header of signature, length and version, then its data; at most 255 bytes) and the entries IsoBuild
/// records, made by the entry types (<see cref="SharingProtocolEntry"/>, <see cref="ContinuationEntry"/>,
/// <see cref="ExtensionReferenceEntry"/>, <see cref="PosixAttributesEntry"/>, <see cref="TimestampsEntry"/>,
/// <see cref="AlternateNameEntry"/>, <see cref="SymbolicLinkEntry"/>), which read them back too.
/// </summary>
internal static class SuspEntry
{
    public const int SignatureOffset = 0;
    public const int LengthOffset = 2;
    public const int VersionOffset = 3;
    public const int HeaderLength = 4;
    public const int MaxLength = 255;
    public const byte Version = 1;

    public const int ContinuationLength = ContinuationEntry.Size;
    public const int PosixAttributesLength = PosixAttributesEntry.Length;
    public const int SharingProtocolLength = SharingProtocolEntry.Length;
    public const int TimestampsLength = HeaderLength + 1 + 3 * Iso9660.IsoDate.RecordDateLength;
    public static readonly int ExtensionReferenceLength = ExtensionReferenceEntry.RockRidge112.Length;

    /// <summary>A new entry: the header written, <paramref name="data"/> the rest, zero.</summary>
    public static byte[] Entry(string signature, int dataLength, out Span<byte> data)
    {
        var e = new byte[HeaderLength + dataLength];
        WriteHeader(e, signature, e.Length);
        data = e.AsSpan(HeaderLength);
        return e;
    }

    public static void WriteHeader(Span<byte> entry, string signature, int length)
    {
        entry[SignatureOffset] = (byte)signature[0];
        entry[SignatureOffset + 1] = (byte)signature[1];
        entry[LengthOffset] = (byte)length;
        entry[VersionOffset] = Version;
    }

    /// <summary>The signature of the entry at the start of <paramref name="entry"/>.</summary>
    public static string Signature(ReadOnlySpan<byte> entry) => string.Concat((char)entry[SignatureOffset], (char)entry[SignatureOffset + 1]);

    /// <summary>The data of an entry: what follows its header.</summary>
    public static ReadOnlySpan<byte> Data(ReadOnlySpan<byte> entry) => entry[HeaderLength..];

    /// <summary>SUSP 5.3 "SP": marks SUSP use; first entry of the root directory's own record. No bytes are skipped.</summary>
    public static byte[] SharingProtocol() => new SharingProtocolEntry(0).Write();

    /// <summary>SUSP 5.5 "ER": names the extension (RRIP 1.12) in the root directory's own record.</summary>
    public static byte[] ExtensionReference() => ExtensionReferenceEntry.RockRidge112.Write();

    /// <summary>SUSP 5.1 "CE": where the rest of the system use entries continue.</summary>
    public static void WriteContinuation(Span<byte> destination, uint block, uint offset, uint length) =>
        new ContinuationEntry(block, offset, length).Write(destination);

    /// <summary>RRIP 4.1.1 "PX" (1.12 form with the file serial number); owner and group normalised to 0.</summary>
    public static byte[] PosixAttributes(uint mode, uint links, uint serial) => new PosixAttributesEntry(mode, links, 0, 0, serial).Write();

    /// <summary>RRIP 4.1.6 "TF": modification, access and attribute-change times, all the build timestamp.</summary>
    public static byte[] Timestamps(DateTimeOffset time) => TimestampsEntry.Uniform(time).Write();

    /// <summary>RRIP 4.1.4 "NM": the POSIX name in UTF-8, split over several entries when long.</summary>
    public static IEnumerable<byte[]> AlternateName(string name) => AlternateNameEntry.Split(name).Select(e => e.Write());

    /// <summary>The bytes of the "NM" entries <see cref="AlternateName"/> makes for <paramref name="name"/>.</summary>
    public static int AlternateNameLength(ReadOnlySpan<char> name) => AlternateNameEntry.SplitLength(name);

    /// <summary>RRIP 4.1.3 "SL": a symbolic link's target as component records, split over several entries when long.</summary>
    public static IEnumerable<byte[]> SymbolicLink(string target) => SymbolicLinkEntry.Split(target).Select(e => e.Write());
}
