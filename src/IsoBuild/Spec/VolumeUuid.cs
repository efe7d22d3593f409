using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace IsoBuild.Spec;

/// <summary>
/// The UUID Linux and GRUB identify an ISO 9660 volume by: blkid and udev (<c>/dev/disk/by-uuid/…</c>), GRUB's
/// <c>search --fs-uuid</c>, dracut's and casper's live-media lookup. It is not stored as such: it is the volume
/// modification date of the primary volume descriptor, its digits written <c>YYYY-MM-DD-HH-MM-SS-cc</c> (cc are
/// hundredths of a second), which is how every one of those readers prints and compares it.
/// </summary>
/// <remarks>
/// An image gets a UUID derived from its content and options unless one is given (<see cref="ImageSpec.VolumeUuid"/>);
/// docs/determinism.md gives the rule.
/// </remarks>
public sealed class VolumeUuid : IEquatable<VolumeUuid>
{
    private const int DashedLength = 22;
    private const int DigitsLength = 16;

    private VolumeUuid(DateTimeOffset date) => Date = date;

    /// <summary>The volume modification date that records the UUID: UTC, in whole hundredths of a second.</summary>
    public DateTimeOffset Date { get; }

    /// <summary>
    /// The UUID that a volume modification date of <paramref name="date"/> gives (converted to UTC, cut to the
    /// hundredth of a second, as ECMA-119 8.4.26.1 records it).
    /// </summary>
    public static VolumeUuid FromDate(DateTimeOffset date)
    {
        const long TicksPerHundredth = TimeSpan.TicksPerMillisecond * 10;
        return new VolumeUuid(new DateTimeOffset(date.UtcTicks - date.UtcTicks % TicksPerHundredth, TimeSpan.Zero));
    }

    /// <summary>
    /// Parses a UUID as blkid and GRUB print it (<c>2024-05-01-12-00-00-00</c>) or as the 16 digits of the date
    /// (<c>2024050112000000</c>, the form of xorriso's <c>-volume_date uuid</c> and mkisofs' <c>--modification-date</c>).
    /// </summary>
    /// <exception cref="IsoBuildException">ISO0020 when the text is neither form or not a real date.</exception>
    public static VolumeUuid Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryParse(text, out VolumeUuid? uuid))
        {
            IsoBuildException.Throw(ErrorCodes.InvalidVolumeUuid,
                $"The {ImageSetting.VolumeUuid.Named()} '{text}' is not a volume UUID: give the date it stands for as blkid shows it, YYYY-MM-DD-HH-MM-SS-cc with cc the hundredths (2024-05-01-12-00-00-00), or as 16 digits (2024050112000000); it must be a real date and time.");
        }
        return uuid;
    }

    /// <summary>Parses like <see cref="Parse"/>, without throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out VolumeUuid? uuid)
    {
        uuid = null;
        if (text is null)
            return false;
        ReadOnlySpan<char> t = text.AsSpan().Trim();
        Span<char> digits = stackalloc char[DigitsLength];
        if (t.Length == DashedLength)
        {
            // Four digits, then six pairs each after a dash.
            for (int i = 0, d = 0; i < t.Length; i++)
            {
                if (i >= 4 && (i - 4) % 3 == 0)
                {
                    if (t[i] != '-')
                        return false;
                    continue;
                }
                digits[d++] = t[i];
            }
        }
        else if (t.Length == DigitsLength)
        {
            t.CopyTo(digits);
        }
        else
        {
            return false;
        }
        if (digits.ContainsAnyExceptInRange('0', '9'))
            return false;
        int year = Number(digits, 0, 4), month = Number(digits, 4, 2), day = Number(digits, 6, 2), hour = Number(digits, 8, 2),
            minute = Number(digits, 10, 2), second = Number(digits, 12, 2), hundredths = Number(digits, 14, 2);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false;
        uuid = new VolumeUuid(new DateTimeOffset(year, month, day, hour, minute, second, hundredths * 10, TimeSpan.Zero));
        return true;
    }

    private static int Number(ReadOnlySpan<char> digits, int start, int length) =>
        int.Parse(digits.Slice(start, length), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>The UUID as blkid, udev and GRUB write it: <c>YYYY-MM-DD-HH-MM-SS-cc</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Date.Year:D4}-{Date.Month:D2}-{Date.Day:D2}-{Date.Hour:D2}-{Date.Minute:D2}-{Date.Second:D2}-{Date.Millisecond / 10:D2}");

    /// <inheritdoc />
    public bool Equals(VolumeUuid? other) => other is not null && Date.UtcTicks == other.Date.UtcTicks;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as VolumeUuid);

    /// <inheritdoc />
    public override int GetHashCode() => Date.UtcTicks.GetHashCode();
}
