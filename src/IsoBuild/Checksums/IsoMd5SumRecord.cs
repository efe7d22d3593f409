using System.Globalization;
using System.Text;

namespace IsoBuild.Checksums;

/// <summary>
/// The isomd5sum record (implantisomd5 / checkisomd5 of Red Hat's isomd5sum): text in the 512-byte application use
/// area of the primary volume descriptor (ECMA-119 8.4.32, byte 883), padded with spaces:
/// <c>ISO MD5SUM = md5;SKIPSECTORS = 15;RHLISOSTATUS=0;FRAGMENT SUMS = 60 hex digits;FRAGMENT COUNT = 20;THIS IS NOT THE SAME AS RUNNING MD5SUM ON THIS ISO!!</c>
/// </summary>
/// <param name="Md5">The MD5 of the image up to its last <paramref name="SkipSectors"/> sectors, with this area read as spaces; 32 lower-case hex digits.</param>
/// <param name="SkipSectors">Sectors at the end left out (15: the last sectors of a burned CD may not read back).</param>
/// <param name="Supported">RHLISOSTATUS: 1 for a "supported" Red Hat image, else 0.</param>
/// <param name="FragmentSums">A hex digit per digest byte per fragment: how checkisomd5 stops at the first damaged fragment.</param>
/// <param name="FragmentCount">How many fragment sums there are (20).</param>
internal sealed record IsoMd5SumRecord(string Md5, long SkipSectors, int Supported, string FragmentSums, int FragmentCount)
{
    /// <summary>Where the application use area starts in the primary volume descriptor.</summary>
    public const int ApplicationUseOffset = 883;
    public const int ApplicationUseLength = 512;

    private const string Md5Key = "ISO MD5SUM = ";
    private const string SkipKey = "SKIPSECTORS = ";
    private const string SupportedKey = "RHLISOSTATUS=";
    private const string FragmentSumsKey = "FRAGMENT SUMS = ";
    private const string FragmentCountKey = "FRAGMENT COUNT = ";
    private const string Notice = "THIS IS NOT THE SAME AS RUNNING MD5SUM ON THIS ISO!!";
    private const int Md5Length = 32;

    /// <summary>The 512 bytes of the application use area, as implantisomd5 writes them.</summary>
    public byte[] ToApplicationUse()
    {
        string text = string.Create(CultureInfo.InvariantCulture,
            $"{Md5Key}{Md5};{SkipKey}{SkipSectors};{SupportedKey}{Supported};{FragmentSumsKey}{FragmentSums};{FragmentCountKey}{FragmentCount};{Notice}");
        byte[] area = new byte[ApplicationUseLength];
        area.AsSpan().Fill((byte)' ');
        if (Encoding.ASCII.GetBytes(text, area) >= ApplicationUseLength)
            throw new InvalidOperationException("The isomd5sum record does not fit the application use area.");
        return area;
    }

    /// <summary>
    /// Reads the record the way checkisomd5 does (parsepvd): fields in any order, the MD5 and SKIPSECTORS required,
    /// FRAGMENT COUNT 20 when absent. Null when the area holds no record.
    /// </summary>
    public static IsoMd5SumRecord? Parse(ReadOnlySpan<byte> applicationUse)
    {
        if (applicationUse.Length < ApplicationUseLength)
            return null;
        // checkisomd5 reads the area as a C string whose last byte it sets to NUL.
        string text = Encoding.Latin1.GetString(applicationUse[..(ApplicationUseLength - 1)]);
        int nul = text.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
            text = text[..nul];
        string? md5 = null;
        string sums = string.Empty;
        long? skip = null;
        long supported = 0;
        long count = IsoMd5Sum.FragmentCount;
        for (int i = 0; i < text.Length;)
        {
            ReadOnlySpan<char> rest = text.AsSpan(i);
            if (rest.StartsWith(Md5Key, StringComparison.Ordinal))
            {
                i += Md5Key.Length;
                if (i + Md5Length >= ApplicationUseLength || i + Md5Length > text.Length)
                    return null;
                md5 = text.Substring(i, Md5Length);
                i = SkipToSemicolon(text, i + Md5Length);
            }
            else if (MatchNumber(text, ref i, SkipKey, out long n))
            {
                skip = n;
            }
            else if (MatchNumber(text, ref i, SupportedKey, out n))
            {
                supported = n;
            }
            else if (rest.StartsWith(FragmentSumsKey, StringComparison.Ordinal))
            {
                i += FragmentSumsKey.Length;
                if (i + IsoMd5Sum.FragmentSumLength >= ApplicationUseLength)
                    return null;
                sums = text.Substring(i, Math.Min(IsoMd5Sum.FragmentSumLength, text.Length - i));
                i = SkipToSemicolon(text, i + IsoMd5Sum.FragmentSumLength);
            }
            else if (MatchNumber(text, ref i, FragmentCountKey, out n))
            {
                count = n;
            }
            i++;
        }
        if (md5 is null || skip is not long s || s < 0 || count is < 0 or > IsoMd5Sum.FragmentSumLength)
            return null;
        return new IsoMd5SumRecord(md5, s, (int)Math.Clamp(supported, int.MinValue, int.MaxValue), sums, (int)count);
    }

    private static int SkipToSemicolon(string text, int i)
    {
        while (i < text.Length && text[i] != ';')
            i++;
        return i;
    }

    /// <summary>A key followed by a decimal number that runs to the next ';' (strtol must consume all of it).</summary>
    private static bool MatchNumber(string text, ref int i, string key, out long number)
    {
        number = 0;
        if (!text.AsSpan(i).StartsWith(key, StringComparison.Ordinal))
            return false;
        int start = i + key.Length;
        int end = SkipToSemicolon(text, start);
        if (!long.TryParse(text.AsSpan(start, end - start), NumberStyles.AllowLeadingWhite | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))
            return false;
        i = end;
        return true;
    }
}
