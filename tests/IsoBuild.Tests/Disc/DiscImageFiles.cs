using System.Buffers.Binary;
using System.Text;
using IsoBuild.Disc;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Disc;

/// <summary>
/// Writes the raw disc images the tests read, from an ISO image IsoBuild built: BIN/CUE (Mode 1 or Mode 2 Form 1,
/// optionally with an audio track), NRG v1/v2, MDF/MDS (with or without subchannel), CCD/IMG/SUB. Each writer uses the
/// engine's own structure types; the interop tests check the results with other tools.
/// </summary>
internal static class DiscImageFiles
{
    /// <summary>A small ISO image built by IsoBuild: a few files, random data across sector boundaries.</summary>
    public static byte[] BuildIso(TempDirectory temp, int seed = 7, int randomBytes = 300_000)
    {
        string src = temp.CreateDirectory("iso-source-" + seed);
        var random = new Random(seed);
        File.WriteAllText(Path.Combine(src, "readme.txt"), "a disc image made at test time\n");
        byte[] data = new byte[randomBytes];
        random.NextBytes(data);
        Directory.CreateDirectory(Path.Combine(src, "data"));
        File.WriteAllBytes(Path.Combine(src, "data", "random.bin"), data);
        File.WriteAllBytes(Path.Combine(src, "data", "odd.bin"), data[..Math.Min(2049, data.Length)]);
        string iso = temp.Combine($"source-{seed}.iso");
        Images.Pack(src, iso);
        return File.ReadAllBytes(iso);
    }

    public static int Sectors(byte[] iso) => (iso.Length + 2047) / 2048;

    private static ReadOnlySpan<byte> UserData(byte[] iso, long sector)
    {
        byte[] user = new byte[2048];
        long at = sector * 2048;
        if (at < iso.Length)
            iso.AsSpan((int)at, (int)Math.Min(2048, iso.Length - at)).CopyTo(user);
        return user;
    }

    /// <summary>Raw 2352-byte sectors of the ISO's data (Mode 1, or Mode 2 Form 1 with a data subheader) from <paramref name="startLba"/>.</summary>
    public static byte[] RawSectors(byte[] iso, DiscTrackMode mode, long startLba = 0, int count = -1, bool subchannel = false)
    {
        int n = count < 0 ? Sectors(iso) : count;
        int stride = CdSector.RawSize + (subchannel ? Subchannel.Size : 0);
        byte[] raw = new byte[n * stride];
        byte[] subheader = [0, 0, CdSector.SubmodeData, 0];
        for (int i = 0; i < n; i++)
        {
            Span<byte> s = raw.AsSpan(i * stride, CdSector.RawSize);
            if (mode == DiscTrackMode.Mode2Form1)
                CdSector.WriteMode2Form1(s, startLba + i, subheader, UserData(iso, i));
            else
                CdSector.WriteMode1(s, startLba + i, UserData(iso, i));
            if (subchannel)
                SubchannelFor(startLba + i, i, track: 1, data: true, interleaved: true).CopyTo(raw.AsSpan(i * stride + CdSector.RawSize));
        }
        return raw;
    }

    /// <summary>
    /// The 96 subchannel bytes of a sector of track 1 index 1: P set (as drives read it back; mdf2iso recognises
    /// 2448-byte sectors by sector 0's P and Q bits), Q with positions and CRC, R–W zero.
    /// </summary>
    public static byte[] SubchannelFor(long lba, long relative, int track, bool data, bool interleaved)
    {
        byte[] channels = new byte[Subchannel.Size];
        channels.AsSpan(0, Subchannel.ChannelLength).Fill(0xFF);
        Subchannel.WriteQ(channels.AsSpan(Subchannel.ChannelLength, Subchannel.ChannelLength), data ? Subchannel.ControlData : Subchannel.ControlAudio, track, 1, relative, lba);
        if (!interleaved)
            return channels;
        byte[] result = new byte[Subchannel.Size];
        Subchannel.Interleave(channels, result);
        return result;
    }

    /// <summary>Audio samples: a deterministic pattern that is no sector.</summary>
    public static byte[] Audio(int sectors)
    {
        byte[] audio = new byte[sectors * CdSector.RawSize];
        for (int i = 0; i < audio.Length; i++)
            audio[i] = (byte)(i * 7 + (i >> 9));
        return audio;
    }

    /// <summary>BIN/CUE: the ISO as one data track; optionally an audio track after it (with a 2-second INDEX 00).</summary>
    public static void WriteBinCue(string cuePath, byte[] iso, DiscTrackMode mode = DiscTrackMode.Mode1, int audioSectors = 0)
    {
        string binPath = Path.ChangeExtension(cuePath, ".bin");
        byte[] data = RawSectors(iso, mode);
        using (FileStream bin = File.Create(binPath))
        {
            bin.Write(data);
            if (audioSectors > 0)
                bin.Write(Audio(150 + audioSectors));
        }
        var sheet = new CueSheet();
        var file = new CueFile { Name = Path.GetFileName(binPath), Type = "BINARY" };
        var track1 = new CueTrack { Number = 1, DataType = mode == DiscTrackMode.Mode2Form1 ? "MODE2/2352" : "MODE1/2352" };
        track1.Indexes.Add(new CueIndex(1, new Msf(0, 0, 0)));
        file.Tracks.Add(track1);
        if (audioSectors > 0)
        {
            int dataSectors = Sectors(iso);
            var track2 = new CueTrack { Number = 2, DataType = "AUDIO" };
            track2.Indexes.Add(new CueIndex(0, Msf.FromFrames(dataSectors)));
            track2.Indexes.Add(new CueIndex(1, Msf.FromFrames(dataSectors + 150)));
            file.Tracks.Add(track2);
        }
        sheet.Files.Add(file);
        File.WriteAllText(cuePath, sheet.Write());
    }

    /// <summary>
    /// A Nero DAO image of one data track, as Nero writes a data CD: the 150 sectors of track 1's pregap, the track,
    /// the cue and DAO chunks (CUEX/DAOX for version 2, CUES/DAOI for version 1), SINF, END! and the footer.
    /// </summary>
    public static void WriteNrg(string path, byte[] iso, bool version2, byte modeCode = NrgSectorMode.Mode1)
    {
        (DiscTrackMode mode, int size, int sub) = NrgSectorMode.Layout(modeCode)!.Value;
        int stride = size + sub;
        int sectors = Sectors(iso);
        using FileStream nrg = File.Create(path);
        if (size == CdSector.UserDataSize)
        {
            nrg.Write(new byte[150 * stride]);
            byte[] padded = new byte[sectors * 2048];
            iso.CopyTo(padded, 0);
            nrg.Write(padded);
        }
        else
        {
            nrg.Write(RawSectors(new byte[150 * 2048], mode, startLba: -150, subchannel: sub > 0));
            nrg.Write(RawSectors(iso, mode, subchannel: sub > 0));
        }
        long index1 = 150L * stride, end = index1 + (long)sectors * stride;
        var dao = new NrgDaoChunk(version2, "", NrgDaoChunk.TocTypeCdRom, 1, 1, [new NrgDaoTrack("", stride, modeCode, 0, index1, end)]);
        byte[] daoBytes = new byte[dao.Length];
        dao.Write(daoBytes);
        var cue = new NrgCueChunk(version2,
        [
            new NrgCueEntry(NrgCueChunk.DataTrack, 0x00, 0x00, -150),
            new NrgCueEntry(NrgCueChunk.DataTrack, 0x01, 0x00, -150),
            new NrgCueEntry(NrgCueChunk.DataTrack, 0x01, 0x01, 0),
            new NrgCueEntry(NrgCueChunk.DataTrack, NrgCueChunk.LeadOut, 0x01, sectors),
        ]);
        byte[] cueBytes = new byte[cue.Length];
        cue.Write(cueBytes);
        NrgImage.WriteChunks(nrg, version2,
        [
            (version2 ? NrgChunk.CueSheetV2 : NrgChunk.CueSheetV1, cueBytes),
            (version2 ? NrgChunk.DaoV2 : NrgChunk.DaoV1, daoBytes),
            (NrgChunk.SessionInfo, NrgImage.SessionInfo(1)),
        ]);
    }

    /// <summary>An Alcohol 120% image: the .mdf of raw Mode 1 sectors (2448 bytes with subchannel) and its .mds.</summary>
    public static void WriteMds(string mdsPath, byte[] iso, bool subchannel)
    {
        int sectors = Sectors(iso);
        File.WriteAllBytes(Path.ChangeExtension(mdsPath, ".mdf"), RawSectors(iso, DiscTrackMode.Mode1, subchannel: subchannel));
        const int SessionAt = MdsHeader.Length, TracksAt = SessionAt + MdsSessionBlock.Length, ExtraAt = TracksAt + 4 * MdsTrackBlock.Length;
        const int FooterAt = ExtraAt + MdsTrackExtra.Length, NameAt = FooterAt + MdsFooter.Length;
        byte[] mds = new byte[NameAt + 6];
        new MdsHeader(1, 3, MdsHeader.MediumCdRom, 1, SessionAt).Write(mds);
        new MdsSessionBlock(-150, sectors, 1, 4, 3, 1, 1, TracksAt).Write(mds.AsSpan(SessionAt));
        MdsTrackBlock LeadIn(byte point, Msf pmsf) => new() { AdrControl = 0x14, Point = point, Pmsf = pmsf };
        LeadIn(0xA0, new Msf(1, 0, 0)).Write(mds.AsSpan(TracksAt));
        LeadIn(0xA1, new Msf(1, 0, 0)).Write(mds.AsSpan(TracksAt + MdsTrackBlock.Length));
        LeadIn(0xA2, Msf.FromLba(sectors)).Write(mds.AsSpan(TracksAt + 2 * MdsTrackBlock.Length));
        new MdsTrackBlock
        {
            Mode = MdsTrackBlock.ModeMode1, SubchannelMode = subchannel ? MdsTrackBlock.SubchannelInterleaved : (byte)0, AdrControl = 0x14,
            Point = 1, Pmsf = Msf.FromLba(0), ExtraOffset = ExtraAt, SectorSize = (ushort)(CdSector.RawSize + (subchannel ? Subchannel.Size : 0)),
            StartLba = 0, StartOffset = 0, Files = 1, FooterOffset = FooterAt,
        }.Write(mds.AsSpan(TracksAt + 3 * MdsTrackBlock.Length));
        new MdsTrackExtra(150, (uint)sectors).Write(mds.AsSpan(ExtraAt));
        new MdsFooter(NameAt, false).Write(mds.AsSpan(FooterAt));
        "*.mdf"u8.CopyTo(mds.AsSpan(NameAt));
        File.WriteAllBytes(mdsPath, mds);
    }

    /// <summary>A CloneCD image: the .ccd (TOC entries A0, A1, A2 and track 1), the .img of raw Mode 1 sectors and the .sub.</summary>
    public static void WriteCcd(string ccdPath, byte[] iso)
    {
        int sectors = Sectors(iso);
        File.WriteAllBytes(Path.ChangeExtension(ccdPath, ".img"), RawSectors(iso, DiscTrackMode.Mode1));
        using (FileStream sub = File.Create(Path.ChangeExtension(ccdPath, ".sub")))
        {
            for (int i = 0; i < sectors; i++)
                sub.Write(SubchannelFor(i, i, track: 1, data: true, interleaved: false));
        }
        static (string, object)[] Entry(int point, Msf pmsf, long plba) =>
        [
            ("Session", 1), ("Point", $"0x{point:x2}"), ("ADR", "0x01"), ("Control", "0x04"), ("TrackNo", 0), ("AMin", 0), ("ASec", 0), ("AFrame", 0),
            ("ALBA", -150), ("Zero", 0), ("PMin", pmsf.Minute), ("PSec", pmsf.Second), ("PFrame", pmsf.Frame), ("PLBA", plba),
        ];
        var ccd = new CcdFile()
            .Add("CloneCD", ("Version", 3))
            .Add("Disc", ("TocEntries", 4), ("Sessions", 1), ("DataTracksScrambled", 0), ("CDTextLength", 0))
            .Add("Session 1", ("PreGapMode", 1), ("PreGapSubC", 0))
            .Add("Entry 0", Entry(0xA0, new Msf(1, 0, 0), 4350))
            .Add("Entry 1", Entry(0xA1, new Msf(1, 0, 0), 4350))
            .Add("Entry 2", Entry(0xA2, Msf.FromLba(sectors), sectors))
            .Add("Entry 3", Entry(0x01, Msf.FromLba(0), 0))
            .Add("TRACK 1", ("MODE", 1), ("INDEX 1", 0));
        File.WriteAllText(ccdPath, ccd.Write(), Encoding.ASCII);
    }

    /// <summary>Sets a byte of a file (to damage a sector).</summary>
    public static void Poke(string path, long offset, byte value)
    {
        using FileStream f = File.OpenWrite(path);
        f.Position = offset;
        f.WriteByte(value);
    }

    public static uint ReadUInt32BigEndian(byte[] b, int at) => BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(at));
}
