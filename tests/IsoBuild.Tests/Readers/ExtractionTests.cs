using IsoBuild.Testing;

namespace IsoBuild.Tests.Readers;

/// <summary>Our images extracted by other tools equal the source tree, byte for byte and name for name.</summary>
public sealed class ExtractionTests : IClassFixture<ExtractionTests.VariedImage>
{
    private readonly VariedImage _image;

    public ExtractionTests(VariedImage image) => _image = image;

    /// <summary>One image of the varied tree (with 200-character names), shared by the tests of this class.</summary>
    public sealed class VariedImage : IDisposable
    {
        public VariedImage()
        {
            TestTrees.CreateVaried(Dir.CreateDirectory("src"), withLongNames: true);
            Images.Pack(Source, Image, s => s with { VolumeId = "VARIED" });
            Expected = TreeSnapshot.Take(Source);
        }

        public TempDirectory Dir { get; } = new("extract");
        public string Source => Dir.Combine("src");
        public string Image => Dir.Combine("varied.iso");
        public SortedDictionary<string, TreeItem> Expected { get; }

        public void Dispose() => Dir.Dispose();
    }

    [Fact]
    public void Osirrox_extracts_the_source_tree_with_links_and_modes()
    {
        string output = _image.Dir.Combine("osirrox");
        ExternalTool.Run("osirrox", "-indev", _image.Image, "-extract", "/", output).EnsureSuccess();
        TreeSnapshot.AssertEqual(_image.Expected, TreeSnapshot.Take(output), "osirrox");
    }

    [Fact]
    public void Bsdtar_extracts_the_source_tree_with_links_and_modes()
    {
        string output = _image.Dir.CreateDirectory("bsdtar");
        ExternalTool.Run("bsdtar", "-xf", _image.Image, "-C", output).EnsureSuccess();
        TreeSnapshot.AssertEqual(_image.Expected, TreeSnapshot.Take(output), "bsdtar");
    }

    /// <summary>
    /// 7-Zip reads the Joliet tree (it has no Rock Ridge support), so it sees no links or modes, and names longer than
    /// Joliet's 64 characters arrive shortened and characters outside UCS-2 as '_'. Every name that fits must arrive exactly.
    /// </summary>
    [Fact]
    public void SevenZip_extracts_every_Joliet_name_that_fits_exactly()
    {
        string output = _image.Dir.Combine("7z");
        ExternalTool.Run("7zz", "x", "-y", "-o" + output, _image.Image).EnsureSuccess();
        SortedDictionary<string, TreeItem> expected = TreeSnapshot.Take(_image.Source, withModes: false, withLinks: false);
        SortedDictionary<string, TreeItem> actual = TreeSnapshot.Take(output, withModes: false, withLinks: false);

        var fits = new SortedDictionary<string, TreeItem>(expected.Where(kv => !kv.Key.StartsWith(TestTrees.BeyondJoliet, StringComparison.Ordinal)).ToDictionary(), StringComparer.Ordinal);
        var actualFits = new SortedDictionary<string, TreeItem>(actual.Where(kv => !kv.Key.StartsWith(TestTrees.BeyondJoliet, StringComparison.Ordinal)).ToDictionary(), StringComparer.Ordinal);
        TreeSnapshot.AssertEqual(fits, actualFits, "7z (names that fit Joliet)");

        // The names beyond Joliet: same contents, each name at most 64 characters, no surrogates.
        var longExpected = expected.Where(kv => kv.Key.StartsWith(TestTrees.BeyondJoliet + "/", StringComparison.Ordinal)).ToList();
        var longActual = actual.Where(kv => kv.Key.StartsWith(TestTrees.BeyondJoliet + "/", StringComparison.Ordinal)).ToList();
        Assert.Equal(longExpected.Count, longActual.Count);
        Assert.Equal(longExpected.Select(kv => kv.Value.Sha256).Order(), longActual.Select(kv => kv.Value.Sha256).Order());
        Assert.All(longActual, kv => Assert.True(Path.GetFileName(kv.Key).Length <= 64 && !Path.GetFileName(kv.Key).Any(char.IsSurrogate), kv.Key));
    }

    [Fact]
    public void Xorriso_loads_the_image_without_warnings()
    {
        ToolResult r = ExternalTool.Run("xorriso", "-report_about", "WARNING", "-indev", _image.Image, "-find", "/", "-exec", "lsdl").EnsureSuccess();
        Assert.DoesNotContain("WARNING", r.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("SORRY", r.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("FAILURE", r.StandardError, StringComparison.Ordinal);
        Assert.Contains("'/bin/tool-link' -> 'tool.sh'", r.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("-rwxr-xr-x", r.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Isoinfo_sees_the_volume_id_Joliet_and_Rock_Ridge()
    {
        ToolResult r = ExternalTool.Run("isoinfo", "-d", "-i", _image.Image).EnsureSuccess();
        Assert.Contains("Volume id: VARIED", r.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Joliet with UCS level 3 found", r.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Rock Ridge signatures version 1 found", r.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(string.Empty, r.StandardError.Trim());
        ToolResult rr = ExternalTool.Run("isoinfo", "-R", "-f", "-i", _image.Image).EnsureSuccess();
        Assert.Contains("/unicode/日本語のファイル.txt", rr.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Libcdio_iso_info_reads_the_volume_without_complaint()
    {
        ToolResult r = ExternalTool.Run("iso-info", "--no-header", "-i", _image.Image, "-l").EnsureSuccess();
        Assert.Contains("VARIED", r.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("level13-directory-with-a-long-name", r.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("rror", r.StandardError, StringComparison.Ordinal);
    }

    /// <summary>isoinfo, libcdio and pycdlib list the same Joliet names: the source names wherever Joliet can hold them.</summary>
    [Fact]
    public void Isoinfo_libcdio_and_pycdlib_see_the_same_Joliet_names()
    {
        static List<string> Files(IEnumerable<string> lines) => lines
            .Select(l => l.Trim())
            .Where(l => l.StartsWith('/'))
            .Select(l => l.EndsWith(";1", StringComparison.Ordinal) ? l[..^2] : l)
            .Order(StringComparer.Ordinal).ToList();

        // isoinfo converts Joliet names to a single-byte charset (it knows no UTF-8).
        List<string> isoinfo = Files(ExternalTool.Run("isoinfo", "-J", "-f", "-i", _image.Image).EnsureSuccess().StandardOutput.Split('\n'));
        // iso-info -f prints "SIZE /path" for every file and directory of the Joliet tree it prefers.
        List<string> libcdio = Files(ExternalTool.Run("iso-info", "--no-header", "-f", "-i", _image.Image).EnsureSuccess().StandardOutput
            .Split('\n').Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^\s*[0-9]+ (/.*)$")).Where(m => m.Success).Select(m => m.Groups[1].Value));
        const string script = """
import sys, pycdlib
iso = pycdlib.PyCdlib()
iso.open(sys.argv[1])
for root, dirs, files in iso.walk(joliet_path='/'):
    for n in dirs + files: print((root.rstrip('/') + '/' + n))
iso.close()
""";
        List<string> pycdlib = Files(ExternalTool.Python(script, _image.Image).EnsureSuccess().StandardOutput.Split('\n'));

        // isoinfo's rendering: ASCII as is, Latin-1 as a raw byte (not UTF-8, so U+FFFD here), anything else '_'.
        static string AsIsoinfoShowsIt(string p) => string.Concat(p.Select(c => c < 0x80 ? c : c <= 0xFF ? '\uFFFD' : '_'));
        Assert.Equal(pycdlib.Select(AsIsoinfoShowsIt).Order(StringComparer.Ordinal), isoinfo);
        // libcdio sizes its UTF-8 buffer by the UCS-2 length, so it cuts names with many 3-byte characters, even
        // mid-character (it does so for xorriso's images too): ASCII names must match exactly, others be a prefix.
        static bool Beyond(string p) => p.StartsWith("/" + TestTrees.BeyondJoliet + "/", StringComparison.Ordinal);
        Assert.Equal(pycdlib.Count, libcdio.Count);
        Assert.Equal(pycdlib.Where(p => p.All(char.IsAscii)), libcdio.Where(p => p.All(char.IsAscii)));
        Assert.All(libcdio, l => Assert.Contains(pycdlib, p => p.StartsWith(l.TrimEnd('\uFFFD').TrimEnd(), StringComparison.Ordinal)));
        List<string> expected = _image.Expected.Where(kv => kv.Value.Kind != "link" && !kv.Key.StartsWith(TestTrees.BeyondJoliet + "/", StringComparison.Ordinal))
            .Select(kv => "/" + kv.Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, pycdlib.Where(p => !Beyond(p)));
    }

    [Fact]
    public void Pycdlib_opens_the_image_and_sees_the_same_names()
    {
        const string script = """
import sys, pycdlib
iso = pycdlib.PyCdlib()
iso.open(sys.argv[1])
print("VOLUME", iso.get_iso_path('/') and iso.pvd.volume_identifier.decode().rstrip())
for root, dirs, files in iso.walk(rr_path='/'):
    for f in files: print("RR", (root.rstrip('/') + '/' + f)[1:])
for root, dirs, files in iso.walk(joliet_path='/'):
    for f in files: print("J", (root.rstrip('/') + '/' + f)[1:])
iso.close()
""";
        ToolResult r = ExternalTool.Python(script.Replace("iso.get_iso_path('/') and ", "", StringComparison.Ordinal), _image.Image).EnsureSuccess();
        string[] lines = r.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("VOLUME VARIED", lines);
        var files = _image.Expected.Where(kv => kv.Value.Kind is "file" or "link").Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
        var rr = lines.Where(l => l.StartsWith("RR ", StringComparison.Ordinal)).Select(l => l[3..]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(files, rr);
        // Joliet: every file (links are not in Joliet); names that fit exactly, with the ";1" version.
        var fitting = _image.Expected.Where(kv => kv.Value.Kind == "file" && !kv.Key.StartsWith(TestTrees.BeyondJoliet + "/", StringComparison.Ordinal)).Select(kv => kv.Key + ";1").Order(StringComparer.Ordinal).ToList();
        var joliet = lines.Where(l => l.StartsWith("J ", StringComparison.Ordinal)).Select(l => l[2..]).ToList();
        Assert.Equal(fitting, joliet.Where(j => !j.StartsWith(TestTrees.BeyondJoliet + "/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(_image.Expected.Count(kv => kv.Value.Kind == "file"), joliet.Count);
    }
}
