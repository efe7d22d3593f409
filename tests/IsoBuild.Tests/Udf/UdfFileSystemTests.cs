using IsoBuild.Spec;
using IsoBuild.Sectors;
using IsoBuild.Testing;
using IsoBuild.Udf;

namespace IsoBuild.Tests.Udf;

/// <summary>The UDF writer's interface: sizing from the tree alone, placement checks, coded errors, determinism.</summary>
[Trait(Category.Name, Category.External)]
public class UdfFileSystemTests
{
    private static UdfVolumeSpec Spec(UdfDirectory root, UdfRevision revision = UdfRevision.V102) =>
        new() { VolumeIdentifier = "T", Timestamp = UdfImages.Timestamp, Root = root, Revision = revision };

    [Fact]
    public void Metadata_size_depends_on_the_tree_only()
    {
        var root = new UdfDirectory("");
        root.Add(new UdfFile("a", 5000));
        UdfDirectory sub = root.Add(new UdfDirectory("sub"));
        sub.Add(new UdfSymlink("l", "../a"));
        var fs = new UdfFileSystem(Spec(root));
        // FSD + TD, root entry + identifiers, a's entry, sub's entry + identifiers, l's entry (data embedded).
        Assert.Equal(2u + 2 + 1 + 2 + 1, fs.MetadataSectors);
        Assert.Equal(1, fs.FileCount - 1);
        Assert.Equal(2, fs.DirectoryCount);
        var meta = new UdfFileSystem(Spec(root, UdfRevision.V250));
        Assert.Equal(2u + UdfFileSystem.MetadataAllocationUnit, meta.MetadataSectors);
    }

    [Fact]
    public void Names_beyond_255_bytes_twice_or_with_a_slash_are_iso0600()
    {
        foreach (string[] names in new string[][] { [new string('a', 255)], [new string('日', 128)], ["x", "x"], ["a/b"] })
        {
            var root = new UdfDirectory("");
            foreach (string n in names)
                root.Add(new UdfFile(n, 1));
            Assert.Equal(ErrorCodes.UdfNameUnrecordable, Assert.Throws<IsoBuildException>(() => new UdfFileSystem(Spec(root))).Code);
        }
        var ok = new UdfDirectory("");
        ok.Add(new UdfFile(new string('a', 254), 1));
        ok.Add(new UdfFile(new string('日', 127), 1));
        _ = new UdfFileSystem(Spec(ok));
    }

    [Fact]
    public void An_empty_link_target_is_iso0601()
    {
        var root = new UdfDirectory("");
        root.Add(new UdfSymlink("l", ""));
        Assert.Equal(ErrorCodes.UdfLinkUnrecordable, Assert.Throws<IsoBuildException>(() => new UdfFileSystem(Spec(root))).Code);
    }

    [Fact]
    public void Overlapping_areas_and_data_outside_the_partition_are_refused()
    {
        var root = new UdfDirectory("");
        UdfFile file = root.Add(new UdfFile("a", 100));
        var fs = new UdfFileSystem(Spec(root));
        Assert.Throws<InvalidOperationException>(() => fs.Place(new UdfPlacement(18, 250, 300, 300, 400))); // descriptors cover 256
        Assert.Throws<InvalidOperationException>(() => fs.Place(new UdfPlacement(18, 21, 300, 299, 400))); // metadata before the partition
        Assert.Throws<InvalidOperationException>(() => fs.Place(new UdfPlacement(18, 21, 257, 257, 200))); // too small
        fs.Place(new UdfPlacement(18, 21, 257, 257, 400));
        file.DataSector = 100; // before the partition
        Assert.Throws<InvalidOperationException>(() => fs.WriteArea(UdfArea.Metadata, Stream.Null));
        file.DataSector = 300;
        fs.WriteArea(UdfArea.Metadata, Stream.Null);
    }

    [Fact]
    public void A_file_of_hundreds_of_extents_continues_its_descriptors_in_allocation_extent_descriptors()
    {
        using var dir = new TempDirectory("udf-aed");
        long size = 300L * UdfFormat.MaxExtentLength + 5;
        var root = new UdfDirectory("");
        UdfFile huge = root.Add(new UdfFile("huge", size));
        root.Add(new UdfFile("after", 1));
        var fs = new UdfFileSystem(Spec(root, UdfRevision.V250));
        Assert.True(huge.ContinuationBlocks > 0);
        uint data = 257 + fs.MetadataSectors;
        huge.DataSector = data;
        uint dataSectors = (uint)((size + 2047) / 2048);
        ((UdfFile)root.Children[1]).DataSector = data + dataSectors;
        uint volume = data + dataSectors + 2;
        fs.Place(new UdfPlacement(16, 32, 257, 257, volume));
        string image = dir.Combine("sparse.img");
        using (var output = new FileStream(image, FileMode.Create))
        {
            output.SetLength((long)volume * 2048);
            foreach (UdfAreaPlacement area in fs.Areas)
            {
                output.Position = (long)area.Start * 2048;
                fs.WriteArea(area.Area, output);
            }
        }
        using ImageSource src = ImageSource.OpenFile(image);
        Assert.Empty(UdfVerifier.Verify(src));
        UdfVolume volumeRead = UdfVolume.Open(src);
        UdfEntry entry = volumeRead.Find("/huge")!;
        Assert.Equal(size, entry.Length);
        Assert.Equal((long)data, entry.Extents[0].Sector);
        Assert.Equal(size, entry.Extents.Sum(e => e.Length));
        Assert.DoesNotContain("Warning", ExternalTool.Run("udfinfo", image).EnsureSuccess().StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_tree_gives_the_same_bytes_and_a_perturbed_copy_too()
    {
        using var dir = new TempDirectory("udf-determinism");
        string a = dir.CreateDirectory("a");
        TestTrees.CreateVaried(a, withSymlink: true);
        string b = dir.CreateDirectory("b");
        // The same content created in reverse order, with other times and read/write bits.
        var files = Directory.GetFiles(a, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Reverse().ToList();
        foreach (string d in Directory.GetDirectories(a, "*", SearchOption.AllDirectories).Reverse())
            Directory.CreateDirectory(Path.Combine(b, Path.GetRelativePath(a, d)));
        foreach (string f in files)
        {
            string target = Path.Combine(b, Path.GetRelativePath(a, f));
            if (new FileInfo(f).LinkTarget is string link)
            {
                File.CreateSymbolicLink(target, link);
                continue;
            }
            File.Copy(f, target);
            File.SetLastWriteTimeUtc(target, new DateTime(2011, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            if ((File.GetUnixFileMode(f) & UnixFileMode.UserExecute) == 0)
                File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        foreach (UdfRevision revision in new[] { UdfRevision.V102, UdfRevision.V250 })
        {
            byte[] first = File.ReadAllBytes(UdfImages.Build(a, dir.Combine("1.iso"), revision));
            byte[] second = File.ReadAllBytes(UdfImages.Build(a, dir.Combine("2.iso"), revision));
            byte[] perturbed = File.ReadAllBytes(UdfImages.Build(b, dir.Combine("3.iso"), revision));
            Assert.Equal(first, second);
            Assert.Equal(first, perturbed);
        }
    }

    [Fact]
    public void The_volume_set_identifier_derives_from_the_content()
    {
        var one = new UdfDirectory("");
        one.Add(new UdfFile("a", 1));
        var two = new UdfDirectory("");
        two.Add(new UdfFile("a", 2));
        string first = new UdfFileSystem(Spec(one)).VolumeSetIdentifier;
        Assert.Equal(first, new UdfFileSystem(Spec(one)).VolumeSetIdentifier);
        Assert.NotEqual(first, new UdfFileSystem(Spec(two)).VolumeSetIdentifier);
        Assert.Matches("^[0-9A-F]{16}$", first);
        Assert.NotEqual(first, new UdfFileSystem(Spec(one) with { IdentitySeed = [1, 2, 3] }).VolumeSetIdentifier);
    }
}
