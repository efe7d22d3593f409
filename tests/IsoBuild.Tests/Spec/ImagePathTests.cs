using IsoBuild.Spec;

namespace IsoBuild.Tests.Spec;

public class ImagePathTests
{
    [Theory]
    [InlineData("/boot/x.cfg", "boot/x.cfg")]
    [InlineData("docs\\manual\\", "docs/manual")]
    [InlineData("", "")]
    [InlineData("/", "")]
    public void Paths_are_normalized(string input, string expected) => Assert.Equal(expected, ImagePath.Normalize(input));

    [Theory]
    [InlineData("a//b")]
    [InlineData("a/../b")]
    [InlineData("./a")]
    [InlineData("a/\0")]
    public void Bad_paths_get_ISO0003(string input)
    {
        var e = Assert.Throws<IsoBuildException>(() => ImagePath.Normalize(input));
        Assert.Equal(ErrorCodes.InvalidImagePath, e.Code);
    }

    [Theory]
    [InlineData("a/..")]
    [InlineData("a/.")]
    [InlineData("..")]
    public void Bad_last_segments_get_ISO0003(string input) =>
        Assert.Equal(ErrorCodes.InvalidImagePath, Assert.Throws<IsoBuildException>(() => ImagePath.Normalize(input)).Code);

    [Theory]
    [InlineData("dir0000/file000000.dat")]
    [InlineData("a")]
    [InlineData(".hidden/..x/...")]
    public void A_normalized_path_is_returned_as_it_is(string path) => Assert.Same(path, ImagePath.Normalize(path));
}
