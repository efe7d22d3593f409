using IsoBuild.Layout;
using IsoBuild.Spec;

namespace IsoBuild.Tests.Layout;

public class ImageLayoutTests
{
    private static ImageSpec Spec(params ImageEntry[] entries) => new() { Entries = entries };

    private static ImageEntry File(string path, int length = 1) => new(path, EntryKind.File, ContentSource.FromBytes(new byte[length]));

    [Fact]
    public void Implicit_parent_directories_are_created()
    {
        ImageLayout layout = ImageLayout.Create(Spec(File("a/b/c.txt")));
        Assert.Equal(3, layout.DirectoryCount);
        Assert.Equal(1, layout.FileCount);
    }

    [Fact]
    public void A_directory_keeps_one_array_for_orders_that_are_its_childrens_own_and_another_where_they_differ()
    {
        // "B" sorts before "a" by name, after it as an ISO 9660 identifier (upper case).
        ImageLayout layout = ImageLayout.Create(Spec(File("x/a.txt"), File("x/b.txt"), File("y/B"), File("y/a")));
        var x = (LayoutDirectory)layout.Root.Children.Single(c => c.Name.SequenceEqual("x"));
        var y = (LayoutDirectory)layout.Root.Children.Single(c => c.Name.SequenceEqual("y"));
        Assert.Same(x.Children, x.IsoOrder);
        Assert.Same(x.Children, x.JolietOrder);
        Assert.Equal(["B", "a"], y.Children.Select(c => c.Name.ToString()));
        Assert.Equal(["A.;1", "B.;1"], y.IsoOrder.Select(c => c.IsoId));
        Assert.NotSame(y.Children, y.IsoOrder);
        Assert.Throws<InvalidOperationException>(() => x.Add(x.Children[0]));
    }

    [Fact]
    public void ISO_names_made_of_the_name_are_not_kept_and_the_others_are_kept_in_the_directorys_bytes()
    {
        ImageLayout layout = ImageLayout.Create(Spec(File("d/file.dat"), File("d/README"), File("d/ünï.txt"), File("d/a b.c.d"), File("d/Sub/x")));
        var d = (LayoutDirectory)layout.Root.Children.Single();
        Dictionary<string, string> iso = d.Children.ToDictionary(c => c.Name.ToString(), c => c.IsoId);
        Assert.Equal("FILE.DAT;1", iso["file.dat"]);
        Assert.Equal("README.;1", iso["README"]);
        Assert.Equal("SUB", iso["Sub"]);
        // Only the names the mapping changed otherwise keep bytes of their own, in the children's order.
        Assert.Equal("A_B_C.D;1_N_.TXT;1", iso["a b.c.d"] + iso["ünï.txt"]);
        Assert.Equal(iso["a b.c.d"] + iso["ünï.txt"], System.Text.Encoding.ASCII.GetString(d.IsoIds));
        Assert.DoesNotContain("FILE", System.Text.Encoding.ASCII.GetString(d.IsoIds));
        foreach (LayoutNode child in d.Children)
        {
            byte[] written = new byte[byte.MaxValue];
            Assert.Equal(iso[child.Name.ToString()], System.Text.Encoding.ASCII.GetString(written, 0, child.WriteIsoId(written)));
            Assert.Equal(child.IsoId.Length, child.IsoIdLength);
        }
        Span<byte> small = stackalloc byte[4];
        Assert.Equal(-1, LayoutNode.IdOfName("file.dat", directory: false, small));
        Assert.Equal(-1, LayoutNode.IdOfName("ł", directory: true, new byte[8]));
    }

    [Fact]
    public void Colliding_names_get_unique_ISO_names_in_ordinal_order_of_the_originals()
    {
        ImageLayout layout = ImageLayout.Create(Spec(File("my file.txt"), File("my_file.txt"), File("My File.TXT")));
        Dictionary<string, string> iso = layout.Root.Children.ToDictionary(c => c.Name.ToString(), c => c.IsoId);
        Assert.Equal("MY_FILE.TXT;1", iso["My File.TXT"]);
        Assert.Equal("MY_FILE_1.TXT;1", iso["my file.txt"]);
        Assert.Equal("MY_FILE_2.TXT;1", iso["my_file.txt"]);
    }

    [Fact]
    public void A_file_used_as_a_directory_is_ISO0002()
    {
        var e = Assert.Throws<IsoBuildException>(() => ImageLayout.Create(Spec(File("a"), File("a/b"))));
        Assert.Equal(ErrorCodes.DuplicateImagePath, e.Code);
    }

    [Fact]
    public void A_symlink_without_rock_ridge_is_ISO0009()
    {
        ImageSpec spec = Spec(new ImageEntry("l", EntryKind.Symlink, LinkTarget: "x")) with { RockRidge = false };
        Assert.Equal(ErrorCodes.UnsupportedSymlink, Assert.Throws<IsoBuildException>(() => ImageLayout.Create(spec)).Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("THIS_VOLUME_ID_IS_LONGER_THAN_32_CHARS")]
    [InlineData("bad/slash")]
    [InlineData("ünï")]
    public void Invalid_volume_ids_are_ISO0005(string volumeId)
    {
        var e = Assert.Throws<IsoBuildException>(() => ImageLayout.Create(Spec() with { VolumeId = volumeId }));
        Assert.Equal(ErrorCodes.InvalidDescriptorString, e.Code);
    }

    [Fact]
    public void More_than_65535_directories_is_ISO0012()
    {
        ImageEntry[] dirs = Enumerable.Range(0, 65536).Select(i => new ImageEntry($"d{i}", EntryKind.Directory)).ToArray();
        var e = Assert.Throws<IsoBuildException>(() => ImageLayout.Create(Spec(dirs)));
        Assert.Equal(ErrorCodes.TooManyDirectories, e.Code);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_file_over_4_GiB_is_ISO0011_at_levels_1_and_2(int level)
    {
        var huge = new ImageEntry("huge.bin", EntryKind.File, new FixedLength(5L << 30));
        var e = Assert.Throws<IsoBuildException>(() => ImageLayout.Create(Spec(huge) with { IsoLevel = level }));
        Assert.Equal(ErrorCodes.FileTooLarge, e.Code);
        // The engine names the setting; each front door words it (--iso-level 3, IsoLevel="3").
        Assert.Contains(new SettingReference(ImageSetting.IsoLevel, "3"), e.Settings);
        Assert.Contains("IsoLevel = 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_over_4_GiB_at_level_3_is_several_extents_that_follow_each_other()
    {
        long nine = 9L << 30;
        ImageLayout layout = ImageLayout.Create(Spec(
            new ImageEntry("a.bin", EntryKind.File, new FixedLength(nine)),
            new ImageEntry("b.bin", EntryKind.File, new FixedLength(uint.MaxValue)),
            File("c.txt", 10)));
        LayoutNode a = layout.Files[0], b = layout.Files[1], c = layout.Files[2];
        Assert.Equal(3, ImageLayout.ExtentCount(a));
        Assert.Equal((a.DataExtent, 0xFFFFF800u, true), ImageLayout.ExtentOf(a, 0));
        Assert.Equal((a.DataExtent + 0x1FFFFFu, 0xFFFFF800u, true), ImageLayout.ExtentOf(a, 1));
        Assert.Equal((a.DataExtent + 0x3FFFFEu, (uint)(nine - (2 * 0xFFFFF800L)), false), ImageLayout.ExtentOf(a, 2));
        // Up to 4 GiB − 1 byte a file stays one extent, as before.
        Assert.Equal(1, ImageLayout.ExtentCount(b));
        Assert.Equal((b.DataExtent, uint.MaxValue, false), ImageLayout.ExtentOf(b, 0));
        Assert.Equal(a.DataExtent + (uint)(nine / 2048), b.DataExtent);
        Assert.Equal(b.DataExtent + 0x200000u, c.DataExtent);
        // Every extent has its record in both trees: the directories grow by the extra records.
        Assert.Equal(5, ImageLayout.RecordsOf(layout.Root).Count(r => r.Role == RecordRole.Self));
    }

    [Theory]
    [InlineData(2, 9, 10, "ISO0019")]
    [InlineData(1, 9, 10, "ISO0019")]
    [InlineData(2, 8, 10, null)]
    [InlineData(2, 8, 40, "ISO0019")]
    [InlineData(3, 12, 40, null)]
    public void Levels_1_and_2_keep_to_8_directory_levels_and_255_character_paths(int level, int depth, int nameLength, string? code)
    {
        string path = string.Join('/', Enumerable.Range(0, depth).Select(i => new string((char)('a' + i), nameLength))) + "/" + new string('f', nameLength) + ".txt";
        ImageSpec spec = Spec(File(path)) with { IsoLevel = level };
        if (code is null)
        {
            Assert.Equal(depth + 1, ImageLayout.Create(spec).DirectoryCount);
            return;
        }
        var e = Assert.Throws<IsoBuildException>(() => ImageLayout.Create(spec));
        Assert.Equal(code, e.Code);
        // The engine names the setting; each front door words it (--iso-level 3, IsoLevel="3").
        Assert.Contains(new SettingReference(ImageSetting.IsoLevel, "3"), e.Settings);
        Assert.Contains("IsoLevel = 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Level_1_names_are_8_3_and_stay_unique()
    {
        ImageLayout layout = ImageLayout.Create(Spec(File("LongFileName.extension"), File("LongFileName2.extension"), File("directoryname/x.txt"))
            with { IsoLevel = 1 });
        Dictionary<string, string> iso = layout.Root.Children.ToDictionary(c => c.Name.ToString(), c => c.IsoId);
        Assert.Equal("LONGFILE.EXT;1", iso["LongFileName.extension"]);
        Assert.Equal("LONGFI_1.EXT;1", iso["LongFileName2.extension"]);
        Assert.Equal("DIRECTOR", iso["directoryname"]);
    }

    [Fact]
    public void Sectors_are_in_the_documented_order_and_files_follow_each_other()
    {
        ImageLayout layout = ImageLayout.Create(Spec(File("a.bin", 5000), File("b.bin", 1), File("c/d.bin", 2048)));
        Assert.Equal(16u, ImageLayout.PrimaryDescriptor);
        Assert.Equal(17u, layout.JolietDescriptor);
        Assert.Equal(18u, layout.Terminator);
        Assert.True(layout.IsoPathTableL > layout.Terminator);
        Assert.True(layout.Root.IsoExtent > layout.JolietPathTableM);
        uint[] extents = layout.Files.Select(f => f.DataExtent).ToArray();
        Assert.Equal([layout.DataStart, layout.DataStart + 3, layout.DataStart + 4], extents);
        Assert.Equal(layout.DataStart + 5, layout.PaddingStart);
        Assert.Equal(layout.PaddingStart + ImageLayout.PaddingSectors, layout.TotalSectors);
    }

    [Fact]
    public void Counted_rock_ridge_lengths_equal_the_entries_made_for_every_record()
    {
        ImageLayout layout = ImageLayout.Create(Spec(
            File("plain.txt"),
            File(new string('n', 255)),
            File("d/" + new string('\u00e9', 127)),
            File("d/\u65e5\u672c\u8a9e.txt"),
            File("d/e/" + new string('x', 251) + ".a"),
            new ImageEntry("link", EntryKind.Symlink, LinkTarget: "../" + new string('z', 300)),
            new ImageEntry("empty", EntryKind.Directory)));
        int records = 0;
        var rockRidge = new RockRidgePlanner(layout);
        foreach (LayoutDirectory dir in layout.IsoDirectories)
        {
            foreach ((LayoutNode node, RecordRole role, _) in ImageLayout.RecordsOf(dir))
            {
                int made = rockRidge.Entries(node, role).Sum(e => e.Length);
                Assert.Equal(made, rockRidge.Length(node, role));
                records++;
            }
        }
        Assert.Equal(17, records);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Usual_records_are_written_in_place_as_the_entries_made_for_them(bool compressedAndMd5)
    {
        ImageSpec spec = Spec(
            File("plain.txt"),
            new ImageEntry("run.sh", EntryKind.File, ContentSource.FromBytes(new byte[3]), Executable: true),
            File(new string('n', 200) + ".txt"),
            File("d/" + new string('\u00e9', 127)),
            File("d/\u65e5\u672c\u8a9e.txt", 70_000),
            File("d/e/" + new string('x', 251) + ".a"),
            new ImageEntry("link", EntryKind.Symlink, LinkTarget: "d/e"),
            new ImageEntry("empty", EntryKind.Directory));
        if (compressedAndMd5)
            spec = spec with { Zisofs = new ZisofsSpec(), Md5 = true };
        ImageLayout layout = ImageLayout.Create(spec);
        var rockRidge = new RockRidgePlanner(layout);
        Span<byte> written = stackalloc byte[255];
        int inPlace = 0, made = 0;
        foreach (LayoutDirectory dir in layout.IsoDirectories)
        {
            foreach ((LayoutNode node, RecordRole role, _) in ImageLayout.RecordsOf(dir))
            {
                List<byte[]> entries = rockRidge.Entries(node, role);
                SystemUsePlan plan = RockRidgePlanner.Plan(node, role, entries);
                int length = rockRidge.TryWriteUsual(node, role, written);
                if (length < 0)
                {
                    made++;
                    continue;
                }
                // Written in place only when the entries made would all have been in the record, byte for byte.
                Assert.Empty(plan.Areas);
                Assert.Equal([.. entries.SelectMany(e => e)], written[..length].ToArray());
                inPlace++;
            }
        }
        // Directories' own records, the plain and executable files and the short names; not the root's "." (SP, ER),
        // the link (SL), names that spill into continuation areas, nor (with zisofs and MD5) any file (ZF, AL).
        Assert.True(inPlace >= 8, $"{inPlace} records written in place");
        Assert.True(made >= 3, $"{made} records made entry by entry");
    }

    [Fact]
    public void A_joliet_identifier_is_written_as_it_is_made()
    {
        ImageLayout layout = ImageLayout.Create(Spec(File("same.txt"), File("a:b.txt"), File(new string('l', 70) + ".txt"), File("dir/x")));
        Span<byte> written = stackalloc byte[255];
        foreach (LayoutNode node in layout.Root.Children)
        {
            int length = node.WriteJolietId(written);
            Assert.Equal(ImageLayout.JolietIdentifier(node), written[..length].ToArray());
            Assert.Equal(ImageLayout.JolietIdentifierLength(node), length);
        }
    }

    [Fact]
    public void Counted_rock_ridge_lengths_equal_the_entries_made_with_compression_and_MD5_records()
    {
        ImageSpec spec = Spec(
            File("zeros.bin", 100_000),
            File("same-zeros.bin", 100_000),
            File(new string('n', 200) + ".bin", 50_000),
            File("d/" + new string('\u00e9', 110) + ".bin", 70_000),
            File("small.txt", 10),
            File("empty.txt", 0)) with { Zisofs = new ZisofsSpec(), Md5 = true };
        ImageLayout layout = ImageLayout.Create(spec);
        var rockRidge = new RockRidgePlanner(layout);
        foreach (LayoutDirectory dir in layout.IsoDirectories)
        {
            foreach ((LayoutNode node, RecordRole role, _) in ImageLayout.RecordsOf(dir))
                Assert.Equal(rockRidge.Entries(node, role).Sum(e => e.Length), rockRidge.Length(node, role));
        }
        Assert.Equal(4, layout.Files.Count(f => f.Compression is not null));
        Assert.Equal(Enumerable.Range(1, 6), layout.Files.Select(f => f.ChecksumIndex));
        Assert.Equal(layout.Md5Records!.SessionTag + 1, layout.PaddingStart);
        Assert.Equal(layout.Terminator + 1, layout.Md5Records.SuperblockTag);
        Assert.Equal(layout.DataStart - 1, layout.Md5Records.TreeTag);
    }

    [Fact]
    public void A_joliet_name_is_kept_only_where_it_differs_from_the_name()
    {
        ImageLayout layout = ImageLayout.Create(Spec(File("same.txt"), File("a:b.txt"), File(new string('l', 70) + ".txt"), File("dir/x")));
        Dictionary<string, LayoutNode> byName = layout.Root.Children.ToDictionary(c => c.Name.ToString());
        Assert.Equal("same.txt;1", byName["same.txt"].JolietId);
        Assert.Equal("a_b.txt;1", byName["a:b.txt"].JolietId);
        Assert.Equal(new string('l', 58) + ".txt;1", byName[new string('l', 70) + ".txt"].JolietId);
        Assert.Equal("dir", byName["dir"].JolietId);
        Assert.All(byName.Values, n => Assert.Equal(n.JolietId.Length, n.JolietIdLength));
    }

    private sealed class FixedLength(long length) : ContentSource
    {
        public override long Length => length;
        public override string Description => "fixed";
        public override Stream OpenRead() => throw new NotSupportedException();
    }
}
