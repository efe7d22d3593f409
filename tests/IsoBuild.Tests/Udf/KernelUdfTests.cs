using System.Security.Cryptography;
using IsoBuild.Reading;
using IsoBuild.Spec;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Udf;

/// <summary>
/// The Linux kernel's own udf driver (and isofs for the ISO 9660 half) mounts IsoBuild's images, in a QEMU guest
/// running Debian's kernel (tests/kernel/kernel-mount.sh): every path, size and SHA-256 it sees is the source's.
/// One class, so that the guests run one after another.
/// </summary>
[Trait(Category.Name, Category.External)]
public class KernelUdfTests
{
    private const long MiB = 1 << 20;

    /// <summary>What the kernel sees: the script's D/F/P/L lines, without the markers.</summary>
    private static List<string> Mount(string image, string fs, string? options = null, string? copyIn = null)
    {
        ExternalTool.Require("qemu-system-x86_64");
        ExternalTool.Require("cpio");
        List<string> arguments = [Path.Combine(Repository.Root, "tests", "kernel", "kernel-mount.sh"), image, fs, "240"];
        if (options is not null)
            arguments.Add(options);
        var environment = new Dictionary<string, string?> { ["KERNEL_COPY_IN"] = copyIn };
        ToolResult r = ExternalTool.Run("bash", arguments, environment: environment, timeout: TimeSpan.FromMinutes(6));
        Assert.True(r.ExitCode == 0, $"the kernel did not mount {Path.GetFileName(image)} as {fs}:\n{r.AllOutput}");
        string[] lines = r.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith($"KERNEL-MOUNT: /dev/vda /mnt {fs} ro", StringComparison.Ordinal));
        return [.. lines.Where(l => !l.StartsWith("KERNEL", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
    }

    /// <summary>The lines the script prints for a tree on disk (links as links, or left out).</summary>
    private static List<string> Expected(string root, bool links)
    {
        var lines = new List<string>();
        foreach (string p in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
        {
            string path = "/" + Path.GetRelativePath(root, p).Replace(Path.DirectorySeparatorChar, '/');
            var info = new FileInfo(p);
            if (info.LinkTarget is string target)
            {
                if (links)
                    lines.Add($"L {target} {path}");
            }
            else if (Directory.Exists(p))
                lines.Add($"D {path}");
            else if (info.Length <= 64 * MiB)
                lines.Add($"F {info.Length} {Sha(File.ReadAllBytes(p))} {path}");
            else
                lines.Add($"P {info.Length} {Chunk(p, 0)} {Chunk(p, info.Length / MiB / 2)} {Chunk(p, (info.Length - 1) / MiB)} {path}");
        }
        return [.. lines.Order(StringComparer.Ordinal)];
    }

    private static string Sha(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string Chunk(string file, long mib)
    {
        using FileStream s = File.OpenRead(file);
        s.Position = mib * MiB;
        byte[] buffer = new byte[Math.Min(MiB, s.Length - s.Position)];
        s.ReadExactly(buffer);
        return Sha(buffer);
    }

    public static TheoryData<int, bool> Layouts => new()
    {
        { 0x0102, false }, { 0x0201, false }, { 0x0250, false }, { 0x0201, true },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void The_kernel_udf_driver_sees_the_source_tree(int rev, bool primary)
    {
        using var t = new TempDirectory("kernel-udf");
        string source = t.CreateDirectory("src");
        TestTrees.CreateVaried(source, withSymlink: true, withLongNames: true);
        var udf = new UdfSpec { Revision = (UdfRevision)rev, Primary = primary, Symlinks = primary };
        string image = UdfBridgeImageTests.Build(UdfBridgeImageTests.Spec(source, udf), t.Combine("image.iso"));
        Assert.Equal(Expected(source, links: udf.Symlinks), Mount(image, "udf"));
    }

    [Fact]
    public void The_kernel_isofs_driver_sees_the_Rock_Ridge_tree_beside_UDF()
    {
        using var t = new TempDirectory("kernel-isofs");
        string source = t.CreateDirectory("src");
        TestTrees.CreateVaried(source, withSymlink: true, withLongNames: true);
        string image = UdfBridgeImageTests.Build(UdfBridgeImageTests.Spec(source, new UdfSpec { Revision = UdfRevision.V250 }), t.Combine("image.iso"));
        Assert.Equal(Expected(source, links: true), Mount(image, "iso9660"));
    }

    [Fact]
    public void A_5_GiB_file_reads_whole_through_the_kernel_and_7_Zip()
    {
        using var t = new TempDirectory("kernel-udf-5g");
        string source = t.CreateDirectory("src");
        const long size = 5L << 30;
        string big = Path.Combine(source, "große Datei 😀.bin");
        var random = new Random(5);
        using (var f = new FileStream(big, FileMode.Create))
        {
            f.SetLength(size);
            // Random MiBs where the kernel check reads (first, middle, last: the last crosses from the fifth
            // allocation descriptor's extent into the sixth) and around 4 GiB.
            foreach (long at in new[] { 0, size / MiB / 2 * MiB, size - MiB, (4L << 30) - MiB / 2 })
            {
                byte[] data = new byte[MiB];
                random.NextBytes(data);
                f.Position = at;
                f.Write(data);
            }
        }
        File.WriteAllText(Path.Combine(source, "small.txt"), "small");
        string image = UdfBridgeImageTests.Build(UdfBridgeImageTests.Spec(source, new UdfSpec()), t.Combine("big.iso"));
        try
        {
            Assert.Equal(Expected(source, links: false), Mount(image, "udf"));

            ToolResult list = ExternalTool.Run("7zz", "l", "-slt", image).EnsureSuccess();
            Assert.Contains("Type = Udf", list.StandardOutput, StringComparison.Ordinal);
            Assert.Contains($"Size = {size}", list.StandardOutput, StringComparison.Ordinal);
            ToolResult tail = ExternalTool.Run("bash", ["-c", "7zz e -so \"$1\" \"$2\" | tail -c 1048576 | sha256sum", "_", image, Path.GetFileName(big)],
                timeout: TimeSpan.FromMinutes(5)).EnsureSuccess();
            Assert.StartsWith(Chunk(big, (size - 1) / MiB) + " ", tail.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(image);
        }
    }

    /// <summary>
    /// A UDF volume mkudffs made and Linux's udf driver filled (in the guest: mounted read-write, cp -a): a writer
    /// that is neither IsoBuild nor an image tool, with its own allocation, entries and names.
    /// </summary>
    [Theory]
    [InlineData("0x0102")]
    [InlineData("0x0150")]
    [InlineData("0x0201")]
    public void Our_reader_reads_mkudffs_volumes_the_kernel_filled(string revision)
    {
        using var t = new TempDirectory("kernel-mkudffs");
        string source = t.CreateDirectory("src");
        Directory.CreateDirectory(Path.Combine(source, "empty"));
        Directory.CreateDirectory(Path.Combine(source, "a", "b", "c"));
        File.WriteAllText(Path.Combine(source, "a", "b", "c", "Ünïcödé 日本 😀.txt"), "deep unicode");
        byte[] data = new byte[700_000];
        new Random(3).NextBytes(data);
        File.WriteAllBytes(Path.Combine(source, "a", "data.bin"), data);
        File.WriteAllBytes(Path.Combine(source, "zero.bin"), []);
        string tool = Path.Combine(source, "tool.sh");
        File.WriteAllText(tool, "#!/bin/sh\n");
        File.SetUnixFileMode(tool, (UnixFileMode)0b111_101_101);
        File.CreateSymbolicLink(Path.Combine(source, "link"), "a/data.bin");
        for (int i = 0; i < 150; i++)
            File.WriteAllText(Path.Combine(source, "a", $"many-{i:000}.txt"), i.ToString(System.Globalization.CultureInfo.InvariantCulture));

        string image = t.Combine("mkudffs.img");
        using (var f = new FileStream(image, FileMode.Create))
            f.SetLength(24 << 20);
        ExternalTool.Run("mkudffs", "-b", "2048", "--media-type=hd", $"--udfrev={revision}", "--label=MKUDFFS", image).EnsureSuccess();
        Assert.Equal(Expected(source, links: true), Mount(image, "udf", copyIn: source));

        using (IsoImageReader reader = IsoImageReader.Open(image))
        {
            Assert.True(reader.Volume.UdfOnly);
            Assert.Equal(IsoNamespace.Udf, reader.Namespace);
            Assert.Equal("*Linux UDFFS", reader.Volume.Udf!.Implementation);
            Assert.Equal("MKUDFFS", reader.Volume.Udf.LogicalVolumeId);
            TreeSnapshot.AssertEqual(TreeSnapshot.Take(source), UdfBridgeImageTests.Read(image, null), "our reader");
            string target = t.Combine("x");
            IsoExtractResult result = IsoImageExtractor.Extract(reader, [], target);
            Assert.Empty(result.Refused);
            TreeSnapshot.AssertEqual(TreeSnapshot.Take(source), TreeSnapshot.Take(target), "our extraction");
        }
        Assert.Empty(IsoImageVerifier.Verify(image));
    }
}
