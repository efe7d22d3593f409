namespace IsoBuild.Disc;

/// <summary>The container format of a raw disc image.</summary>
public enum DiscImageFormat
{
    /// <summary>A cue sheet and its BIN files (CDRWIN, cdrdao, ImgBurn, redump).</summary>
    BinCue,
    /// <summary>A Nero image (.nrg), version 1 (NERO footer) or 2 (NER5 footer).</summary>
    Nrg,
    /// <summary>An Alcohol 120% / Daemon Tools descriptor (.mds) and its data file (.mdf).</summary>
    Mds,
    /// <summary>A CloneCD descriptor (.ccd), its sectors (.img) and subchannel (.sub).</summary>
    CloneCd,
    /// <summary>Raw sectors without a descriptor (a lone .bin, .img or .mdf), one data track.</summary>
    RawSectors,
}

/// <summary>What a track's sectors hold.</summary>
public enum DiscTrackMode
{
    /// <summary>CD-DA audio: 2352 bytes of samples, no header.</summary>
    Audio,
    /// <summary>Mode 1: 2048 bytes of user data with EDC and ECC (ECMA-130).</summary>
    Mode1,
    /// <summary>Mode 2, the form given by each sector's subheader (CD-ROM XA), or formless.</summary>
    Mode2,
    /// <summary>Mode 2 Form 1: 2048 bytes of user data with EDC and ECC.</summary>
    Mode2Form1,
    /// <summary>Mode 2 Form 2: 2324 bytes of user data (video, audio), EDC only.</summary>
    Mode2Form2,
}

/// <summary>A track of a raw disc image: where its sectors are on the disc and in which file.</summary>
public sealed record DiscTrack
{
    /// <summary>The track number (1–99).</summary>
    public required int Number { get; init; }

    /// <summary>The session the track belongs to (1 for a single-session disc).</summary>
    public int Session { get; init; } = 1;

    /// <summary>What the sectors hold.</summary>
    public required DiscTrackMode Mode { get; init; }

    /// <summary>Bytes of each sector in the file without subchannel: 2048, 2324, 2336 or 2352.</summary>
    public required int SectorSize { get; init; }

    /// <summary>Subchannel bytes stored after each sector in the same file (0 or 96).</summary>
    public int SubchannelSize { get; init; }

    /// <summary>The LBA of the track's first sector (index 1) on the disc.</summary>
    public required long Start { get; init; }

    /// <summary>The number of sectors from index 1 to the end of the track.</summary>
    public required long Sectors { get; init; }

    /// <summary>Sectors of pregap (index 0) before <see cref="Start"/>, whether or not the file holds them.</summary>
    public long Pregap { get; init; }

    /// <summary>The file holding the sectors; null when it is the image itself (NRG, raw sectors read from a stream).</summary>
    public string? File { get; init; }

    /// <summary>The byte offset of the sector at <see cref="Start"/> in <see cref="File"/>.</summary>
    public required long FileOffset { get; init; }

    /// <summary>True for a data track (anything but audio).</summary>
    public bool IsData => Mode != DiscTrackMode.Audio;

    /// <summary>Bytes from one sector to the next in the file.</summary>
    public int Stride => SectorSize + SubchannelSize;

    /// <summary>True when the sectors carry sync, header and EDC/ECC (2352 bytes) or the Mode 2 subheader (2336).</summary>
    public bool IsRaw => SectorSize is CdSector.RawSize or CdSector.Mode2Size;

    /// <summary>The mode and sector size as cue sheets write them, for example "MODE1/2352".</summary>
    public string Describe() => Mode switch
    {
        DiscTrackMode.Audio => "AUDIO",
        DiscTrackMode.Mode1 => $"MODE1/{SectorSize}",
        DiscTrackMode.Mode2Form1 => $"MODE2/{SectorSize} (Form 1)",
        DiscTrackMode.Mode2Form2 => $"MODE2/{SectorSize} (Form 2)",
        _ => $"MODE2/{SectorSize}",
    };
}
