namespace IsoBuild.Hybrid;

/// <summary>
/// A cylinder/head/sector address as an MBR partition entry records it in 3 bytes: the head, then the sector in bits
/// 0–5 with cylinder bits 8–9 in bits 6–7, then cylinder bits 0–7.
/// </summary>
/// <param name="Cylinder">0–1023.</param>
/// <param name="Head">0–255.</param>
/// <param name="Sector">1–63 (0 in an empty entry).</param>
internal readonly record struct ChsAddress(ushort Cylinder, byte Head, byte Sector)
{
    public const int Size = 3;

    /// <summary>The geometry every BIOS since the 1990s reports for a large disk: 255 heads, 63 sectors a track.</summary>
    public const uint Heads = 255;
    public const uint SectorsPerTrack = 63;

    /// <summary>What an address beyond cylinder 1023 is recorded as (FE FF FF), by convention.</summary>
    public static ChsAddress BeyondReach => new(1023, 254, 63);

    public static ChsAddress FromLba(uint sector) => FromLba(sector, Heads, SectorsPerTrack);

    /// <summary>The address in a given geometry (isohybrid images use 64 heads and 32 sectors a track).</summary>
    public static ChsAddress FromLba(uint sector, uint heads, uint sectorsPerTrack)
    {
        uint cylinder = sector / (heads * sectorsPerTrack);
        if (cylinder > 1023)
            return BeyondReach;
        return new ChsAddress((ushort)cylinder, (byte)(sector / sectorsPerTrack % heads), (byte)(sector % sectorsPerTrack + 1));
    }

    public void Write(Span<byte> chs)
    {
        chs[0] = Head;
        chs[1] = (byte)((Sector & 0x3F) | ((Cylinder >> 2) & 0xC0));
        chs[2] = (byte)Cylinder;
    }

    public static ChsAddress Read(ReadOnlySpan<byte> chs) =>
        new((ushort)(((chs[1] & 0xC0) << 2) | chs[2]), chs[0], (byte)(chs[1] & 0x3F));
}
