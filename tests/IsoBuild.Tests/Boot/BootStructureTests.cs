using IsoBuild.Fat;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Boot;

public class BootStructureTests
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
    public void Non_FAT_bytes_are_not_FAT()
    {
        byte[] sector = new byte[512];
        Assert.False(FatBootSector.IsFat(sector));
        sector[510] = 0x55;
        sector[511] = 0xAA;
        Assert.False(FatBootSector.IsFat(sector));
    }
}
