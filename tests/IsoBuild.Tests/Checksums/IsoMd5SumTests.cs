using IsoBuild.Checksums;
using IsoBuild.Reading;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Checksums;

/// <summary>
/// isomd5sum on IsoBuild's images: our implant is byte for byte implantisomd5's, checkisomd5 passes it and fails it
/// after one flipped byte, and our check agrees with checkisomd5 on both.
/// </summary>
[Trait(Category.Name, Category.External)]
public sealed class IsoMd5SumTests : IClassFixture<IsoMd5SumTests.Image>
{
    private readonly Image _image;

    public IsoMd5SumTests(Image image) => _image = image;

    /// <summary>An IsoBuild image of the varied test tree (about 3.5 MB).</summary>
    public sealed class Image : IDisposable
    {
        public Image()
        {
            string src = Dir.CreateDirectory("src");
            TestTrees.CreateVaried(src);
            Path = Images.Pack(src, Dir.Combine("plain.iso")).OutputPath!;
        }

        public TempDirectory Dir { get; } = new("isomd5sum");
        public string Path { get; }

        public string Copy(string name)
        {
            string copy = Dir.Combine(name);
            File.Copy(Path, copy, overwrite: true);
            return copy;
        }

        public void Dispose() => Dir.Dispose();
    }

    private static IsoMd5SumRecord Implant(string image, bool supported = false)
    {
        using FileStream s = File.Open(image, FileMode.Open, FileAccess.ReadWrite);
        return IsoMd5Sum.Implant(s, supported);
    }

    private static IsoMd5SumCheck Check(string image)
    {
        using FileStream s = File.OpenRead(image);
        return IsoMd5Sum.Check(s);
    }

    private static void Flip(string image, long offset)
    {
        using FileStream s = File.Open(image, FileMode.Open, FileAccess.ReadWrite);
        s.Position = offset;
        int b = s.ReadByte();
        s.Position = offset;
        s.WriteByte((byte)(b ^ 0x01));
    }

    private static long DataOffset(string image, string path)
    {
        using IsoImageReader reader = IsoImageReader.Open(image);
        IsoEntry entry = reader.Find(path)!;
        return entry.Extents[0].Lba * 2048L + entry.Length / 2;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Our_implant_is_byte_for_byte_implantisomd5s(bool supported)
    {
        string ours = _image.Copy($"ours-{supported}.iso");
        string theirs = _image.Copy($"theirs-{supported}.iso");
        IsoMd5SumRecord record = Implant(ours, supported);
        ExternalTool.Run("implantisomd5", supported ? ["--force", "--supported-iso", theirs] : ["--force", theirs]).EnsureSuccess();
        Assert.Equal(File.ReadAllBytes(theirs), File.ReadAllBytes(ours));
        Assert.Equal(supported ? 1 : 0, record.Supported);
        Assert.Equal(60, record.FragmentSums.Length);
    }

    [Fact]
    public void Checkisomd5_passes_our_image_and_fails_it_after_one_flipped_byte()
    {
        string image = _image.Copy("checked.iso");
        Implant(image);
        Assert.Equal(0, ExternalTool.Run("checkisomd5", image).ExitCode);
        Assert.True(Check(image).Passed);

        Flip(image, DataOffset(image, "data/random-3mb.bin"));
        Assert.Equal(1, ExternalTool.Run("checkisomd5", image).ExitCode);
        IsoMd5SumCheck check = Check(image);
        Assert.False(check.Passed);
        Assert.Contains("fragment", check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_byte_in_the_last_15_sectors_is_not_covered_by_either_checker()
    {
        string image = _image.Copy("tail.iso");
        Implant(image);
        Flip(image, new FileInfo(image).Length - 3 * 2048);
        Assert.Equal(0, ExternalTool.Run("checkisomd5", image).ExitCode);
        Assert.True(Check(image).Passed);
    }

    [Fact]
    public void We_check_what_implantisomd5_implants_and_compute_the_same_record()
    {
        string image = _image.Copy("by-implantisomd5.iso");
        ExternalTool.Run("implantisomd5", "--force", image).EnsureSuccess();
        IsoMd5SumCheck check = Check(image);
        Assert.True(check.Passed, check.Problem);
        using FileStream s = File.OpenRead(image);
        Assert.Equal(check.Record, IsoMd5Sum.Compute(s));
    }

    [Fact]
    public void Implanting_twice_gives_the_same_bytes()
    {
        string a = _image.Copy("twice-a.iso");
        string b = _image.Copy("twice-b.iso");
        Implant(a);
        Implant(b);
        Implant(b); // an earlier record is replaced, and does not change the checksum
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
    }

    [Fact]
    public void Verify_reports_a_damaged_isomd5sum_image_and_info_finds_the_record()
    {
        string image = _image.Copy("verify.iso");
        Implant(image);
        Assert.Empty(IsoImageVerifier.Verify(image));
        using (IsoImageReader reader = IsoImageReader.Open(image))
            Assert.True(EmbeddedChecksums.Find(reader).IsoMd5Sum);
        Flip(image, DataOffset(image, "data/random-3mb.bin"));
        Assert.Contains(IsoImageVerifier.Verify(image), p => p.ToString().StartsWith(ErrorCodes.ImplantedMd5Mismatch, StringComparison.Ordinal));
    }

    [Fact]
    public void Images_too_small_for_the_fragment_sums_are_refused()
    {
        using var dir = new TempDirectory("isomd5sum-small");
        string src = dir.CreateDirectory("src");
        File.WriteAllText(Path.Combine(src, "a.txt"), "small");
        string image = Images.Pack(src, dir.Combine("small.iso")).OutputPath!;
        IsoBuildException e = Assert.Throws<IsoBuildException>(() => Implant(image));
        Assert.Equal(ErrorCodes.ImplantedMd5Unusable, e.Code);
    }

    [Fact]
    public void Other_data_in_the_application_use_area_is_kept_unless_overwriting()
    {
        string image = _image.Copy("in-use.iso");
        using FileStream s = File.Open(image, FileMode.Open, FileAccess.ReadWrite);
        s.Position = 16 * 2048 + IsoMd5SumRecord.ApplicationUseOffset;
        s.Write("someone else's data"u8);
        Assert.Equal(ErrorCodes.ImplantedMd5Unusable, Assert.Throws<IsoBuildException>(() => IsoMd5Sum.Implant(s)).Code);
        IsoMd5Sum.Implant(s, overwrite: true);
        Assert.True(IsoMd5Sum.Check(s).Passed);
    }

    [Fact]
    public void The_record_round_trips_and_reads_as_checkisomd5_reads_it()
    {
        var record = new IsoMd5SumRecord("0123456789abcdef0123456789abcdef", 15, 1, new string('a', 60), 20);
        byte[] area = record.ToApplicationUse();
        Assert.Equal(512, area.Length);
        string text = System.Text.Encoding.ASCII.GetString(area).TrimEnd(' ');
        Assert.Equal("ISO MD5SUM = 0123456789abcdef0123456789abcdef;SKIPSECTORS = 15;RHLISOSTATUS=1;FRAGMENT SUMS = " + new string('a', 60) +
            ";FRAGMENT COUNT = 20;THIS IS NOT THE SAME AS RUNNING MD5SUM ON THIS ISO!!", text);
        Assert.Equal(record, IsoMd5SumRecord.Parse(area));
        Assert.Null(IsoMd5SumRecord.Parse(new byte[512]));
        Assert.Null(IsoMd5SumRecord.Parse(System.Text.Encoding.ASCII.GetBytes("SKIPSECTORS = 15;".PadRight(512))));
    }
}
