using System.Buffers.Binary;

namespace IsoBuild.Udf;

/// <summary>ECMA-167 1/7.3: a 12-byte timestamp. Written as local time (type 1) with a UTC offset of 0.</summary>
internal static class UdfTimestamp
{
    public const int Length = 12;
    public const int TypeAndTimezoneOffset = 0;
    public const int YearOffset = 2;
    public const int MonthOffset = 4;
    public const int DayOffset = 5;
    public const int HourOffset = 6;
    public const int MinuteOffset = 7;
    public const int SecondOffset = 8;
    public const int CentisecondsOffset = 9;
    public const int HundredsOfMicrosecondsOffset = 10;
    public const int MicrosecondsOffset = 11;

    /// <summary>Type 1 (local time) in the top 4 bits; the timezone is the low 12 bits, signed minutes.</summary>
    private const ushort TypeLocal = 1 << 12;

    /// <summary>The value of the timezone field that means "not specified" (-2047).</summary>
    private const int TimezoneUnspecified = -2047;

    public static void Write(Span<byte> destination, DateTimeOffset time)
    {
        DateTime utc = time.UtcDateTime;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[TypeAndTimezoneOffset..], TypeLocal);
        BinaryPrimitives.WriteInt16LittleEndian(destination[YearOffset..], (short)utc.Year);
        destination[MonthOffset] = (byte)utc.Month;
        destination[DayOffset] = (byte)utc.Day;
        destination[HourOffset] = (byte)utc.Hour;
        destination[MinuteOffset] = (byte)utc.Minute;
        destination[SecondOffset] = (byte)utc.Second;
        long ticks = utc.Ticks % TimeSpan.TicksPerSecond;
        long micro = ticks / 10;
        destination[CentisecondsOffset] = (byte)(micro / 10_000);
        destination[HundredsOfMicrosecondsOffset] = (byte)(micro / 100 % 100);
        destination[MicrosecondsOffset] = (byte)(micro % 100);
    }

    /// <summary>Reads a timestamp; null when it is all zero or not a date.</summary>
    public static DateTimeOffset? Read(ReadOnlySpan<byte> source)
    {
        if (source[..Length].IndexOfAnyExcept((byte)0) < 0)
            return null;
        ushort typeAndZone = BinaryPrimitives.ReadUInt16LittleEndian(source[TypeAndTimezoneOffset..]);
        int zone = typeAndZone & 0x0FFF;
        if ((zone & 0x0800) != 0)
            zone -= 0x1000;
        int type = typeAndZone >> 12;
        if (zone == TimezoneUnspecified || type != 1 || zone < -1440 || zone > 1440)
            zone = 0;
        try
        {
            var local = new DateTime(BinaryPrimitives.ReadInt16LittleEndian(source[YearOffset..]), source[MonthOffset], source[DayOffset],
                source[HourOffset], source[MinuteOffset], source[SecondOffset], DateTimeKind.Unspecified);
            long micro = source[CentisecondsOffset] * 10_000L + source[HundredsOfMicrosecondsOffset] * 100L + source[MicrosecondsOffset];
            if (micro < 1_000_000)
                local = local.AddTicks(micro * 10);
            return new DateTimeOffset(local, TimeSpan.FromMinutes(zone));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
