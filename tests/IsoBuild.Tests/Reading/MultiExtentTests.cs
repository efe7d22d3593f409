using IsoBuild.Reading;
using IsoBuild.Spec;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Reading;

/// <summary>
/// Multi-extent files (ECMA-119 6.5.1, records with flag 0x80). Writers split files only beyond 4 GiB; a small file is
/// split here by hand, and xorriso's reading of the same bytes proves the crafted image is a valid multi-extent image.
/// </summary>
[Trait(Category.Name, Category.External)]
public sealed class MultiExtentTests
{
    private static (string Image, byte[] Content) SplitImage(TempDirectory dir)
    {
        byte[] content = new byte[5000];
        new Random(7).NextBytes(content);
        ImageSpec spec = new ImageSpecBuilder(dir.Path).AddBytes("BIG.BIN", content).AddBytes("AFTER.TXT", "after"u8.ToArray()).Build()
            with { Joliet = false, RockRidge = false };
        string path = dir.Combine("split.iso");
        IsoImageBuilder.Build(spec, path);
        byte[] image = File.ReadAllBytes(path);
        int at = ImageBytes.Record(image, "BIG.BIN;1");
        int length = image[at];
        uint extent = ImageBytes.Extent(image, at);
        // Record 1: the first sector, flag 0x80; record 2: the rest. Later records move up to make room.
        byte[] first = image.AsSpan(at, length).ToArray();
        byte[] second = image.AsSpan(at, length).ToArray();
        first[25] |= 0x80;
        ImageBytes.SetDataLength(first, 0, 2048);
        ImageBytes.SetExtent(second, 0, extent + 1);
        ImageBytes.SetDataLength(second, 0, 5000 - 2048);
        int sectorEnd = (at / ImageBytes.Sector + 1) * ImageBytes.Sector;
        byte[] rest = image.AsSpan(at + length, sectorEnd - at - length - length).ToArray();
        first.CopyTo(image, at);
        second.CopyTo(image, at + length);
        rest.CopyTo(image, at + 2 * length);
        File.WriteAllBytes(path, image);
        return (path, content);
    }

    [Fact]
    public void A_file_in_two_extents_reads_back_whole()
    {
        using var dir = new TempDirectory("multi-extent");
        (string image, byte[] content) = SplitImage(dir);
        using IsoImageReader reader = IsoImageReader.Open(image);
        IsoEntry big = reader.Find("BIG.BIN")!;
        Assert.Equal(2, big.Extents.Count);
        Assert.Equal(5000, big.Length);
        using (Stream s = big.OpenRead())
        {
            var copy = new MemoryStream();
            s.CopyTo(copy);
            Assert.Equal(content, copy.ToArray());
            s.Position = 2040;
            byte[] across = new byte[16];
            s.ReadExactly(across);
            Assert.Equal(content.AsSpan(2040, 16).ToArray(), across);
        }
        Assert.Equal(["AFTER.TXT", "BIG.BIN"], reader.Root.GetChildren().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Empty(IsoImageVerifier.Verify(image).Select(p => p.ToString()).ToList());

        // xorriso reads the crafted image the same way.
        string outside = dir.Combine("osirrox");
        ExternalTool.Run("osirrox", "-indev", image, "-extract", "/", outside).EnsureSuccess();
        Assert.Equal(content, File.ReadAllBytes(Path.Combine(outside, "BIG.BIN")));
    }

    [Fact]
    public void A_multi_extent_file_without_its_final_extent_is_a_coded_error()
    {
        using var dir = new TempDirectory("multi-extent-bad");
        (string image, _) = SplitImage(dir);
        byte[] bytes = File.ReadAllBytes(image);
        int second = ImageBytes.Record(bytes, "BIG.BIN;1") + bytes[ImageBytes.Record(bytes, "BIG.BIN;1")];
        bytes[second + 25] |= 0x80;
        File.WriteAllBytes(image, bytes);
        using IsoImageReader reader = IsoImageReader.Open(image);
        var e = Assert.Throws<IsoBuildException>(() => reader.Root.GetChildren());
        Assert.Equal(ErrorCodes.MalformedDirectory, e.Code);
        Assert.Contains("final extent", e.Message, StringComparison.Ordinal);
    }
}
