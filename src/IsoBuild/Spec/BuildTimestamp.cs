using System.Globalization;

namespace IsoBuild.Spec;

/// <summary>
/// The one timestamp every date in an image derives from: <c>SOURCE_DATE_EPOCH</c> when set, else the explicit option,
/// else <see cref="Default"/>.
/// </summary>
public static class BuildTimestamp
{
    /// <summary>The fixed default when neither SOURCE_DATE_EPOCH nor an option is given: 1980-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset Default = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The earliest timestamp accepted (FAT and most readers cannot go earlier).</summary>
    public static readonly DateTimeOffset Minimum = Default;

    /// <summary>The latest timestamp accepted (ECMA-119 directory record dates end in 2155).</summary>
    public static readonly DateTimeOffset Maximum = new(2155, 12, 31, 23, 59, 59, TimeSpan.Zero);

    /// <summary>The name of the environment variable of the reproducible-builds convention.</summary>
    public const string SourceDateEpochVariable = "SOURCE_DATE_EPOCH";

    /// <summary>Resolves the build timestamp.</summary>
    /// <param name="option">The explicit option (Unix seconds or an ISO 8601 date), or null.</param>
    /// <param name="sourceDateEpoch">The value of SOURCE_DATE_EPOCH, or null when unset.</param>
    public static DateTimeOffset Resolve(string? option, string? sourceDateEpoch)
    {
        if (!string.IsNullOrWhiteSpace(sourceDateEpoch))
            return Parse(sourceDateEpoch, ImageSetting.SourceDateEpoch);
        if (!string.IsNullOrWhiteSpace(option))
            return Parse(option, ImageSetting.Timestamp);
        return Default;
    }

    /// <summary>Parses Unix seconds or an ISO 8601 date (without an offset it is taken as UTC).</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="setting">The setting the text was given for, named in an error (the timestamp when null).</param>
    public static DateTimeOffset Parse(string text, ImageSetting? setting = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        DateTimeOffset value;
        if (long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long seconds))
        {
            if (seconds < Minimum.ToUnixTimeSeconds() || seconds > Maximum.ToUnixTimeSeconds())
                ThrowOutOfRange(text, setting ?? ImageSetting.Timestamp);
            value = DateTimeOffset.FromUnixTimeSeconds(seconds);
        }
        else if (!DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value))
        {
            IsoBuildException.Throw(ErrorCodes.InvalidTimestamp,
                $"The {(setting ?? ImageSetting.Timestamp).Named()} '{text}' is not a date: give Unix seconds (1700000000) or an ISO 8601 date (2024-05-01T12:00:00Z).");
        }
        if (value < Minimum || value > Maximum)
            ThrowOutOfRange(text, setting ?? ImageSetting.Timestamp);
        // Image dates have whole seconds (directory records) or hundredths (volume descriptors): keep whole seconds
        // so every date in the image says the same.
        return new DateTimeOffset(value.UtcTicks - value.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }

    private static void ThrowOutOfRange(string text, ImageSetting setting) =>
        IsoBuildException.Throw(ErrorCodes.InvalidTimestamp,
            $"The {setting.Named()} '{text}' is out of range: image dates must lie between 1980-01-01 and 2155-12-31 (UTC).");
}
