using IsoBuild.Checksums;
using IsoBuild.Editing;
using IsoBuild.Reading;
using IsoBuild.Spec;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Editing;

/// <summary>
/// An edit keeps other extensions' entries of its base verbatim, but not what describes the base's storage: a
/// zisofs-compressed file is read decompressed and compressed anew (one "ZF" entry, the new image's), or stored as it
/// is when the new image has no compression; libisofs' "isofs." checksum attributes are made anew, not copied.
/// </summary>
[Trait(Category.Name, Category.External)]
public sealed class KeptStorageTests : IDisposable
{
    private static readonly DateTimeOffset BuildTime = new(2024, 2, 3, 4, 5, 6, TimeSpan.Zero);
    private readonly TempDirectory _dir = new("kept-storage");

    public void Dispose() => _dir.Dispose();

    private static byte[] Compressible(int seed) =>
        [.. Enumerable.Range(0, 200_000).Select(i => (byte)('a' + ((i / 7 + seed) % 13)))];

    /// <summary>An xorriso image whose files are zisofs-compressed, with libisofs MD5 records.</summary>
    private string CompressedBase()
    {
        string src = _dir.CreateDirectory("src");
        Directory.CreateDirectory(Path.Combine(src, "data"));
        File.WriteAllBytes(Path.Combine(src, "data", "one.txt"), Compressible(1));
        File.WriteAllBytes(Path.Combine(src, "two.txt"), Compressible(2));
        string image = _dir.Combine("base.iso");
        ExternalTool.Run("xorriso", "-outdev", image, "-md5", "on", "-map", src, "/",
            "-set_filter_r", "--zisofs", "/", "--", "-commit").EnsureSuccess();
        return image;
    }

    private static IEnumerable<string> Signatures(IsoEntry entry) =>
        entry.Recorded!.ExtraSystemUse.Select(e => string.Concat((char)e[0], (char)e[1]));

    private static int Occurrences(ReadOnlySpan<byte> data, ReadOnlySpan<byte> pattern)
    {
        int n = 0;
        for (int at; (at = data.IndexOf(pattern)) >= 0; data = data[(at + 1)..])
            n++;
        return n;
    }

    private static byte[] Read(IsoEntry entry)
    {
        using Stream s = entry.OpenRead();
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_compressed_base_file_is_compressed_anew_or_stored_plain_never_with_its_old_entry(bool keepCompression)
    {
        string baseImage = CompressedBase();
        using (IsoImageReader b = IsoImageReader.Open(baseImage))
        {
            IsoEntry one = b.EnumerateDescendants().Single(e => e.Path == "/data/one.txt");
            Assert.True(one.IsCompressed, "xorriso compressed the base's file");
            Assert.NotNull(one.AttributeList);
        }
        ImageSpecBuilder builder = new ImageSpecBuilder(_dir.Path).AddBaseImage(baseImage);
        builder.AddBytes("added.txt", Compressible(3));
        ImageSpec spec = builder.Build() with { Timestamp = BuildTime };
        Assert.NotNull(spec.Zisofs);
        Assert.True(spec.Md5);
        if (!keepCompression)
            spec = spec with { Zisofs = null };
        string edited = _dir.Combine(keepCompression ? "compressed.iso" : "plain.iso");
        IsoImageBuilder.Build(spec, edited);

        using IsoImageReader a = IsoImageReader.Open(edited);
        foreach (string path in new[] { "/data/one.txt", "/two.txt", "/added.txt" })
        {
            IsoEntry entry = a.EnumerateDescendants().Single(e => e.Path == path);
            Assert.Equal(keepCompression, entry.IsCompressed);
            Assert.DoesNotContain("ZF", Signatures(entry));
            // One checksum index, the new image's: the base's "isofs.cx" is not carried beside it.
            Assert.Single(AaipAttributeList.Parse(entry.AttributeList!), x => x.Name == "isofs.cx");
            Assert.Equal(path == "/added.txt" ? Compressible(3) : path == "/two.txt" ? Compressible(2) : Compressible(1), Read(entry));
        }
        Assert.Single(AaipAttributeList.Parse(a.RootAttributeList!), x => x.Name == "isofs.ca");
        // Every ZF entry in the directory records (before the first file's data) is one of the new image's.
        uint firstData = a.EnumerateDescendants().Where(e => e.Extents.Count > 0).Min(e => e.Extents[0].Lba);
        byte[] metadata = File.ReadAllBytes(edited).AsSpan(0, (int)firstData * 2048).ToArray();
        Assert.Equal(keepCompression ? 3 : 0, Occurrences(metadata, "ZF\u0010\u0001pz"u8));
        ToolResult check = ExternalTool.Run("xorriso", "-md5", "on", "-indev", edited, "-check_md5", "FAILURE", "--", "-check_md5_r", "FAILURE", "/", "--");
        Assert.True(check.ExitCode == 0, check.AllOutput);
        string extracted = _dir.CreateDirectory(keepCompression ? "x-compressed" : "x-plain");
        ExternalTool.Run("xorriso", "-osirrox", "on", "-indev", edited, "-extract", "/", extracted).EnsureSuccess();
        Assert.Equal(Compressible(1), File.ReadAllBytes(Path.Combine(extracted, "data", "one.txt")));
    }
}
