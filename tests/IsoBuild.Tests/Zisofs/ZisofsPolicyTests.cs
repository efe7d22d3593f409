using IsoBuild.Zisofs;

namespace IsoBuild.Tests.Zisofs;

/// <summary>Which files --zisofs tries: size bounds and exclusion patterns.</summary>
public sealed class ZisofsPolicyTests
{
    private static readonly ZisofsPolicy Policy = new() { Exclude = ["*.jpg", "boot/*", "/isolinux/isolinux.bin", "no?.txt"] };

    [Theory]
    [InlineData("docs/readme.txt", 100_000, true)]
    [InlineData("/docs/readme.txt", 100_000, true)]
    [InlineData("docs/readme.txt", 2048, false)]
    [InlineData("docs/readme.txt", 2049, true)]
    [InlineData("docs/readme.txt", 4L * 1024 * 1024 * 1024, false)]
    [InlineData("photos/a.jpg", 100_000, false)]
    [InlineData("photos/a.JPG", 100_000, true)]
    [InlineData("boot/grub/grub.cfg", 100_000, false)]
    [InlineData("other/boot/x", 100_000, true)]
    [InlineData("isolinux/isolinux.bin", 100_000, false)]
    [InlineData("isolinux/ldlinux.c32", 100_000, true)]
    [InlineData("a/no1.txt", 100_000, false)]
    [InlineData("a/no12.txt", 100_000, true)]
    public void Tries_files_within_the_bounds_that_no_pattern_excludes(string path, long length, bool tried) =>
        Assert.Equal(tried, Policy.Considers(path, length));
}
