using IsoBuild.Iso9660;

namespace IsoBuild.RockRidge;

/// <summary>
/// RRIP 4.1.5.1 "CL" and 4.1.5.2 "PL": the links of a relocated directory (one nested deeper than ECMA-119's eight
/// levels), a both-endian sector: CL in the placeholder file names where the directory went, PL in the directory's
/// ".." record names its original parent.
/// </summary>
/// <param name="Signature"><see cref="SuspSignature.ChildLink"/> or <see cref="SuspSignature.ParentLink"/>.</param>
/// <param name="Location">The sector of the directory linked to.</param>
internal readonly record struct DirectoryLinkEntry(string Signature, uint Location)
{
    public const int Length = SuspEntry.HeaderLength + 8;

    public byte[] Write()
    {
        byte[] e = SuspEntry.Entry(Signature, Length - SuspEntry.HeaderLength, out Span<byte> d);
        BothEndian.WriteUInt32(d, Location);
        return e;
    }

    /// <summary>Reads a CL or PL entry (header included), the little-endian half; false when it is too short.</summary>
    public static bool TryRead(ReadOnlySpan<byte> entry, out DirectoryLinkEntry link)
    {
        link = default;
        ReadOnlySpan<byte> d = SuspEntry.Data(entry);
        if (d.Length < 8)
            return false;
        link = new DirectoryLinkEntry(SuspEntry.Signature(entry), BothEndian.ReadUInt32(d, out _));
        return true;
    }
}
