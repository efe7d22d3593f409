using IsoBuild.Sectors;
using IsoBuild.Testing;
using IsoBuild.Udf;

namespace IsoBuild.Tests.Udf;

/// <summary>Our reader reads UDF images other tools made: genisoimage -udf, pycdlib, and mkudffs of udftools.</summary>
[Trait(Category.Name, Category.External)]
public class UdfForeignImageTests
{
    [Fact]
    public void Genisoimage_udf_images_read_as_their_source()
    {
        using var dir = new TempDirectory("udf-geniso");
        string source = dir.CreateDirectory("src");
        TestTrees.CreateVaried(source, withSymlink: false);
        string image = dir.Combine("g.iso");
        ExternalTool.Run("genisoimage", "-quiet", "-udf", "-R", "-J", "-joliet-long", "-o", image, source).EnsureSuccess();
        UdfImages.AssertSameTree(TreeSnapshot.Take(source, withModes: false), Strip(UdfImages.Snapshot(image)));
        using ImageSource src = ImageSource.OpenFile(image);
        Assert.Empty(UdfVerifier.Verify(src));
        Assert.Equal("*genisoimage", UdfVolume.Open(src).Info.ImplementationIdentifier);
    }

    [Fact]
    public void Pycdlib_udf_2_60_images_read_as_their_source()
    {
        using var dir = new TempDirectory("udf-pycdlib-made");
        string source = dir.CreateDirectory("src");
        Directory.CreateDirectory(Path.Combine(source, "sub", "deeper"));
        File.WriteAllText(Path.Combine(source, "a.txt"), "alpha");
        File.WriteAllBytes(Path.Combine(source, "sub", "data.bin"), [.. Enumerable.Range(0, 10000).Select(i => (byte)i)]);
        File.WriteAllText(Path.Combine(source, "sub", "Ünïcödé.txt"), "latin-1 name");
        string image = dir.Combine("p.iso");
        const string script = """
import sys, pycdlib
iso = pycdlib.PyCdlib()
iso.new(udf='2.60')
src = sys.argv[1]
iso.add_directory('/SUB', udf_path='/sub')
iso.add_directory('/SUB/DEEPER', udf_path='/sub/deeper')
iso.add_file(src + '/a.txt', '/A.TXT;1', udf_path='/a.txt')
iso.add_file(src + '/sub/data.bin', '/SUB/DATA.BIN;1', udf_path='/sub/data.bin')
iso.add_file(src + '/sub/Ünïcödé.txt', '/SUB/U.TXT;1', udf_path='/sub/Ünïcödé.txt')
iso.write(sys.argv[2])
""";
        ExternalTool.Python(script, source, image).EnsureSuccess();
        UdfImages.AssertSameTree(TreeSnapshot.Take(source, withModes: false), Strip(UdfImages.Snapshot(image)));
        using ImageSource src = ImageSource.OpenFile(image);
        // pycdlib's "udf='2.60'" records revision 1.02 in its domain identifier and integrity descriptor.
        UdfVolume volume = UdfVolume.Open(src);
        Assert.Equal(0x0102, volume.Info.Revision);
        Assert.Equal("*pycdlib", volume.Info.ImplementationIdentifier);
    }

    [Theory]
    [InlineData("--udfrev=0x0102", "1.02", "Physical")]
    [InlineData("--udfrev=0x0150", "1.50", "Physical")]
    [InlineData("--udfrev=0x0201", "2.01", "Physical")]
    [InlineData("--media-type=cdrw", "2.01", "Sparable")]
    [InlineData("--media-type=cdr", "2.01", "Virtual")]
    [InlineData("--media-type=bdr", "2.50", "Virtual")]
    public void Mkudffs_file_systems_are_read(string option, string revision, string partitionKind)
    {
        using var dir = new TempDirectory("udf-mkudffs");
        string image = dir.Combine("m.img");
        using (var f = new FileStream(image, FileMode.Create))
            f.SetLength(20 << 20);
        ExternalTool.Run("mkudffs", "-b", "2048", option, "--label=MKUDFFS", image).EnsureSuccess();
        using ImageSource src = ImageSource.OpenFile(image);
        UdfVolume volume = UdfVolume.Open(src);
        Assert.Equal(revision, UdfVolumeInfo.FormatRevision(volume.Info.Revision));
        Assert.Equal("MKUDFFS", volume.Info.LogicalVolumeIdentifier);
        Assert.Contains(volume.Info.Partitions, p => p.Kind.ToString() == partitionKind);
        Assert.Equal(IsoBuild.Spec.EntryKind.Directory, volume.Root.Kind);
        Assert.Empty(volume.Root.GetChildren()); // mkudffs makes an empty root (lost+found only where asked)
    }

    /// <summary>Other tools record no POSIX execute bits we compare; keep kind, content and link.</summary>
    private static SortedDictionary<string, TreeItem> Strip(SortedDictionary<string, TreeItem> items) =>
        new(items.ToDictionary(kv => kv.Key, kv => kv.Value with { Executable = false }), StringComparer.Ordinal);
}
