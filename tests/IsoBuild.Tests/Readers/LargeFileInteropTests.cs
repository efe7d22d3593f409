using System.Security.Cryptography;
using IsoBuild.Reading;
using IsoBuild.Spec;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Readers;

/// <summary>
/// A file of 5 GiB (two extents at level 3) and one of 3.5 GiB in an image of more than 8 GiB, made from sparse
/// sources with marker bytes at the start, across the first extent boundary and at the end: xorriso, 7-Zip
/// (Joliet), bsdtar (Rock Ridge) and our reader in all three namespaces read back the same bytes.
/// </summary>
public class LargeFileInteropTests
{
    private const long Big = 5L << 30;
    private const long Second = 7L << 29;

    [Fact]
    public void Files_over_4_GiB_in_an_image_over_8_GiB_read_back_the_same_everywhere()
    {
        using var t = new TempDirectory("large");
        string src = t.CreateDirectory("src");
        string big = Path.Combine(src, "big.bin");
        string second = Path.Combine(src, "second.bin");
        Sparse(big, Big, 0, 0xFFFFF800L - 3, Big - 6);
        Sparse(second, Second, 0, Second / 2, Second - 6);
        File.WriteAllText(Path.Combine(src, "small.txt"), "small");
        string image = t.Combine("large.iso");
        IsoImageBuilder.Build(new ImageSpecBuilder(src).AddSource(".").Build(), image);
        Assert.True(new FileInfo(image).Length > 8L << 30, "the image is over 8 GiB");
        string bigHash = Hash(big), secondHash = Hash(second);

        foreach (IsoNamespace names in new[] { IsoNamespace.RockRidge, IsoNamespace.Joliet, IsoNamespace.Iso9660 })
        {
            using IsoImageReader reader = IsoImageReader.Open(image, names);
            IsoEntry entry = reader.Find(names == IsoNamespace.Iso9660 ? "/BIG.BIN" : "/big.bin")!;
            Assert.Equal(Big, entry.Length);
            Assert.Equal(2, entry.Extents.Count);
            using Stream s = entry.OpenRead();
            Assert.Equal(bigHash, Convert.ToHexStringLower(SHA256.HashData(s)));
        }
        Assert.Equal(bigHash, Shell($"7zz x -so '{image}' big.bin | sha256sum"));
        Assert.Equal(bigHash, Shell($"bsdtar -xOf '{image}' big.bin | sha256sum"));
        Assert.Equal(secondHash, Shell($"bsdtar -xOf '{image}' second.bin | sha256sum"));
        string extracted = t.Combine("xorriso.bin");
        ExternalTool.Run("xorriso", "-osirrox", "on", "-indev", image, "-extract", "/big.bin", extracted).EnsureSuccess();
        Assert.Equal(bigHash, Hash(extracted));
        File.Delete(extracted);
        Assert.Empty(IsoImageVerifier.Verify(image));
    }

    private static void Sparse(string path, long length, params long[] markers)
    {
        using var f = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        f.SetLength(length);
        foreach (long at in markers)
        {
            f.Position = at;
            f.Write(System.Text.Encoding.ASCII.GetBytes($"@{at % 100000:D5}"));
        }
    }

    private static string Hash(string path)
    {
        using FileStream f = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(f));
    }

    private static string Shell(string pipeline) =>
        ExternalTool.Run("bash", ["-o", "pipefail", "-c", pipeline], timeout: TimeSpan.FromMinutes(5)).EnsureSuccess().StandardOutput[..64];
}
