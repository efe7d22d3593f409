using System.Buffers.Binary;
using System.Text;

namespace IsoBuild.Fat;

/// <summary>
/// A 32-byte FAT short directory entry (Microsoft FAT specification 6): the 8.3 name, attributes, the NT case flags,
/// creation, access and write dates, the first cluster and the size.
/// </summary>
/// <param name="ShortName">11 characters: the name padded with spaces to 8, the extension to 3, no dot.</param>
/// <param name="Attributes">Read-only 0x01, hidden 0x02, system 0x04, volume label 0x08, directory 0x10, archive 0x20.</param>
/// <param name="CaseFlags">Windows NT's flags in the reserved byte: 0x08 name, 0x10 extension shown in lower case.</param>
/// <param name="CreationHundredths">The creation time's 10 ms part, 0–199 (a 2-second unit).</param>
/// <param name="Created">The creation date and time, to 2 seconds; null when recorded as zero or not a date.</param>
/// <param name="Accessed">The last access date (no time); null when recorded as zero or not a date.</param>
/// <param name="Modified">The last write date and time, to 2 seconds; null when recorded as zero or not a date.</param>
/// <param name="FirstCluster">The first cluster of the data (0 for an empty file, and for ".." pointing at the root).</param>
/// <param name="Size">The file size in bytes (0 for a directory).</param>
internal readonly record struct FatDirectoryEntry(string ShortName, byte Attributes, byte CaseFlags, byte CreationHundredths,
    DateTime? Created, DateTime? Accessed, DateTime? Modified, uint FirstCluster, uint Size)
{
    public const int Length = 32;
    public const int NameOffset = 0;
    public const int NameLength = 11;
    public const int AttributesOffset = 11;
    public const int CaseFlagsOffset = 12;
    public const int CreationHundredthsOffset = 13;
    public const int CreationTimeOffset = 14;
    public const int CreationDateOffset = 16;
    public const int AccessDateOffset = 18;
    public const int FirstClusterHighOffset = 20;
    public const int WriteTimeOffset = 22;
    public const int WriteDateOffset = 24;
    public const int FirstClusterLowOffset = 26;
    public const int SizeOffset = 28;

    public const byte AttributeVolumeLabel = 0x08;
    public const byte AttributeDirectory = 0x10;
    public const byte AttributeArchive = 0x20;

    /// <summary>The short names of a directory's entries for itself (".") and for its parent ("..").</summary>
    public static ReadOnlySpan<byte> SelfName => ".          "u8;
    public static ReadOnlySpan<byte> ParentName => "..         "u8;

    public void Write(Span<byte> entry)
    {
        Span<byte> e = entry[..Length];
        e.Clear();
        e[..NameLength].Fill((byte)' ');
        Encoding.Latin1.GetBytes(ShortName.AsSpan(0, Math.Min(ShortName.Length, NameLength)), e);
        e[AttributesOffset] = Attributes;
        e[CaseFlagsOffset] = CaseFlags;
        e[CreationHundredthsOffset] = CreationHundredths;
        BinaryPrimitives.WriteUInt16LittleEndian(e[CreationTimeOffset..], FatTime(Created));
        BinaryPrimitives.WriteUInt16LittleEndian(e[CreationDateOffset..], FatDate(Created));
        BinaryPrimitives.WriteUInt16LittleEndian(e[AccessDateOffset..], FatDate(Accessed));
        BinaryPrimitives.WriteUInt16LittleEndian(e[FirstClusterHighOffset..], (ushort)(FirstCluster >> 16));
        BinaryPrimitives.WriteUInt16LittleEndian(e[WriteTimeOffset..], FatTime(Modified));
        BinaryPrimitives.WriteUInt16LittleEndian(e[WriteDateOffset..], FatDate(Modified));
        BinaryPrimitives.WriteUInt16LittleEndian(e[FirstClusterLowOffset..], (ushort)FirstCluster);
        BinaryPrimitives.WriteUInt32LittleEndian(e[SizeOffset..], Size);
    }

    public static FatDirectoryEntry Read(ReadOnlySpan<byte> entry) => new(
        Encoding.Latin1.GetString(entry[..NameLength]),
        entry[AttributesOffset],
        entry[CaseFlagsOffset],
        entry[CreationHundredthsOffset],
        DateTimeOf(BinaryPrimitives.ReadUInt16LittleEndian(entry[CreationDateOffset..]), BinaryPrimitives.ReadUInt16LittleEndian(entry[CreationTimeOffset..])),
        DateTimeOf(BinaryPrimitives.ReadUInt16LittleEndian(entry[AccessDateOffset..]), 0),
        DateTimeOf(BinaryPrimitives.ReadUInt16LittleEndian(entry[WriteDateOffset..]), BinaryPrimitives.ReadUInt16LittleEndian(entry[WriteTimeOffset..])),
        ((uint)BinaryPrimitives.ReadUInt16LittleEndian(entry[FirstClusterHighOffset..]) << 16) | BinaryPrimitives.ReadUInt16LittleEndian(entry[FirstClusterLowOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(entry[SizeOffset..]));

    /// <summary>Bits 15–11 hours, 10–5 minutes, 4–0 seconds / 2.</summary>
    public static ushort FatTime(DateTime? time) => time is { } t ? (ushort)((t.Hour << 11) | (t.Minute << 5) | (t.Second / 2)) : (ushort)0;

    /// <summary>Bits 15–9 years since 1980, 8–5 month, 4–0 day.</summary>
    public static ushort FatDate(DateTime? time) => time is { } t ? (ushort)(((t.Year - 1980) << 9) | (t.Month << 5) | t.Day) : (ushort)0;

    private static DateTime? DateTimeOf(ushort date, ushort time)
    {
        int day = date & 0x1F, month = (date >> 5) & 0x0F, year = 1980 + (date >> 9);
        int second = (time & 0x1F) * 2, minute = (time >> 5) & 0x3F, hour = time >> 11;
        if (date == 0 || month is 0 or > 12 || day == 0 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return null;
        return new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
    }
}
