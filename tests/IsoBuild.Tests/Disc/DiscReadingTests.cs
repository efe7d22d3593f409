using System.Security.Cryptography;
using IsoBuild.Disc;
using IsoBuild.Reading;
using IsoBuild.Spec;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Disc;

/// <summary>Every format is read by content, through the sector view, as the ISO image it was made from.</summary>
[Trait(Category.Name, Category.External)]
public class DiscReadingTests
{
    private static List<(string Path, string Hash)> Listing(IsoImageReader reader) =>
        [.. reader.EnumerateDescendants().Select(e =>
        {
            if (e.Kind != EntryKind.File)
                return (e.Path, e.Kind.ToString());
            using Stream s = e.OpenRead();
            return (e.Path, Convert.ToHexString(SHA256.HashData(s)));
        })];

    private static void AssertReadsAsTheIso(string image, string isoPath)
    {
        using IsoImageReader iso = IsoImageReader.Open(isoPath);
        using IsoImageReader raw = IsoImageReader.Open(image);
        Assert.Equal(Listing(iso), Listing(raw));
        Assert.Equal(iso.Volume with { Extensions = [] }, raw.Volume with { Extensions = [] });
        Assert.Equal(iso.Volume.Extensions, raw.Volume.Extensions);
        Assert.Empty(IsoImageVerifier.Verify(image).Select(p => p.ToString()).ToList());
    }

    public static TheoryData<string> Formats() => ["cue-mode1", "cue-mode2", "cue-mixed", "nrg-v1", "nrg-v2", "nrg-raw", "nrg-raw-sub", "mds", "mds-sub", "ccd"];

    private static string Make(string format, byte[] iso, TempDirectory temp) => format switch
    {
        "cue-mode1" => Write(temp.Combine("m1.cue"), p => DiscImageFiles.WriteBinCue(p, iso)),
        "cue-mode2" => Write(temp.Combine("m2.cue"), p => DiscImageFiles.WriteBinCue(p, iso, DiscTrackMode.Mode2Form1)),
        "cue-mixed" => Write(temp.Combine("mixed.cue"), p => DiscImageFiles.WriteBinCue(p, iso, audioSectors: 75)),
        "nrg-v1" => Write(temp.Combine("v1.nrg"), p => DiscImageFiles.WriteNrg(p, iso, false)),
        "nrg-v2" => Write(temp.Combine("v2.nrg"), p => DiscImageFiles.WriteNrg(p, iso, true)),
        "nrg-raw" => Write(temp.Combine("raw.nrg"), p => DiscImageFiles.WriteNrg(p, iso, true, NrgSectorMode.Mode1Raw)),
        "nrg-raw-sub" => Write(temp.Combine("sub.nrg"), p => DiscImageFiles.WriteNrg(p, iso, true, NrgSectorMode.Mode1RawSubchannel)),
        "mds" => Write(temp.Combine("plain.mds"), p => DiscImageFiles.WriteMds(p, iso, false)),
        "mds-sub" => Write(temp.Combine("sub.mds"), p => DiscImageFiles.WriteMds(p, iso, true)),
        _ => Write(temp.Combine("clone.ccd"), p => DiscImageFiles.WriteCcd(p, iso)),
    };

    private static string Write(string path, Action<string> write)
    {
        write(path);
        return path;
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_raw_image_reads_verifies_and_converts_as_its_iso(string format)
    {
        using var temp = new TempDirectory("disc");
        byte[] iso = DiscImageFiles.BuildIso(temp);
        string isoPath = temp.Combine("source.iso");
        File.WriteAllBytes(isoPath, iso);
        string image = Make(format, iso, temp);
        AssertReadsAsTheIso(image, isoPath);
        DiscConversion result = DiscImageConverter.ToIso(image, temp.Combine("out.iso"));
        Assert.Equal(iso, File.ReadAllBytes(temp.Combine("out.iso")));
        Assert.Equal(DiscImageFiles.Sectors(iso), result.Sectors);
        Assert.Equal(format == "cue-mixed", result.LeftBehind.Any(l => l.StartsWith("track 2 (audio", StringComparison.Ordinal)));
        Assert.Equal(format is "nrg-raw-sub" or "mds-sub", result.LeftBehind.Contains("subchannel data (96 bytes a sector)"));
        Assert.Equal(format == "ccd", result.LeftBehind.Any(l => l.Contains("clone.sub", StringComparison.Ordinal)));
    }

    [Fact]
    public void Formats_are_told_by_content_not_by_name()
    {
        using var temp = new TempDirectory("disc");
        byte[] iso = DiscImageFiles.BuildIso(temp, randomBytes: 20_000);
        DiscImageFiles.WriteNrg(temp.Combine("a.nrg"), iso, true);
        File.Move(temp.Combine("a.nrg"), temp.Combine("a.iso"));
        Assert.Equal(DiscImageFormat.Nrg, DiscImage.Open(temp.Combine("a.iso")).Format);
        DiscImageFiles.WriteBinCue(temp.Combine("b.cue"), iso);
        File.Move(temp.Combine("b.cue"), temp.Combine("b.txt"));
        Assert.Equal(DiscImageFormat.BinCue, DiscImage.Open(temp.Combine("b.txt")).Format);
        // The .bin given for its cue sheet: read through the sheet beside it.
        DiscImageFiles.WriteBinCue(temp.Combine("c.cue"), iso, audioSectors: 10);
        DiscImage c = DiscImage.Open(temp.Combine("c.bin"));
        Assert.Equal((DiscImageFormat.BinCue, 2), (c.Format, c.Tracks.Count));
        // A lone .bin: raw sectors, found by their sync patterns.
        File.Copy(temp.Combine("b.bin"), temp.Combine("lone.img"));
        DiscImage lone = DiscImage.Open(temp.Combine("lone.img"));
        Assert.Equal((DiscImageFormat.RawSectors, DiscTrackMode.Mode1, DiscImageFiles.Sectors(iso)), (lone.Format, lone.Tracks[0].Mode, (int)lone.Tracks[0].Sectors));
        // An ISO image is not a raw disc image.
        File.WriteAllBytes(temp.Combine("d.iso"), iso);
        Assert.Null(DiscImage.TryOpen(temp.Combine("d.iso")));
    }

    [Fact]
    public void Streams_of_nrg_and_raw_sectors_read_as_their_iso()
    {
        using var temp = new TempDirectory("disc");
        byte[] iso = DiscImageFiles.BuildIso(temp, randomBytes: 20_000);
        File.WriteAllBytes(temp.Combine("source.iso"), iso);
        DiscImageFiles.WriteNrg(temp.Combine("a.nrg"), iso, true, NrgSectorMode.Mode1Raw);
        using IsoImageReader expected = IsoImageReader.Open(temp.Combine("source.iso"));
        foreach (byte[] bytes in new[] { File.ReadAllBytes(temp.Combine("a.nrg")), DiscImageFiles.RawSectors(iso, DiscTrackMode.Mode2Form1) })
        {
            using IsoImageReader reader = IsoImageReader.Open(new MemoryStream(bytes));
            Assert.Equal(Listing(expected), Listing(reader));
        }
    }

    [Fact]
    public void Tracks_are_chosen_and_audio_has_no_file_system()
    {
        using var temp = new TempDirectory("disc");
        byte[] iso = DiscImageFiles.BuildIso(temp, randomBytes: 20_000);
        DiscImageFiles.WriteBinCue(temp.Combine("m.cue"), iso, audioSectors: 75);
        DiscImage disc = DiscImage.Open(temp.Combine("m.cue"));
        DiscTrack audio = disc.Tracks[1];
        Assert.Equal((2, DiscTrackMode.Audio, DiscImageFiles.Sectors(iso) + 150L, 75L, 150L), (audio.Number, audio.Mode, audio.Start, audio.Sectors, audio.Pregap));
        Assert.Equal(1, disc.DataTrack().Number);
        Assert.Equal(ErrorCodes.NoDataTrack, Assert.Throws<IsoBuildException>(() => disc.DataTrack(2)).Code);
        Assert.Equal(ErrorCodes.NoDataTrack, Assert.Throws<IsoBuildException>(() => disc.DataTrack(3)).Code);
        Assert.Equal(ErrorCodes.NoDataTrack, Assert.Throws<IsoBuildException>(() => DiscImageConverter.ToIso(temp.Combine("m.cue"), temp.Combine("x.iso"), 2)).Code);
        Assert.False(File.Exists(temp.Combine("x.iso")));

        File.WriteAllText(temp.Combine("audio.cue"), "FILE \"m.bin\" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n");
        Assert.Equal(ErrorCodes.NoDataTrack, Assert.Throws<IsoBuildException>(() => IsoImageReader.Open(temp.Combine("audio.cue"))).Code);
    }

    [Fact]
    public void Verify_names_every_bad_sector()
    {
        using var temp = new TempDirectory("disc");
        byte[] iso = DiscImageFiles.BuildIso(temp, randomBytes: 20_000);
        File.WriteAllBytes(temp.Combine("in.iso"), iso);
        DiscImageConverter.ToBinCue(temp.Combine("in.iso"), temp.Combine("b.cue"));
        Assert.Empty(IsoImageVerifier.Verify(temp.Combine("b.cue")).Select(p => p.ToString()).ToList());
        DiscImageFiles.Poke(temp.Combine("b.bin"), 20L * 2352 + 100, 0x42); // user data of sector 20
        DiscImageFiles.Poke(temp.Combine("b.bin"), 21L * 2352 + CdEcc.PParityOffset, 0x42); // parity of sector 21
        DiscImageFiles.Poke(temp.Combine("b.bin"), 22L * 2352 + 14, 0x99); // header address of sector 22, which EDC and ECC cover too
        IReadOnlyList<string> problems = IsoImageVerifier.Verify(temp.Combine("b.cue")).Select(p => p.ToString()).ToList();
        Assert.Equal(
        [
            "ISO0709: track 1 sector 20 (LBA 20, 00:02:20): EDC mismatch, ECC mismatch.",
            "ISO0709: track 1 sector 21 (LBA 21, 00:02:21): ECC mismatch.",
            "ISO0709: track 1 sector 22 (LBA 22, 00:02:22): wrong header address, EDC mismatch, ECC mismatch.",
        ], problems.Where(p => p.StartsWith("ISO0709", StringComparison.Ordinal)));
    }

    [Fact]
    public void Mode2_2336_tracks_and_multi_file_cue_sheets_read()
    {
        using var temp = new TempDirectory("disc");
        byte[] iso = DiscImageFiles.BuildIso(temp, randomBytes: 20_000);
        File.WriteAllBytes(temp.Combine("source.iso"), iso);
        byte[] raw = DiscImageFiles.RawSectors(iso, DiscTrackMode.Mode2Form1);
        using (FileStream f = File.Create(temp.Combine("t1.bin")))
        {
            for (int i = 0; i < raw.Length; i += 2352)
                f.Write(raw, i + 16, 2336);
        }
        File.WriteAllBytes(temp.Combine("t2.bin"), DiscImageFiles.Audio(100));
        File.WriteAllText(temp.Combine("x.cue"),
            "FILE \"t1.bin\" BINARY\n  TRACK 01 MODE2/2336\n    INDEX 01 00:00:00\nFILE \"T2.BIN\" BINARY\n  TRACK 02 AUDIO\n    INDEX 00 00:00:00\n    INDEX 01 00:00:50\n");
        AssertReadsAsTheIso(temp.Combine("x.cue"), temp.Combine("source.iso"));
        DiscImage disc = DiscImage.Open(temp.Combine("x.cue"));
        Assert.Equal(temp.Combine("t2.bin"), disc.Tracks[1].File); // the name's case differs on disk
        Assert.Equal((DiscImageFiles.Sectors(iso) + 50L, 50L), (disc.Tracks[1].Start, disc.Tracks[1].Sectors));
    }

    [Theory]
    [InlineData("disc-raw-bin.iso.gz")]
    [InlineData("disc-m2-bin.iso.gz")]
    [InlineData("disc-v2-nrg.iso.gz")]
    public void The_fuzz_seeds_of_raw_formats_read_whole(string name)
    {
        using var gz = new System.IO.Compression.GZipStream(File.OpenRead(Path.Combine(Repository.Root, "tests", "IsoBuild.Tests", "Reading", "FuzzCorpus", name)),
            System.IO.Compression.CompressionMode.Decompress);
        using var image = new MemoryStream();
        gz.CopyTo(image);
        Assert.Empty(ReaderExercise.Run(image.ToArray()));
        using IsoImageReader reader = IsoImageReader.Open(new MemoryStream(image.ToArray()));
        Assert.Equal("seed", new StreamReader(reader.Find("readme.txt")!.OpenRead()).ReadToEnd());
    }
}
