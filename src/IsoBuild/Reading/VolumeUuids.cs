using System.Text;
using IsoBuild.Iso9660;
using IsoBuild.Sectors;

namespace IsoBuild.Reading;

/// <summary>
/// The UUID of a volume as the two readers that matter compute it. Both print the 16 characters of a volume date
/// as <c>YYYY-MM-DD-HH-MM-SS-cc</c>, but they pick the date differently, so for other writers' images they may differ.
/// </summary>
internal static class VolumeUuids
{
    private const int DateDigits = 16;
    private const int OffsetByte = 16;

    /// <summary>
    /// libblkid (superblocks/iso9660.c), and so udev's <c>/dev/disk/by-uuid</c>: the primary descriptor's modification
    /// date, unless it is "not specified" (sixteen '0' characters and a zero offset, ECMA-119 8.4.26.1); then the
    /// creation date, unless that is not specified either; then none.
    /// </summary>
    public static string? AsBlkidReadsIt(ImageSource source, VolumeDescriptor primary)
    {
        byte[] sector = Sector(source, primary);
        foreach (int offset in new[] { VolumeDescriptor.ModificationDateOffset, VolumeDescriptor.CreationDateOffset })
        {
            ReadOnlySpan<byte> date = sector.AsSpan(offset, IsoDate.VolumeDateLength);
            if (date[..DateDigits].IndexOfAnyExcept((byte)'0') >= 0 || date[OffsetByte] != 0)
                return Text(date);
        }
        return null;
    }

    /// <summary>
    /// GRUB (grub-core/fs/iso9660.c, <c>search --fs-uuid</c>, <c>probe --fs-uuid</c>): the modification date of the
    /// descriptor it mounts, which is the Joliet one (escape sequence at the field's start) when the primary's root
    /// carries no SUSP "ER" entry; none when those 16 bytes are all zero bytes. GRUB never falls back to the creation date.
    /// </summary>
    public static string? AsGrubReadsIt(ImageSource source, VolumeDescriptorSet descriptors, bool rockRidgeExtensionInRoot)
    {
        byte[] mounted = Sector(source, descriptors.Primary);
        if (!rockRidgeExtensionInRoot && descriptors.Joliet is { } joliet && Sector(source, joliet) is var jolietSector && GrubTakesForJoliet(jolietSector))
            mounted = jolietSector;
        ReadOnlySpan<byte> date = mounted.AsSpan(VolumeDescriptor.ModificationDateOffset, IsoDate.VolumeDateLength);
        return date[..DateDigits].IndexOfAnyExcept((byte)0) < 0 ? null : Text(date);
    }

    /// <summary>The descriptor's sector as recorded: the readers look at its bytes, not at the dates they encode.</summary>
    private static byte[] Sector(ImageSource source, VolumeDescriptor descriptor)
    {
        byte[] sector = new byte[VolumeDescriptor.Size];
        source.ReadExactly((long)descriptor.Sector * ImageSource.SectorSize, sector, ErrorCodes.MalformedVolumeDescriptor, "A volume descriptor");
        return sector;
    }

    private static bool GrubTakesForJoliet(ReadOnlySpan<byte> descriptor)
    {
        ReadOnlySpan<byte> escape = descriptor.Slice(VolumeDescriptor.EscapeSequencesOffset, 3);
        return escape[0] == '%' && escape[1] == '/' && escape[2] is (byte)'@' or (byte)'C' or (byte)'E';
    }

    /// <summary>The 16 characters of the date as the readers print them; bytes that are no printable ASCII show as '?'.</summary>
    private static string Text(ReadOnlySpan<byte> date)
    {
        var text = new StringBuilder(22);
        for (int i = 0; i < DateDigits; i++)
        {
            if (i is 4 or 6 or 8 or 10 or 12 or 14)
                text.Append('-');
            text.Append(date[i] is >= 0x20 and < 0x7F ? (char)date[i] : '?');
        }
        return text.ToString();
    }
}
