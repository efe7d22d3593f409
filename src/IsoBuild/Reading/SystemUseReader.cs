using IsoBuild.Sectors;
using System.Text;
using IsoBuild.RockRidge;
using IsoBuild.Zisofs;
using IsoBuild.Checksums;

namespace IsoBuild.Reading;

/// <summary>What the SUSP / Rock Ridge entries of one directory record say.</summary>
internal sealed class SystemUseInfo
{
    public string? Name { get; set; }
    public uint? Mode { get; set; }
    public uint Links { get; set; }
    public uint UserId { get; set; }
    public uint GroupId { get; set; }
    public TimestampsEntry? Times { get; set; }

    /// <summary>
    /// Entries of other extensions (AAIP "AL" without libisofs' own attributes, …) and their extension references,
    /// verbatim; not zisofs "ZF": a copy is compressed anew or not at all (<see cref="Zisofs"/>).
    /// </summary>
    public List<byte[]> Extra { get; } = [];
    public string? LinkTarget { get; set; }
    public DateTimeOffset? Modified { get; set; }
    public uint? ChildLink { get; set; }
    public uint? ParentLink { get; set; }
    public bool Relocated { get; set; }

    /// <summary>SUSP SP: present (root "." only) and the bytes to skip in every other record.</summary>
    public bool SharingProtocol { get; set; }
    public int SkipLength { get; set; }
    public List<string> ExtensionIds { get; } = [];
    public bool AnyRockRidge { get; set; }

    /// <summary>The zisofs "ZF" (or zisofs2 "Z2") entry of a compressed file.</summary>
    public ZisofsEntry? Zisofs { get; set; }

    /// <summary>The component areas of the AAIP "AL" entries (extended attributes, libisofs checksum indexes), joined.</summary>
    public List<byte>? AttributeList { get; set; }
}

/// <summary>
/// Reads SUSP 1.12 entries (SP, CE, ST, ER), RRIP 1.12 entries (NM, PX, TF, SL, CL, PL, RE), zisofs ZF and AAIP AL of a record,
/// following continuation areas with a bound on their number and a set of visited areas.
/// </summary>
internal static class SystemUseReader
{
    /// <summary>Longest name or link target accepted (POSIX PATH_MAX is 4096; this leaves room).</summary>
    public const int MaxTextLength = 16 * 1024;

    /// <summary>Longest continuation area accepted; SUSP areas are usually within one sector.</summary>
    public const int MaxAreaLength = 64 * 1024;

    /// <summary>The extension ids of Rock Ridge itself (1.09, 1.10, 1.12).</summary>
    private static readonly string[] RockRidgeExtensionIds = ["RRIP_1991A", "IEEE_P1282", "IEEE_1282"];

    /// <summary>
    /// SUSP and RRIP entries whose meaning a copy cannot keep verbatim (framing, names, links, relocation, device
    /// numbers, sparse files, extension selection), and the zisofs and AAIP entries read above: everything else is
    /// another extension's, carried as it is.
    /// </summary>
    private static readonly string[] KnownSignatures =
        ["CE", "PD", "SP", "ST", "ER", "ES", "RR", "PX", "PN", "SL", "NM", "CL", "PL", "RE", "TF", "SF", "ZF", "Z2", "AL"];

    public static SystemUseInfo Read(ImageSource source, byte[] systemUse, int skip, IsoReaderLimits limits, string location)
    {
        var info = new SystemUseInfo();
        var name = new List<byte>();
        var link = new StringBuilder();
        bool linkNeedsSeparator = false;
        bool linkSeen = false;
        var visited = new HashSet<(uint, uint)>();
        var attributeEntries = new List<byte[]>();
        byte[] area = skip < systemUse.Length ? systemUse[skip..] : [];
        int areas = 0;
        while (true)
        {
            (uint Block, uint Offset, uint Length)? next = null;
            int p = 0;
            while (p + SuspEntry.HeaderLength <= area.Length)
            {
                int length = area[p + SuspEntry.LengthOffset];
                if (area[p] == 0 || length < SuspEntry.HeaderLength || p + length > area.Length)
                    break; // padding, or the end of what a writer recorded
                ReadOnlySpan<byte> entry = area.AsSpan(p, length);
                p += length;
                switch (SuspEntry.Signature(entry))
                {
                    case SuspSignature.Continuation when ContinuationEntry.TryRead(entry, out ContinuationEntry continuation):
                        next = (continuation.Block, continuation.Offset, continuation.Length);
                        break;
                    case SuspSignature.Terminator:
                        p = area.Length;
                        break;
                    case SuspSignature.SharingProtocol when SharingProtocolEntry.TryRead(entry, out SharingProtocolEntry sp):
                        info.SharingProtocol = true;
                        info.SkipLength = sp.SkipLength;
                        break;
                    case SuspSignature.ExtensionReference when ExtensionReferenceEntry.TryRead(entry, out ExtensionReferenceEntry er):
                        info.ExtensionIds.Add(er.Id);
                        if (!RockRidgeExtensionIds.Contains(er.Id, StringComparer.Ordinal))
                            info.Extra.Add(entry.ToArray());
                        break;
                    case SuspSignature.AlternateName when AlternateNameEntry.TryRead(entry, out AlternateNameEntry nm):
                        info.AnyRockRidge = true;
                        if (nm.IsCurrent)
                            info.Name = ".";
                        else if (nm.IsParent)
                            info.Name = "..";
                        else
                            name.AddRange(nm.Name);
                        CheckText(name.Count, "name", location);
                        break;
                    case SuspSignature.PosixAttributes when PosixAttributesEntry.TryRead(entry, out PosixAttributesEntry px):
                        info.AnyRockRidge = true;
                        info.Mode = px.Mode;
                        info.Links = px.Links;
                        info.UserId = px.UserId;
                        info.GroupId = px.GroupId;
                        break;
                    case SuspSignature.Timestamps when TimestampsEntry.TryRead(entry, out TimestampsEntry tf):
                        info.AnyRockRidge = true;
                        info.Modified = tf.Modified ?? info.Modified;
                        info.Times = tf;
                        break;
                    case SuspSignature.SymbolicLink when SymbolicLinkEntry.TryRead(entry, out SymbolicLinkEntry sl):
                        info.AnyRockRidge = true;
                        linkSeen = true;
                        sl.AppendTo(link, ref linkNeedsSeparator);
                        CheckText(link.Length, "link target", location);
                        break;
                    case SuspSignature.ChildLink when DirectoryLinkEntry.TryRead(entry, out DirectoryLinkEntry cl):
                        info.AnyRockRidge = true;
                        info.ChildLink = cl.Location;
                        break;
                    case SuspSignature.ParentLink when DirectoryLinkEntry.TryRead(entry, out DirectoryLinkEntry pl):
                        info.AnyRockRidge = true;
                        info.ParentLink = pl.Location;
                        break;
                    case SuspSignature.Relocated:
                        info.AnyRockRidge = true;
                        info.Relocated = true;
                        break;
                    case SuspSignature.RockRidge:
                        info.AnyRockRidge = true;
                        break;
                    case "ZF" or "Z2":
                        if (ZisofsEntry.Read(entry) is { } zisofs)
                            info.Zisofs = zisofs;
                        else
                            info.Extra.Add(entry.ToArray()); // an algorithm not read: a copy carries the data as stored, with its entry
                        break;
                    case "AL" when entry.Length > SuspEntry.HeaderLength:
                        // Kept for the checksum records (the flag byte dropped); attributes beyond the bound (huge
                        // xattrs) are left unread.
                        info.AttributeList ??= [];
                        if (info.AttributeList.Count + entry.Length - SuspEntry.HeaderLength <= MaxAreaLength)
                        {
                            info.AttributeList.AddRange(entry[(SuspEntry.HeaderLength + 1)..]);
                            attributeEntries.Add(entry.ToArray());
                        }
                        break;
                    case string other when !KnownSignatures.Contains(other, StringComparer.Ordinal):
                        info.Extra.Add(entry.ToArray());
                        break;
                }
            }
            if (next is not { } ce)
                break;
            if (++areas > limits.MaxContinuationAreas)
            {
                IsoBuildException.Throw(ErrorCodes.ReaderLimitExceeded,
                    $"The record at {location} continues its system use entries in more than {limits.MaxContinuationAreas} areas (SUSP CE): the image is damaged or hostile.");
            }
            if (!visited.Add((ce.Block, ce.Offset)))
            {
                IsoBuildException.Throw(ErrorCodes.MalformedSystemUse,
                    $"The continuation areas (SUSP CE) of the record at {location} loop back to sector {ce.Block} offset {ce.Offset}: the image is damaged or hostile.");
            }
            if (ce.Length > MaxAreaLength || ce.Offset >= ImageSource.SectorSize)
            {
                IsoBuildException.Throw(ErrorCodes.MalformedSystemUse,
                    $"The continuation area (SUSP CE) of the record at {location} is {ce.Length} bytes at offset {ce.Offset} of sector {ce.Block}, which is not plausible: the image is damaged.");
            }
            area = new byte[ce.Length];
            source.ReadExactly((long)ce.Block * ImageSource.SectorSize + ce.Offset, area, ErrorCodes.MalformedSystemUse,
                $"The continuation area (SUSP CE) of the record at {location}");
        }
        if (name.Count > 0 && info.Name is null)
            info.Name = Encoding.UTF8.GetString(name.ToArray());
        if (linkSeen)
            info.LinkTarget = link.ToString();
        if (attributeEntries.Count > 0)
            info.Extra.AddRange(CarriedAttributes(attributeEntries, info.AttributeList!));
        return info;
    }

    /// <summary>
    /// The AAIP "AL" entries a copy of the record carries: verbatim, but without libisofs' "isofs." attributes, which
    /// describe the image the record was in (checksum indexes and array, hard link inodes, HFS+ blessings) and which
    /// a new image records anew (<see cref="Checksums.Md5ChecksumLayout"/>) or not at all.
    /// </summary>
    private static List<byte[]> CarriedAttributes(List<byte[]> entries, List<byte> componentAreas)
    {
        List<(string Name, byte[] Value)> attributes = AaipAttributeList.Parse(componentAreas.ToArray());
        if (!attributes.Exists(a => a.Name.StartsWith(LibisofsNamespace, StringComparison.Ordinal)))
            return entries;
        List<(string Name, byte[] Value)> others = attributes.FindAll(a => !a.Name.StartsWith(LibisofsNamespace, StringComparison.Ordinal));
        return others.Count == 0 ? [] : AaipAttributeList.Entries(others);
    }

    /// <summary>The namespace of libisofs' own attributes.</summary>
    private const string LibisofsNamespace = "isofs.";

    private static void CheckText(int length, string what, string location)
    {
        if (length > MaxTextLength)
        {
            IsoBuildException.Throw(ErrorCodes.ReaderLimitExceeded,
                $"The Rock Ridge {what} of the record at {location} is longer than {MaxTextLength} bytes: the image is damaged or hostile.");
        }
    }
}
