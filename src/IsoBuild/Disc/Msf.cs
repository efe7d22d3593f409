using System.Globalization;

namespace IsoBuild.Disc;

/// <summary>
/// A CD address in minutes, seconds and frames (75 frames a second). Cue sheets write it in decimal, relative to
/// the start of their file; sector headers and the subchannel write it in BCD, as an absolute time that counts the
/// 150-sector (2-second) pregap of track 1, so LBA 0 is 00:02:00 (ECMA-130 14.2, 22.3.3).
/// </summary>
internal readonly record struct Msf(int Minute, int Second, int Frame)
{
    public const int FramesPerSecond = 75;
    public const int FramesPerMinute = 60 * FramesPerSecond;

    /// <summary>Sectors between absolute time 00:00:00 and LBA 0.</summary>
    public const int LbaOffset = 150;

    /// <summary>The largest frame count two-digit minutes hold (99:59:74).</summary>
    public const int MaxFrames = 100 * FramesPerMinute - 1;

    public int TotalFrames => Minute * FramesPerMinute + Second * FramesPerSecond + Frame;

    public static Msf FromFrames(long frames)
    {
        if (frames < 0 || frames > MaxFrames)
            throw new ArgumentOutOfRangeException(nameof(frames), frames, "An MSF time holds 0 to 99:59:74.");
        int f = (int)frames;
        return new Msf(f / FramesPerMinute, f / FramesPerSecond % 60, f % FramesPerSecond);
    }

    /// <summary>The absolute time of an LBA (LBA 0 is 00:02:00); LBAs before -150 or past 99:59:74 wrap as drives do.</summary>
    public static Msf FromLba(long lba)
    {
        long frames = lba + LbaOffset;
        frames %= MaxFrames + 1;
        if (frames < 0)
            frames += MaxFrames + 1;
        return FromFrames(frames);
    }

    /// <summary>Parses "mm:ss:ff" as cue sheets write it (decimal; seconds below 60, frames below 75).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Msf msf)
    {
        msf = default;
        Span<Range> parts = stackalloc Range[4];
        if (text.Split(parts, ':') != 3)
            return false;
        if (!TryPart(text[parts[0]], 3, out int m) || !TryPart(text[parts[1]], 2, out int s) || !TryPart(text[parts[2]], 2, out int f))
            return false;
        if (s >= 60 || f >= FramesPerSecond)
            return false;
        msf = new Msf(m, s, f);
        return true;
    }

    private static bool TryPart(ReadOnlySpan<char> part, int maxDigits, out int value)
    {
        value = 0;
        if (part.Length == 0 || part.Length > maxDigits || part.IndexOfAnyExceptInRange('0', '9') >= 0)
            return false;
        return int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>"mm:ss:ff" in decimal, as cue sheets want it.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Minute:00}:{Second:00}:{Frame:00}");

    public static byte ToBcd(int value) => (byte)(value / 10 << 4 | value % 10);

    /// <summary>The value of a BCD byte, or -1 when a nibble is not a decimal digit.</summary>
    public static int FromBcd(byte bcd) => (bcd >> 4) > 9 || (bcd & 0xF) > 9 ? -1 : (bcd >> 4) * 10 + (bcd & 0xF);

    public void WriteBcd(Span<byte> destination)
    {
        destination[0] = ToBcd(Minute);
        destination[1] = ToBcd(Second);
        destination[2] = ToBcd(Frame);
    }

    /// <summary>Reads a BCD time; null when a byte is not BCD or out of range.</summary>
    public static Msf? ReadBcd(ReadOnlySpan<byte> source)
    {
        int m = FromBcd(source[0]), s = FromBcd(source[1]), f = FromBcd(source[2]);
        if (m < 0 || s < 0 || f < 0 || s >= 60 || f >= FramesPerSecond)
            return null;
        return new Msf(m, s, f);
    }
}
