using System.Globalization;

namespace IsoBuild.Iso9660;

/// <summary>The two date formats of ECMA-119: 7-byte directory record dates (9.1.5) and 17-byte volume dates (8.4.26.1).</summary>
internal static class IsoDate
{
    public const int RecordDateLength = 7;
    public const int VolumeDateLength = 17;

    /// <summary>Writes a directory record date in UTC (offset 0). Years 1900–2155.</summary>
    public static void WriteRecordDate(Span<byte> destination, DateTimeOffset time)
    {
        DateTime utc = time.UtcDateTime;
        destination[0] = checked((byte)(utc.Year - 1900));
        destination[1] = (byte)utc.Month;
        destination[2] = (byte)utc.Day;
        destination[3] = (byte)utc.Hour;
        destination[4] = (byte)utc.Minute;
        destination[5] = (byte)utc.Second;
        destination[6] = 0;
    }

    public static DateTimeOffset? ReadRecordDate(ReadOnlySpan<byte> source)
    {
        if (source[..6].IndexOfAnyExcept((byte)0) < 0)
            return null;
        try
        {
            var local = new DateTime(1900 + source[0], source[1], source[2], source[3], source[4], source[5], DateTimeKind.Unspecified);
            var offset = TimeSpan.FromMinutes(15 * (sbyte)source[6]);
            return new DateTimeOffset(local, offset);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Writes "YYYYMMDDHHMMSScc" and a zero offset byte; <c>null</c> writes the "not specified" form.</summary>
    public static void WriteVolumeDate(Span<byte> destination, DateTimeOffset? time)
    {
        if (time is null)
        {
            destination[..16].Fill((byte)'0');
            destination[16] = 0;
            return;
        }
        DateTime utc = time.Value.UtcDateTime;
        string text = utc.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + (utc.Millisecond / 10).ToString("00", CultureInfo.InvariantCulture);
        for (int i = 0; i < 16; i++)
            destination[i] = (byte)text[i];
        destination[16] = 0;
    }

    /// <summary>A 17-byte date, or null when it is not specified or no date (a hostile offset or year must not throw).</summary>
    public static DateTimeOffset? ReadVolumeDate(ReadOnlySpan<byte> source)
    {
        Span<char> chars = stackalloc char[16];
        for (int i = 0; i < 16; i++)
            chars[i] = (char)source[i];
        if (!DateTime.TryParseExact(chars[..14], "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime local))
            return null;
        int hundredths = int.TryParse(chars[14..], NumberStyles.None, CultureInfo.InvariantCulture, out int h) ? h : 0;
        try
        {
            return new DateTimeOffset(local.AddMilliseconds(hundredths * 10), TimeSpan.FromMinutes(15 * (sbyte)source[16]));
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
