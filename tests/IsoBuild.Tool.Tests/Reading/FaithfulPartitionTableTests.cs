using System.Buffers.Binary;
using System.Text.RegularExpressions;
using IsoBuild.Testing;

namespace IsoBuild.Tool.Tests.Reading;

/// <summary>
/// edit carries partition tables no recipe tells: xorriso images whose MBR and GPT were changed afterwards with
/// sgdisk or by hand (an extra 0x83 entry over a file with odd CHS bytes, named GPT entries with attribute bits, a
/// nonstandard disk signature) keep every entry after an edit, with the sectors that follow a moved file re-pointed.
/// </summary>
[Trait(Category.Name, Category.External)]
public sealed partial class FaithfulPartitionTableTests : IDisposable
{
    private readonly TempDirectory _dir = new("faithful-tables");

    public void Dispose() => _dir.Dispose();

    /// <summary>A bootable xorriso image of a small tree: /boot.img (El Torito, no emulation), /data.bin (40 KiB), /z.txt.</summary>
    private string XorrisoBase(string name, params string[] options)
    {
        ExternalTool.Require("xorriso");
        string tree = _dir.Combine(name + ".tree");
        Directory.CreateDirectory(tree);
        File.WriteAllBytes(Path.Combine(tree, "boot.img"), [.. Enumerable.Range(0, 2048).Select(i => (byte)i)]);
        File.WriteAllBytes(Path.Combine(tree, "data.bin"), [.. Enumerable.Range(0, 40 * 1024).Select(i => (byte)(i * 7))]);
        File.WriteAllText(Path.Combine(tree, "z.txt"), "last\n");
        string image = _dir.Combine(name + ".iso");
        ExternalTool.Run("xorriso", ["-as", "mkisofs", "-quiet", "-R", "-o", image, "-b", "boot.img", "-no-emul-boot", "-boot-load-size", "4", .. options, tree]).EnsureSuccess();
        return image;
    }

    /// <summary>The first 2048-byte block of a file of the image, as xorriso reports it.</summary>
    private static long Lba(string image, string path)
    {
        string report = ExternalTool.Run("xorriso", "-indev", image, "-find", path, "-exec", "report_lba").EnsureSuccess().StandardOutput;
        Match m = ReportLba().Match(report);
        Assert.True(m.Success, report);
        return long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>An edit that moves /data.bin: a file that sorts before it, of 100 KiB.</summary>
    private string Edit(string image, params string[] options)
    {
        string added = _dir.Combine("first.bin");
        File.WriteAllBytes(added, new byte[100 * 1024]);
        string edited = Path.ChangeExtension(image, ".edited.iso");
        ReadingCli.Run(["edit", image, "-o", edited, "--add", "a/first.bin=" + added, "-q", .. options]).Succeeded();
        return edited;
    }

    [Fact]
    public void An_extra_mbr_entry_over_a_file_and_an_odd_disk_signature_are_kept()
    {
        string image = XorrisoBase("mbr", "-append_partition", "2", "0xef", WriteEsp());
        long data = Lba(image, "/data.bin");
        byte[] bytes = File.ReadAllBytes(image);
        // Slot 3: type 0x83 over /data.bin, status 0x00, CHS bytes no geometry computes; disk signature 0x0badf00d.
        Span<byte> slot = bytes.AsSpan(446 + 2 * 16, 16);
        slot.Clear();
        slot[1] = 0x12; slot[2] = 0x34; slot[3] = 0x56;
        slot[4] = 0x83;
        slot[5] = 0xFE; slot[6] = 0xFF; slot[7] = 0xFF;
        BinaryPrimitives.WriteUInt32LittleEndian(slot[8..], (uint)(data * 4));
        BinaryPrimitives.WriteUInt32LittleEndian(slot[12..], 80);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(440), 0x0badf00d);
        File.WriteAllBytes(image, bytes);

        string edited = Edit(image);
        byte[] after = File.ReadAllBytes(edited);
        long moved = Lba(edited, "/data.bin");
        Assert.NotEqual(data, moved); // the edit moved the file: the entry had to follow
        Assert.Equal(0x0badf00du, BinaryPrimitives.ReadUInt32LittleEndian(after.AsSpan(440)));
        ReadOnlySpan<byte> kept = after.AsSpan(446 + 2 * 16, 16);
        Assert.Equal(slot[..8].ToArray(), kept[..8].ToArray()); // status, CHS and type as they were
        Assert.Equal((uint)(moved * 4), BinaryPrimitives.ReadUInt32LittleEndian(kept[8..]));
        Assert.Equal(80u, BinaryPrimitives.ReadUInt32LittleEndian(kept[12..]));
        // The other entries (xorriso's) are the same but for the sizes that follow the volume.
        Assert.Equal(Normalise(Fdisk(image)), Normalise(Fdisk(edited)));
        Assert.Contains("Disk identifier: 0x0badf00d", Fdisk(edited), StringComparison.Ordinal);
    }

    [Fact]
    public void Named_gpt_entries_with_attribute_bits_are_kept_and_follow_their_file()
    {
        ExternalTool.Require("sgdisk");
        string image = XorrisoBase("gpt");
        long data = Lba(image, "/data.bin");
        // A GPT made by sgdisk: a fixed entry in the system area, one over /data.bin, named, with attribute bits.
        ExternalTool.Run("sgdisk", "-a", "1", "-o", "-U", "11111111-2222-4333-8444-555555555555",
            "-n", "1:40:63", "-t", "1:8300", "-c", "1:fixed in the system area", "-u", "1:AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE", "-A", "1:set:2",
            "-n", $"2:{data * 4}:{data * 4 + 79}", "-t", "2:0700", "-c", "2:over data.bin", "-u", "2:12345678-9ABC-4DEF-8123-456789ABCDEF", "-A", "2:set:0", "-A", "2:set:60",
            image).EnsureSuccess();
        byte[] bytes = File.ReadAllBytes(image);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(440), 0xdeadbeef);
        File.WriteAllBytes(image, bytes);

        string edited = Edit(image);
        long moved = Lba(edited, "/data.bin");
        Assert.NotEqual(data, moved);
        Assert.Equal(0xdeadbeefu, BinaryPrimitives.ReadUInt32LittleEndian(File.ReadAllBytes(edited).AsSpan(440)));
        Assert.Contains("No problems found", ExternalTool.Run("sgdisk", "-v", edited).StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Disk identifier (GUID): 11111111-2222-4333-8444-555555555555", ExternalTool.Run("sgdisk", "-p", edited).StandardOutput, StringComparison.Ordinal);
        for (int n = 1; n <= 2; n++)
        {
            // Type, unique GUID, name and attributes the same; the sectors of entry 2 follow /data.bin.
            Dictionary<string, string> before = Info(image, n), now = Info(edited, n);
            foreach (string key in new[] { "Partition GUID code", "Partition unique GUID", "Partition name", "Attribute flags", "Partition size" })
                Assert.Equal(before[key], now[key]);
            Assert.Equal(n == 1 ? "40" : (moved * 4).ToString(System.Globalization.CultureInfo.InvariantCulture), now["First sector"].Split(' ')[0]);
        }
        Assert.Equal("1000000000000001", Info(edited, 2)["Attribute flags"]);
    }

    [Fact]
    public void An_entry_no_rule_can_follow_is_refused_by_name_unless_dropped()
    {
        ExternalTool.Require("sgdisk");
        string image = XorrisoBase("odd");
        long data = Lba(image, "/data.bin");
        // An entry that starts in the middle of /data.bin: nothing of the new layout says where that is.
        ExternalTool.Run("sgdisk", "-a", "1", "-o", "-n", $"1:{data * 4 + 8}:{data * 4 + 15}", "-c", "1:middle", "-n", "2:40:63", "-c", "2:kept", image).EnsureSuccess();
        string edited = Path.ChangeExtension(image, ".edited.iso");
        CliResult refused = ReadingCli.Run("edit", image, "-o", edited, "-q");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("ISO0225", refused.Error, StringComparison.Ordinal);
        Assert.Contains("GPT partition 1 'middle'", refused.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(edited));

        ReadingCli.Run("edit", image, "-o", edited, "-q", "--drop-partitions").Succeeded();
        string table = ExternalTool.Run("sgdisk", "-p", edited).StandardOutput;
        Assert.DoesNotContain("middle", table, StringComparison.Ordinal);
        Assert.Matches(@"\n\s+1\s+40\s+63\s.*kept", table);
    }

    [Fact]
    public void Pack_writes_the_disk_signature_and_the_gpt_disk_guid_it_is_given()
    {
        ExternalTool.Require("sgdisk");
        string tree = _dir.Combine("pack.tree");
        Directory.CreateDirectory(tree);
        File.WriteAllBytes(Path.Combine(tree, "esp.img"), new byte[64 * 1024]);
        string image = _dir.Combine("pack.iso");
        ReadingCli.Run("pack", tree, "-o", image, "-q", "--protective-label", "--efi-boot-partition", "esp.img",
            "--mbr-disk-signature", "0x5d814855", "--gpt-disk-guid", "11111111-2222-4333-8444-555555555555").Succeeded();
        Assert.Equal(0x5d814855u, BinaryPrimitives.ReadUInt32LittleEndian(File.ReadAllBytes(image).AsSpan(440)));
        string table = ExternalTool.Run("sgdisk", "-p", image).StandardOutput;
        Assert.Contains("Disk identifier (GUID): 11111111-2222-4333-8444-555555555555", table, StringComparison.Ordinal);
        // Partition k's GUID is the disk GUID with byte 9 changed by k (xorriso's rule): 8444 → 8445 for the first.
        Assert.Equal("11111111-2222-4333-8445-555555555555", Info(image, 1)["Partition unique GUID"]);

        CliResult bad = ReadingCli.Run("pack", tree, "-o", _dir.Combine("bad.iso"), "-q", "--gpt-disk-guid", "not-a-guid");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("--gpt-disk-guid", bad.Error, StringComparison.Ordinal);
    }

    private string WriteEsp()
    {
        string esp = _dir.Combine("esp.img");
        byte[] bytes = new byte[64 * 1024];
        bytes[510] = 0x55;
        bytes[511] = 0xAA;
        File.WriteAllBytes(esp, bytes);
        return esp;
    }

    private static string Fdisk(string image) =>
        ExternalTool.Run("fdisk", "-l", image).EnsureSuccess().StandardOutput.Replace(image, "IMAGE", StringComparison.Ordinal);

    /// <summary>fdisk's report without sizes and addresses (the volume grows, files move).</summary>
    private static string Normalise(string report) =>
        string.Join('\n', report.Split('\n').Select(l => Spaces().Replace(Numbers().Replace(l, "N"), " ").Trim()).Where(l => l.Length > 0));

    /// <summary>sgdisk -i N as key → value.</summary>
    private static Dictionary<string, string> Info(string image, int n)
    {
        var info = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in ExternalTool.Run("sgdisk", "-i", n.ToString(System.Globalization.CultureInfo.InvariantCulture), image).EnsureSuccess().StandardOutput.Split('\n'))
        {
            string[] kv = line.Split(':', 2);
            if (kv.Length == 2)
                info[kv[0].Trim()] = kv[1].Trim();
        }
        return info;
    }

    [GeneratedRegex(@"File data lba:\s*[0-9]+\s*,\s*([0-9]+)")]
    private static partial Regex ReportLba();

    [GeneratedRegex(@"\b[0-9]+(\.[0-9]+)?[KMG]?(iB)?\b")]
    private static partial Regex Numbers();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
