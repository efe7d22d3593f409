using IsoBuild.Reading;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Reading;

/// <summary>Images from every writer are read and extracted by IsoBuild, and the trees equal the sources.</summary>
[Trait(Category.Name, Category.External)]
public sealed class ReaderInteropTests : IClassFixture<ReaderInteropTests.Sources>
{
    private readonly Sources _sources;

    public ReaderInteropTests(Sources sources) => _sources = sources;

    /// <summary>Source trees shared by the tests of this class.</summary>
    public sealed class Sources : IDisposable
    {
        public Sources()
        {
            TestTrees.CreateVaried(Varied);
            // What a Windows user burns: Unicode names, spaces, no links, no modes, shallow.
            Directory.CreateDirectory(Path.Combine(Shallow, "Documents", "Reports 2024"));
            File.WriteAllText(Path.Combine(Shallow, "Documents", "Reports 2024", "Überblick – Jahr.txt"), "summary");
            File.WriteAllText(Path.Combine(Shallow, "Documents", "日本語.txt"), "japanese");
            File.WriteAllBytes(Path.Combine(Shallow, "setup.exe"), new byte[70000]);
            File.WriteAllText(Path.Combine(Shallow, "autorun.inf"), "[autorun]\r\n");
            Directory.CreateDirectory(Path.Combine(Shallow, "Empty Folder"));
            // Names plain ISO 9660 holds exactly (level 1, upper case, 8.3).
            Directory.CreateDirectory(Path.Combine(Plain, "DATA", "SUB"));
            File.WriteAllText(Path.Combine(Plain, "README.TXT"), "read me");
            File.WriteAllText(Path.Combine(Plain, "NOEXT"), "no extension");
            File.WriteAllBytes(Path.Combine(Plain, "DATA", "FILE1.BIN"), Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray());
            File.WriteAllText(Path.Combine(Plain, "DATA", "SUB", "A.B"), "deeper");
        }

        public TempDirectory Dir { get; } = new("reader-interop");
        public string Varied => Dir.Combine("varied");
        public string Shallow => Dir.Combine("shallow");
        public string Plain => Dir.Combine("plain");

        public void Dispose() => Dir.Dispose();
    }

    private string Image(string writer, string source) => writer switch
    {
        "isobuild" => Images.Pack(source, _sources.Dir.Combine(writer + ".iso")).OutputPath!,
        "xorriso" => ForeignImages.Xorriso(source, _sources.Dir.Combine(writer + ".iso")),
        // Without -R and -J xorriso still records Rock Ridge (its mkisofs emulation always does).
        "xorriso-no-flags" => ForeignImages.Xorriso(source, _sources.Dir.Combine(writer + ".iso"), rockRidge: false, joliet: false),
        "genisoimage-no-joliet" => ForeignImages.Genisoimage(source, _sources.Dir.Combine(writer + ".iso"), joliet: false),
        "xorriso-relocating" => ForeignImages.XorrisoRelocating(source, _sources.Dir.Combine(writer + ".iso")),
        "genisoimage" => ForeignImages.Genisoimage(source, _sources.Dir.Combine(writer + ".iso")),
        "pycdlib" => ForeignImages.Pycdlib(source, _sources.Dir.Combine(writer + ".iso"), rockRidge: true),
        _ => throw new ArgumentException(writer),
    };

    [Theory]
    [InlineData("isobuild")]
    [InlineData("xorriso")]
    [InlineData("xorriso-relocating")]
    [InlineData("xorriso-no-flags")]
    [InlineData("genisoimage")]
    [InlineData("genisoimage-no-joliet")]
    [InlineData("pycdlib")]
    public void Rock_Ridge_images_extract_to_the_source_tree_with_links_and_modes(string writer)
    {
        string image = Image(writer, _sources.Varied);
        using IsoImageReader reader = IsoImageReader.Open(image);
        Assert.Equal(IsoNamespace.RockRidge, reader.Namespace);
        string output = _sources.Dir.Combine("out-" + writer);
        IsoExtractResult result = IsoImageExtractor.Extract(reader, [], output);
        Assert.Empty(result.Refused);
        TreeSnapshot.AssertEqual(TreeSnapshot.Take(_sources.Varied), TreeSnapshot.Take(output), writer);
        Assert.Empty(IsoImageVerifier.Verify(image).Select(p => p.ToString()).ToList());
    }

    [Fact]
    public void Relocated_directories_appear_in_place_and_rr_moved_is_hidden()
    {
        string image = Image("genisoimage", _sources.Varied);
        using (IsoImageReader iso = IsoImageReader.Open(image, IsoNamespace.Iso9660))
            Assert.Contains(iso.Root.GetChildren(), e => e.Name == "RR_MOVED");
        using IsoImageReader reader = IsoImageReader.Open(image);
        Assert.DoesNotContain(reader.Root.GetChildren(), e => e.Name.Contains("rr_moved", StringComparison.OrdinalIgnoreCase));
        IsoEntry? deep = reader.Find(string.Join('/', Enumerable.Range(1, 13).Select(i => $"level{i:00}-directory-with-a-long-name")) + "/bottom.txt");
        Assert.NotNull(deep);
        using var text = new StreamReader(deep.OpenRead());
        Assert.Equal("the bottom", text.ReadToEnd());
        Assert.Equal(13, deep.Path.Count(c => c == '/') - 1);
    }

    [Theory]
    [InlineData("genisoimage")]
    [InlineData("pycdlib")]
    [InlineData("isobuild")]
    public void Joliet_only_images_are_read_through_their_Joliet_names(string writer)
    {
        string output = _sources.Dir.Combine("joliet-" + writer + ".iso");
        string image = writer switch
        {
            "pycdlib" => ForeignImages.Pycdlib(_sources.Shallow, output, rockRidge: false),
            "isobuild" => Images.Pack(_sources.Shallow, output, s => s with { RockRidge = false }).OutputPath!,
            _ => ForeignImages.Genisoimage(_sources.Shallow, output, rockRidge: false),
        };
        using IsoImageReader reader = IsoImageReader.Open(image);
        Assert.Equal(IsoNamespace.Joliet, reader.Namespace);
        Assert.False(reader.Volume.RockRidge);
        Assert.Equal(3, reader.Volume.JolietLevel);
        string extracted = _sources.Dir.Combine("out-joliet-" + writer);
        Assert.Empty(IsoImageExtractor.Extract(reader, [], extracted).Refused);
        TreeSnapshot.AssertEqual(TreeSnapshot.Take(_sources.Shallow, withModes: false), TreeSnapshot.Take(extracted, withModes: false), writer);
        Assert.Empty(IsoImageVerifier.Verify(image).Select(p => p.ToString()).ToList());
    }

    [Theory]
    [InlineData("genisoimage")]
    [InlineData("isobuild")]
    public void Plain_ISO_9660_images_give_names_without_version_or_trailing_dot(string writer)
    {
        string image = writer == "isobuild"
            ? Images.Pack(_sources.Plain, _sources.Dir.Combine("plain-isobuild.iso"), s => s with { Joliet = false, RockRidge = false }).OutputPath!
            : ForeignImages.Genisoimage(_sources.Plain, _sources.Dir.Combine("plain-genisoimage.iso"), rockRidge: false, joliet: false);
        using IsoImageReader reader = IsoImageReader.Open(image);
        Assert.Equal(IsoNamespace.Iso9660, reader.Namespace);
        Assert.Null(reader.Volume.JolietLevel);
        string output = _sources.Dir.Combine("out-plain-" + writer);
        Assert.Empty(IsoImageExtractor.Extract(reader, [], output).Refused);
        TreeSnapshot.AssertEqual(TreeSnapshot.Take(_sources.Plain, withModes: false), TreeSnapshot.Take(output, withModes: false), writer);
    }

    [Fact]
    public void The_three_trees_of_one_image_name_the_same_files()
    {
        string image = Image("isobuild", _sources.Shallow);
        using IsoImageReader rr = IsoImageReader.Open(image, IsoNamespace.RockRidge);
        using IsoImageReader joliet = IsoImageReader.Open(image, IsoNamespace.Joliet);
        using IsoImageReader iso = IsoImageReader.Open(image, IsoNamespace.Iso9660);
        Assert.Equal(rr.EnumerateDescendants().Select(e => e.Path), joliet.EnumerateDescendants().Select(e => e.Path));
        Assert.Equal(rr.EnumerateDescendants().Count(), iso.EnumerateDescendants().Count());
        Assert.Contains(iso.EnumerateDescendants(), e => e.Path == "/SETUP.EXE");
        Assert.Null(iso.Find("/setup.exe"));
        Assert.Equal(70000, rr.Find("setup.exe")!.Length);
        Assert.Equal(rr.Find("setup.exe")!.Extents, joliet.Find("setup.exe")!.Extents);
    }

    [Fact]
    public void A_stream_reads_like_a_path_and_is_left_open_when_asked()
    {
        string image = Image("isobuild", _sources.Shallow);
        using FileStream stream = File.OpenRead(image);
        using (IsoImageReader reader = IsoImageReader.Open(stream, leaveOpen: true))
        {
            using Stream file = reader.Find("/Documents/日本語.txt")!.OpenRead();
            Assert.Equal("japanese", new StreamReader(file).ReadToEnd());
            Assert.Equal("ISOIMAGE", reader.Volume.VolumeId);
            Assert.Null(reader.ImagePath);
        }
        Assert.True(stream.CanRead);
    }
}
