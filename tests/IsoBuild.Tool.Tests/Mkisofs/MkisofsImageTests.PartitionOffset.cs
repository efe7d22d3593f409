using System.Security.Cryptography;
using IsoBuild.Reading;
using IsoBuild.Testing;

namespace IsoBuild.Tool.Tests.Mkisofs;

/// <summary>
/// -partition_offset 16 (archiso, Ubuntu, lorax, live-build): the ISO volume is also partition 1 of a USB stick,
/// from sector 64, with descriptors and trees of its own. Cut out with dd, that partition must read as the volume does.
/// </summary>
public sealed partial class MkisofsImageTests
{
    /// <summary>
    /// The partition that starts at the offset, cut out with dd, gives xorriso, isoinfo, 7-Zip and IsoBuild's reader
    /// the same files with the same bytes as the whole image (7-Zip's "[BOOT]" images aside: the partition has no El
    /// Torito record); with <paramref name="kernel"/> Debian's kernel mounts it as /dev/vda1 of a disk with 512-byte
    /// sectors, the way a USB stick's first partition is mounted, and sees the same files.
    /// </summary>
    private void ThePartitionReadsAsTheVolume(string image, bool kernel)
    {
        int offset;
        IsoPartition partition;
        using (IsoImageReader reader = IsoImageReader.Open(image))
        {
            offset = reader.PartitionTable.PartitionOffset;
            Assert.Equal(16, offset);
            partition = reader.PartitionTable.Mbr.Concat(reader.PartitionTable.Gpt).First(p => p.FirstSector == offset * 4L);
        }
        string cut = image + ".partition";
        ExternalTool.Run("dd", $"if={image}", $"of={cut}", "bs=512", $"skip={partition.FirstSector}", $"count={partition.SectorCount}", "status=none").EnsureSuccess();
        try
        {
            foreach ((string reader, Func<string, SortedDictionary<string, string>> list) in new (string, Func<string, SortedDictionary<string, string>>)[]
            {
                ("IsoBuild", IsoBuildListing), ("xorriso", XorrisoListing), ("isoinfo", IsoinfoListing), ("7zz", SevenZipListing),
            })
            {
                SortedDictionary<string, string> whole = list(image), part = list(cut);
                Assert.True(whole.Count > 5, $"{reader} lists {whole.Count} entries of {Path.GetFileName(image)}");
                Assert.Contains(whole.Keys, k => k.EndsWith("boottest.txt", StringComparison.OrdinalIgnoreCase));
                Assert.Equal(whole, part);
            }
            if (kernel)
            {
                ToolResult mounted = ExternalTool.Run("bash", [Path.Combine(Repository.Root, "tests", "kernel", "kernel-mount.sh"), image, "iso9660", "240"],
                    environment: new Dictionary<string, string?> { ["KERNEL_PARTITION"] = "1" }, timeout: TimeSpan.FromMinutes(5));
                Assert.True(mounted.ExitCode == 0, mounted.AllOutput);
                Assert.Contains("KERNEL-MOUNT: /dev/vda1 /mnt iso9660", mounted.StandardOutput, StringComparison.Ordinal);
                var files = mounted.StandardOutput.Split('\n').Where(l => l.StartsWith("F ", StringComparison.Ordinal))
                    .Select(l => l.Split(' ', 4)).ToDictionary(f => f[3].TrimStart('/'), f => f[2], StringComparer.Ordinal);
                SortedDictionary<string, string> ours = IsoBuildListing(image);
                Assert.Equal(ours.Where(e => e.Value != "dir").ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal), files);
            }
        }
        finally
        {
            File.Delete(cut);
        }
    }

    [Fact]
    public void Pack_makes_a_partition_offset_and_edit_keeps_the_one_of_a_base_image()
    {
        var epoch = new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = Epoch };
        string packed = _payloads.Dir.Combine("pack-offset.iso");
        ToolResult r = Cli.RunProcess(epoch, _payloads.Dir.Path,
            ["pack", "isolinux-tree", "-o", packed, "--bios-boot", "isolinux/isolinux.bin", "--boot-info-table",
             "--mbr-code", "isohdpfx.bin", "--mbr-code-style", "isohybrid", "--isohybrid-table", "--partition-offset", "16"]);
        Assert.True(r.ExitCode == 0, r.AllOutput);
        Assert.Contains("Partition offset: 16", Describe(Report(packed), []));
        Assert.Contains("MBR partition: 1 0x80 0x17", Describe(Report(packed), []));
        ThePartitionReadsAsTheVolume(packed, kernel: false);
        ToolResult info = Cli.RunProcess(epoch, _payloads.Dir.Path, ["info", packed]);
        Assert.Contains("Partition offset: 16 blocks", info.StandardOutput, StringComparison.Ordinal);

        // xorriso's image of live-build's BIOS line, edited: the new file is in the partition too.
        string based = _payloads.Dir.Combine("offset-base.iso");
        ExternalTool.Run("xorriso", ["-as", "mkisofs", "-R", "-J", "-isohybrid-mbr", "isohdpfx.bin", "-partition_offset", "16",
            "-b", "isolinux/isolinux.bin", "-c", "isolinux/boot.cat", "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table", "-o", based, "isolinux-tree"],
            _payloads.Dir.Path, epoch).EnsureSuccess();
        File.WriteAllText(_payloads.Dir.Combine("added.txt"), "added\n");
        string edited = _payloads.Dir.Combine("offset-edited.iso");
        r = Cli.RunProcess(epoch, _payloads.Dir.Path, ["edit", based, "-o", edited, "--add", "added.txt=added.txt"]);
        Assert.True(r.ExitCode == 0, r.AllOutput);
        Assert.Equal(Describe(Report(based), []), Describe(Report(edited), []));
        ThePartitionReadsAsTheVolume(edited, kernel: false);
        Assert.Contains("added.txt", IsoBuildListing(edited).Keys);
    }

    [Fact]
    public void A_partition_offset_below_16_is_refused_and_with_md5_too()
    {
        ToolResult r = Cli.RunProcess(new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = Epoch }, _payloads.Dir.Path,
            ["pack", "isolinux-tree", "-o", "offset-8.iso", "--partition-offset", "8"]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("ISO0123", r.StandardError, StringComparison.Ordinal);
        r = Cli.RunProcess(new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = Epoch }, _payloads.Dir.Path,
            ["xorriso", "-as", "mkisofs", "-R", "--md5", "-partition_offset", "16", "-o", "offset-md5.iso", "isolinux-tree"]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("ISO0123", r.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(_payloads.Dir.Combine("offset-8.iso")) || File.Exists(_payloads.Dir.Combine("offset-md5.iso")));
    }

    private static string Sha256(Stream data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static SortedDictionary<string, string> IsoBuildListing(string image)
    {
        var listing = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using IsoImageReader reader = IsoImageReader.Open(image);
        foreach (IsoEntry e in reader.EnumerateDescendants())
        {
            if (e.Kind == Spec.EntryKind.File)
            {
                using Stream data = e.OpenRead();
                listing[e.Path.TrimStart('/')] = Sha256(data);
            }
            else
            {
                listing[e.Path.TrimStart('/')] = e.Kind == Spec.EntryKind.Directory ? "dir" : "link " + e.LinkTarget;
            }
        }
        return listing;
    }

    /// <summary>The files below a directory some tool extracted into, with their SHA-256.</summary>
    private static SortedDictionary<string, string> Extracted(string directory)
    {
        // Extracted with the image's read-only modes: make them deletable again.
        ExternalTool.Run("chmod", "-R", "u+rwX", directory).EnsureSuccess();
        var listing = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories))
        {
            string name = Path.GetRelativePath(directory, path);
            if (name.StartsWith("[BOOT]", StringComparison.Ordinal))
                continue;
            if (Directory.Exists(path))
            {
                listing[name] = "dir";
                continue;
            }
            using FileStream data = File.OpenRead(path);
            listing[name] = Sha256(data);
        }
        Directory.Delete(directory, recursive: true);
        return listing;
    }

    private SortedDictionary<string, string> XorrisoListing(string image)
    {
        string into = _payloads.Dir.Combine(Path.GetFileName(image) + ".xorriso");
        ExternalTool.Run("xorriso", "-osirrox", "on", "-indev", image, "-extract", "/", into).EnsureSuccess();
        return Extracted(into);
    }

    private SortedDictionary<string, string> SevenZipListing(string image)
    {
        string into = _payloads.Dir.Combine(Path.GetFileName(image) + ".7z");
        ExternalTool.Run("7zz", "x", "-y", "-o" + into, image).EnsureSuccess();
        return Extracted(into);
    }

    /// <summary>isoinfo's paths (Rock Ridge when the image has it), each file's bytes read with -x.</summary>
    private static SortedDictionary<string, string> IsoinfoListing(string image)
    {
        string names = ExternalTool.Run("isoinfo", "-d", "-i", image).EnsureSuccess().StandardOutput;
        string tree = names.Contains("Rock Ridge signatures version", StringComparison.Ordinal) ? "-R" : names.Contains("Joliet with UCS level", StringComparison.Ordinal) ? "-J" : "";
        string[] treeArgs = tree.Length > 0 ? [tree] : [];
        var listing = new SortedDictionary<string, string>(StringComparer.Ordinal);
        string lines = ExternalTool.Run("isoinfo", ["-i", image, .. treeArgs, "-l"]).EnsureSuccess().StandardOutput;
        string directory = "";
        foreach (string raw in lines.Split('\n'))
        {
            string line = raw.TrimEnd();
            if (line.StartsWith("Directory listing of ", StringComparison.Ordinal))
            {
                directory = line["Directory listing of ".Length..];
                continue;
            }
            int bracket = line.IndexOf(']', StringComparison.Ordinal);
            if (line.Length < 2 || bracket < 0)
                continue;
            string name = line[(bracket + 1)..].Trim();
            if (name is "." or ".." || name.Length == 0)
                continue;
            string path = (directory + name).TrimStart('/');
            if (line[0] == 'd')
            {
                listing[path] = "dir";
                continue;
            }
            // isoinfo writes the bytes to stdout: hashed in the shell, so that no text decoding touches them.
            string sum = ExternalTool.Run("bash", "-c", "isoinfo -i \"$1\" $2 -x \"$3\" | sha256sum", "isoinfo", image, tree, "/" + path).EnsureSuccess().StandardOutput;
            listing[path] = sum.Split(' ')[0];
        }
        return listing;
    }
}
