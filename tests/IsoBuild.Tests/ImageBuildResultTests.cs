namespace IsoBuild.Tests;

public sealed class ImageBuildResultTests
{
    [Fact]
    public void The_summary_counts_in_the_singular_and_plural_and_says_how_an_incremental_build_went()
    {
        Assert.Equal("1048576 bytes (1.0 MiB), 1 file, 1 directory",
            new ImageBuildResult("/a.iso", 1048576, 1, 1).Summary);
        Assert.Equal("417792 bytes (0.4 MiB), 2 files, 3 directories; patched in place, 1 file rewritten",
            new ImageBuildResult("/a.iso", 417792, 2, 3) { Patched = true, RewrittenFiles = 1 }.Summary);
        Assert.Equal("2048 bytes (0.0 MiB), 0 files, 1 directory; patched in place, 0 files rewritten",
            new ImageBuildResult("/a.iso", 2048, 0, 1) { Patched = true }.Summary);
        Assert.Equal("417792 bytes (0.4 MiB), 2 files, 2 directories; full build (no manifest of an earlier build)",
            new ImageBuildResult("/a.iso", 417792, 2, 2) { FullBuildReason = "no manifest of an earlier build" }.Summary);
    }
}
