using System.Buffers.Binary;
using System.Text;

namespace IsoBuild.Disc;

/// <summary>
/// The header of a chunk in the chain a Nero image's footer points to: a four-letter id and the big-endian size of
/// the data that follows. The chain ends with "END!".
/// </summary>
internal readonly record struct NrgChunk(string Id, uint Size)
{
    public const int HeaderLength = 8;

    public const string CueSheetV2 = "CUEX";
    public const string CueSheetV1 = "CUES";
    public const string DaoV2 = "DAOX";
    public const string DaoV1 = "DAOI";
    public const string TaoV2 = "ETN2";
    public const string TaoV1 = "ETNF";
    public const string SessionInfo = "SINF";
    public const string MediaType = "MTYP";
    public const string End = "END!";

    public static NrgChunk Read(ReadOnlySpan<byte> header) =>
        new(Encoding.Latin1.GetString(header[..4]), BinaryPrimitives.ReadUInt32BigEndian(header[4..]));

    public void Write(Span<byte> destination)
    {
        Encoding.Latin1.GetBytes(Id, destination[..4]);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Size);
    }

    /// <summary>True when the id is four printable ASCII characters, as every Nero chunk id is.</summary>
    public bool HasPlausibleId => Id.Length == 4 && Id.All(c => c is >= ' ' and <= '~');
}

/// <summary>
/// Nero's sector mode codes (DAO track entries, TAO entries): the mode, the sector size and the interleaved
/// subchannel bytes each implies.
/// </summary>
internal static class NrgSectorMode
{
    public const byte Mode1 = 0x00;
    public const byte Mode2Form1 = 0x02;
    public const byte Mode2 = 0x03;
    public const byte Mode1Raw = 0x05;
    public const byte Mode2Raw = 0x06;
    public const byte Audio = 0x07;
    public const byte Mode1RawSubchannel = 0x0F;
    public const byte AudioSubchannel = 0x10;
    public const byte Mode2RawSubchannel = 0x11;

    public static (DiscTrackMode Mode, int SectorSize, int Subchannel)? Layout(byte code) => code switch
    {
        Mode1 => (DiscTrackMode.Mode1, CdSector.UserDataSize, 0),
        Mode2Form1 => (DiscTrackMode.Mode2Form1, CdSector.UserDataSize, 0),
        Mode2 => (DiscTrackMode.Mode2, CdSector.Mode2Size, 0),
        Mode1Raw => (DiscTrackMode.Mode1, CdSector.RawSize, 0),
        Mode2Raw => (DiscTrackMode.Mode2, CdSector.RawSize, 0),
        Audio => (DiscTrackMode.Audio, CdSector.RawSize, 0),
        Mode1RawSubchannel => (DiscTrackMode.Mode1, CdSector.RawSize, Subchannel.Size),
        AudioSubchannel => (DiscTrackMode.Audio, CdSector.RawSize, Subchannel.Size),
        Mode2RawSubchannel => (DiscTrackMode.Mode2, CdSector.RawSize, Subchannel.Size),
        _ => null,
    };

    public static byte Code(DiscTrackMode mode, int sectorSize, int subchannel) => (mode, sectorSize, subchannel) switch
    {
        (DiscTrackMode.Mode1, CdSector.UserDataSize, 0) => Mode1,
        (DiscTrackMode.Mode2Form1, CdSector.UserDataSize, 0) => Mode2Form1,
        (DiscTrackMode.Mode2, CdSector.Mode2Size, 0) => Mode2,
        (DiscTrackMode.Mode1, CdSector.RawSize, 0) => Mode1Raw,
        (DiscTrackMode.Mode2, CdSector.RawSize, 0) => Mode2Raw,
        (DiscTrackMode.Audio, CdSector.RawSize, 0) => Audio,
        (DiscTrackMode.Mode1, CdSector.RawSize, Subchannel.Size) => Mode1RawSubchannel,
        (DiscTrackMode.Audio, CdSector.RawSize, Subchannel.Size) => AudioSubchannel,
        (DiscTrackMode.Mode2, CdSector.RawSize, Subchannel.Size) => Mode2RawSubchannel,
        _ => throw new ArgumentException($"Nero has no sector mode for {mode} with {sectorSize}+{subchannel} bytes."),
    };
}
