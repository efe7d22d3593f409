using System.Security.Cryptography;
using IsoBuild.Checksums;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Checksums;

/// <summary>The SHA-256 line written beside an image: sha256sum -c accepts it, and rejects the image after one flipped byte.</summary>
public sealed class Sha256SumsTests
{
    [Fact]
    public void Sha256sum_checks_the_line_written_beside_an_image()
    {
        using var dir = new TempDirectory("sha256sums");
        string src = dir.CreateDirectory("src");
        File.WriteAllText(Path.Combine(src, "a.txt"), "content");
        string image = Images.Pack(src, dir.Combine("my image.iso")).OutputPath!;
        byte[] hash;
        using (FileStream s = File.OpenRead(image))
            hash = Sha256Sums.Compute(s);
        Assert.Equal(SHA256.HashData(File.ReadAllBytes(image)), hash);
        string sums = Sha256Sums.WriteBeside(image, hash);
        Assert.Equal(image + ".sha256", sums);
        Assert.Equal(0, ExternalTool.Run("sha256sum", ["-c", Path.GetFileName(sums)], workingDirectory: dir.Path).ExitCode);
        byte[] bytes = File.ReadAllBytes(image);
        bytes[40_000] ^= 1;
        File.WriteAllBytes(image, bytes);
        Assert.NotEqual(0, ExternalTool.Run("sha256sum", ["-c", Path.GetFileName(sums)], workingDirectory: dir.Path).ExitCode);
    }

    [Fact]
    public void Names_with_backslashes_or_line_breaks_are_escaped_as_coreutils_does()
    {
        byte[] hash = new byte[32];
        Assert.Equal(new string('0', 64) + "  a.iso\n", Sha256Sums.Line(hash, "a.iso"));
        Assert.Equal("\\" + new string('0', 64) + "  a\\\\b\\nc.iso\n", Sha256Sums.Line(hash, "a\\b\nc.iso"));
    }
}
