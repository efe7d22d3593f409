using System.Text;

namespace IsoBuild.RockRidge;

/// <summary>SUSP 5.5 "ER": names an extension the image uses, with its description and where its specification is.</summary>
/// <param name="Id">The extension's identifier, e.g. IEEE_P1282 (RRIP 1.12) or RRIP_1991A (RRIP 1.09).</param>
/// <param name="Descriptor">What the extension is.</param>
/// <param name="Source">Where its specification comes from.</param>
/// <param name="Version">The extension's version.</param>
internal readonly record struct ExtensionReferenceEntry(string Id, string Descriptor, string Source, byte Version)
{
    private const int IdLengthOffset = 0;
    private const int DescriptorLengthOffset = 1;
    private const int SourceLengthOffset = 2;
    private const int VersionOffset = 3;
    private const int TextOffset = 4;

    /// <summary>RRIP 1.12 (IEEE P1282) as the specification words its extension reference.</summary>
    public static ExtensionReferenceEntry RockRidge112 { get; } = new(
        "IEEE_P1282",
        "THE IEEE P1282 PROTOCOL PROVIDES SUPPORT FOR POSIX FILE SYSTEM SEMANTICS",
        "PLEASE CONTACT THE IEEE STANDARDS DEPARTMENT, PISCATAWAY, NJ, USA FOR THE P1282 SPECIFICATION",
        1);

    public int Length => SuspEntry.HeaderLength + TextOffset + Id.Length + Descriptor.Length + Source.Length;

    public byte[] Write()
    {
        byte[] e = SuspEntry.Entry(SuspSignature.ExtensionReference, Length - SuspEntry.HeaderLength, out Span<byte> d);
        d[IdLengthOffset] = (byte)Id.Length;
        d[DescriptorLengthOffset] = (byte)Descriptor.Length;
        d[SourceLengthOffset] = (byte)Source.Length;
        d[VersionOffset] = Version;
        int o = TextOffset;
        o += Encoding.ASCII.GetBytes(Id, d[o..]);
        o += Encoding.ASCII.GetBytes(Descriptor, d[o..]);
        Encoding.ASCII.GetBytes(Source, d[o..]);
        return e;
    }

    /// <summary>Reads an ER entry (header included); texts that run past the entry are cut at its end. False when it is too short.</summary>
    public static bool TryRead(ReadOnlySpan<byte> entry, out ExtensionReferenceEntry er)
    {
        er = default;
        ReadOnlySpan<byte> d = SuspEntry.Data(entry);
        if (d.Length < TextOffset)
            return false;
        ReadOnlySpan<byte> rest = d[TextOffset..];
        string id = Take(ref rest, d[IdLengthOffset]);
        string descriptor = Take(ref rest, d[DescriptorLengthOffset]);
        string source = Take(ref rest, d[SourceLengthOffset]);
        er = new ExtensionReferenceEntry(id, descriptor, source, d[VersionOffset]);
        return true;
    }

    private static string Take(ref ReadOnlySpan<byte> rest, int length)
    {
        int n = Math.Min(length, rest.Length);
        string s = Encoding.ASCII.GetString(rest[..n]);
        rest = rest[n..];
        return s;
    }
}
