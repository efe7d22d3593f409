using System.Text.Json;
using IsoBuild.Testing;

namespace IsoBuild.Tool.Tests.Reading;

/// <summary>ls, info, extract and verify on images from us and from xorriso.</summary>
[Trait(Category.Name, Category.External)]
public sealed class ReadCommandTests : IClassFixture<ReadCommandTests.Fixture>
{
    private readonly Fixture _f;

    public ReadCommandTests(Fixture fixture) => _f = fixture;

    public sealed class Fixture : IDisposable
    {
        public Fixture()
        {
            TestTrees.CreateVaried(Source);
            File.Delete(Path.Combine(Source, "data", "random-3mb.bin"));
            ReadingCli.Run("pack", Source, "-o", Ours, "-V", "OURS", "-q").Succeeded();
            string boot = Dir.CreateDirectory("boot");
            File.WriteAllBytes(Path.Combine(boot, "bios.img"), new byte[2048]);
            File.WriteAllBytes(Path.Combine(boot, "efi.img"), new byte[32 * 1024]);
            ForeignImages.Xorriso(boot, Hybrid, extra:
                ["-V", "HYBRID", "-b", "bios.img", "-no-emul-boot", "-boot-load-size", "4", "-eltorito-alt-boot", "-e", "efi.img", "-no-emul-boot",
                 "-append_partition", "2", "0xef", Path.Combine(boot, "efi.img"), "-appended_part_as_gpt"]);
            ForeignImages.Xorriso(Source, Xorriso);
        }

        public TempDirectory Dir { get; } = new("read-commands");
        public string Source => Dir.Combine("src");
        public string Ours => Dir.Combine("ours.iso");
        public string Hybrid => Dir.Combine("hybrid.iso");
        public string Xorriso => Dir.Combine("xorriso.iso");

        public void Dispose() => Dir.Dispose();
    }

    [Fact]
    public void Ls_lists_a_directory_recursively_long_and_as_JSON()
    {
        string[] root = ReadingCli.Run("ls", _f.Xorriso).Succeeded().Lines;
        Assert.Equal(Directory.EnumerateFileSystemEntries(_f.Source).Select(Path.GetFileName).Order(StringComparer.Ordinal), root);

        string[] all = ReadingCli.Run("ls", _f.Xorriso, "-R").Succeeded().Lines;
        Assert.Equal(TreeSnapshot.Take(_f.Source).Keys.Select(k => "/" + k), all.Order(StringComparer.Ordinal));
        Assert.True(Array.IndexOf(all, "/nested/empty") < Array.IndexOf(all, "/nested/empty/dirs"), "a directory comes before its contents");

        string[] bin = ReadingCli.Run("ls", _f.Ours, "bin", "-l").Succeeded().Lines;
        Assert.Contains(bin, l => l.StartsWith("lrwxrwxrwx", StringComparison.Ordinal) && l.EndsWith("tool-link -> tool.sh", StringComparison.Ordinal));
        Assert.Contains(bin, l => l.StartsWith("-rwxr-xr-x", StringComparison.Ordinal) && l.Contains(" 1980-01-01 00:00:00 tool.sh", StringComparison.Ordinal));

        using JsonDocument json = JsonDocument.Parse(ReadingCli.Run("ls", _f.Ours, "/sizes", "--json").Succeeded().Output);
        JsonElement size2049 = json.RootElement.EnumerateArray().Single(e => e.GetProperty("name").GetString() == "size-2049.bin");
        Assert.Equal("/sizes/size-2049.bin", size2049.GetProperty("path").GetString());
        Assert.Equal(2049, size2049.GetProperty("size").GetInt64());
        Assert.Equal("0644", size2049.GetProperty("mode").GetString());
        Assert.Single(size2049.GetProperty("extents").EnumerateArray());
    }

    [Fact]
    public void Ls_of_a_path_that_is_not_there_is_a_coded_error()
    {
        CliResult r = ReadingCli.Run("ls", _f.Ours, "no/such/dir");
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("error ISO0209:", r.Error, StringComparison.Ordinal);
        CliResult notImage = ReadingCli.Run("ls", Path.Combine(_f.Source, "hello-not-there.iso"));
        Assert.StartsWith("error ISO0200:", notImage.Error, StringComparison.Ordinal);
        CliResult notIso = ReadingCli.Run("info", Path.Combine(_f.Source, "sizes", "size-65537.bin"));
        Assert.StartsWith("error ISO0201:", notIso.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Info_shows_ids_extensions_boot_entries_and_partitions()
    {
        string text = ReadingCli.Run("info", _f.Hybrid).Succeeded().Output;
        Assert.Contains("Volume id:        HYBRID", text, StringComparison.Ordinal);
        Assert.Contains("Rock Ridge", text, StringComparison.Ordinal);
        Assert.Contains("Joliet level 3", text, StringComparison.Ordinal);
        Assert.Contains("Boot entry 1:     BIOS, no emulation, bootable", text, StringComparison.Ordinal);
        Assert.Contains("Boot entry 2:     EFI, no emulation, bootable", text, StringComparison.Ordinal);
        Assert.Contains("(EFI System)", text, StringComparison.Ordinal);

        using JsonDocument json = JsonDocument.Parse(ReadingCli.Run("info", _f.Ours, "--json").Succeeded().Output);
        JsonElement root = json.RootElement;
        Assert.Equal("OURS", root.GetProperty("volumeId").GetString());
        Assert.Equal("ISOBUILD", root.GetProperty("application").GetString());
        Assert.Equal("1980-01-01T00:00:00Z", root.GetProperty("created").GetString());
        Assert.True(root.GetProperty("rockRidge").GetBoolean());
        Assert.Equal(3, root.GetProperty("jolietLevel").GetInt32());
        Assert.False(root.GetProperty("elTorito").GetBoolean());
        Assert.Equal(new FileInfo(_f.Ours).Length, root.GetProperty("size").GetInt64());
        Assert.Empty(root.GetProperty("partitions").EnumerateArray());
    }

    [Fact]
    public void Extract_restores_the_tree_and_extracts_selected_paths()
    {
        string all = _f.Dir.Combine("all");
        CliResult r = ReadingCli.Run("extract", _f.Xorriso, "-o", all).Succeeded();
        Assert.Contains(" files, ", r.Output, StringComparison.Ordinal);
        TreeSnapshot.AssertEqual(TreeSnapshot.Take(_f.Source), TreeSnapshot.Take(all), "extract");

        string some = _f.Dir.Combine("some");
        ReadingCli.Run("extract", _f.Ours, "bin", "/sizes/size-1.bin", "-o", some, "-q").Succeeded();
        Assert.Equal(["bin", "bin/tool-link", "bin/tool.sh", "sizes", "sizes/size-1.bin"], TreeSnapshot.Take(some).Keys);

        CliResult missing = ReadingCli.Run("extract", _f.Ours, "nothing-here", "-o", some);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("ISO0209", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_of_a_hostile_image_refuses_on_stderr_and_fails()
    {
        string source = _f.Dir.CreateDirectory("hostile-src");
        File.WriteAllText(Path.Combine(source, "qq"), "would be ..");
        File.WriteAllText(Path.Combine(source, "ok.txt"), "fine");
        File.CreateSymbolicLink(Path.Combine(source, "passwd"), "/etc/passwd");
        string image = _f.Dir.Combine("hostile.iso");
        ReadingCli.Run("pack", source, "-o", image, "--no-joliet", "-q").Succeeded();
        byte[] bytes = File.ReadAllBytes(image);
        int nm = bytes.AsSpan().IndexOf((ReadOnlySpan<byte>)[(byte)'N', (byte)'M', 7, 1, 0, (byte)'q', (byte)'q']);
        bytes[nm + 5] = (byte)'.';
        bytes[nm + 6] = (byte)'.';
        File.WriteAllBytes(image, bytes);

        string sandbox = _f.Dir.CreateDirectory("hostile-sandbox");
        string target = Path.Combine(sandbox, "out");
        CliResult r = ReadingCli.Run("extract", image, "-o", target);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("refused: /..: ", r.Error, StringComparison.Ordinal);
        Assert.Contains("refused: /passwd: the link target '/etc/passwd' is absolute", r.Error, StringComparison.Ordinal);
        Assert.Contains("error ISO0210: 2 entries were not extracted", r.Error, StringComparison.Ordinal);
        Assert.Equal(["out"], Directory.EnumerateFileSystemEntries(sandbox).Select(Path.GetFileName));
        Assert.Equal(["ok.txt"], Directory.EnumerateFileSystemEntries(target).Select(Path.GetFileName));
    }

    [Fact]
    public void Verify_passes_sound_images_and_lists_problems_of_damaged_ones()
    {
        foreach (string image in new[] { _f.Ours, _f.Hybrid, _f.Xorriso })
            Assert.EndsWith(": sound", ReadingCli.Run("verify", image).Succeeded().Output.Trim(), StringComparison.Ordinal);

        string truncated = _f.Dir.Combine("truncated.iso");
        byte[] bytes = File.ReadAllBytes(_f.Ours);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length * 2 / 3)]);
        CliResult r = ReadingCli.Run("verify", truncated);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("ISO0211: the image is", r.Output, StringComparison.Ordinal);
        Assert.Contains("error ISO0212:", r.Error, StringComparison.Ordinal);
    }
}
