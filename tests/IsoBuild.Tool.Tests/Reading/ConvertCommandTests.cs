using System.Text.Json;
using IsoBuild.Testing;

namespace IsoBuild.Tool.Tests.Reading;

/// <summary>dotnet iso convert, and ls, info, extract, verify and diff on raw disc images.</summary>
[Trait(Category.Name, Category.External)]
public sealed class ConvertCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("convert");

    public ConvertCommandTests()
    {
        string src = _dir.CreateDirectory("src");
        File.WriteAllText(Path.Combine(src, "hello.txt"), "hello from a raw disc image\n");
        byte[] data = new byte[70_000];
        new Random(5).NextBytes(data);
        Directory.CreateDirectory(Path.Combine(src, "sub"));
        File.WriteAllBytes(Path.Combine(src, "sub", "data.bin"), data);
        ReadingCli.Run("pack", src, "-o", Iso, "-V", "RAWDISC", "-q").Succeeded();
    }

    private string Iso => _dir.Combine("image.iso");

    public void Dispose() => _dir.Dispose();

    /// <summary>A BIN/CUE of the image with an audio track of 100 sectors after a 2-second INDEX 00.</summary>
    private string MixedMode()
    {
        ReadingCli.Run("convert", Iso, _dir.Combine("mixed.cue"), "-q").Succeeded();
        long dataSectors = new FileInfo(_dir.Combine("mixed.bin")).Length / 2352;
        using (FileStream bin = File.OpenWrite(_dir.Combine("mixed.bin")))
        {
            bin.Seek(0, SeekOrigin.End);
            bin.Write(new byte[250 * 2352]);
        }
        static string Msf(long f) => $"{f / 4500:00}:{f / 75 % 60:00}:{f % 75:00}";
        File.AppendAllText(_dir.Combine("mixed.cue"), $"  TRACK 02 AUDIO\r\n    INDEX 00 {Msf(dataSectors)}\r\n    INDEX 01 {Msf(dataSectors + 150)}\r\n");
        return _dir.Combine("mixed.cue");
    }

    [Fact]
    public void Convert_writes_bin_cue_and_back_the_same_iso()
    {
        CliResult toCue = ReadingCli.Run("convert", Iso, _dir.Combine("out.cue")).Succeeded();
        Assert.Contains("out.bin", toCue.Output, StringComparison.Ordinal);
        Assert.Equal(new FileInfo(Iso).Length / 2048 * 2352, new FileInfo(_dir.Combine("out.bin")).Length);
        CliResult toIso = ReadingCli.Run("convert", _dir.Combine("out.cue"), _dir.Combine("back.iso")).Succeeded();
        Assert.Contains("track 1 (MODE1/2352)", toIso.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("dropped", toIso.Output, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(Iso), File.ReadAllBytes(_dir.Combine("back.iso")));
        ReadingCli.Run("verify", _dir.Combine("out.cue")).Succeeded();
        ExternalTool.Run("bchunk", [_dir.Combine("out.bin"), _dir.Combine("out.cue"), _dir.Combine("bchunk")]).EnsureSuccess();
        Assert.Equal(File.ReadAllBytes(Iso), File.ReadAllBytes(_dir.Combine("bchunk01.iso")));
    }

    [Fact]
    public void Convert_says_what_it_drops_and_refuses_other_outputs_and_audio()
    {
        string cue = MixedMode();
        CliResult result = ReadingCli.Run("convert", cue, _dir.Combine("data.iso")).Succeeded();
        Assert.Contains("dropped: track 2 (audio, 100 sectors)", result.Output, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(Iso), File.ReadAllBytes(_dir.Combine("data.iso")));

        CliResult wrong = ReadingCli.Run("convert", cue, _dir.Combine("data.img"));
        Assert.Equal(1, wrong.ExitCode);
        Assert.StartsWith("error ISO0710:", wrong.Error, StringComparison.Ordinal);
        CliResult audio = ReadingCli.Run("convert", cue, _dir.Combine("audio.iso"), "--track", "2");
        Assert.Equal(1, audio.ExitCode);
        Assert.StartsWith("error ISO0705:", audio.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.Combine("audio.iso")));
    }

    [Fact]
    public void Info_lists_the_tracks_and_what_converting_drops()
    {
        string cue = MixedMode();
        CliResult info = ReadingCli.Run("info", cue).Succeeded();
        Assert.Contains("RAWDISC", info.Output, StringComparison.Ordinal);
        Assert.Contains(info.Lines, l => l.StartsWith("Disc image:", StringComparison.Ordinal) && l.EndsWith("BIN/CUE, 1 session, 2 tracks", StringComparison.Ordinal));
        Assert.Contains(info.Lines, l => l.StartsWith("Track 1:", StringComparison.Ordinal) && l.Contains("MODE1/2352, ", StringComparison.Ordinal));
        Assert.Contains(info.Lines, l => l.StartsWith("Track 2:", StringComparison.Ordinal) && l.Contains("AUDIO, 100 sectors", StringComparison.Ordinal) && l.Contains("(pregap 150)", StringComparison.Ordinal));
        Assert.Contains(info.Lines, l => l.StartsWith("Convert drops:", StringComparison.Ordinal) && l.Contains("track 2 (audio", StringComparison.Ordinal));

        using JsonDocument json = JsonDocument.Parse(ReadingCli.Run("info", cue, "--json").Succeeded().Output);
        JsonElement disc = json.RootElement.GetProperty("disc");
        Assert.Equal("BinCue", disc.GetProperty("format").GetString());
        Assert.Equal(["Mode1", "Audio"], disc.GetProperty("tracks").EnumerateArray().Select(t => t.GetProperty("mode").GetString()));
        Assert.Equal("RAWDISC", json.RootElement.GetProperty("volumeId").GetString());

        // A disc of audio only: its tracks, and no file system to describe.
        File.WriteAllText(_dir.Combine("audio.cue"), "FILE \"mixed.bin\" BINARY\r\n  TRACK 01 AUDIO\r\n    INDEX 01 00:00:00\r\n");
        CliResult audio = ReadingCli.Run("info", _dir.Combine("audio.cue")).Succeeded();
        Assert.Contains(audio.Lines, l => l.StartsWith("Track 1:", StringComparison.Ordinal) && l.Contains("AUDIO", StringComparison.Ordinal));
    }

    [Fact]
    public void Ls_extract_and_diff_read_a_raw_image_as_its_iso()
    {
        string cue = MixedMode();
        Assert.Equal(["hello.txt", "sub", "sub/data.bin"], ReadingCli.Run("ls", cue, "-R").Succeeded().Lines.Select(l => l.TrimStart('/')));
        ReadingCli.Run("extract", _dir.Combine("mixed.bin"), "-o", _dir.Combine("x"), "-q").Succeeded();
        Assert.Equal("hello from a raw disc image\n", File.ReadAllText(_dir.Combine("x", "hello.txt")));
        Assert.Equal(0, ReadingCli.Run("diff", Iso, cue).ExitCode);
        // A raw image as the base of an edit: its files are streamed from the data track.
        File.WriteAllText(_dir.Combine("added.txt"), "added");
        ReadingCli.Run("edit", cue, "-o", _dir.Combine("edited.iso"), "--add", "added.txt=" + _dir.Combine("added.txt"), "-q").Succeeded();
        ReadingCli.Run("extract", _dir.Combine("edited.iso"), "-o", _dir.Combine("y"), "-q").Succeeded();
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir.Combine("src"), "sub", "data.bin")), File.ReadAllBytes(_dir.Combine("y", "sub", "data.bin")));
        Assert.Equal("added", File.ReadAllText(_dir.Combine("y", "added.txt")));
    }

    [Fact]
    public void Verify_names_bad_sectors_of_a_raw_image()
    {
        ReadingCli.Run("convert", Iso, _dir.Combine("bad.cue"), "-q").Succeeded();
        using (FileStream bin = File.OpenWrite(_dir.Combine("bad.bin")))
        {
            bin.Position = 19L * 2352 + 500;
            bin.WriteByte(0x42);
        }
        CliResult verify = ReadingCli.Run("verify", _dir.Combine("bad.cue"));
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("ISO0709: track 1 sector 19 (LBA 19, 00:02:19): EDC mismatch, ECC mismatch.", verify.Lines);
        Assert.StartsWith("error ISO0212:", verify.Error, StringComparison.Ordinal);
    }
}
