using IsoBuild.Disc;

namespace IsoBuild.Tests.Disc;

/// <summary>Each on-disk structure of the disc formats writes what it reads.</summary>
public class DiscStructureTests
{
    [Theory]
    [InlineData(true, 0x1234_5678_9AL)]
    [InlineData(false, 0x1234_5678L)]
    public void Nrg_footer_round_trips(bool version2, long offset)
    {
        var footer = new NrgFooter(version2, offset);
        byte[] tail = new byte[12];
        int n = footer.Write(tail.AsSpan(12 - footer.Length));
        Assert.Equal(version2 ? 12 : 8, n);
        Assert.Equal(footer, NrgFooter.Read(tail, 1L << 40));
        Assert.Null(NrgFooter.Read(new byte[12], 1000));
    }

    [Fact]
    public void Nrg_chunk_header_round_trips()
    {
        byte[] b = new byte[8];
        new NrgChunk("DAOX", 0x10203).Write(b);
        Assert.Equal("DAOX"u8.ToArray(), b[..4]);
        Assert.Equal(new NrgChunk("DAOX", 0x10203), NrgChunk.Read(b));
        Assert.False(NrgChunk.Read(new byte[8]).HasPlausibleId);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Nrg_dao_chunk_round_trips(bool version2)
    {
        var dao = new NrgDaoChunk(version2, "0123456789012", NrgDaoChunk.TocTypeCdRomXa, 1, 2,
        [
            new NrgDaoTrack("USABC1234567", 2352, NrgSectorMode.Mode1Raw, 0, 352800, 1_000_000),
            new NrgDaoTrack("", 2352, NrgSectorMode.Audio, 1_000_000, 1_352_800, 2_000_000),
        ]);
        byte[] b = new byte[dao.Length];
        dao.Write(b);
        Assert.Equal(22 + 2 * (version2 ? 42 : 30), b.Length);
        Assert.Equal(NrgSectorMode.Mode1Raw, b[22 + 14]); // the mode byte where libcdio and libmirage read it
        NrgDaoChunk back = NrgDaoChunk.Read(b, version2, "test");
        Assert.Equal(dao with { Tracks = [] }, back with { Tracks = [] });
        Assert.Equal(dao.Tracks, back.Tracks);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Nrg_cue_and_tao_chunks_round_trip(bool version2)
    {
        var cue = new NrgCueChunk(version2, [new NrgCueEntry(0x41, 0, 0, -150), new NrgCueEntry(0x41, 1, 1, 0), new NrgCueEntry(0x41, 0xAA, 1, 4321)]);
        byte[] c = new byte[cue.Length];
        cue.Write(c);
        Assert.Equal(cue.Entries, NrgCueChunk.Read(c, version2, "test").Entries);
        var tao = new NrgTaoChunk(version2, [new NrgTaoTrack(0, 2048 * 1000, NrgSectorMode.Mode1, 0), new NrgTaoTrack(2048 * 1000, 2352 * 10, NrgSectorMode.Audio, 1150)]);
        byte[] t = new byte[tao.Length];
        tao.Write(t);
        Assert.Equal(tao.Tracks, NrgTaoChunk.Read(t, version2, "test").Tracks);
    }

    [Fact]
    public void Mds_blocks_round_trip()
    {
        byte[] b = new byte[MdsHeader.Length];
        var header = new MdsHeader(1, 5, MdsHeader.MediumCdR, 2, 88);
        header.Write(b);
        Assert.True(MdsHeader.HasSignature(b));
        Assert.Equal(header, MdsHeader.Read(b));

        var session = new MdsSessionBlock(-150, 1234, 1, 4, 3, 1, 1, 112);
        byte[] s = new byte[MdsSessionBlock.Length];
        session.Write(s);
        Assert.Equal(session, MdsSessionBlock.Read(s));

        var track = new MdsTrackBlock
        {
            Mode = MdsTrackBlock.ModeMode2Form1, SubchannelMode = MdsTrackBlock.SubchannelInterleaved, AdrControl = 0x14, Tno = 0, Point = 3,
            Msf = new Msf(1, 2, 3), Pmsf = new Msf(4, 5, 6), ExtraOffset = 432, SectorSize = 2448, StartLba = 9999, StartOffset = 0x1_0000_0000,
            Files = 1, FooterOffset = 440,
        };
        byte[] t = new byte[MdsTrackBlock.Length];
        track.Write(t);
        Assert.Equal(track, MdsTrackBlock.Read(t));
        Assert.Equal(DiscTrackMode.Mode2Form1, MdsTrackBlock.TrackMode(t[0]));

        byte[] e = new byte[8];
        new MdsTrackExtra(150, 777).Write(e);
        Assert.Equal(new MdsTrackExtra(150, 777), MdsTrackExtra.Read(e));
        byte[] f = new byte[16];
        new MdsFooter(456, true).Write(f);
        Assert.Equal(new MdsFooter(456, true), MdsFooter.Read(f));
    }

    [Fact]
    public void A_cue_sheet_round_trips_and_reads_what_other_tools_write()
    {
        const string Text = """
            REM GENRE "Game"
            CATALOG 0000000000000
            REM SESSION 01
            FILE "game (Track 1).bin" BINARY
              TRACK 01 MODE2/2352
                INDEX 01 00:00:00
            FILE "game (Track 2).bin" BINARY
              TRACK 02 AUDIO
                FLAGS DCP
                PREGAP 00:02:00
                INDEX 00 00:00:00
                INDEX 01 00:02:00
            REM SESSION 02
            FILE "game (Track 3).bin" binary
              track 03 mode1/2352
                index 01 00:00:00
            """;
        CueSheet sheet = CueSheet.Parse(Text, "test");
        Assert.Equal(3, sheet.Files.Count);
        Assert.Equal("game (Track 2).bin", sheet.Files[1].Name);
        CueTrack audio = sheet.Files[1].Tracks[0];
        Assert.Equal(("AUDIO", 2, "DCP"), (audio.DataType, audio.Indexes.Count, audio.Flags));
        Assert.Equal(new Msf(0, 2, 0), audio.Pregap);
        Assert.Equal(2, sheet.Files[2].Tracks[0].Session);
        Assert.Equal("MODE1/2352", sheet.Files[2].Tracks[0].DataType);
        CueSheet again = CueSheet.Parse(sheet.Write(), "written");
        Assert.Equal(sheet.Write(), again.Write());
        Assert.Equal(sheet.Tracks.Select(t => (t.Number, t.DataType, t.Session, t.Pregap)), again.Tracks.Select(t => (t.Number, t.DataType, t.Session, t.Pregap)));
    }

    [Fact]
    public void A_clonecd_descriptor_round_trips()
    {
        var ccd = new CcdFile().Add("CloneCD", ("Version", 3)).Add("Entry 0", ("Point", "0xa2"), ("Session", 1), ("PLBA", 4321))
            .Add("TRACK 1", ("MODE", 1), ("INDEX 1", 0));
        CcdFile back = CcdFile.Parse(ccd.Write(), "test");
        Assert.Equal(ccd.Write(), back.Write());
        Assert.Equal(0xA2, CcdFile.Number(CcdFile.Value(back.Sections[1].Entries, "point")));
        Assert.Equal(-150, CcdFile.Number("-150"));
        Assert.Null(CcdFile.Number("0xZZ"));
    }
}
