using IsoBuild.Iso9660;

namespace IsoBuild.RockRidge;

/// <summary>
/// RRIP 4.1.1 "PX": POSIX file mode, link count, owner, group and (RRIP 1.12) file serial number, each both-endian.
/// RRIP 1.09 writers leave out the serial number.
/// </summary>
/// <param name="Mode">st_mode: file type and permission bits.</param>
/// <param name="Links">st_nlink.</param>
/// <param name="UserId">st_uid.</param>
/// <param name="GroupId">st_gid.</param>
/// <param name="Serial">st_ino, or null for the RRIP 1.09 form without it.</param>
internal readonly record struct PosixAttributesEntry(uint Mode, uint Links, uint UserId, uint GroupId, uint? Serial)
{
    public const int Length = SuspEntry.HeaderLength + 40;
    public const int LengthWithoutSerial = SuspEntry.HeaderLength + 32;
    private const int ModeOffset = 0;
    private const int LinksOffset = 8;
    private const int UserIdOffset = 16;
    private const int GroupIdOffset = 24;
    private const int SerialOffset = 32;

    public byte[] Write()
    {
        byte[] e = new byte[Serial is null ? LengthWithoutSerial : Length];
        Write(e);
        return e;
    }

    /// <summary>Writes the entry at the start of <paramref name="destination"/>; returns its length.</summary>
    public int Write(Span<byte> destination)
    {
        int length = Serial is null ? LengthWithoutSerial : Length;
        Span<byte> e = destination[..length];
        e.Clear();
        SuspEntry.WriteHeader(e, SuspSignature.PosixAttributes, length);
        Span<byte> d = e[SuspEntry.HeaderLength..];
        BothEndian.WriteUInt32(d[ModeOffset..], Mode);
        BothEndian.WriteUInt32(d[LinksOffset..], Links);
        BothEndian.WriteUInt32(d[UserIdOffset..], UserId);
        BothEndian.WriteUInt32(d[GroupIdOffset..], GroupId);
        if (Serial is uint serial)
            BothEndian.WriteUInt32(d[SerialOffset..], serial);
        return length;
    }

    /// <summary>
    /// Reads a PX entry (header included), the little-endian halves; fields a short entry leaves out read as 0 (the
    /// serial as null). False when it does not even hold the mode.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> entry, out PosixAttributesEntry px)
    {
        px = default;
        ReadOnlySpan<byte> d = SuspEntry.Data(entry);
        if (d.Length < LinksOffset)
            return false;
        px = new PosixAttributesEntry(Field(d, ModeOffset), Field(d, LinksOffset), Field(d, UserIdOffset), Field(d, GroupIdOffset),
            d.Length >= SerialOffset + 8 ? Field(d, SerialOffset) : null);
        return true;
    }

    private static uint Field(ReadOnlySpan<byte> d, int offset) => d.Length >= offset + 8 ? BothEndian.ReadUInt32(d[offset..], out _) : 0;
}
