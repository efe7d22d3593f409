using IsoBuild.Spec;
using System.Buffers.Binary;
using System.Text;

namespace IsoBuild.Udf;

/// <summary>
/// ECMA-167 1/7.4 (regid) with the suffixes of OSTA UDF 2.1.5: 1 flag byte, a 23-byte identifier, an 8-byte suffix.
/// </summary>
internal readonly record struct EntityIdentifier(byte Flags, string Identifier, ulong Suffix)
{
    public const int Length = 32;
    public const int FlagsOffset = 0;
    public const int IdentifierOffset = 1;
    public const int IdentifierLength = 23;
    public const int SuffixOffset = 24;

    public const string OstaUdfCompliant = "*OSTA UDF Compliant";
    public const string LogicalVolumeInfo = "*UDF LV Info";
    public const string MetadataPartition = "*UDF Metadata Partition";
    public const string SparablePartition = "*UDF Sparable Partition";
    public const string VirtualPartition = "*UDF Virtual Partition";
    public const string SparingTable = "*UDF Sparing Table";
    public const string VirtualAllocationTable = "*UDF Virtual Alloc Tbl";
    public const string Nsr02 = "+NSR02";
    public const string Nsr03 = "+NSR03";

    /// <summary>The implementation identifier IsoBuild records in every descriptor that has one.</summary>
    public const string IsoBuild = "*IsoBuild";

    /// <summary>Domain identifier suffix flags (UDF 2.1.5.3): the media is hard- and soft-write-protected.</summary>
    public const byte DomainWriteProtected = 0x03;

    /// <summary>Implementation suffix (UDF 2.1.5.3): OS class 0 (undefined), no implementation use.</summary>
    public static EntityIdentifier Implementation() => new(0, IsoBuild, 0);

    /// <summary>Domain identifier (UDF 2.1.5.2): the revision and the write-protect flags.</summary>
    public static EntityIdentifier Domain(UdfRevision revision) => new(0, OstaUdfCompliant, (ulong)revision | ((ulong)DomainWriteProtected << 16));

    /// <summary>A "*UDF …" identifier with the UDF identifier suffix (UDF 2.1.5.3): revision, OS class and identifier 0.</summary>
    public static EntityIdentifier Udf(string identifier, UdfRevision revision) => new(0, identifier, (ushort)revision);

    /// <summary>The UDF revision in a domain or UDF identifier suffix (its first two bytes).</summary>
    public ushort SuffixRevision => (ushort)Suffix;

    public void Write(Span<byte> destination)
    {
        destination[..Length].Clear();
        destination[FlagsOffset] = Flags;
        string id = Identifier ?? string.Empty;
        Encoding.ASCII.GetBytes(id.AsSpan(0, Math.Min(id.Length, IdentifierLength)), destination[IdentifierOffset..]);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[SuffixOffset..], Suffix);
    }

    public static EntityIdentifier Read(ReadOnlySpan<byte> source)
    {
        ReadOnlySpan<byte> id = source.Slice(IdentifierOffset, IdentifierLength);
        int end = id.IndexOf((byte)0);
        if (end >= 0)
            id = id[..end];
        var chars = new char[id.Length];
        for (int i = 0; i < id.Length; i++)
            chars[i] = id[i] is >= 0x20 and < 0x7F ? (char)id[i] : '?';
        return new(source[FlagsOffset], new string(chars), BinaryPrimitives.ReadUInt64LittleEndian(source[SuffixOffset..]));
    }

    /// <summary>True when the recorded identifier is <paramref name="identifier"/> (ignoring the suffix).</summary>
    public bool Is(string identifier) => string.Equals(Identifier, identifier, StringComparison.Ordinal);
}
