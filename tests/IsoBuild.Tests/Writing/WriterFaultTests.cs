using IsoBuild.Spec;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Writing;

/// <summary>A failed build never leaves a corrupt image and never damages the previous one.</summary>
[Trait(Category.Name, Category.External)]
public class WriterFaultTests
{
    [Fact]
    public void A_source_that_shrinks_while_writing_is_ISO0010_and_the_previous_image_is_untouched()
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        File.WriteAllBytes(Path.Combine(src, "a.bin"), new byte[10000]);
        string output = t.Combine("out.iso");
        Images.Pack(src, output);
        byte[] previous = File.ReadAllBytes(output);

        File.WriteAllBytes(Path.Combine(src, "b.bin"), new byte[5000]);
        ImageSpec spec = new ImageSpecBuilder(src).AddSource(".").Build();
        File.WriteAllBytes(Path.Combine(src, "b.bin"), new byte[10]); // shrinks after the spec was made
        var e = Assert.Throws<IsoBuildException>(() => IsoImageBuilder.Build(spec, output));
        Assert.Equal(ErrorCodes.SourceChanged, e.Code);
        Assert.Equal(previous, File.ReadAllBytes(output));
        Assert.Equal(["out.iso"], Directory.GetFiles(t.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(100, 101)] // read whole, ahead of the writer
    [InlineData(300_000, 300_001)] // copied (by the kernel where it can)
    [InlineData(300_000, 299_999)]
    [InlineData(100, 99)]
    public void A_source_that_changes_size_while_writing_is_ISO0010(int before, int after)
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        File.WriteAllBytes(Path.Combine(src, "a.bin"), new byte[before]);
        ImageSpec spec = new ImageSpecBuilder(src).AddSource(".").Build();
        File.WriteAllBytes(Path.Combine(src, "a.bin"), new byte[after]);
        Assert.Equal(ErrorCodes.SourceChanged, Assert.Throws<IsoBuildException>(() => IsoImageBuilder.Build(spec, t.Combine("x.iso"))).Code);
        Assert.False(File.Exists(t.Combine("x.iso")));
    }

    [Theory]
    [InlineData(300_001)]
    [InlineData(299_999)]
    [InlineData(-1)] // gone
    public void A_large_source_that_changes_among_small_ones_is_ISO0010_for_that_file(int after)
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        for (int i = 0; i < 300; i++) // the writer waits on these, and copies the large file ahead meanwhile
            File.WriteAllBytes(Path.Combine(src, $"a{i:D3}.bin"), new byte[1 + i * 100]);
        File.WriteAllBytes(Path.Combine(src, "b.bin"), new byte[300_000]);
        ImageSpec spec = new ImageSpecBuilder(src).AddSource(".").Build();
        if (after < 0)
            File.Delete(Path.Combine(src, "b.bin"));
        else
            File.WriteAllBytes(Path.Combine(src, "b.bin"), new byte[after]);
        var e = Assert.Throws<IsoBuildException>(() => IsoImageBuilder.Build(spec, t.Combine("x.iso")));
        Assert.Equal(ErrorCodes.SourceChanged, e.Code);
        Assert.Contains("b.bin", e.Message);
        Assert.False(File.Exists(t.Combine("x.iso")));
    }

    [Fact]
    public void A_source_that_disappears_is_ISO0010()
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        File.WriteAllBytes(Path.Combine(src, "a.bin"), new byte[100]);
        ImageSpec spec = new ImageSpecBuilder(src).AddSource(".").Build();
        File.Delete(Path.Combine(src, "a.bin"));
        Assert.Equal(ErrorCodes.SourceChanged, Assert.Throws<IsoBuildException>(() => IsoImageBuilder.Build(spec, t.Combine("x.iso"))).Code);
    }

    [Fact]
    public void Cancellation_is_ISO0016_and_leaves_nothing_behind()
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        File.WriteAllBytes(Path.Combine(src, "a.bin"), new byte[100]);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        ImageSpec spec = new ImageSpecBuilder(src).AddSource(".").Build();
        Assert.Equal(ErrorCodes.Cancelled, Assert.Throws<IsoBuildException>(() => IsoImageBuilder.Build(spec, t.Combine("x.iso"), cancellationToken: cts.Token)).Code);
        Assert.Equal(["src"], Directory.GetFileSystemEntries(t.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Output_inside_a_source_directory_is_ISO0004()
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        File.WriteAllText(Path.Combine(src, "a.txt"), "a");
        var e = Assert.Throws<IsoBuildException>(() => Images.Pack(src, Path.Combine(src, "sub", "out.iso")));
        Assert.Equal(ErrorCodes.OutputInsideSource, e.Code);
    }

    [Fact]
    public void Output_that_is_a_directory_is_ISO0007()
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        File.WriteAllText(Path.Combine(src, "a.txt"), "a");
        Assert.Equal(ErrorCodes.OutputNotWritable, Assert.Throws<IsoBuildException>(() => Images.Pack(src, t.CreateDirectory("iso"))).Code);
    }

    [Fact]
    public void An_empty_source_gives_a_valid_empty_image()
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        ImageBuildResult r = Images.Pack(src, t.Combine("empty.iso"));
        Assert.Equal(0, r.Files);
        Assert.Equal(1, r.Directories);
        ToolResult x = ExternalTool.Run("xorriso", "-report_about", "WARNING", "-indev", t.Combine("empty.iso"), "-find", "/").EnsureSuccess();
        Assert.Contains("'/'", x.StandardOutput, StringComparison.Ordinal);
    }
}
