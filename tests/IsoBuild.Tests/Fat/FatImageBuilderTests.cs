using System.Text;
using IsoBuild.Fat;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Fat;

[Trait(Category.Name, Category.External)]
public class FatImageBuilderTests
{
    [Fact]
    public void FAT_images_pass_fsck_and_read_back_with_mtools()
    {
        using var t = new TempDirectory("fat");
        var random = new Random(9);
        var files = new Dictionary<string, byte[]>
        {
            ["EFI/BOOT/BOOTX64.EFI"] = new byte[300_000],
            ["EFI/BOOT/grub.cfg"] = "set timeout=0\n"u8.ToArray(),
            ["A Long Name With Spaces.txt"] = "long"u8.ToArray(),
            ["empty.bin"] = [],
        };
        random.NextBytes(files["EFI/BOOT/BOOTX64.EFI"]);
        var entries = files.Select(kv => new FatEntry(kv.Key, false, kv.Value.Length, () => new MemoryStream(kv.Value))).Append(new FatEntry("EFI/empty-dir", true, 0, null));
        var builder = new FatImageBuilder(entries, new DateTimeOffset(2024, 3, 4, 5, 6, 8, TimeSpan.Zero));
        byte[] image = builder.Build();
        Assert.Equal(builder.Length, image.Length);
        Assert.True(FatBootSector.IsFat(image));
        string path = t.Combine("fat.img");
        File.WriteAllBytes(path, image);
        ExternalTool.Run("fsck.fat", "-n", path).EnsureSuccess();
        var env = new Dictionary<string, string?> { ["MTOOLS_SKIP_CHECK"] = "1" };
        foreach ((string name, byte[] content) in files)
        {
            string output = t.Combine("out-" + Path.GetFileName(name));
            ExternalTool.Run("mcopy", ["-n", "-i", path, "::/" + name, output], environment: env).EnsureSuccess();
            Assert.Equal(content, File.ReadAllBytes(output));
        }
        Assert.Contains("2024-03-04", ExternalTool.Run("mdir", ["-i", path, "::/EFI/BOOT"], environment: env).EnsureSuccess().StandardOutput, StringComparison.Ordinal);
        // The same entries give the same bytes.
        Assert.Equal(image, new FatImageBuilder(entries, new DateTimeOffset(2024, 3, 4, 5, 6, 8, TimeSpan.Zero)).Build());
    }

    [Fact]
    public void The_image_reads_back_with_the_structures_that_wrote_it()
    {
        var timestamp = new DateTimeOffset(2024, 3, 4, 5, 6, 8, TimeSpan.Zero);
        byte[] content = "hello"u8.ToArray();
        var builder = new FatImageBuilder(
            [new FatEntry("EFI/BOOT/BOOTX64.EFI", false, content.Length, () => new MemoryStream(content)), new FatEntry("A Long Name.txt", false, 0, () => new MemoryStream())],
            timestamp);
        byte[] image = builder.Build();
        Assert.True(FatBootSector.IsFat(image));
        FatBootSector boot = FatBootSector.Read(image);
        Assert.Equal("ISOBUILD", boot.OemName);
        Assert.Equal(512, boot.BytesPerSector);
        Assert.Equal(2, boot.FatCount);
        Assert.Equal(512, boot.RootEntries);
        Assert.Equal((uint)(image.Length / 512), boot.TotalSectors);
        Assert.Equal("EFIBOOT", boot.VolumeLabel);
        Assert.Equal("FAT12", boot.FileSystemType);

        int root = (boot.ReservedSectors + boot.FatCount * boot.SectorsPerFat) * 512;
        FatDirectoryEntry label = FatDirectoryEntry.Read(image.AsSpan(root));
        Assert.Equal("EFIBOOT    ", label.ShortName);
        Assert.Equal(FatDirectoryEntry.AttributeVolumeLabel, label.Attributes);
        Assert.Equal(timestamp.UtcDateTime, label.Modified);

        // "A Long Name.txt" sorts first: two long name entries (15 characters), last part first, then its alias.
        Assert.True(FatLongNameEntry.TryRead(image.AsSpan(root + 32), out FatLongNameEntry part2));
        Assert.True(FatLongNameEntry.TryRead(image.AsSpan(root + 64), out FatLongNameEntry part1));
        FatDirectoryEntry alias = FatDirectoryEntry.Read(image.AsSpan(root + 96));
        Assert.Equal((2, true, "xt"), (part2.Sequence, part2.IsLastPart, part2.Text));
        Assert.Equal((1, false, "A Long Name.t"), (part1.Sequence, part1.IsLastPart, part1.Text));
        Assert.Equal("ALONGN~1TXT", alias.ShortName);
        Assert.Equal(FatLongNameEntry.ShortNameChecksum(Encoding.ASCII.GetBytes(alias.ShortName)), part1.Checksum);
        Assert.Equal(part1.Checksum, part2.Checksum);
        Assert.Equal(FatDirectoryEntry.AttributeArchive, alias.Attributes);
        Assert.Equal(0u, alias.Size);
        Assert.Equal(0u, alias.FirstCluster);

        FatDirectoryEntry efi = FatDirectoryEntry.Read(image.AsSpan(root + 128));
        Assert.Equal("EFI        ", efi.ShortName);
        Assert.Equal(FatDirectoryEntry.AttributeDirectory, efi.Attributes);
        Assert.Equal(timestamp.UtcDateTime, efi.Created);
        Assert.Equal(timestamp.UtcDateTime.Date, efi.Accessed);

        // EFI/ holds ".", ".." (the root: cluster 0) and BOOT.
        int Cluster(uint n) => root + boot.RootEntries * 32 + (int)(n - 2) * boot.SectorsPerCluster * 512;
        FatDirectoryEntry self = FatDirectoryEntry.Read(image.AsSpan(Cluster(efi.FirstCluster)));
        FatDirectoryEntry parent = FatDirectoryEntry.Read(image.AsSpan(Cluster(efi.FirstCluster) + 32));
        FatDirectoryEntry bootDir = FatDirectoryEntry.Read(image.AsSpan(Cluster(efi.FirstCluster) + 64));
        Assert.Equal((".          ", efi.FirstCluster), (self.ShortName, self.FirstCluster));
        Assert.Equal(("..         ", 0u), (parent.ShortName, parent.FirstCluster));
        Assert.Equal("BOOT       ", bootDir.ShortName);
        FatDirectoryEntry file = FatDirectoryEntry.Read(image.AsSpan(Cluster(bootDir.FirstCluster) + 64));
        Assert.Equal(("BOOTX64 EFI", (uint)content.Length), (file.ShortName, file.Size));
        Assert.Equal(content, image.AsSpan(Cluster(file.FirstCluster), content.Length).ToArray());
    }
}
