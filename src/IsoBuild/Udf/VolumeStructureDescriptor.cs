using IsoBuild.Spec;
using System.Text;

namespace IsoBuild.Udf;

/// <summary>
/// ECMA-167 2/9.1: a 2048-byte volume structure descriptor of the volume recognition sequence that follows the
/// ISO 9660 descriptor set: BEA01 opens the extended area, NSR02 (UDF 1.02) or NSR03 (UDF 2.00+) says "UDF here",
/// TEA01 closes it.
/// </summary>
internal static class VolumeStructureDescriptor
{
    public const int TypeOffset = 0;
    public const int IdentifierOffset = 1;
    public const int IdentifierLength = 5;
    public const int VersionOffset = 6;

    public const string BeginExtendedArea = "BEA01";
    public const string TerminateExtendedArea = "TEA01";
    public const string Nsr02 = "NSR02";
    public const string Nsr03 = "NSR03";
    public const string Boot = "BOOT2";
    public const string Iso9660 = "CD001";
    public const string Ecma168 = "CDW02";

    public static string NsrFor(UdfRevision revision) => revision >= UdfRevision.V201 ? Nsr03 : Nsr02;

    public static void Write(Span<byte> sector, string identifier)
    {
        sector[..UdfFormat.SectorSize].Clear();
        sector[TypeOffset] = 0;
        Encoding.ASCII.GetBytes(identifier, sector[IdentifierOffset..]);
        sector[VersionOffset] = 1;
    }

    /// <summary>The identifier of the descriptor in <paramref name="sector"/>, or null when none of ECMA-167's is there.</summary>
    public static string? ReadIdentifier(ReadOnlySpan<byte> sector)
    {
        ReadOnlySpan<byte> id = sector.Slice(IdentifierOffset, IdentifierLength);
        foreach (string known in (ReadOnlySpan<string>)[BeginExtendedArea, TerminateExtendedArea, Nsr02, Nsr03, Boot, Iso9660, Ecma168])
        {
            if (id.SequenceEqual(Encoding.ASCII.GetBytes(known)))
                return known;
        }
        return null;
    }
}
