using IsoBuild.Spec;
using IsoBuild.Testing;
using IsoBuild.Tests.Compression;

namespace IsoBuild.Tests.Incremental;

/// <summary>
/// Incremental builds of images whose layout or checksums depend on file contents: compressed images and images with
/// checksums are written whole when a file changes; images storing identical files once are patched unless a changed
/// file was or becomes identical to another; unchanged images stay up to date. Every result is the bytes of a clean build.
/// </summary>
public class StoredContentIncrementalTests
{
    private static readonly DateTime Epoch = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static ImageSpec Spec(string src, Func<ImageSpec, ImageSpec> options) => options(new ImageSpecBuilder(src).AddSource(".").Build());

    private static void Rewrite(string path, byte[] content, int minute)
    {
        File.WriteAllBytes(path, content);
        File.SetLastWriteTimeUtc(path, Epoch.AddMinutes(minute));
    }

    private static void AssertEqualsCleanBuild(ImageSpec spec, string image, TempDirectory t, string what)
    {
        string clean = t.Combine("clean.iso");
        IsoImageBuilder.Build(spec, clean);
        Assert.True(File.ReadAllBytes(clean).AsSpan().SequenceEqual(File.ReadAllBytes(image)), what + ": the incremental image differs from a clean build");
    }

    private static string Tree(TempDirectory t)
    {
        string src = t.CreateDirectory("src");
        File.WriteAllBytes(Path.Combine(src, "text.txt"), CompressionCorpus.Text(100_000, 1));
        File.WriteAllBytes(Path.Combine(src, "twin-a.bin"), CompressionCorpus.Random(30_000, 2));
        File.WriteAllBytes(Path.Combine(src, "twin-b.bin"), CompressionCorpus.Random(30_000, 2));
        File.WriteAllBytes(Path.Combine(src, "same-size.bin"), CompressionCorpus.Random(30_000, 3));
        File.WriteAllBytes(Path.Combine(src, "unique.bin"), CompressionCorpus.Random(12_345, 4));
        foreach (string file in Directory.GetFiles(src))
            File.SetLastWriteTimeUtc(file, Epoch);
        return src;
    }

    [Theory]
    [InlineData("zisofs", "the image is compressed")]
    [InlineData("md5", "the image's checksums cover the changed files")]
    [InlineData("isomd5sum", "the image's checksums cover the changed files")]
    [InlineData("sha256", "the image's checksums cover the changed files")]
    public void Compressed_and_checksummed_images_are_written_whole_when_a_file_changes(string option, string reason)
    {
        using var t = new TempDirectory("incremental-stored");
        string src = Tree(t);
        Func<ImageSpec, ImageSpec> options = option switch
        {
            "zisofs" => s => s with { Zisofs = new ZisofsSpec() },
            "md5" => s => s with { Md5 = true },
            "isomd5sum" => s => s with { ImplantMd5 = true },
            _ => s => s with { Sha256 = true },
        };
        string image = t.Combine("app.iso"), manifest = t.Combine("app.manifest");
        IsoImageBuilder.BuildIncremental(Spec(src, options), image, manifest);
        Assert.True(IsoImageBuilder.BuildIncremental(Spec(src, options), image, manifest).UpToDate);

        Rewrite(Path.Combine(src, "unique.bin"), CompressionCorpus.Random(12_345, 5), 1);
        ImageBuildResult result = IsoImageBuilder.BuildIncremental(Spec(src, options), image, manifest);
        Assert.False(result.Patched);
        Assert.Equal(reason, result.FullBuildReason);
        AssertEqualsCleanBuild(Spec(src, options), image, t, option);
        Assert.True(IsoImageBuilder.BuildIncremental(Spec(src, options), image, manifest).UpToDate);
    }

    [Fact]
    public void The_SHA_256_file_of_an_image_left_as_it_was_is_written_again_only_when_missing()
    {
        using var t = new TempDirectory("incremental-sha256");
        string src = Tree(t);
        string image = t.Combine("app.iso"), manifest = t.Combine("app.manifest");
        ImageSpec spec = Spec(src, s => s with { Sha256 = true });
        IsoImageBuilder.BuildIncremental(spec, image, manifest);
        string sums = image + ".sha256";
        string line = File.ReadAllText(sums);
        File.Delete(sums);
        ImageBuildResult result = IsoImageBuilder.BuildIncremental(spec, image, manifest);
        Assert.True(result.UpToDate);
        Assert.Equal(sums, result.Sha256File);
        Assert.Equal(line, File.ReadAllText(sums));
    }

    [Fact]
    public void Identical_files_stored_once_patch_unless_a_changed_file_was_or_becomes_identical_to_another()
    {
        using var t = new TempDirectory("incremental-identical");
        string src = Tree(t);
        string image = t.Combine("app.iso"), manifest = t.Combine("app.manifest");
        ImageSpec Current() => Spec(src, s => s);
        Assert.Equal(1, IsoImageBuilder.BuildIncremental(Current(), image, manifest).SharedFiles);

        // A file no other file has the size of: patched in place.
        Rewrite(Path.Combine(src, "unique.bin"), CompressionCorpus.Random(12_345, 6), 1);
        ImageBuildResult patched = IsoImageBuilder.BuildIncremental(Current(), image, manifest);
        Assert.True(patched.Patched, patched.FullBuildReason);
        AssertEqualsCleanBuild(Current(), image, t, "unique size");

        // A file with the twins' size, unlike them before and after: patched in place too.
        Rewrite(Path.Combine(src, "same-size.bin"), CompressionCorpus.Random(30_000, 11), 2);
        ImageBuildResult unlike = IsoImageBuilder.BuildIncremental(Current(), image, manifest);
        Assert.True(unlike.Patched, unlike.FullBuildReason);
        Assert.Equal(1, unlike.RewrittenFiles);
        AssertEqualsCleanBuild(Current(), image, t, "same size, other content");

        // Only its last byte differs from the twins now (they are read up to it): still patched.
        byte[] almost = CompressionCorpus.Random(30_000, 2);
        almost[^1] ^= 0xFF;
        Rewrite(Path.Combine(src, "same-size.bin"), almost, 3);
        Assert.True(IsoImageBuilder.BuildIncremental(Current(), image, manifest).Patched);
        AssertEqualsCleanBuild(Current(), image, t, "all but the last byte");

        // same-size.bin becomes identical to the twins: the image is written whole, with the three stored once.
        Rewrite(Path.Combine(src, "same-size.bin"), CompressionCorpus.Random(30_000, 2), 4);
        ImageBuildResult full = IsoImageBuilder.BuildIncremental(Current(), image, manifest);
        Assert.Equal("a changed file is now identical to another, which is stored once", full.FullBuildReason);
        Assert.Equal(2, full.SharedFiles);
        AssertEqualsCleanBuild(Current(), image, t, "now identical");

        // And one apart again: it shared its data with the others, so the image is written whole.
        Rewrite(Path.Combine(src, "twin-b.bin"), CompressionCorpus.Random(30_000, 7), 5);
        ImageBuildResult apart = IsoImageBuilder.BuildIncremental(Current(), image, manifest);
        Assert.Equal("a changed file was identical to another and stored once with it", apart.FullBuildReason);
        Assert.Equal(1, apart.SharedFiles);
        AssertEqualsCleanBuild(Current(), image, t, "apart again");
        Assert.True(IsoImageBuilder.BuildIncremental(Current(), image, manifest).UpToDate);
    }

    [Fact]
    public void A_changed_file_of_another_files_size_that_cannot_be_read_gets_the_full_builds_coded_error()
    {
        using var t = new TempDirectory("incremental-identical-unreadable");
        string src = Tree(t);
        string image = t.Combine("app.iso"), manifest = t.Combine("app.manifest");
        ImageSpec spec = Spec(src, s => s);
        IsoImageBuilder.BuildIncremental(spec, image, manifest);
        byte[] before = File.ReadAllBytes(image);
        Rewrite(Path.Combine(src, "same-size.bin"), CompressionCorpus.Random(30_000, 12), 1);
        ImageSpec changed = Spec(src, s => s);
        File.Delete(Path.Combine(src, "same-size.bin"));
        var e = Assert.Throws<IsoBuildException>(() => IsoImageBuilder.BuildIncremental(changed, image, manifest));
        Assert.StartsWith("ISO", e.Code, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(image));
    }

    [Fact]
    public void An_image_that_boots_and_stores_identical_files_once_is_patched_at_its_own_extents()
    {
        using var t = new TempDirectory("incremental-identical-boot");
        string src = Tree(t);
        Directory.CreateDirectory(Path.Combine(src, "boot"));
        File.WriteAllBytes(Path.Combine(src, "boot", "loader.bin"), CompressionCorpus.Random(8192, 8));
        string image = t.Combine("app.iso"), manifest = t.Combine("app.manifest");
        ImageSpec Current() => Spec(src, s => s with { Boot = new BootSpec { BiosImage = "boot/loader.bin", BootInfoTable = true } });
        IsoImageBuilder.BuildIncremental(Current(), image, manifest);
        Assert.True(IsoImageBuilder.BuildIncremental(Current(), image, manifest).UpToDate);

        Rewrite(Path.Combine(src, "unique.bin"), CompressionCorpus.Random(12_345, 9), 1);
        Rewrite(Path.Combine(src, "boot", "loader.bin"), CompressionCorpus.Random(8192, 10), 1);
        ImageBuildResult patched = IsoImageBuilder.BuildIncremental(Current(), image, manifest);
        Assert.True(patched.Patched, patched.FullBuildReason);
        Assert.Equal(2, patched.RewrittenFiles);
        AssertEqualsCleanBuild(Current(), image, t, "boot");
    }

    [Fact]
    public void Making_or_breaking_a_hard_link_is_a_change_of_the_metadata()
    {
        using var t = new TempDirectory("incremental-hard-link");
        string src = Tree(t);
        string image = t.Combine("app.iso"), manifest = t.Combine("app.manifest");
        IsoImageBuilder.BuildIncremental(Spec(src, s => s), image, manifest);
        File.Delete(Path.Combine(src, "twin-b.bin"));
        ExternalTool.Run("ln", Path.Combine(src, "twin-a.bin"), Path.Combine(src, "twin-b.bin")).EnsureSuccess();
        ImageBuildResult linked = IsoImageBuilder.BuildIncremental(Spec(src, s => s), image, manifest);
        Assert.Equal("names, sizes or options changed", linked.FullBuildReason);
        AssertEqualsCleanBuild(Spec(src, s => s), image, t, "linked");
        Assert.True(IsoImageBuilder.BuildIncremental(Spec(src, s => s), image, manifest).UpToDate);
    }
}
