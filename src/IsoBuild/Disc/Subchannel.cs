using System.Buffers.Binary;

namespace IsoBuild.Disc;

/// <summary>
/// The 96 subchannel bytes of a sector (ECMA-130 22): eight channels P..W of 96 bits. Images hold them either
/// deinterleaved, channel after channel, 12 bytes each (CloneCD's .sub), or interleaved, one bit of each channel per
/// byte with P in the top bit (Alcohol's MDF, Nero's 2448-byte sectors, CDG).
/// </summary>
internal static class Subchannel
{
    public const int Size = 96;
    public const int ChannelLength = 12;

    // Q channel, mode 1 (ECMA-130 22.3.3): control and ADR, track, index, relative time, zero, absolute time, CRC.
    public const int QControlAdrOffset = 0;
    public const int QTrackOffset = 1;
    public const int QIndexOffset = 2;
    public const int QRelativeOffset = 3;
    public const int QZeroOffset = 6;
    public const int QAbsoluteOffset = 7;
    public const int QCrcOffset = 10;

    /// <summary>Control nibble of a data track (ECMA-130 22.3.3.1: digital data, copy not permitted).</summary>
    public const byte ControlData = 0x4;
    public const byte ControlAudio = 0x0;

    /// <summary>
    /// Writes a mode-1 Q channel (12 bytes): position in the track (<paramref name="relativeFrames"/> from index 1) and
    /// on the disc (absolute time of <paramref name="lba"/>), with its CRC.
    /// </summary>
    public static void WriteQ(Span<byte> q, byte control, int track, int index, long relativeFrames, long lba)
    {
        q[QControlAdrOffset] = (byte)(control << 4 | 1);
        q[QTrackOffset] = Msf.ToBcd(track);
        q[QIndexOffset] = Msf.ToBcd(index);
        Msf.FromFrames(Math.Abs(relativeFrames)).WriteBcd(q[QRelativeOffset..]);
        q[QZeroOffset] = 0;
        Msf.FromLba(lba).WriteBcd(q[QAbsoluteOffset..]);
        BinaryPrimitives.WriteUInt16BigEndian(q[QCrcOffset..], QCrc(q[..QCrcOffset]));
    }

    public static bool CheckQ(ReadOnlySpan<byte> q) => BinaryPrimitives.ReadUInt16BigEndian(q[QCrcOffset..]) == QCrc(q[..QCrcOffset]);

    /// <summary>
    /// The Q channel's CRC (ECMA-130 22.3.6): polynomial x^16 + x^12 + x^5 + 1, most significant bit first, from zero,
    /// stored inverted. In the CRC catalogues it is CRC-16/GSM (check value 0xCE3C).
    /// </summary>
    public static ushort QCrc(ReadOnlySpan<byte> data)
    {
        ushort crc = 0;
        foreach (byte b in data)
        {
            crc ^= (ushort)(b << 8);
            for (int bit = 0; bit < 8; bit++)
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
        }
        return (ushort)~crc;
    }

    /// <summary>Deinterleaved channels (P: 12 bytes, Q: 12 bytes, …) to the interleaved form.</summary>
    public static void Interleave(ReadOnlySpan<byte> channels, Span<byte> interleaved)
    {
        for (int i = 0; i < Size; i++)
        {
            int b = 0;
            for (int c = 0; c < 8; c++)
                b |= ((channels[c * ChannelLength + i / 8] >> (7 - i % 8)) & 1) << (7 - c);
            interleaved[i] = (byte)b;
        }
    }

    /// <summary>Interleaved subchannel bytes to channels P..W, 12 bytes each.</summary>
    public static void Deinterleave(ReadOnlySpan<byte> interleaved, Span<byte> channels)
    {
        channels[..Size].Clear();
        for (int i = 0; i < Size; i++)
        {
            for (int c = 0; c < 8; c++)
            {
                if ((interleaved[i] & (0x80 >> c)) != 0)
                    channels[c * ChannelLength + i / 8] |= (byte)(0x80 >> (i % 8));
            }
        }
    }
}
