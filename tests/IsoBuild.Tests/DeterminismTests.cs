using System.Globalization;
using IsoBuild.Spec;
using IsoBuild.Testing;

namespace IsoBuild.Tests;

/// <summary>The bytes depend only on the sources' content, their paths in the image, the options and the timestamp.</summary>
public class DeterminismTests
{
    private static byte[] PackBytes(string source, string output, Func<ImageSpec, ImageSpec>? configure = null)
    {
        Images.Pack(source, output, configure);
        return File.ReadAllBytes(output);
    }

    [Fact]
    public void The_same_tree_elsewhere_created_in_another_order_with_other_mtimes_and_permissions_gives_identical_bytes()
    {
        using var t = new TempDirectory();
        string a = t.CreateDirectory("first", "tree");
        TestTrees.CreateVaried(a, withLongNames: true);
        byte[] expected = PackBytes(a, t.Combine("a.iso"));

        // Copy in reverse order to a deeper, differently named place, then perturb mtimes, atimes and modes.
        string b = t.CreateDirectory("second", "place", "with", "another", "name");
        var sources = Directory.EnumerateFileSystemEntries(a, "*", SearchOption.AllDirectories).OrderByDescending(p => p, StringComparer.Ordinal).ToList();
        var random = new Random(7);
        foreach (string p in sources)
        {
            string rel = Path.GetRelativePath(a, p);
            string dest = Path.Combine(b, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            var info = new FileInfo(p);
            if (info.LinkTarget is not null)
                File.CreateSymbolicLink(dest, info.LinkTarget);
            else if (Directory.Exists(p))
                Directory.CreateDirectory(dest);
            else
            {
                File.Copy(p, dest);
                bool exec = (info.UnixFileMode & UnixFileMode.UserExecute) != 0;
                File.SetUnixFileMode(dest, exec ? (UnixFileMode)0b111_000_000 : (UnixFileMode)0b110_000_000);
            }
        }
        foreach (string p in Directory.EnumerateFileSystemEntries(b, "*", SearchOption.AllDirectories).Where(p => new FileInfo(p).LinkTarget is null))
        {
            DateTime when = new DateTime(1995, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(random.Next());
            File.SetLastWriteTimeUtc(p, when);
            File.SetLastAccessTimeUtc(p, when.AddDays(3));
        }
        Assert.Equal(expected, PackBytes(b, t.Combine("b.iso")));
    }

    [Fact]
    public void Where_the_MBR_code_and_EFI_folder_lie_on_disk_does_not_change_a_hybrid_image()
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src", "boot");
        File.WriteAllBytes(Path.Combine(src, "boot.img"), [.. Enumerable.Range(0, 4096).Select(i => (byte)i)]);
        byte[] Pack(string place)
        {
            string dir = t.CreateDirectory(place, "EFI", "BOOT");
            File.WriteAllText(Path.Combine(dir, "BOOTX64.EFI"), "efi");
            string mbr = t.Combine(place, "boot_hybrid.img");
            File.WriteAllBytes(mbr, [.. Enumerable.Range(0, 440).Select(i => (byte)(i * 3))]);
            return PackBytes(t.Combine("src"), t.Combine(place + ".iso"), s => s with
            {
                Entries = [.. s.Entries, new ImageEntry("efi.img", EntryKind.File, FatImageContent.FromDirectory(t.Combine(place), s.Timestamp))],
                Boot = new BootSpec { BiosImage = "boot/boot.img", BootInfoTable = true, EfiImage = "efi.img", Grub2Mbr = mbr, Gpt = true },
            });
        }
        // The disk signature and GPT GUIDs are derived from the image, never from where its inputs were.
        Assert.Equal(Pack("one"), Pack("another-place"));
    }

    [Fact]
    public void Culture_does_not_change_the_bytes()
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        TestTrees.CreateVaried(src);
        File.WriteAllText(Path.Combine(src, "istanbul-İıIi.txt"), "Turkish i");
        byte[] invariant = PackBytes(src, t.Combine("a.iso"));
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("tr-TR");
            Assert.Equal(invariant, PackBytes(src, t.Combine("b.iso")));
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("ja-JP");
            Assert.Equal(invariant, PackBytes(src, t.Combine("c.iso")));
        }
        finally
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = saved;
        }
    }

    [Fact]
    public void The_timestamp_changes_only_the_dates()
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        TestTrees.CreateVaried(src);
        var first = new DateTimeOffset(2001, 2, 3, 4, 5, 6, TimeSpan.Zero);
        var second = new DateTimeOffset(2033, 12, 24, 18, 30, 0, TimeSpan.Zero);
        byte[] a = PackBytes(src, t.Combine("a.iso"), s => s with { Timestamp = first });
        byte[] b = PackBytes(src, t.Combine("b.iso"), s => s with { Timestamp = second });
        Assert.NotEqual(a, b);
        Assert.Equal(a.Length, b.Length);
        // Replacing every encoding of the first date by the second must give exactly the second image; the volume
        // modification date, which carries the UUID derived from the image (its timestamp included), follows it.
        byte[] patched = Replace(Replace(Replace(a, ModificationDate(a), ModificationDate(b)), RecordDate(first), RecordDate(second)), VolumeDate(first), VolumeDate(second));
        Assert.Equal(b, patched);
    }

    [Fact]
    public void SOURCE_DATE_EPOCH_gives_the_same_bytes_as_the_same_explicit_timestamp()
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        TestTrees.CreateVaried(src);
        byte[] a = PackBytes(src, t.Combine("a.iso"), s => s with { Timestamp = BuildTimestamp.Resolve(null, "1700000000") });
        byte[] b = PackBytes(src, t.Combine("b.iso"), s => s with { Timestamp = BuildTimestamp.Resolve("2023-11-14T22:13:20Z", null) });
        Assert.Equal(a, b);
    }

    private static byte[] RecordDate(DateTimeOffset t) => [(byte)(t.Year - 1900), (byte)t.Month, (byte)t.Day, (byte)t.Hour, (byte)t.Minute, (byte)t.Second, 0];

    private static byte[] ModificationDate(byte[] image) => image.AsSpan(16 * 2048 + IsoBuild.Iso9660.VolumeDescriptor.ModificationDateOffset, 16).ToArray();

    private static byte[] VolumeDate(DateTimeOffset t) => System.Text.Encoding.ASCII.GetBytes(t.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "00");

    private static byte[] Replace(byte[] data, byte[] from, byte[] to)
    {
        byte[] result = (byte[])data.Clone();
        int count = 0;
        for (int i = 0; i <= result.Length - from.Length; i++)
        {
            if (result.AsSpan(i, from.Length).SequenceEqual(from))
            {
                to.CopyTo(result, i);
                count++;
                i += from.Length - 1;
            }
        }
        Assert.True(count > 0);
        return result;
    }
}
