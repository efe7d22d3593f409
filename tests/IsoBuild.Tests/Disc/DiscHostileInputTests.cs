using IsoBuild.Disc;
using IsoBuild.Reading;
using IsoBuild.Spec;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Disc;

/// <summary>Damaged and hostile descriptors end in coded errors, quickly, without reading what they do not name.</summary>
public class DiscHostileInputTests
{
    private static string Code(Action action) => Assert.Throws<IsoBuildException>(action).Code;

    [Theory]
    [InlineData("FILE \"a.bin\" BINARY\n  TRACK 01 MODE1/2352\n", "ISO0700")] // no INDEX 01
    [InlineData("FILE \"a.bin\" BINARY\n  TRACK 01 MODE7/9999\n    INDEX 01 00:00:00\n", "ISO0700")]
    [InlineData("FILE \"a.bin\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:61:00\n", "ISO0700")]
    [InlineData("FILE \"a.bin\" BINARY\n  TRACK 02 MODE1/2352\n    INDEX 01 00:00:00\n  TRACK 01 AUDIO\n    INDEX 01 00:01:00\n", "ISO0700")]
    [InlineData("FILE \"a.bin\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:02:00\n    INDEX 02 00:01:00\n", "ISO0700")]
    [InlineData("FILE \"a.bin\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n  FROBNICATE\n", "ISO0700")]
    [InlineData("FILE \"a.bin BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n", "ISO0700")]
    [InlineData("FILE \"missing.bin\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n", "ISO0704")]
    [InlineData("FILE \"a.wav\" WAVE\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n", "ISO0706")]
    [InlineData("FILE \"a.bin\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 70:00:00\n", "ISO0708")]
    public void Malformed_cue_sheets_get_coded_errors(string cue, string code)
    {
        using var temp = new TempDirectory("disc");
        File.WriteAllBytes(temp.Combine("a.bin"), new byte[2352 * 20]);
        File.WriteAllBytes(temp.Combine("a.wav"), new byte[2352 * 20]);
        File.WriteAllText(temp.Combine("a.cue"), cue);
        Assert.Equal(code, Code(() => IsoImageReader.Open(temp.Combine("a.cue"))));
        Assert.Equal(code, Code(() => DiscImageConverter.ToIso(temp.Combine("a.cue"), temp.Combine("o.iso"))));
    }

    [Fact]
    public void A_cue_sheet_that_names_a_fifo_or_a_directory_is_refused_without_blocking()
    {
        using var temp = new TempDirectory("disc");
        ExternalTool.Run("mkfifo", temp.Combine("fifo.bin")).EnsureSuccess();
        Directory.CreateDirectory(temp.Combine("dir.bin"));
        foreach (string name in new[] { "fifo.bin", "dir.bin" })
        {
            File.WriteAllText(temp.Combine("a.cue"), $"FILE \"{name}\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n");
            Assert.Equal(ErrorCodes.DiscFileMissing, Code(() => IsoImageReader.Open(temp.Combine("a.cue"))));
        }
    }

    [Fact]
    public void Oversized_descriptors_and_too_many_tracks_are_limits()
    {
        using var temp = new TempDirectory("disc");
        File.WriteAllBytes(temp.Combine("a.bin"), new byte[2352]);
        string huge = "FILE \"a.bin\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n" + new string(' ', CueSheet.MaxLength) + "\n";
        File.WriteAllText(temp.Combine("huge.cue"), huge);
        Assert.Equal(ErrorCodes.DiscLimitExceeded, Code(() => DiscImage.Open(temp.Combine("huge.cue"))));
        var many = new System.Text.StringBuilder("FILE \"a.bin\" BINARY\n");
        for (int i = 1; i <= 99; i++)
            many.Append(System.Globalization.CultureInfo.InvariantCulture, $"  TRACK {i:00} AUDIO\n    INDEX 01 00:00:00\n");
        many.Append("  TRACK 100 AUDIO\n    INDEX 01 00:00:00\n");
        File.WriteAllText(temp.Combine("many.cue"), many.ToString());
        Assert.Equal(ErrorCodes.MalformedCueSheet, Code(() => DiscImage.Open(temp.Combine("many.cue"))));
    }

    [Fact]
    public void Damaged_nero_chunks_get_coded_errors()
    {
        using var temp = new TempDirectory("disc");
        byte[] iso = DiscImageFiles.BuildIso(temp, randomBytes: 10_000);
        DiscImageFiles.WriteNrg(temp.Combine("good.nrg"), iso, true);
        byte[] good = File.ReadAllBytes(temp.Combine("good.nrg"));
        long chain = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(good.AsSpan(good.Length - 8));
        string Damage(string name, Action<byte[]> damage)
        {
            byte[] bytes = (byte[])good.Clone();
            damage(bytes);
            File.WriteAllBytes(temp.Combine(name), bytes);
            return temp.Combine(name);
        }
        // The first chunk (CUEX) claims 2 GiB.
        Assert.Equal(ErrorCodes.DiscLimitExceeded, Code(() => DiscImage.Open(Damage("big.nrg", b => b[(int)chain + 4] = 0x80))));
        // The DAOX chunk's end offset beyond the sectors.
        int dao = (int)chain + 8 + 32 + 8;
        Assert.Equal(ErrorCodes.MalformedNrg, Code(() => DiscImage.Open(Damage("end.nrg", b => b[dao + 22 + 18 + 16 + 2] = 0x7F))));
        // An unknown sector mode.
        Assert.Equal(ErrorCodes.UnsupportedDiscImage, Code(() => DiscImage.Open(Damage("mode.nrg", b => b[dao + 22 + 14] = 0x42))));
        // DAO track count disagreeing with its first and last track.
        Assert.Equal(ErrorCodes.MalformedNrg, Code(() => DiscImage.Open(Damage("count.nrg", b => b[dao + 21] = 5))));
    }

    [Fact]
    public void Damaged_mds_and_ccd_get_coded_errors()
    {
        using var temp = new TempDirectory("disc");
        byte[] iso = DiscImageFiles.BuildIso(temp, randomBytes: 10_000);
        DiscImageFiles.WriteMds(temp.Combine("a.mds"), iso, false);
        byte[] mds = File.ReadAllBytes(temp.Combine("a.mds"));
        void Mds(Action<byte[]> damage, string code)
        {
            byte[] bytes = (byte[])mds.Clone();
            damage(bytes);
            File.WriteAllBytes(temp.Combine("a.mds"), bytes);
            Assert.Equal(code, Code(() => IsoImageReader.Open(temp.Combine("a.mds"))));
        }
        Mds(b => b[MdsHeader.SessionsOffsetOffset + 2] = 0x10, ErrorCodes.MalformedMds); // sessions beyond the end
        Mds(b => b[MdsHeader.SessionCountOffset] = 0, ErrorCodes.MalformedMds);
        Mds(b => b[MdsHeader.Length + 3 * MdsTrackBlock.Length + MdsSessionBlock.Length] = 0x77, ErrorCodes.UnsupportedDiscImage); // track mode
        Mds(b => b[^6] = (byte)'x', ErrorCodes.DiscFileMissing); // "x.mdf" is not there
        Mds(b => b[MdsHeader.Length + MdsSessionBlock.Length + 3 * MdsTrackBlock.Length + MdsTrackBlock.StartOffsetOffset + 4] = 1, ErrorCodes.TrackOutsideFile);

        DiscImageFiles.WriteCcd(temp.Combine("c.ccd"), iso);
        string ccd = File.ReadAllText(temp.Combine("c.ccd"));
        void Ccd(string text, string code)
        {
            File.WriteAllText(temp.Combine("c.ccd"), text);
            Assert.Equal(code, Code(() => IsoImageReader.Open(temp.Combine("c.ccd"))));
        }
        Ccd(ccd.Replace("MODE=1", "MODE=7", StringComparison.Ordinal), ErrorCodes.MalformedCcd);
        Ccd(ccd.Replace("INDEX 1=0", "INDEX 1=99999999", StringComparison.Ordinal), ErrorCodes.MalformedCcd);
        Ccd(ccd.Replace("[TRACK 1]", "[TRACK 1", StringComparison.Ordinal), ErrorCodes.MalformedCcd);
        Ccd(ccd[..ccd.IndexOf("[TRACK 1]", StringComparison.Ordinal)], ErrorCodes.MalformedCcd);
        Ccd(ccd.Replace("PLBA=" + DiscImageFiles.Sectors(iso), "PLBA=999999", StringComparison.Ordinal), ErrorCodes.TrackOutsideFile);
        File.Delete(temp.Combine("c.img"));
        Ccd(ccd, ErrorCodes.DiscFileMissing);
    }

    [Fact]
    public void A_truncated_bin_is_reported_as_truncated()
    {
        using var temp = new TempDirectory("disc");
        byte[] iso = DiscImageFiles.BuildIso(temp, randomBytes: 10_000);
        File.WriteAllBytes(temp.Combine("in.iso"), iso);
        DiscImageConverter.ToBinCue(temp.Combine("in.iso"), temp.Combine("t.cue"));
        using (FileStream f = File.OpenWrite(temp.Combine("t.bin")))
            f.SetLength(2352 * 30);
        // The volume descriptor names more sectors than the track holds: the ISO reader's own code for that.
        IReadOnlyList<string> problems = IsoImageVerifier.Verify(temp.Combine("t.cue")).Select(p => p.ToString()).ToList();
        Assert.Contains(problems, p => p.StartsWith(ErrorCodes.DataOutsideImage, StringComparison.Ordinal));
    }

    /// <summary>Random damage to every format's descriptor: each image is read whole or refused with a code, in bounded time.</summary>
    [Fact]
    public void Mutated_descriptors_end_in_coded_errors()
    {
        using var temp = new TempDirectory("disc");
        byte[] iso = DiscImageFiles.BuildIso(temp, randomBytes: 4_000);
        DiscImageFiles.WriteNrg(temp.Combine("n.nrg"), iso, true);
        DiscImageFiles.WriteMds(temp.Combine("m.mds"), iso, false);
        DiscImageFiles.WriteCcd(temp.Combine("c.ccd"), iso);
        DiscImageFiles.WriteBinCue(temp.Combine("b.cue"), iso);
        var random = new Random(1234);
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in new[] { "n.nrg", "m.mds", "c.ccd", "b.cue" })
        {
            string path = temp.Combine(name);
            byte[] original = File.ReadAllBytes(path);
            // The descriptor part: the NRG's chunk chain, the whole of the others.
            int from = name == "n.nrg" ? original.Length - 200 : 0;
            for (int i = 0; i < 150; i++)
            {
                byte[] bytes = (byte[])original.Clone();
                for (int n = random.Next(1, 6); n > 0; n--)
                    bytes[random.Next(from, bytes.Length)] = (byte)random.Next(256);
                if (random.Next(8) == 0)
                    bytes = bytes[..random.Next(from, bytes.Length)];
                File.WriteAllBytes(path, bytes);
                foreach (string code in Exercise(path, temp.Combine("out.iso")))
                    codes.Add(code);
            }
            File.WriteAllBytes(path, original);
        }
        Assert.All(codes, c => Assert.Matches("^ISO0[0-9]{3}$", c));
        Assert.Contains(codes, c => c.StartsWith("ISO07", StringComparison.Ordinal));
    }

    /// <summary>What a user's commands do with an image: list and read it in every namespace, verify it, convert it.</summary>
    private static List<string> Exercise(string path, string output)
    {
        var codes = new List<string>();
        foreach (IsoNamespace names in new[] { IsoNamespace.RockRidge, IsoNamespace.Joliet, IsoNamespace.Iso9660 })
        {
            try
            {
                using IsoImageReader reader = IsoImageReader.Open(path, names);
                foreach (IsoEntry entry in reader.EnumerateDescendants())
                {
                    if (entry.Kind == EntryKind.File)
                    {
                        using Stream s = entry.OpenRead();
                        s.CopyTo(Stream.Null);
                    }
                }
            }
            catch (IsoBuildException e)
            {
                codes.Add(e.Code);
            }
        }
        codes.AddRange(IsoImageVerifier.Verify(path).Select(p => p.ToString()).ToList().Select(p => p[..7]));
        try
        {
            DiscImageConverter.ToIso(path, output);
        }
        catch (IsoBuildException e)
        {
            codes.Add(e.Code);
        }
        return codes;
    }
}
