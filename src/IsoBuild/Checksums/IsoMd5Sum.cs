using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace IsoBuild.Checksums;

/// <summary>What checking an image's isomd5sum record found.</summary>
/// <param name="Record">The record, or null when the image has none.</param>
/// <param name="Passed">True when the image matches it.</param>
/// <param name="Problem">Why it does not: the damaged fragment's byte range, or the whole-image MD5; null when it passed.</param>
internal sealed record IsoMd5SumCheck(IsoMd5SumRecord? Record, bool Passed, string? Problem);

/// <summary>
/// The isomd5sum scheme (implantisomd5 / checkisomd5, which Fedora, RHEL and their derivatives check at boot):
/// computed, implanted and checked bit for bit as isomd5sum 1.2.3 does.
/// </summary>
/// <remarks>
/// <para>
/// The MD5 covers the image from byte 0 up to its last 15 sectors, the image's size being the primary volume
/// descriptor's volume space size; the application use area that holds the record reads as spaces. The image is read
/// in 32 KiB pieces; whenever a piece starts in a new twenty-first of the covered range, the MD5 so far (that piece
/// included) gives the next fragment sum: for each of its first 3 bytes the first digit of the byte in hex without
/// leading zero (printf "%01x"). checkisomd5 compares each fragment sum where it expects it, so a record is only
/// useful when every fragment is at least 32 KiB long and the sums come out 20; IsoBuild refuses to implant into
/// images too small for that (about 700 KiB), where implantisomd5 would write a record checkisomd5 rejects.
/// </para>
/// <para>
/// libisofs MD5 tags cover the primary volume descriptor, and the isomd5sum MD5 covers the tags: an image can carry
/// only one of the two schemes correctly.
/// </para>
/// </remarks>
internal static class IsoMd5Sum
{
    public const int SkipSectors = 15;
    public const int FragmentCount = 20;
    public const int FragmentSumLength = 60;

    /// <summary>checkisomd5 and implantisomd5 read 16 sectors at a time; the fragment sums depend on it.</summary>
    private const int ReadSize = 16 * SectorSize;

    private const int SectorSize = 2048;
    private const long PrimaryDescriptorOffset = 16 * SectorSize;

    /// <summary>ECMA-119 8.4.8: the volume space size, big-endian half (what isomd5sum reads).</summary>
    private const int VolumeSpaceSizeBigEndianOffset = 84;

    /// <summary>Computes the record for <paramref name="image"/> (readable, seekable) without changing it.</summary>
    /// <exception cref="IsoBuildException">ISO0811 when the image is not suitable (no primary volume descriptor at sector 16, too small, truncated).</exception>
    public static IsoMd5SumRecord Compute(Stream image, bool supported = false, CancellationToken cancellationToken = default)
    {
        long volumeBytes = ReadVolumeBytes(image, ErrorCodes.ImplantedMd5Unusable);
        long covered = volumeBytes - SkipSectors * (long)SectorSize;
        if (covered / (FragmentCount + 1) < ReadSize)
        {
            IsoBuildException.Throw(ErrorCodes.ImplantedMd5Unusable, string.Create(CultureInfo.InvariantCulture,
                $"The image is {volumeBytes} bytes; an isomd5sum checksum needs at least {(FragmentCount + 1L) * ReadSize + SkipSectors * SectorSize} bytes (21 fragments of 32 KiB and 15 sectors that are not checked)."));
        }
        if (image.Length < covered)
        {
            IsoBuildException.Throw(ErrorCodes.ImplantedMd5Unusable, string.Create(CultureInfo.InvariantCulture,
                $"The image is {image.Length} bytes, shorter than the {volumeBytes} bytes its volume descriptor gives: it is truncated."));
        }
        var sums = new StringBuilder(FragmentSumLength);
        string md5 = Hash(image, covered, FragmentCount, (fragment, digest) =>
        {
            AppendFragmentSum(sums, digest, FragmentSumLength / FragmentCount);
            return true;
        }, cancellationToken);
        if (sums.Length != FragmentSumLength)
        {
            IsoBuildException.Throw(ErrorCodes.ImplantedMd5Unusable, string.Create(CultureInfo.InvariantCulture,
                $"The image's size ({volumeBytes} bytes) gives {sums.Length / 3} isomd5sum fragment sums instead of {FragmentCount}, which checkisomd5 would reject; one sector more or less avoids it."));
        }
        return new IsoMd5SumRecord(md5, SkipSectors, supported ? 1 : 0, sums.ToString(), FragmentCount);
    }

    /// <summary>
    /// Computes the record and writes it into the primary volume descriptor's application use area of
    /// <paramref name="image"/> (readable, writable, seekable): what <c>implantisomd5 [-f]</c> does.
    /// </summary>
    /// <param name="image">The whole image.</param>
    /// <param name="supported">RHLISOSTATUS=1 (implantisomd5 --supported-iso).</param>
    /// <param name="overwrite">Replace whatever the area holds (implantisomd5 -f); otherwise only a blank area (spaces or zeros) or an earlier record is replaced.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <exception cref="IsoBuildException">ISO0811 when the area holds other data and <paramref name="overwrite"/> is false, or the image is not suitable.</exception>
    public static IsoMd5SumRecord Implant(Stream image, bool supported = false, bool overwrite = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        byte[] area = ReadApplicationUse(image);
        bool blank = !area.AsSpan().ContainsAnyExcept((byte)' ') || !area.AsSpan().ContainsAnyExcept((byte)0);
        if (!overwrite && !blank && IsoMd5SumRecord.Parse(area) is null)
        {
            IsoBuildException.Throw(ErrorCodes.ImplantedMd5Unusable,
                "The application use area of the primary volume descriptor holds other data; an isomd5sum checksum would replace it.");
        }
        IsoMd5SumRecord record = Compute(image, supported, cancellationToken);
        image.Position = PrimaryDescriptorOffset + IsoMd5SumRecord.ApplicationUseOffset;
        image.Write(record.ToApplicationUse());
        return record;
    }

    /// <summary>The image's isomd5sum record, or null when it has none.</summary>
    public static IsoMd5SumRecord? ReadRecord(Stream image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return image.Length < PrimaryDescriptorOffset + SectorSize ? null : IsoMd5SumRecord.Parse(ReadApplicationUse(image));
    }

    /// <summary>Checks <paramref name="image"/> against its record as checkisomd5 does: fragment by fragment, then the whole MD5.</summary>
    public static IsoMd5SumCheck Check(Stream image, CancellationToken cancellationToken = default)
    {
        IsoMd5SumRecord? record = ReadRecord(image);
        if (record is null)
            return new IsoMd5SumCheck(null, false, null);
        long volumeBytes = ReadVolumeBytes(image, ErrorCodes.ImplantedMd5Mismatch);
        long covered = volumeBytes - record.SkipSectors * SectorSize;
        long fragmentSize = record.FragmentCount > 0 ? covered / (record.FragmentCount + 1) : 0;
        if (covered <= 0 || (record.FragmentCount > 0 && fragmentSize == 0))
            return new IsoMd5SumCheck(record, false, $"the record covers {covered} bytes of an image of {volumeBytes} bytes");
        int perFragment = record.FragmentCount > 0 ? FragmentSumLength / record.FragmentCount : 0;
        string? problem = null;
        string md5 = Hash(image, covered, record.FragmentCount, (fragment, digest) =>
        {
            var sum = new StringBuilder(perFragment);
            AppendFragmentSum(sum, digest, perFragment);
            int at = (fragment - 1) * perFragment;
            bool same = at >= 0 && at + sum.Length <= record.FragmentSums.Length &&
                record.FragmentSums.AsSpan(at, sum.Length).SequenceEqual(sum.ToString());
            if (!same)
            {
                problem = string.Create(CultureInfo.InvariantCulture,
                    $"fragment {fragment} of {record.FragmentCount} (bytes {(fragment - 1) * fragmentSize}..{fragment * fragmentSize - 1}, sectors {(fragment - 1) * fragmentSize / SectorSize}..{(fragment * fragmentSize - 1) / SectorSize}) does not match its fragment sum");
            }
            return same;
        }, cancellationToken);
        if (problem is not null)
            return new IsoMd5SumCheck(record, false, problem);
        if (!string.Equals(md5, record.Md5, StringComparison.Ordinal))
        {
            return new IsoMd5SumCheck(record, false, string.Create(CultureInfo.InvariantCulture,
                $"the MD5 of bytes 0..{covered - 1} is {md5}, the record says {record.Md5}"));
        }
        return new IsoMd5SumCheck(record, true, null);
    }

    /// <summary>
    /// The MD5 of the first <paramref name="covered"/> bytes with the record's area as spaces, read in 32 KiB pieces;
    /// <paramref name="onFragment"/> gets the digest so far whenever a piece starts in a new fragment and can stop
    /// the reading by returning false.
    /// </summary>
    private static string Hash(Stream image, long covered, int fragmentCount, Func<int, byte[], bool> onFragment, CancellationToken cancellationToken)
    {
        long fragmentSize = fragmentCount > 0 ? covered / (fragmentCount + 1) : 0;
        long areaStart = PrimaryDescriptorOffset + IsoMd5SumRecord.ApplicationUseOffset;
        using var md5 = Md5.Create();
        byte[] buffer = new byte[ReadSize];
        long previous = 0;
        image.Position = 0;
        for (long offset = 0; offset < covered;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int want = (int)Math.Min(covered - offset, ReadSize);
            int n = image.ReadAtLeast(buffer.AsSpan(0, want), want, throwOnEndOfStream: false);
            if (n <= 0)
                break;
            long from = Math.Max(areaStart, offset);
            long to = Math.Min(areaStart + IsoMd5SumRecord.ApplicationUseLength, offset + n);
            if (from < to)
                buffer.AsSpan((int)(from - offset), (int)(to - from)).Fill((byte)' ');
            md5.AppendData(buffer, 0, n);
            if (fragmentCount > 0)
            {
                long fragment = offset / fragmentSize;
                if (fragment != previous)
                {
                    if (!onFragment((int)fragment, md5.GetCurrentHash()))
                        return string.Empty;
                    previous = fragment;
                }
            }
            offset += n;
        }
        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }

    /// <summary>isomd5sum's validate_fragment: printf("%01x", byte) and its first character, for each byte.</summary>
    private static void AppendFragmentSum(StringBuilder sums, byte[] digest, int bytes)
    {
        for (int i = 0; i < Math.Min(bytes, digest.Length); i++)
        {
            int b = digest[i];
            sums.Append("0123456789abcdef"[b < 16 ? b : b >> 4]);
        }
    }

    private static byte[] ReadApplicationUse(Stream image)
    {
        byte[] area = new byte[IsoMd5SumRecord.ApplicationUseLength];
        image.Position = PrimaryDescriptorOffset + IsoMd5SumRecord.ApplicationUseOffset;
        image.ReadExactly(area);
        return area;
    }

    private static long ReadVolumeBytes(Stream image, string code)
    {
        Span<byte> descriptor = stackalloc byte[SectorSize];
        image.Position = PrimaryDescriptorOffset;
        if (image.ReadAtLeast(descriptor, SectorSize, throwOnEndOfStream: false) < SectorSize ||
            descriptor[0] != 1 || !descriptor[1..6].SequenceEqual("CD001"u8))
        {
            IsoBuildException.Throw(code, "Sector 16 of the image is not a primary volume descriptor, where isomd5sum looks for its record.");
        }
        return BinaryPrimitives.ReadUInt32BigEndian(descriptor[VolumeSpaceSizeBigEndianOffset..]) * (long)SectorSize;
    }
}
