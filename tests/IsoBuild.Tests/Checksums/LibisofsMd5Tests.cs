using IsoBuild.Checksums;
using IsoBuild.Reading;
using IsoBuild.Testing;
using IsoBuild.Tests.Compression;

namespace IsoBuild.Tests.Checksums;

/// <summary>
/// libisofs MD5 records (xorriso -md5 on): with the blocks and indexes of an image xorriso laid out, our recorder
/// writes xorriso's tags, checksum array and AL entries byte for byte; <c>xorriso -check_md5</c> and
/// <c>-check_media</c> accept the result and reject it after one flipped byte, and our verify agrees.
/// </summary>
[Trait(Category.Name, Category.External)]
public sealed class LibisofsMd5Tests : IClassFixture<LibisofsMd5Tests.XorrisoImage>
{
    private readonly XorrisoImage _image;

    public LibisofsMd5Tests(XorrisoImage image) => _image = image;

    /// <summary>An image <c>xorriso -as mkisofs --md5</c> made, and where it put its MD5 records.</summary>
    public sealed class XorrisoImage : IDisposable
    {
        public XorrisoImage()
        {
            string src = Dir.CreateDirectory("src");
            Directory.CreateDirectory(Path.Combine(src, "sub", "deeper"));
            File.WriteAllBytes(Path.Combine(src, "text.txt"), CompressionCorpus.Text(100_000, 1));
            File.WriteAllBytes(Path.Combine(src, "sub", "random.bin"), CompressionCorpus.Random(300_000, 2));
            File.WriteAllBytes(Path.Combine(src, "sub", "deeper", "records.bin"), CompressionCorpus.Records(70_000, 3));
            File.WriteAllBytes(Path.Combine(src, "empty"), []);
            File.WriteAllText(Path.Combine(src, "sub", "small.txt"), "small");
            ImagePath = ForeignImages.Xorriso(src, Dir.Combine("md5.iso"), extra: ["--md5"]);
            byte[] bytes = File.ReadAllBytes(ImagePath);
            var tags = new Dictionary<ChecksumTagKind, uint>();
            for (uint b = 16; b < bytes.Length / 2048; b++)
            {
                if (ChecksumTag.Parse(bytes.AsSpan((int)b * 2048, 2048), out _) is { } tag)
                    tags[tag.Kind] = b;
            }
            using IsoImageReader reader = IsoImageReader.Open(ImagePath);
            ChecksumArrayAttribute array = AaipAttributeList.Parse(reader.RootAttributeList)
                .Where(a => a.Name == ChecksumArrayAttribute.Name).Select(a => ChecksumArrayAttribute.Parse(a.Value)!).Single();
            Layout = new Md5ChecksumLayout(tags[ChecksumTagKind.Superblock], tags[ChecksumTagKind.Tree], array.ArrayStart, (int)array.Count - 2);
            Assert.Equal(tags[ChecksumTagKind.Session], Layout.SessionTag);
            foreach (IsoEntry file in reader.EnumerateDescendants().Where(e => e.Kind == IsoBuild.Spec.EntryKind.File))
            {
                (string Name, byte[] Value) cx = AaipAttributeList.Parse(file.AttributeList).Single(a => a.Name == ChecksumArrayAttribute.IndexName);
                Files[(int)AaipAttributeList.ReadBigEndian(cx.Value)] = file;
            }
        }

        public TempDirectory Dir { get; } = new("libisofs-md5");
        public string ImagePath { get; }
        internal Md5ChecksumLayout Layout { get; }

        /// <summary>The files by checksum index.</summary>
        public SortedDictionary<int, IsoEntry> Files { get; } = [];

        public void Dispose() => Dir.Dispose();
    }

    /// <summary>Blanks xorriso's tags and array, then fills them with our recorder; returns the new image's path.</summary>
    private string Rebuild(string name)
    {
        byte[] bytes = File.ReadAllBytes(_image.ImagePath);
        Md5ChecksumLayout layout = _image.Layout;
        foreach (uint b in new[] { layout.SuperblockTag, layout.TreeTag, layout.SessionTag })
            Array.Clear(bytes, (int)b * 2048, 2048);
        Array.Clear(bytes, (int)layout.ArrayStart * 2048, layout.ArrayBlocks * 2048);
        string path = _image.Dir.Combine(name);
        File.WriteAllBytes(path, bytes);
        using FileStream image = File.Open(path, FileMode.Open, FileAccess.ReadWrite);
        var md5s = _image.Files.Values.Select(f => EmbeddedChecksums.FileMd5(image, f.Extents)).ToList();
        Md5SessionRecorder.Implant(image, layout, md5s);
        return path;
    }

    private void FlipFileByte(string image, string path)
    {
        IsoEntry file = _image.Files.Values.Single(f => f.Path == path);
        using FileStream s = File.Open(image, FileMode.Open, FileAccess.ReadWrite);
        s.Position = file.Extents[0].Lba * 2048L + file.Length / 2;
        int b = s.ReadByte();
        s.Position -= 1;
        s.WriteByte((byte)(b ^ 0x01));
    }

    private static string TagLine(Stream image, uint block)
    {
        byte[] b = new byte[2048];
        image.Position = block * 2048L;
        image.ReadExactly(b);
        return System.Text.Encoding.ASCII.GetString(b);
    }

    private static ToolResult CheckMd5(string image) =>
        ExternalTool.Run("xorriso", "-md5", "on", "-indev", image, "-check_md5", "FAILURE", "--", "-check_md5_r", "FAILURE", "/", "--");

    [Fact]
    public void Our_recorder_writes_xorrisos_tags_and_array_byte_for_byte()
    {
        Assert.Equal(5, _image.Layout.FileCount);
        string rebuilt = Rebuild("rebuilt.iso");
        Assert.Equal(File.ReadAllBytes(_image.ImagePath), File.ReadAllBytes(rebuilt));
    }

    [Fact]
    public void Our_AL_entries_are_xorrisos()
    {
        foreach ((int index, IsoEntry file) in _image.Files)
        {
            byte[] entry = Md5ChecksumLayout.FileEntry(index);
            Assert.Equal(Md5ChecksumLayout.FileEntryLength, entry.Length);
            Assert.Equal("AL"u8.ToArray(), entry[..2]);
            Assert.Equal(file.AttributeList, entry[AaipAttributeList.HeaderLength..]);
        }
        // xorriso's root carries isofs.nt too; the isofs.ca value is ours.
        using IsoImageReader reader = IsoImageReader.Open(_image.ImagePath);
        byte[] theirs = AaipAttributeList.Parse(reader.RootAttributeList).Single(a => a.Name == ChecksumArrayAttribute.Name).Value;
        Assert.Equal(theirs, _image.Layout.ArrayAttribute.ToValue());
        byte[] root = _image.Layout.RootEntry();
        Assert.Equal(Md5ChecksumLayout.RootEntryLength, root.Length);
        Assert.Equal([(ChecksumArrayAttribute.Name, theirs)], AaipAttributeList.Parse(root.AsSpan(AaipAttributeList.HeaderLength)).Select(a => (a.Name, a.Value)).ToArray(),
            new AttributeComparer());
    }

    [Fact]
    public void Xorriso_check_md5_passes_our_records_and_fails_after_one_flipped_byte()
    {
        string image = Rebuild("check-md5.iso");
        ToolResult good = CheckMd5(image);
        Assert.Equal(0, good.ExitCode);
        Assert.Contains("Ok, session data match recorded md5", good.AllOutput, StringComparison.Ordinal);
        Assert.Contains("File contents and their MD5 checksums match", good.AllOutput, StringComparison.Ordinal);

        FlipFileByte(image, "/sub/deeper/records.bin");
        ToolResult bad = CheckMd5(image);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("MD5 MISMATCH", bad.AllOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Xorriso_check_media_matches_our_session_tag_and_not_after_one_flipped_byte()
    {
        string image = Rebuild("check-media.iso");
        string range = $"MD5 tag range:          0 ,        {_image.Layout.SessionTag} ,";
        string good = ExternalTool.Run("xorriso", "-md5", "on", "-indev", image, "-check_media", "--").EnsureSuccess().AllOutput;
        Assert.Contains(range + " + md5_match", good, StringComparison.Ordinal);
        FlipFileByte(image, "/text.txt");
        string bad = ExternalTool.Run("xorriso", "-md5", "on", "-indev", image, "-check_media", "--").AllOutput;
        Assert.Contains(range + " 0 md5_mismatch", bad, StringComparison.Ordinal);
    }

    [Fact]
    public void Our_verify_agrees_and_names_the_damaged_file()
    {
        string image = Rebuild("verify.iso");
        Assert.Empty(IsoImageVerifier.Verify(image));
        using (IsoImageReader reader = IsoImageReader.Open(image))
        {
            IsoChecksumSummary found = EmbeddedChecksums.Find(reader);
            Assert.Equal(["superblock tag at block " + _image.Layout.SuperblockTag, "tree tag at block " + _image.Layout.TreeTag, "session tag at block " + _image.Layout.SessionTag], found.Md5Tags);
            Assert.True(found.ChecksumArray);
            Assert.Equal(5, found.FilesWithMd5);
            Assert.False(found.IsoMd5Sum);
        }
        FlipFileByte(image, "/sub/random.bin");
        List<string> problems = [.. IsoImageVerifier.Verify(image).Select(p => p.ToString())];
        Assert.Contains(problems, p => p.StartsWith(ErrorCodes.FileChecksumMismatch, StringComparison.Ordinal) && p.Contains("'/sub/random.bin'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(ErrorCodes.ChecksumMismatch, StringComparison.Ordinal) && p.Contains("libisofs_checksum_tag_v1", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(ErrorCodes.ChecksumMismatch, StringComparison.Ordinal) && p.Contains("isofs.ca", StringComparison.Ordinal));
        // The superblock and tree tags cover the blocks before the file data: they still match.
        Assert.DoesNotContain(problems, p => p.Contains("libisofs_sb_checksum_tag_v1", StringComparison.Ordinal) || p.Contains("libisofs_tree_checksum_tag_v1", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("'/text.txt'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_damaged_array_or_tag_is_reported_as_such()
    {
        string image = Rebuild("damaged-records.iso");
        using (FileStream s = File.Open(image, FileMode.Open, FileAccess.ReadWrite))
        {
            s.Position = _image.Layout.ArrayStart * 2048L + 20;
            s.WriteByte(0xAA);
            // A digit of the tree tag's md5=: its self= no longer matches.
            s.Position = _image.Layout.TreeTag * 2048L + TagLine(s, _image.Layout.TreeTag).IndexOf(" md5=", StringComparison.Ordinal) + 5;
            int digit = s.ReadByte();
            s.Position -= 1;
            s.WriteByte((byte)(digit == '0' ? '1' : '0'));
            // The session tag wiped out.
            s.Position = _image.Layout.SessionTag * 2048L;
            s.Write(new byte[2048]);
        }
        List<string> problems = [.. IsoImageVerifier.Verify(image).Select(p => p.ToString())];
        Assert.Contains(problems, p => p.StartsWith(ErrorCodes.ChecksumRecordDamaged, StringComparison.Ordinal) && p.Contains("checksum array", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(ErrorCodes.ChecksumRecordDamaged, StringComparison.Ordinal) && p.Contains("libisofs_tree_checksum_tag_v1", StringComparison.Ordinal) && p.Contains("self=", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(ErrorCodes.ChecksumRecordDamaged, StringComparison.Ordinal) && p.Contains($"block {_image.Layout.SessionTag}", StringComparison.Ordinal) && p.Contains("holds none", StringComparison.Ordinal));
    }

    [Fact]
    public void Images_xorriso_writes_natively_verify_with_their_relocated_superblock()
    {
        // xorriso -outdev on a new file: a session at block 32 and a relocated superblock (with its own tag) at 0.
        string image = _image.Dir.Combine("native.iso");
        ExternalTool.Run("xorriso", "-md5", "on", "-outdev", image, "-map", _image.Dir.Combine("src"), "/").EnsureSuccess();
        using (IsoImageReader reader = IsoImageReader.Open(image))
            Assert.Contains(EmbeddedChecksums.Find(reader).Md5Tags, t => t.StartsWith("relocated superblock tag", StringComparison.Ordinal));
        Assert.Empty(IsoImageVerifier.Verify(image));
    }

    [Fact]
    public void Tags_round_trip()
    {
        byte[] md5 = Convert.FromHexString("6629d1f5bf5b2611fec74c7fcddd0c99");
        var tag = new ChecksumTag(ChecksumTagKind.Superblock, 19, 0, 19, 25, md5);
        byte[] block = tag.ToBlock();
        // The line xorriso wrote for these values (its self= included).
        Assert.Equal("libisofs_sb_checksum_tag_v1 pos=19 range_start=0 range_size=19 next=25 md5=6629d1f5bf5b2611fec74c7fcddd0c99 self=c069acd796a35a8c782d74ccec6a9415\n",
            System.Text.Encoding.ASCII.GetString(block).TrimEnd('\0'));
        Assert.Equal(tag, ChecksumTag.Parse(block, out bool damaged));
        Assert.False(damaged);
        block[System.Text.Encoding.ASCII.GetString(block).IndexOf("md5=", StringComparison.Ordinal) + 4] = (byte)'7';
        Assert.NotNull(ChecksumTag.Parse(block, out damaged));
        Assert.True(damaged);
        Assert.Null(ChecksumTag.Parse(new byte[2048], out _));
    }

    [Fact]
    public void The_isofs_ca_example_reads()
    {
        // susp_aaip_isofs_names.txt: LBA range 32 to 1000000, 520 checksums, MD5.
        byte[] value = [1, 32, 3, 15, 66, 64, 2, 2, 8, 1, 16, (byte)'M', (byte)'D', (byte)'5'];
        Assert.Equal(new ChecksumArrayAttribute(32, 1_000_000, 520, 16, "MD5"), ChecksumArrayAttribute.Parse(value));
        Assert.Equal(new ChecksumArrayAttribute(32, 1_000_000, 520, 16, "MD5"), ChecksumArrayAttribute.Parse(new ChecksumArrayAttribute(32, 1_000_000, 520, 16, "MD5").ToValue()));
    }

    [Fact]
    public void Long_attributes_are_split_over_AL_entries_and_read_back()
    {
        byte[] longValue = CompressionCorpus.Random(700, 7);
        (string, byte[])[] attributes = [("user.comment", longValue), ("isofs.cx", [0, 0, 1, 2]), ("plain", [])];
        List<byte[]> entries = AaipAttributeList.Entries(attributes);
        Assert.True(entries.Count >= 3);
        Assert.All(entries, e => Assert.True(e.Length <= 255 && e[2] == e.Length));
        Assert.All(entries[..^1], e => Assert.Equal(1, e[4]));
        Assert.Equal(0, entries[^1][4]);
        byte[] areas = [.. entries.SelectMany(e => e[AaipAttributeList.HeaderLength..])];
        Assert.Equal(attributes, AaipAttributeList.Parse(areas).Select(a => (a.Name, a.Value)).ToArray(), new AttributeComparer());
    }

    private sealed class AttributeComparer : IEqualityComparer<(string Name, byte[] Value)>
    {
        public bool Equals((string Name, byte[] Value) x, (string Name, byte[] Value) y) => x.Name == y.Name && x.Value.AsSpan().SequenceEqual(y.Value);

        public int GetHashCode((string Name, byte[] Value) obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
