using IsoBuild.Sectors;
using System.Buffers.Binary;
using System.Text;
using IsoBuild.Iso9660;
using IsoBuild.RockRidge;
using IsoBuild.Zisofs;

namespace IsoBuild.Reading;

/// <summary>What the SUSP / Rock Ridge entries of one directory record say.</summary>
internal sealed class SystemUseInfo
{
    public string? Name { get; set; }
    public uint? Mode { get; set; }
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

    private const byte NameCurrent = 0x02;
    private const byte NameParent = 0x04;
    private const byte TimeLongForm = 0x80;

    public static SystemUseInfo Read(ImageSource source, byte[] systemUse, int skip, IsoReaderLimits limits, string location)
    {
        var info = new SystemUseInfo();
        var name = new List<byte>();
        var link = new StringBuilder();
        bool linkNeedsSeparator = false;
        bool linkSeen = false;
        var visited = new HashSet<(uint, uint)>();
        byte[] area = skip < systemUse.Length ? systemUse[skip..] : [];
        int areas = 0;
        while (true)
        {
            (uint Block, uint Offset, uint Length)? next = null;
            int p = 0;
            while (p + SuspEntry.HeaderLength <= area.Length)
            {
                int length = area[p + 2];
                if (area[p] == 0 || length < SuspEntry.HeaderLength || p + length > area.Length)
                    break; // padding, or the end of what a writer recorded
                ReadOnlySpan<byte> d = area.AsSpan(p + SuspEntry.HeaderLength, length - SuspEntry.HeaderLength);
                string signature = string.Concat((char)area[p], (char)area[p + 1]);
                p += length;
                switch (signature)
                {
                    case "CE" when d.Length >= 24:
                        next = (BothEndian.ReadUInt32(d, out _), BothEndian.ReadUInt32(d[8..], out _), BothEndian.ReadUInt32(d[16..], out _));
                        break;
                    case "ST":
                        p = area.Length;
                        break;
                    case "SP" when d.Length >= 3 && d[0] == 0xBE && d[1] == 0xEF:
                        info.SharingProtocol = true;
                        info.SkipLength = d[2];
                        break;
                    case "ER" when d.Length >= 4:
                        int idLength = Math.Min(d[0], d.Length - 4);
                        info.ExtensionIds.Add(Encoding.ASCII.GetString(d.Slice(4, idLength)));
                        break;
                    case "NM" when d.Length >= 1:
                        info.AnyRockRidge = true;
                        if ((d[0] & NameCurrent) != 0)
                            info.Name = ".";
                        else if ((d[0] & NameParent) != 0)
                            info.Name = "..";
                        else
                            name.AddRange(d[1..]);
                        CheckText(name.Count, "name", location);
                        break;
                    case "PX" when d.Length >= 8:
                        info.AnyRockRidge = true;
                        info.Mode = BinaryPrimitives.ReadUInt32LittleEndian(d);
                        break;
                    case "TF" when d.Length >= 1:
                        info.AnyRockRidge = true;
                        info.Modified = ReadModifyTime(d) ?? info.Modified;
                        break;
                    case "SL" when d.Length >= 1:
                        info.AnyRockRidge = true;
                        linkSeen = true;
                        AppendLink(d[1..], link, ref linkNeedsSeparator);
                        CheckText(link.Length, "link target", location);
                        break;
                    case "CL" when d.Length >= 8:
                        info.AnyRockRidge = true;
                        info.ChildLink = BothEndian.ReadUInt32(d, out _);
                        break;
                    case "PL" when d.Length >= 8:
                        info.AnyRockRidge = true;
                        info.ParentLink = BothEndian.ReadUInt32(d, out _);
                        break;
                    case "RE":
                        info.AnyRockRidge = true;
                        info.Relocated = true;
                        break;
                    case "RR":
                        info.AnyRockRidge = true;
                        break;
                    case "ZF" or "Z2":
                        info.Zisofs = ZisofsEntry.Read(area.AsSpan(p - length, length)) ?? info.Zisofs;
                        break;
                    case "AL" when d.Length >= 1:
                        // Kept for the checksum records; attributes beyond the bound (huge xattrs) are left unread.
                        info.AttributeList ??= [];
                        if (info.AttributeList.Count + d.Length <= MaxAreaLength)
                            info.AttributeList.AddRange(d[1..]);
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
        return info;
    }

    private static void CheckText(int length, string what, string location)
    {
        if (length > MaxTextLength)
        {
            IsoBuildException.Throw(ErrorCodes.ReaderLimitExceeded,
                $"The Rock Ridge {what} of the record at {location} is longer than {MaxTextLength} bytes: the image is damaged or hostile.");
        }
    }

    /// <summary>
    /// RRIP 4.1.3.1 component records. Components are joined by '/', except that a component whose CONTINUE flag is set
    /// goes on in the next one, also across SL entries (which is how IsoBuild, xorriso and Linux treat it).
    /// </summary>
    private static void AppendLink(ReadOnlySpan<byte> components, StringBuilder link, ref bool needsSeparator)
    {
        int p = 0;
        while (p + 2 <= components.Length)
        {
            byte flags = components[p];
            int length = Math.Min(components[p + 1], components.Length - p - 2);
            ReadOnlySpan<byte> text = components.Slice(p + 2, length);
            p += 2 + length;
            if ((flags & SuspEntry.ComponentRoot) != 0)
            {
                link.Clear();
                link.Append('/');
                needsSeparator = false;
                continue;
            }
            if (needsSeparator)
                link.Append('/');
            if ((flags & SuspEntry.ComponentCurrent) != 0)
                link.Append('.');
            else if ((flags & SuspEntry.ComponentParent) != 0)
                link.Append("..");
            else
                link.Append(Encoding.UTF8.GetString(text));
            needsSeparator = (flags & SuspEntry.ComponentContinue) == 0;
        }
    }

    /// <summary>A 17-byte date, or null when it is not a date (a hostile offset or year must not throw).</summary>
    public static DateTimeOffset? ReadVolumeDate(ReadOnlySpan<byte> source)
    {
        try
        {
            return IsoDate.ReadVolumeDate(source);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>RRIP 4.1.6: the recorded times come in a fixed order; modification is the second kind.</summary>
    private static DateTimeOffset? ReadModifyTime(ReadOnlySpan<byte> d)
    {
        byte flags = d[0];
        int size = (flags & TimeLongForm) != 0 ? IsoDate.VolumeDateLength : IsoDate.RecordDateLength;
        int p = 1;
        for (int bit = 0; bit < 7; bit++)
        {
            if ((flags & (1 << bit)) == 0)
                continue;
            if (p + size > d.Length)
                return null;
            if (bit == 1)
                return size == IsoDate.RecordDateLength ? IsoDate.ReadRecordDate(d[p..]) : ReadVolumeDate(d[p..]);
            p += size;
        }
        return null;
    }
}
