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
}
