using IsoBuild.Disc;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Disc;

/// <summary>
/// Independent converters and readers agree with ours, both ways: bchunk, nrg2iso, mdf2iso, ccd2iso and iat turn the
/// raw images made here into the same ISO bytes as <see cref="DiscImageConverter.ToIso"/>; our BIN/CUE output goes
/// back to the original ISO through bchunk, libcdio reads its cue sheet and NRG chunks, and MAME's chdman (an
/// independent ECMA-130 implementation) accepts the parity of its sectors.
/// </summary>
[Trait(Category.Name, Category.External)]
public class DiscInteropTests
{
    private static byte[] Ours(string input, TempDirectory temp, int? track = null)
    {
        string output = temp.Combine($"ours-{Guid.NewGuid():N}.iso");
        DiscImageConverter.ToIso(input, output, track);
        return File.ReadAllBytes(output);
    }

    [Fact]
    public void Our_bin_cue_goes_back_to_the_original_iso_through_bchunk_and_iat_ccd2iso_mdf2iso()
    {
        using var temp = new TempDirectory("disc");
        byte[] iso = DiscImageFiles.BuildIso(temp);
        string isoPath = temp.Combine("in.iso");
        File.WriteAllBytes(isoPath, iso);
        DiscConversion result = DiscImageConverter.ToBinCue(isoPath, temp.Combine("out.cue"));
        Assert.Equal(DiscImageFiles.Sectors(iso), result.Sectors);
        string bin = temp.Combine("out.bin");
        Assert.Equal((long)DiscImageFiles.Sectors(iso) * 2352, new FileInfo(bin).Length);

        ExternalTool.Run("bchunk", [bin, temp.Combine("out.cue"), temp.Combine("bchunk")]).EnsureSuccess();
        Assert.Equal(iso, File.ReadAllBytes(temp.Combine("bchunk01.iso")));
        // Tools that read the .bin alone, by its sync patterns.
        ExternalTool.Run("iat", [bin, temp.Combine("iat.iso")]).EnsureSuccess();
        Assert.Equal(iso, File.ReadAllBytes(temp.Combine("iat.iso")));
        ExternalTool.Run("ccd2iso", [bin, temp.Combine("ccd2iso.iso")]).EnsureSuccess();
        Assert.Equal(iso, File.ReadAllBytes(temp.Combine("ccd2iso.iso")));
        ExternalTool.Run("mdf2iso", [bin, temp.Combine("mdf2iso.iso")]).EnsureSuccess();
        Assert.Equal(iso, File.ReadAllBytes(temp.Combine("mdf2iso.iso")));
        // And ours, from the cue sheet and from the lone .bin.
        Assert.Equal(iso, Ours(temp.Combine("out.cue"), temp));
        Assert.Equal(iso, Ours(bin, temp));
    }

    [Fact]
    public void Bin_cue_output_is_deterministic()
    {
        using var temp = new TempDirectory("disc");
        byte[] iso = DiscImageFiles.BuildIso(temp, randomBytes: 50_000);
        string isoPath = temp.Combine("in.iso");
        File.WriteAllBytes(isoPath, iso);
        DiscImageConverter.ToBinCue(isoPath, temp.Combine("a.cue"));
        Directory.CreateDirectory(temp.Combine("b"));
        DiscImageConverter.ToBinCue(isoPath, temp.Combine("b", "a.cue"));
        Assert.Equal(File.ReadAllBytes(temp.Combine("a.bin")), File.ReadAllBytes(temp.Combine("b", "a.bin")));
        Assert.Equal(File.ReadAllBytes(temp.Combine("a.cue")), File.ReadAllBytes(temp.Combine("b", "a.cue")));
        Assert.Equal("FILE \"a.bin\" BINARY\r\n  TRACK 01 MODE1/2352\r\n    INDEX 01 00:00:00\r\n", File.ReadAllText(temp.Combine("a.cue")));
    }

    [Fact]
    public void Libcdio_and_cuetools_read_our_cue_sheet()
    {
        using var temp = new TempDirectory("disc");
        byte[] iso = DiscImageFiles.BuildIso(temp, randomBytes: 50_000);
        string isoPath = temp.Combine("in.iso");
        File.WriteAllBytes(isoPath, iso);
        DiscImageConverter.ToBinCue(isoPath, temp.Combine("out.cue"));
        string info = ExternalTool.Run("cd-info", ["--no-device-info", "--cue-file", temp.Combine("out.cue")]).EnsureSuccess().StandardOutput;
        Assert.Contains("CD-DATA (Mode 1)", info, StringComparison.Ordinal);
        Assert.Matches($@"170: \S+\s+0*{DiscImageFiles.Sectors(iso)} leadout", info);
        Assert.Contains("CD-ROM with ISO 9660 filesystem", info, StringComparison.Ordinal);
        string toc = ExternalTool.Run("cueconvert", ["-i", "cue", "-o", "toc", temp.Combine("out.cue")]).EnsureSuccess().StandardOutput;
        Assert.Contains("TRACK MODE1_RAW", toc, StringComparison.Ordinal);
        Assert.Contains("FILE \"out.bin\" 0", toc, StringComparison.Ordinal);
    }

    /// <summary>
    /// chdman keeps a sector's P/Q parity only when MAME's own ECC check rejects it; accepted parity is dropped before
    /// compression. So damaging the parity of one sector our writer made grows the CHD by about the 276 parity bytes
    /// if, and only if, MAME accepted that sector's parity before; and a whole image of accepted sectors compresses to
    /// nearly the size of its 2048-byte user data.
    /// </summary>
    [Fact]
    public void Mames_ecc_check_accepts_our_sectors()
    {
        using var temp = new TempDirectory("disc");
        byte[] iso = DiscImageFiles.BuildIso(temp);
        string isoPath = temp.Combine("in.iso");
        File.WriteAllBytes(isoPath, iso);
        DiscImageConverter.ToBinCue(isoPath, temp.Combine("good.cue"));
        long Chd(string cue)
        {
            string chd = Path.ChangeExtension(cue, ".chd");
            ExternalTool.Run("chdman", ["createcd", "-f", "-i", cue, "-o", chd]).EnsureSuccess();
            return new FileInfo(chd).Length;
        }
        long good = Chd(temp.Combine("good.cue"));
        int sectors = DiscImageFiles.Sectors(iso);
        // Sectors of random file data, whose parity is as random as the data and does not compress.
        using var reader = IsoBuild.Reading.IsoImageReader.Open(isoPath);
        int first = (int)reader.Find("data/random.bin")!.Extents[0].Lba;
        foreach (int sector in new[] { first, first + 1, first + 70, first + 145 })
        {
            string name = $"bad{sector}";
            File.Copy(temp.Combine("good.bin"), temp.Combine(name + ".bin"));
            File.WriteAllText(temp.Combine(name + ".cue"), File.ReadAllText(temp.Combine("good.cue")).Replace("good.bin", name + ".bin", StringComparison.Ordinal));
            DiscImageFiles.Poke(temp.Combine(name + ".bin"), (long)sector * 2352 + CdEcc.QParityOffset + 5, 0x5A);
            long bad = Chd(temp.Combine(name + ".cue"));
            Assert.True(bad > good + 100, $"damaging sector {sector}'s parity grew the CHD from {good} to {bad} bytes only: MAME did not accept its parity before");
        }
        // Every sector's parity dropped: the CHD holds little more than the user data would (header and EDC remain).
        File.WriteAllText(temp.Combine("cooked.cue"), "FILE \"in.iso\" BINARY\r\n  TRACK 01 MODE1/2048\r\n    INDEX 01 00:00:00\r\n");
        long cooked = Chd(temp.Combine("cooked.cue"));
        Assert.True(good < cooked + 24L * sectors, $"the raw image's CHD ({good} bytes) is far larger than the user data's ({cooked}): MAME kept the parity of many sectors");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Nrg2iso_and_iat_agree_with_ours_on_nero_images(bool version2)
    {
        using var temp = new TempDirectory("disc");
        byte[] iso = DiscImageFiles.BuildIso(temp);
        string nrg = temp.Combine("image.nrg");
        DiscImageFiles.WriteNrg(nrg, iso, version2);
        byte[] ours = Ours(nrg, temp);
        Assert.Equal(iso, ours);
        // nrg2iso copies everything after the first 150 sectors: the track, then the chunk chain and footer as well.
        ExternalTool.Run("nrg2iso", [nrg, temp.Combine("nrg2iso.iso")]).EnsureSuccess();
        byte[] theirs = File.ReadAllBytes(temp.Combine("nrg2iso.iso"));
        byte[] image = File.ReadAllBytes(nrg);
        Assert.Equal(ours, theirs[..ours.Length]);
        Assert.Equal(image[(150 * 2048 + ours.Length)..], theirs[ours.Length..]);
        ExternalTool.Run("iat", [nrg, temp.Combine("iat.iso")]).EnsureSuccess();
        Assert.Equal(ours, File.ReadAllBytes(temp.Combine("iat.iso")));
        // libcdio reads the chunks: one Mode 1 data track of the ISO's length.
        if (version2)
        {
            // libcdio reads the CUEX and DAOX chunks into one Mode 1 track of the ISO's length (its CUES support
            // assumes 2336-byte sectors, so version 1 is left out).
            string info = ExternalTool.Run("cd-info", ["--no-device-info", "--nrg-file", nrg]).EnsureSuccess().StandardOutput;
            Assert.Contains("CD-DATA (Mode 1)", info, StringComparison.Ordinal);
            Assert.Matches($@"  1: 00:02:00  000000 data", info);
            Assert.Matches($@"170: \S+\s+0*{DiscImageFiles.Sectors(iso)} leadout", info);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Mdf2iso_and_iat_agree_with_ours_on_alcohol_images(bool subchannel)
    {
        using var temp = new TempDirectory("disc");
        byte[] iso = DiscImageFiles.BuildIso(temp);
        string mds = temp.Combine("image.mds");
        DiscImageFiles.WriteMds(mds, iso, subchannel);
        byte[] ours = Ours(mds, temp);
        Assert.Equal(iso, ours);
        Assert.Equal(ours, Ours(temp.Combine("image.mdf"), temp));
        ExternalTool.Run("mdf2iso", [temp.Combine("image.mdf"), temp.Combine("mdf2iso.iso")]).EnsureSuccess();
        Assert.Equal(ours, File.ReadAllBytes(temp.Combine("mdf2iso.iso")));
        ExternalTool.Run("iat", [temp.Combine("image.mdf"), temp.Combine("iat.iso")]).EnsureSuccess();
        Assert.Equal(ours, File.ReadAllBytes(temp.Combine("iat.iso")));
    }

    [Fact]
    public void Ccd2iso_and_iat_agree_with_ours_on_clonecd_images()
    {
        using var temp = new TempDirectory("disc");
        byte[] iso = DiscImageFiles.BuildIso(temp);
        string ccd = temp.Combine("image.ccd");
        DiscImageFiles.WriteCcd(ccd, iso);
        byte[] ours = Ours(ccd, temp);
        Assert.Equal(iso, ours);
        Assert.Equal(ours, Ours(temp.Combine("image.img"), temp));
        ExternalTool.Run("ccd2iso", [temp.Combine("image.img"), temp.Combine("ccd2iso.iso")]).EnsureSuccess();
        Assert.Equal(ours, File.ReadAllBytes(temp.Combine("ccd2iso.iso")));
        ExternalTool.Run("iat", [temp.Combine("image.img"), temp.Combine("iat.iso")]).EnsureSuccess();
        Assert.Equal(ours, File.ReadAllBytes(temp.Combine("iat.iso")));
    }

    [Fact]
    public void Bchunk_agrees_with_ours_on_mode2_and_mixed_mode_bin_cue()
    {
        using var temp = new TempDirectory("disc");
        byte[] iso = DiscImageFiles.BuildIso(temp);
        string mode2 = temp.Combine("mode2.cue");
        DiscImageFiles.WriteBinCue(mode2, iso, DiscTrackMode.Mode2Form1);
        ExternalTool.Run("bchunk", [temp.Combine("mode2.bin"), mode2, temp.Combine("m2-")]).EnsureSuccess();
        Assert.Equal(iso, Ours(mode2, temp));
        Assert.Equal(iso, File.ReadAllBytes(temp.Combine("m2-01.iso")));

        string mixed = temp.Combine("mixed.cue");
        DiscImageFiles.WriteBinCue(mixed, iso, audioSectors: 300);
        ExternalTool.Run("bchunk", [temp.Combine("mixed.bin"), mixed, temp.Combine("mx-")]).EnsureSuccess();
        Assert.Equal(iso, Ours(mixed, temp));
        Assert.Equal(iso, File.ReadAllBytes(temp.Combine("mx-01.iso")));
        // bchunk's audio track starts at INDEX 01 too: ours says the same track is 300 sectors of audio.
        Assert.Equal(300L * 2352, new FileInfo(temp.Combine("mx-02.cdr")).Length);
        DiscImage disc = DiscImage.Open(mixed);
        Assert.Equal(300, disc.Tracks[1].Sectors);
    }
}
