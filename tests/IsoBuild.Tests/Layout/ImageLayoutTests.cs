using IsoBuild.Layout;
using IsoBuild.Spec;

namespace IsoBuild.Tests.Layout;

public class ImageLayoutTests
{
    private static ImageSpec Spec(params ImageEntry[] entries) => new() { Entries = entries };

    private static ImageEntry File(string path, int length = 1) => new(path, EntryKind.File, ContentSource.FromBytes(new byte[length]));

    [Fact]
    public void Implicit_parent_directories_are_created()
    {
        ImageLayout layout = ImageLayout.Create(Spec(File("a/b/c.txt")));
        Assert.Equal(3, layout.DirectoryCount);
        Assert.Equal(1, layout.FileCount);
    }

    [Fact]
    public void Colliding_names_get_unique_ISO_names_in_ordinal_order_of_the_originals()
    {
        ImageLayout layout = ImageLayout.Create(Spec(File("my file.txt"), File("my_file.txt"), File("My File.TXT")));
        Dictionary<string, string> iso = layout.Root.Children.ToDictionary(c => c.Name, c => c.IsoId);
        Assert.Equal("MY_FILE.TXT;1", iso["My File.TXT"]);
        Assert.Equal("MY_FILE_1.TXT;1", iso["my file.txt"]);
        Assert.Equal("MY_FILE_2.TXT;1", iso["my_file.txt"]);
    }

    [Fact]
    public void A_file_used_as_a_directory_is_ISO0002()
    {
        var e = Assert.Throws<IsoBuildException>(() => ImageLayout.Create(Spec(File("a"), File("a/b"))));
        Assert.Equal(ErrorCodes.DuplicateImagePath, e.Code);
    }

    [Fact]
    public void A_symlink_without_rock_ridge_is_ISO0009()
    {
        ImageSpec spec = Spec(new ImageEntry("l", EntryKind.Symlink, LinkTarget: "x")) with { RockRidge = false };
        Assert.Equal(ErrorCodes.UnsupportedSymlink, Assert.Throws<IsoBuildException>(() => ImageLayout.Create(spec)).Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("THIS_VOLUME_ID_IS_LONGER_THAN_32_CHARS")]
    [InlineData("bad/slash")]
    [InlineData("ünï")]
    public void Invalid_volume_ids_are_ISO0005(string volumeId)
    {
        var e = Assert.Throws<IsoBuildException>(() => ImageLayout.Create(Spec() with { VolumeId = volumeId }));
        Assert.Equal(ErrorCodes.InvalidDescriptorString, e.Code);
    }

    [Fact]
    public void More_than_65535_directories_is_ISO0012()
    {
        ImageEntry[] dirs = Enumerable.Range(0, 65536).Select(i => new ImageEntry($"d{i}", EntryKind.Directory)).ToArray();
        var e = Assert.Throws<IsoBuildException>(() => ImageLayout.Create(Spec(dirs)));
        Assert.Equal(ErrorCodes.TooManyDirectories, e.Code);
    }

    [Fact]
    public void A_file_over_4_GiB_is_ISO0011()
    {
        var huge = new ImageEntry("huge.bin", EntryKind.File, new FixedLength(5L << 30));
        Assert.Equal(ErrorCodes.FileTooLarge, Assert.Throws<IsoBuildException>(() => ImageLayout.Create(Spec(huge))).Code);
    }

    [Fact]
    public void Sectors_are_in_the_documented_order_and_files_follow_each_other()
    {
        ImageLayout layout = ImageLayout.Create(Spec(File("a.bin", 5000), File("b.bin", 1), File("c/d.bin", 2048)));
        Assert.Equal(16u, ImageLayout.PrimaryDescriptor);
        Assert.Equal(17u, layout.JolietDescriptor);
        Assert.Equal(18u, layout.Terminator);
        Assert.True(layout.IsoPathTableL > layout.Terminator);
        Assert.True(layout.Root.IsoExtent > layout.JolietPathTableM);
        uint[] extents = layout.Files.Select(f => f.DataExtent).ToArray();
        Assert.Equal([layout.DataStart, layout.DataStart + 3, layout.DataStart + 4], extents);
        Assert.Equal(layout.DataStart + 5, layout.PaddingStart);
        Assert.Equal(layout.PaddingStart + ImageLayout.PaddingSectors, layout.TotalSectors);
    }

    private sealed class FixedLength(long length) : ContentSource
    {
        public override long Length => length;
        public override string Description => "fixed";
        public override Stream OpenRead() => throw new NotSupportedException();
    }
}
