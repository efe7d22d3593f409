using System.Buffers;
using System.Globalization;
using System.Text;

namespace IsoBuild.Tool.Mkisofs;

/// <summary>The values of mkisofs options, read the way xorriso reads them (a little stricter where xorriso would guess).</summary>
internal static class MkisofsValues
{
    private static readonly SearchValues<char> s_hexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>A refusal of <paramref name="value"/> given to <paramref name="option"/>, saying what to give instead.</summary>
    public static MkisofsUsageException Bad(string option, string value, string whatToGive) =>
        new(MkisofsRefusal.BadValue, option, $"{option} '{value}': {whatToGive}");

    /// <summary>A decimal number without sign or other characters, within the bounds.</summary>
    public static long Number(string option, string value, long min, long max, string? whatToGive = null)
    {
        if (value.Length is > 0 and <= 18 && value.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0)
        {
            long n = long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
            if (n >= min && n <= max)
                return n;
        }
        throw Bad(option, value, whatToGive ?? $"give a number from {min} to {max}");
    }

    /// <summary>A decimal number that may be negative (--sort-weight).</summary>
    public static int SignedNumber(string option, string value)
    {
        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n))
            return n;
        throw Bad(option, value, $"give a whole number from {int.MinValue} to {int.MaxValue}");
    }

    /// <summary>
    /// A GPT GUID: 32 hex digits in on-disk byte order (a2a0d0ebe5b9334487c068b6b72699c7), or the text form
    /// (EBD0A0A2-B9E5-4433-87C0-68B6B72699C7), whose first three fields are stored byte-swapped; null when it is neither.
    /// </summary>
    public static Guid? Guid(string text)
    {
        if (text.Length == 32 && !text.AsSpan().ContainsAnyExcept(s_hexDigits))
            return new Guid(Convert.FromHexString(text)); // System.Guid's byte order is GPT's on-disk order
        if (text.Length == 36 && System.Guid.TryParseExact(text, "D", out Guid g))
            return g;
        return null;
    }

    /// <summary>The -append_partition type: FAT12, FAT16, Linux, 0xNN, or a type GUID.</summary>
    public static MkisofsPartitionType AppendedPartitionType(string option, string text)
    {
        switch (text)
        {
            case "FAT12": return new(0x01, null);
            case "FAT16": return new(0x06, null);
            case "Linux": return new(0x83, null);
            case "": return new(0x00, null); // xorriso's table maps the empty name to 0x00
        }
        if (Guid(text) is { } guid)
            return FromGuid(guid);
        if (text.StartsWith("0x", StringComparison.Ordinal) && text.Length is > 2 and <= 4
            && byte.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte type))
            return new(type, null);
        throw Bad(option, text, "give FAT12, FAT16, Linux, a hex byte 0x00…0xff (with the 0x), or a type GUID (C12A7328-F81F-11D2-BA4B-00A0C93EC93B for an EFI System Partition)");
    }

    /// <summary>The -iso_mbr_part_type value: default (null), 0xNN, a decimal byte, or a type GUID.</summary>
    public static MkisofsPartitionType? IsoPartitionType(string option, string text)
    {
        if (text == "default")
            return null;
        if (text.StartsWith("0x", StringComparison.Ordinal))
        {
            if (text.Length is > 2 and <= 4 && byte.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte hex))
                return new(hex, null);
        }
        else if (Guid(text) is { } guid)
        {
            return FromGuid(guid);
        }
        else if (text.Length is > 0 and <= 3 && text.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0
            && byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out byte dec))
        {
            return new(dec, null);
        }
        throw Bad(option, text, "give default, a byte (0x00…0xff or 0…255), or a type GUID (EBD0A0A2-B9E5-4433-87C0-68B6B72699C7 is Basic Data)");
    }

    /// <summary>A type GUID and its MBR type: 0xEF for the EFI System Partition, 0x83 for anything else (as xorriso maps them).</summary>
    private static MkisofsPartitionType FromGuid(Guid guid) => new(guid == MkisofsPartitionType.EfiSystemPartition ? (byte)0xEF : (byte)0x83, guid);

    /// <summary>
    /// A disk file given to -G, -isohybrid-mbr, --grub2-mbr, -efi-boot-part or -append_partition: a path, or an
    /// interval-reader description <c>--interval:local_fs:START-END:ZEROIZERS:PATH</c>.
    /// </summary>
    public static MkisofsDiskSource DiskSource(string option, string argument)
    {
        const string Prefix = "--interval:";
        if (!argument.StartsWith(Prefix, StringComparison.Ordinal))
        {
            if (argument.Length == 0)
                throw Bad(option, argument, "give the path of a file on disk");
            return new(argument, argument, null);
        }
        MkisofsDiskInterval interval = Interval(option, argument, argument[Prefix.Length..]);
        return new(argument, interval.Path, interval);
    }

    private static MkisofsDiskInterval Interval(string option, string argument, string description)
    {
        // FLAGS:INTERVAL:ZEROIZERS:SOURCE; the source is the rest and may contain ':'.
        string[] parts = description.Split(':', 4);
        if (parts.Length < 4)
            throw Bad(option, argument, "an interval reads --interval:local_fs:START-END:ZEROIZERS:PATH (e.g. --interval:local_fs:0-32767::/tmp/mbr.img)");
        if (parts[0].StartsWith("imported_iso", StringComparison.Ordinal))
            throw new MkisofsUsageException(MkisofsRefusal.Declined, option,
                $"{option} '{argument}': imported_iso reads from xorriso's input image, which IsoBuild's mkisofs does not have; give the image file with --interval:local_fs:…:PATH");
        if (!parts[0].StartsWith("local_fs", StringComparison.Ordinal))
            throw Bad(option, argument, "the interval's first part must be local_fs (an interval of a file on disk)");
        (long start, long end) = ByteRange(option, argument, parts[1]);
        if (end < start)
            throw Bad(option, argument, "the interval ends before it starts");
        bool mbr = false, gpt = false, apm = false;
        var ranges = new List<(long, long)>();
        foreach (string zeroizer in parts[2].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            switch (zeroizer)
            {
                case "zero_mbrpt": mbr = true; break;
                case "zero_gpt": gpt = true; break;
                case "zero_apm": apm = true; break;
                default: ranges.Add(ByteRange(option, argument, zeroizer)); break;
            }
        }
        if (parts[3].Length == 0)
            throw Bad(option, argument, "the interval's last part must be the path of the file to read");
        return new(parts[3], start, end, mbr, gpt, apm, [.. ranges]);
    }

    /// <summary>START-END in bytes; numbers may be scaled by k, m, g, t (1024…), s (2048) or d (512); a scaled end is the last byte of its unit.</summary>
    private static (long Start, long End) ByteRange(string option, string argument, string text)
    {
        int dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || dash == text.Length - 1)
            throw Bad(option, argument, $"'{text}' is no byte range: give START-END, e.g. 0-32767 or 0s-15s");
        return (ScaledNumber(option, argument, text[..dash], end: false), ScaledNumber(option, argument, text[(dash + 1)..], end: true));
    }

    private static long ScaledNumber(string option, string argument, string text, bool end)
    {
        long unit = text[^1] switch
        {
            'k' or 'K' => 1024L,
            'm' or 'M' => 1024L * 1024,
            'g' or 'G' => 1024L * 1024 * 1024,
            't' or 'T' => 1024L * 1024 * 1024 * 1024,
            's' or 'S' => 2048,
            'd' or 'D' => 512,
            _ => 1,
        };
        string digits = unit == 1 ? text : text[..^1];
        const long Max = 281474976710655; // xorriso's limit, 2^48 − 1
        if (digits.Length is 0 or > 15 || digits.AsSpan().IndexOfAnyExceptInRange('0', '9') >= 0
            || long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture) > Max / unit)
            throw Bad(option, argument, $"'{text}' is no byte number: give digits with an optional unit k, m, g, t, s (2048) or d (512)");
        long n = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        return end && unit > 1 ? (n * unit) + unit - 1 : n * unit;
    }

    /// <summary>
    /// A permission mode for -file-mode and -dir-mode: octal with a leading 0 (0644), or chmod's symbolic
    /// <c>[ugoa]*[+-=][rwxst]*</c> list. Like xorriso, the result is an exact mode: the bits the text sets.
    /// </summary>
    public static int Mode(string option, string text)
    {
        const string Hint = "give an octal mode with a leading 0 (0644) or a symbolic one (a+r,u+w)";
        if (text.StartsWith('0'))
        {
            if (text.Length > 7 || text.AsSpan().IndexOfAnyExceptInRange('0', '7') >= 0)
                throw Bad(option, text, Hint);
            return Convert.ToInt32(text, 8);
        }
        if (text.AsSpan().IndexOfAny("+-=") < 0)
            throw Bad(option, text, Hint);
        int mode = 0;
        foreach (string clause in text.Split(','))
        {
            int op = clause.AsSpan().IndexOfAny("+-=");
            if (clause.Length < 2 || op < 0)
                throw Bad(option, text, Hint);
            int who = 0;
            foreach (char c in clause.AsSpan(0, op))
            {
                who |= c switch { 'u' => 4, 'g' => 2, 'o' => 1, 'a' => 7, _ => throw Bad(option, text, Hint) };
            }
            int bits = 0;
            foreach (char c in clause.AsSpan(op + 1))
            {
                bits |= c switch
                {
                    'r' => Spread(who, 4),
                    'w' => Spread(who, 2),
                    'x' => Spread(who, 1),
                    's' => ((who & 4) != 0 ? 0x800 : 0) | ((who & 2) != 0 ? 0x400 : 0),
                    't' => (who & 1) != 0 ? 0x200 : 0,
                    _ => throw Bad(option, text, Hint),
                };
            }
            switch (clause[op])
            {
                case '+': mode |= bits; break;
                case '-': mode &= ~bits; break;
                default:
                    int mask = ((who & 1) != 0 ? 0x7 | 0x200 : 0) | ((who & 2) != 0 ? 0x38 | 0x400 : 0) | ((who & 4) != 0 ? 0x1C0 | 0x800 : 0);
                    mode = (mode & ~mask) | bits;
                    break;
            }
        }
        return mode;

        // A permission bit (4 r, 2 w, 1 x) for each of user, group, others named in who (4 u, 2 g, 1 o).
        static int Spread(int who, int bit) => ((who & 4) != 0 ? bit << 6 : 0) | ((who & 2) != 0 ? bit << 3 : 0) | ((who & 1) != 0 ? bit : 0);
    }

    /// <summary>--modification-date: YYYYMMDDhhmmsscc, a real date from 1970 on, in UTC.</summary>
    public static DateTimeOffset ModificationDate(string option, string text)
    {
        if (text.Length == 16 && text.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0
            && DateTime.TryParseExact(text[..14], "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime time)
            && time.Year is >= 1970 and <= 2999)
            return new DateTimeOffset(time, TimeSpan.Zero).AddMilliseconds(10 * int.Parse(text.AsSpan(14), CultureInfo.InvariantCulture));
        throw Bad(option, text, "give 16 digits YYYYMMDDhhmmsscc (UTC, the last two are hundredths of a second), e.g. 2024010112000000");
    }

    /// <summary>-eltorito-platform: x86, PPC, Mac, efi, 0xNN or a decimal number up to 255.</summary>
    public static byte Platform(string option, string text)
    {
        switch (text)
        {
            case "x86": return MkisofsBootEntry.PlatformX86;
            case "PPC": return MkisofsBootEntry.PlatformPowerPC;
            case "Mac": return MkisofsBootEntry.PlatformMac;
            case "efi": return MkisofsBootEntry.PlatformEfi;
        }
        if (text.StartsWith("0x", StringComparison.Ordinal) && text.Length is > 2 and <= 4
            && byte.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte hex))
            return hex;
        // xorriso takes a decimal number only as it prints it back: no leading zeros, no sign.
        if (byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out byte dec) && dec.ToString(CultureInfo.InvariantCulture) == text)
            return dec;
        throw Bad(option, text, "give x86, PPC, Mac, efi, a number 0…255 or 0x00…0xff");
    }

    /// <summary>Hex digits, an even number of them, at most <paramref name="maxBytes"/> bytes.</summary>
    public static ValueList<byte>? HexBytes(string text, int maxBytes) =>
        text.Length > 0 && text.Length % 2 == 0 && text.Length <= 2 * maxBytes && !text.AsSpan().ContainsAnyExcept(s_hexDigits)
            ? [.. Convert.FromHexString(text)]
            : null;

    /// <summary>-eltorito-id: 56 hex digits are 28 bytes; any other text is taken as its first 28 bytes (UTF-8).</summary>
    public static ValueList<byte> ElToritoId(string text)
    {
        const int Length = 28;
        if (text.Length == 2 * Length && HexBytes(text, Length) is { } bytes)
            return bytes;
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        return [.. utf8.AsSpan(0, Math.Min(utf8.Length, Length))];
    }

    /// <summary>A descriptor string within xorriso's length limit (in bytes).</summary>
    public static string Text(string option, string value, int maxBytes)
    {
        int length = Encoding.UTF8.GetByteCount(value);
        if (length > maxBytes)
            throw Bad(option, value, $"at most {maxBytes} bytes are allowed, this is {length}");
        return value;
    }

    /// <summary>-uid/-gid: a number. Names are refused: they would depend on the build machine's user database.</summary>
    public static uint? Owner(string option, string text)
    {
        if (text is "" or "-")
            return null; // xorriso: revoke
        if (text.Length <= 10 && text.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0 && uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint id))
            return id;
        throw Bad(option, text, "give a number (IsoBuild does not look names up: the image must not depend on the build machine's user database)");
    }
}
