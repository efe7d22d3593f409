using System.Text.Json;
using IsoBuild.Testing;

namespace IsoBuild.Tool.Tests;

/// <summary>
/// The compression, identical-file and checksum options as <c>dotnet iso</c> users see them: what pack reports, what
/// ls and info show, verify's exit code and the damaged file it names, the options' errors in command-line words,
/// edit keeping a base image's compression and checksums, and the same bytes with one or four processors.
/// </summary>
[Trait(Category.Name, Category.External)]
public class StorageCommandTests
{
    private static string Tree(TempDirectory t)
    {
        string src = t.CreateDirectory("src");
        var random = new Random(3);
        string text = string.Join(' ', Enumerable.Range(0, 60_000).Select(i => "word" + random.Next(200)));
        File.WriteAllText(Path.Combine(src, "text.txt"), text);
        byte[] noise = new byte[200_000];
        random.NextBytes(noise);
        File.WriteAllBytes(Path.Combine(src, "noise.bin"), noise);
        Directory.CreateDirectory(Path.Combine(src, "copies"));
        for (int i = 0; i < 3; i++)
            File.WriteAllBytes(Path.Combine(src, "copies", $"noise-{i}.bin"), noise);
        return src;
    }

    private static void FlipByte(string image, string path)
    {
        JsonElement entry = JsonDocument.Parse(Cli.RunAsync("ls", image, path, "--json").Result.Output).RootElement[0];
        long lba = entry.GetProperty("extents")[0].GetProperty("lba").GetInt64();
        using FileStream s = File.Open(image, FileMode.Open, FileAccess.ReadWrite);
        s.Position = lba * 2048 + 1000;
        int b = s.ReadByte();
        s.Position--;
        s.WriteByte((byte)(b ^ 0x10));
    }

    [Fact]
    public async Task Pack_reports_savings_ls_shows_both_sizes_info_the_checksums_and_verify_names_a_damaged_file()
    {
        using var t = new TempDirectory("cli-storage");
        string src = Tree(t);
        string image = t.Combine("out.iso");
        Cli.Result pack = await Cli.RunAsync("pack", src, "-o", image, "--zisofs", "--md5", "--sha256");
        Assert.Equal(0, pack.ExitCode);
        Assert.Contains("; 3 files stored once (0.6 MiB saved); 1 file compressed (", pack.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(image + ".sha256"));

        string ls = (await Cli.RunAsync("ls", image, "-l")).Output;
        string textLine = ls.Split('\n').Single(l => l.EndsWith(" bytes stored)", StringComparison.Ordinal));
        Assert.Contains(" text.txt (zisofs, ", textLine, StringComparison.Ordinal);
        Assert.Contains(new FileInfo(Path.Combine(src, "text.txt")).Length.ToString(System.Globalization.CultureInfo.InvariantCulture), textLine, StringComparison.Ordinal);
        JsonElement text = JsonDocument.Parse((await Cli.RunAsync("ls", image, "text.txt", "--json")).Output).RootElement[0];
        Assert.True(text.GetProperty("compressed").GetBoolean());
        Assert.True(text.GetProperty("storedSize").GetInt64() < text.GetProperty("size").GetInt64());

        string info = (await Cli.RunAsync("info", image)).Output;
        Assert.Contains("libisofs MD5 (xorriso -md5): superblock tag at block ", info, StringComparison.Ordinal);
        Assert.Contains("checksum array with the MD5s of 5 files", info, StringComparison.Ordinal);
        Assert.Contains("Compressed:       1 file (zisofs)", info, StringComparison.Ordinal);
        JsonElement checksums = JsonDocument.Parse((await Cli.RunAsync("info", image, "--json")).Output).RootElement.GetProperty("checksums");
        Assert.Equal(3, checksums.GetProperty("md5Tags").GetArrayLength());
        Assert.False(checksums.GetProperty("isomd5sum").GetBoolean());

        Assert.Equal(0, (await Cli.RunAsync("verify", image)).ExitCode);
        FlipByte(image, "copies/noise-0.bin");
        Cli.Result verify = await Cli.RunAsync("verify", image);
        Assert.Equal(1, verify.ExitCode);
        // The damaged data is shared by the four noise files: each is named.
        foreach (string name in new[] { "/copies/noise-0.bin", "/copies/noise-1.bin", "/copies/noise-2.bin", "/noise.bin" })
            Assert.Contains($"ISO0813: the data of '{name}' does not match its recorded MD5", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_implanted_checksum_shows_in_info_and_verify_fails_a_damaged_image()
    {
        using var t = new TempDirectory("cli-implant");
        string src = Tree(t);
        string image = t.Combine("out.iso");
        Assert.Equal(0, (await Cli.RunAsync("pack", src, "-o", image, "--implant-md5", "--no-dedup", "-q")).ExitCode);
        Assert.Contains("Checksums:        isomd5sum (implantisomd5)", (await Cli.RunAsync("info", image)).Output, StringComparison.Ordinal);
        Assert.Equal(0, ExternalTool.Run("checkisomd5", image).ExitCode);
        FlipByte(image, "text.txt");
        Cli.Result verify = await Cli.RunAsync("verify", image);
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("ISO0810: the isomd5sum checksum (implantisomd5) does not match: fragment ", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Option_errors_name_the_options_as_typed()
    {
        using var t = new TempDirectory("cli-storage-errors");
        string src = Tree(t);
        Cli.Result both = await Cli.RunAsync("pack", src, "-o", t.Combine("x.iso"), "--md5", "--implant-md5");
        Assert.Equal(1, both.ExitCode);
        Assert.Contains("error ISO0814: --md5 and --implant-md5 cannot both be had", both.Error, StringComparison.Ordinal);
        Cli.Result noRockRidge = await Cli.RunAsync("pack", src, "-o", t.Combine("x.iso"), "--zisofs", "--no-rock-ridge");
        Assert.Contains("error ISO0803: zisofs compression (--zisofs) is recorded in Rock Ridge entries, and Rock Ridge is off: leave out --no-rock-ridge", noRockRidge.Error, StringComparison.Ordinal);
        Cli.Result blockSize = await Cli.RunAsync("pack", src, "-o", t.Combine("x.iso"), "--zisofs-block-size", "64k");
        Assert.Contains("error ISO0802: --zisofs-block-size 64k sets up zisofs compression, which is off: add --zisofs.", blockSize.Error, StringComparison.Ordinal);
        Cli.Result badSize = await Cli.RunAsync("pack", src, "-o", t.Combine("x.iso"), "--zisofs", "--zisofs-block-size", "16k");
        Assert.Contains("error ISO0802: --zisofs-block-size 16k is not a zisofs block size", badSize.Error, StringComparison.Ordinal);
        Cli.Result withUdf = await Cli.RunAsync("pack", src, "-o", t.Combine("x.iso"), "--zisofs", "--udf");
        Assert.Contains("error ISO0815: zisofs compression (--zisofs) cannot go with UDF (--udf)", withUdf.Error, StringComparison.Ordinal);
        Cli.Result md5WithUdf = await Cli.RunAsync("pack", src, "-o", t.Combine("x.iso"), "--md5", "--udf");
        Assert.Contains("Use --implant-md5 or --sha256 for a checksum instead.", md5WithUdf.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(t.Combine("x.iso")));
    }

    [Fact]
    public async Task Exclusion_patterns_repeat_and_edit_keeps_compression_and_checksums()
    {
        using var t = new TempDirectory("cli-edit-storage");
        string src = Tree(t);
        File.WriteAllText(Path.Combine(src, "copies", "notes.txt"), string.Concat(Enumerable.Repeat("notes ", 2000)));
        string image = t.Combine("base.iso");
        Assert.Equal(0, (await Cli.RunAsync("pack", src, "-o", image, "--zisofs", "--md5", "--zisofs-exclude", "text.txt", "--zisofs-exclude", "copies/*", "-q")).ExitCode);
        string ls = (await Cli.RunAsync("ls", image, "-R", "-l")).Output;
        Assert.DoesNotContain("zisofs", ls, StringComparison.Ordinal);

        string edited = t.Combine("edited.iso");
        File.WriteAllText(t.Combine("added.txt"), string.Concat(Enumerable.Repeat("added ", 2000)));
        Assert.Equal(0, (await Cli.RunAsync("edit", image, "-o", edited, "--add", "added.txt=" + t.Combine("added.txt"), "-q")).ExitCode);
        Assert.Equal(0, (await Cli.RunAsync("verify", edited)).ExitCode);
        // The base had no compressed file, so the edit compresses nothing; its MD5 records are made anew.
        Assert.Contains("libisofs MD5", (await Cli.RunAsync("info", edited)).Output, StringComparison.Ordinal);
        ToolResult check = ExternalTool.Run("xorriso", "-md5", "on", "-indev", edited, "-check_md5", "FAILURE", "--", "-check_md5_r", "FAILURE", "/", "--");
        Assert.True(check.ExitCode == 0, check.AllOutput);

        // A compressed base stays compressed, and --implant-md5 replaces its MD5 records.
        string compressed = t.Combine("compressed.iso");
        Assert.Equal(0, (await Cli.RunAsync("pack", src, "-o", compressed, "--zisofs", "--md5", "-q")).ExitCode);
        string again = t.Combine("again.iso");
        Assert.Equal(0, (await Cli.RunAsync("edit", compressed, "-o", again, "--implant-md5", "--add", "added.txt=" + t.Combine("added.txt"), "-q")).ExitCode);
        Assert.Contains("added.txt (zisofs, ", (await Cli.RunAsync("ls", again, "-l")).Output, StringComparison.Ordinal);
        string info = (await Cli.RunAsync("info", again)).Output;
        Assert.Contains("isomd5sum", info, StringComparison.Ordinal);
        Assert.DoesNotContain("libisofs MD5", info, StringComparison.Ordinal);
        Assert.Equal(0, ExternalTool.Run("checkisomd5", again).ExitCode);
    }

    [Fact]
    public void One_or_four_processors_give_the_same_bytes()
    {
        using var t = new TempDirectory("cli-storage-processors");
        string src = Tree(t);
        File.WriteAllBytes(Path.Combine(src, "big.txt"), [.. Enumerable.Range(0, 3_000_000).Select(i => (byte)('a' + (i * 7 % 13)))]);
        byte[]? first = null;
        foreach (string processors in new[] { "1", "4" })
        {
            var env = new Dictionary<string, string?> { ["DOTNET_PROCESSOR_COUNT"] = processors, ["SOURCE_DATE_EPOCH"] = null };
            Cli.RunProcess(env, t.Path, "pack", "src", "-o", $"p{processors}.iso", "-q", "--zisofs", "--md5").EnsureSuccess();
            byte[] bytes = File.ReadAllBytes(t.Combine($"p{processors}.iso"));
            first ??= bytes;
            Assert.True(first.AsSpan().SequenceEqual(bytes), $"{processors} processors differ");
        }
    }
}
