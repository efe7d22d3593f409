using System.Buffers.Binary;
using IsoBuild.Spec;

namespace IsoBuild.Layout;

/// <summary>
/// The volume UUID an image gets when none is given. Linux and GRUB take the volume modification date for the
/// UUID, so images made with one timestamp (the default, or one <c>SOURCE_DATE_EPOCH</c> for a whole release)
/// would all share one: an installer image and a cloud-init seed attached to one machine, and udev's by-uuid link
/// or a GRUB that searches by UUID picks either.
/// </summary>
/// <remarks>
/// The modification date is the timestamp plus 0 to 59.99 seconds, in hundredths picked by the layout's identity
/// hash (names, kinds, sizes, modes, link targets, ids, options, timestamp). Every other date stays the timestamp,
/// and the modification date never lies before the creation date, so every date a reader shows stays sensible; equal
/// inputs give equal UUIDs anywhere. 6,000 values: two different images share one with a chance of 1 in 6,000.
/// </remarks>
internal static class VolumeIdentity
{
    /// <summary>How many UUIDs the derivation picks from: the hundredths of one minute.</summary>
    public const int DerivedUuidCount = 60 * 100;

    /// <summary>Where in the identity hash the pick is read (the disk signature and GPT GUIDs use other bytes).</summary>
    private const int HashOffset = 24;

    public static VolumeUuid DerivedUuid(DateTimeOffset timestamp, ReadOnlySpan<byte> identityHash)
    {
        uint pick = BinaryPrimitives.ReadUInt32LittleEndian(identityHash[HashOffset..]) % DerivedUuidCount;
        return VolumeUuid.FromDate(timestamp.AddTicks(pick * 10 * TimeSpan.TicksPerMillisecond));
    }

    /// <summary>
    /// Whether a volume modification date reads as <paramref name="uuid"/>: blkid and GRUB take its digits, the
    /// clock time as written, whatever its time zone.
    /// </summary>
    public static bool ReadsAs(DateTimeOffset modified, VolumeUuid uuid) =>
        VolumeUuid.FromDate(new DateTimeOffset(modified.DateTime, TimeSpan.Zero)).Equals(uuid);
}
