using System.Security.Cryptography;
using IsoBuild.Editing;
using IsoBuild.Layout;
using IsoBuild.Reading;
using IsoBuild.Sectors;
using IsoBuild.Spec;
using IsoBuild.Testing;
using IsoBuild.Udf;
using IsoBuild.Writing;

namespace IsoBuild.Tests.Udf;

/// <summary>
/// UDF in IsoBuild's images (pack --udf, --udf-primary): where the layout puts its areas, what every tree of the
/// image holds, links, determinism, boot and GPT, edit and incremental builds.
/// </summary>
[Trait(Category.Name, Category.External)]
public class UdfBridgeImageTests
{
    public static TheoryData<int> Revisions => [0x0102, 0x0201, 0x0250];

    internal static ImageSpec Spec(string source, UdfSpec? udf, bool followSymlinks = false) =>
        new ImageSpecBuilder(source) { FollowSymlinks = followSymlinks }.AddSource(".").Build() with { Udf = udf, Timestamp = UdfImages.Timestamp };

    internal static string Build(ImageSpec spec, string output)
    {
        IsoImageBuilder.Build(spec, output);
        return output;
    }

    /// <summary>What <see cref="IsoImageReader"/> sees through one tree, as a <see cref="TreeSnapshot"/>.</summary>
    internal static SortedDictionary<string, TreeItem> Read(string image, IsoNamespace? names)
    {
        using IsoImageReader reader = IsoImageReader.Open(image, names);
        var items = new SortedDictionary<string, TreeItem>(StringComparer.Ordinal);
        foreach (IsoEntry e in reader.EnumerateDescendants())
        {
            string rel = e.Path.TrimStart('/');
            items[rel] = e.Kind switch
            {
                EntryKind.Directory => new TreeItem("dir", null, null, false),
                EntryKind.Symlink => new TreeItem("link", null, e.LinkTarget, false),
                _ => new TreeItem("file", Hash(e), null, e.IsExecutable),
            };
        }
        return items;

        static string Hash(IsoEntry e)
        {
            using Stream s = e.OpenRead();
            return Convert.ToHexString(SHA256.HashData(s));
        }
    }

    internal static SortedDictionary<string, TreeItem> WithoutLinks(SortedDictionary<string, TreeItem> tree) =>
        new(tree.Where(kv => kv.Value.Kind != "link").ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Revisions))]
    public void A_bridge_image_holds_the_tree_in_UDF_and_in_Rock_Ridge_over_the_same_data(int rev)
    {
        var revision = (UdfRevision)rev;
        using var t = new TempDirectory("udf-bridge");
        string source = t.CreateDirectory("src");
        TestTrees.CreateVaried(source, withSymlink: true, withLongNames: true);
        string image = Build(Spec(source, new UdfSpec { Revision = revision }), t.Combine("bridge.iso"));

        SortedDictionary<string, TreeItem> expected = TreeSnapshot.Take(source);
        // Rock Ridge keeps links; UDF leaves them out unless asked, as Joliet does.
        TreeSnapshot.AssertEqual(expected, Read(image, null), "Rock Ridge (the default tree of a bridge image)");
        TreeSnapshot.AssertEqual(WithoutLinks(expected), Read(image, IsoNamespace.Udf), "UDF");
        Assert.Empty(IsoImageVerifier.Verify(image));

        using IsoImageReader reader = IsoImageReader.Open(image);
        Assert.Equal(IsoNamespace.RockRidge, reader.Namespace);
        IsoUdfInfo udf = reader.Volume.Udf!;
        Assert.Equal(UdfVolumeInfo.FormatRevision((ushort)revision), udf.Revision);
        Assert.Equal(revision == UdfRevision.V102 ? "NSR02" : "NSR03", udf.Recognition);
        Assert.Equal(ImageSpec.DefaultVolumeId, udf.LogicalVolumeId);
        Assert.Equal("*IsoBuild", udf.Implementation);
        Assert.Equal(UdfImages.Timestamp, udf.Recorded);
        Assert.True(udf.IntegrityClosed);
        Assert.Equal(expected.Count(kv => kv.Value.Kind == "file"), (int)udf.Files);
        Assert.Equal(expected.Count(kv => kv.Value.Kind == "dir") + 1, (int)udf.Directories);
        Assert.Equal(revision == UdfRevision.V250 ? ["physical", "metadata"] : ["physical"], udf.Partitions.Select(p => p.Kind));
        Assert.All(udf.Partitions, p => Assert.Equal("read-only", p.Access));

        // Both trees point at the same sectors: the data is there once.
        IsoEntry rr = reader.Find("/data/random-3mb.bin")!;
        using IsoImageReader u = IsoImageReader.Open(image, IsoNamespace.Udf);
        Assert.Equal(rr.Extents[0].Lba, u.Find("/data/random-3mb.bin")!.Extents[0].Lba);
    }

    [Fact]
    public void The_UDF_areas_lie_where_readers_look_and_nothing_else_takes_sector_256()
    {
        using var t = new TempDirectory("udf-layout");
        string source = t.CreateDirectory("src");
        TestTrees.CreateVaried(source, withSymlink: true);
        ImageLayout layout = ImageLayout.Create(Spec(source, new UdfSpec()));
        UdfPlan udf = layout.Udf!;
        Assert.Equal(layout.Terminator + 1, udf.RecognitionSequence);
        Assert.Equal(layout.Terminator + 4, udf.Descriptors);
        Assert.True(udf.PartitionStart >= 257, $"partition at {udf.PartitionStart}");
        Assert.Equal(layout.TotalSectors, udf.VolumeSectors);
        Assert.Equal(udf.PartitionStart + udf.FileSystem.MetadataSectors, layout.DataStart);
        Assert.All(Structures(layout), s => Assert.False(s.Start <= 256 && 256 < s.Start + s.Sectors, $"{s.What} covers sector 256"));
        Assert.All(layout.Files.Where(f => f.Length > 0), f => Assert.InRange(f.DataExtent, udf.PartitionStart, udf.VolumeSectors - 2));

        string image = t.Combine("out.iso");
        using (FileStream output = File.Create(image))
            ImageWriter.Write(layout, output);
        byte[] bytes = File.ReadAllBytes(image);
        Assert.Equal("BEA01", System.Text.Encoding.ASCII.GetString(bytes, (int)udf.RecognitionSequence * 2048 + 1, 5));
        Assert.Equal("NSR02", System.Text.Encoding.ASCII.GetString(bytes, (int)(udf.RecognitionSequence + 1) * 2048 + 1, 5));
        Assert.Equal("TEA01", System.Text.Encoding.ASCII.GetString(bytes, (int)(udf.RecognitionSequence + 2) * 2048 + 1, 5));
        // Anchor volume descriptor pointers (tag 2) at 256 and in the last sector.
        Assert.Equal(2, BitConverter.ToUInt16(bytes, 256 * 2048));
        Assert.Equal(2, BitConverter.ToUInt16(bytes, bytes.Length - 2048));
        Assert.Equal(layout.TotalBytes, bytes.Length);
    }

    /// <summary>Every ISO 9660 structure the allocator placed: path tables, directories with their continuation areas.</summary>
    private static IEnumerable<(string What, uint Start, uint Sectors)> Structures(ImageLayout layout)
    {
        yield return ("ISO path table L", layout.IsoPathTableL, ImageLayout.Sectors(layout.IsoPathTableSize));
        yield return ("ISO path table M", layout.IsoPathTableM, ImageLayout.Sectors(layout.IsoPathTableSize));
        if (layout.Spec.Joliet)
        {
            yield return ("Joliet path table L", layout.JolietPathTableL, ImageLayout.Sectors(layout.JolietPathTableSize));
            yield return ("Joliet path table M", layout.JolietPathTableM, ImageLayout.Sectors(layout.JolietPathTableSize));
        }
        foreach (LayoutDirectory d in layout.IsoDirectories)
            yield return ($"ISO directory {d.ImagePath}", d.IsoExtent, ImageLayout.Sectors(d.IsoSize) + d.ContinuationSectors);
        foreach (LayoutDirectory d in layout.JolietDirectories)
            yield return ($"Joliet directory {d.ImagePath}", d.JolietExtent, ImageLayout.Sectors(d.JolietSize));
        foreach (LayoutNode f in layout.Files.Where(f => f.Length > 0))
            yield return ($"file {f.ImagePath}", f.DataExtent, ImageLayout.Sectors(f.Length));
    }

    [Fact]
    public void Directories_and_their_continuation_areas_that_would_cover_sector_256_start_after_it()
    {
        using var t = new TempDirectory("udf-256");
        string source = t.CreateDirectory("src");
        // Each directory's long Rock Ridge names need a continuation area right after its extent: pairs of sectors
        // that, with one more or one fewer directory, meet sector 256 at every offset.
        int moved = 0;
        string? example = null;
        for (int count = 105; count <= 130; count++)
        {
            string tree = t.CreateDirectory("src" + count);
            for (int i = 0; i < count; i++)
            {
                string dir = Path.Combine(tree, $"d{i:000}");
                Directory.CreateDirectory(dir);
                for (int k = 0; k < 4; k++)
                    File.WriteAllText(Path.Combine(dir, $"{k}-" + new string('n', 200)), "x");
            }
            ImageLayout layout = ImageLayout.Create(Spec(tree, new UdfSpec()));
            Assert.All(Structures(layout), s => Assert.False(s.Start <= 256 && 256 < s.Start + s.Sectors, $"{count}: {s.What} covers sector 256"));
            if (layout.IsoDirectories.Any(d => d.IsoExtent == 257 && d.ContinuationSectors > 0))
            {
                moved++;
                example ??= tree;
            }
        }
        Assert.True(moved > 0, "no directory with continuation areas was moved past the anchor");
        string image = Build(Spec(example!, new UdfSpec()), t.Combine("moved.iso"));
        Assert.Empty(IsoImageVerifier.Verify(image));
        TreeSnapshot.AssertEqual(TreeSnapshot.Take(example!), Read(image, null), "Rock Ridge");
        TreeSnapshot.AssertEqual(TreeSnapshot.Take(example!), Read(image, IsoNamespace.Udf), "UDF");
    }

    [Fact]
    public void A_UDF_primary_image_has_only_a_README_in_ISO_9660_and_Joliet_and_reads_as_UDF()
    {
        using var t = new TempDirectory("udf-primary");
        string source = t.CreateDirectory("src");
        TestTrees.CreateVaried(source, withSymlink: false, withLongNames: true);
        File.WriteAllBytes(Path.Combine(source, "boot.img"), new byte[4096]);
        ImageSpec spec = Spec(source, new UdfSpec { Primary = true }) with { Boot = new BootSpec { BiosImage = "boot.img", BiosLoadSegment = 0x07C0 } };
        string image = t.Combine("primary.iso");
        ImageBuildResult result = IsoImageBuilder.Build(spec, image);

        foreach (IsoNamespace names in new[] { IsoNamespace.Iso9660, IsoNamespace.Joliet, IsoNamespace.RockRidge })
        {
            using IsoImageReader stub = IsoImageReader.Open(image, names);
            IsoEntry readme = Assert.Single(stub.Root.GetChildren());
            Assert.Equal(UdfSpec.ReadmeName, readme.Name);
            using var text = new StreamReader(readme.OpenRead());
            Assert.Equal(UdfSpec.ReadmeText, text.ReadToEnd());
        }
        using IsoImageReader reader = IsoImageReader.Open(image);
        Assert.Equal(IsoNamespace.Udf, reader.Namespace);
        // The boot catalog is El Torito's business: it is in no tree of the image.
        TreeSnapshot.AssertEqual(TreeSnapshot.Take(source), Read(image, null), "UDF, the default tree of a UDF-primary image");
        Assert.Equal(0x07C0, reader.BootCatalog!.Entries[0].LoadSegment);
        Assert.Equal(reader.Find("/boot.img")!.Extents[0].Lba, reader.BootCatalog.Entries[0].LoadLba);
        Assert.Equal(TreeSnapshot.Take(source).Count(kv => kv.Value.Kind == "dir") + 1, result.Directories);
        Assert.Empty(IsoImageVerifier.Verify(image));
    }

    [Fact]
    public void Links_are_in_UDF_only_when_asked_and_a_UDF_primary_image_needs_that_to_hold_one()
    {
        using var t = new TempDirectory("udf-links");
        string source = t.CreateDirectory("src");
        File.WriteAllText(Path.Combine(source, "target.txt"), "target");
        Directory.CreateDirectory(Path.Combine(source, "dir"));
        File.CreateSymbolicLink(Path.Combine(source, "dir", "up"), "../target.txt");

        string bridge = Build(Spec(source, new UdfSpec { Symlinks = true }), t.Combine("links.iso"));
        Assert.Equal("../target.txt", Read(bridge, IsoNamespace.Udf)["dir/up"].LinkTarget);
        Assert.Equal("../target.txt", Read(bridge, IsoNamespace.RockRidge)["dir/up"].LinkTarget);

        string primary = Build(Spec(source, new UdfSpec { Primary = true, Symlinks = true }), t.Combine("primary-links.iso"));
        TreeSnapshot.AssertEqual(TreeSnapshot.Take(source), Read(primary, null), "UDF with links");

        var e = Assert.Throws<IsoBuildException>(() => IsoImageBuilder.Build(Spec(source, new UdfSpec { Primary = true }), t.Combine("x.iso")));
        Assert.Equal(ErrorCodes.UnsupportedSymlink, e.Code);
        Assert.Contains(e.Settings, s => s.Setting == ImageSetting.UdfSymlinks);
        // Following links records what they point to: no link is left.
        string followed = Build(Spec(source, new UdfSpec { Primary = true }, followSymlinks: true), t.Combine("followed.iso"));
        Assert.Equal("file", Read(followed, null)["dir/up"].Kind);
    }

    [Theory]
    [MemberData(nameof(Revisions))]
    public void The_same_tree_elsewhere_in_another_order_with_other_times_and_modes_gives_the_same_bytes(int rev)
    {
        var udf = new UdfSpec { Revision = (UdfRevision)rev, Primary = rev == 0x0201, Symlinks = true };
        using var t = new TempDirectory("udf-determinism");
        string a = t.CreateDirectory("first", "tree");
        TestTrees.CreateVaried(a, withLongNames: true);
        byte[] expected = File.ReadAllBytes(Build(Spec(a, udf), t.Combine("a.iso")));
        Assert.Equal(expected, File.ReadAllBytes(Build(Spec(a, udf), t.Combine("a2.iso"))));

        string b = t.CreateDirectory("second", "elsewhere");
        Perturbed.Copy(a, b);
        Assert.Equal(expected, File.ReadAllBytes(Build(Spec(b, udf), t.Combine("b.iso"))));

        // Other content, other volume set identifier: it derives from the content, never from a clock or a random number.
        File.WriteAllText(Path.Combine(b, "zero"), "no longer empty");
        string c = Build(Spec(b, udf), t.Combine("c.iso"));
        using IsoImageReader first = IsoImageReader.Open(t.Combine("a.iso"));
        using IsoImageReader other = IsoImageReader.Open(c);
        Assert.Matches("^[0-9A-F]{16}$", first.Volume.Udf!.VolumeSetId);
        Assert.NotEqual(first.Volume.Udf.VolumeSetId, other.Volume.Udf!.VolumeSetId);
    }

    [Fact]
    public void Without_UDF_an_image_has_no_trace_of_it()
    {
        using var t = new TempDirectory("udf-none");
        string source = t.CreateDirectory("src");
        TestTrees.CreateVaried(source);
        string image = Build(Spec(source, null), t.Combine("plain.iso"));
        using ImageSource s = ImageSource.OpenFile(image);
        Assert.False(UdfVolume.Detect(s));
        using IsoImageReader reader = IsoImageReader.Open(image);
        Assert.Null(reader.Volume.Udf);
        Assert.Equal(ErrorCodes.NotUdf, Assert.Throws<IsoBuildException>(() => IsoImageReader.Open(image, IsoNamespace.Udf).Dispose()).Code);
    }

    [Fact]
    public async Task A_large_tree_is_rendered_in_pieces_and_the_async_writer_gives_the_same_bytes()
    {
        using var t = new TempDirectory("udf-large");
        string source = t.CreateDirectory("src");
        for (int d = 0; d < 40; d++)
        {
            string dir = t.CreateDirectory("src", $"dir{d:00}");
            for (int f = 0; f < 100; f++)
                File.WriteAllText(Path.Combine(dir, $"file-{f:000}-Ünïcödé.txt"), $"{d}/{f}");
        }
        foreach (UdfRevision revision in new[] { UdfRevision.V102, UdfRevision.V250 })
        {
            ImageLayout layout = ImageLayout.Create(Spec(source, new UdfSpec { Revision = revision }));
            Assert.True(layout.Udf!.FileSystem.MetadataSectors * 2048L > 2 * UdfFileSystem.RenderPieceBytes);
            layout.Udf.FileSystem.Place(new UdfPlacement(layout.Udf.RecognitionSequence, layout.Udf.Descriptors, layout.Udf.PartitionStart, layout.Udf.PartitionStart, layout.Udf.VolumeSectors));
            List<ReadOnlyMemory<byte>> pieces = [.. layout.Udf.FileSystem.RenderArea(UdfArea.Metadata)];
            Assert.True(pieces.Count > 2);
            Assert.All(pieces, p => Assert.Equal(0, p.Length % 2048));
            Assert.Equal(layout.Udf.FileSystem.MetadataSectors * 2048L, pieces.Sum(p => (long)p.Length));

            string image = t.Combine($"large-{revision}.iso");
            using (FileStream output = File.Create(image))
            ImageWriter.Write(layout, output);
            using (var async = new MemoryStream())
            {
                await ImageWriter.WriteAsync(ImageLayout.Create(Spec(source, new UdfSpec { Revision = revision })), async);
                Assert.True(async.ToArray().AsSpan().SequenceEqual(File.ReadAllBytes(image)), "WriteAsync differs from Write");
            }
            Assert.Empty(IsoImageVerifier.Verify(image));
            Assert.Equal(4000, Read(image, IsoNamespace.Udf).Count(kv => kv.Value.Kind == "file"));
        }
    }

    [Fact]
    public void UDF_coexists_with_El_Torito_and_a_hybrid_GPT_whose_backup_stays_at_the_end()
    {
        using var t = new TempDirectory("udf-gpt");
        string source = t.CreateDirectory("src");
        TestTrees.CreateVaried(source, withSymlink: false);
        Directory.CreateDirectory(Path.Combine(source, "boot"));
        File.WriteAllBytes(Path.Combine(source, "boot", "bios.img"), [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7))]);
        string efiDir = t.CreateDirectory("efi", "EFI", "BOOT");
        File.WriteAllBytes(Path.Combine(efiDir, "BOOTX64.EFI"), [.. Enumerable.Range(0, 3000).Select(i => (byte)i)]);
        string mbr = t.Combine("mbr.bin");
        File.WriteAllBytes(mbr, [.. Enumerable.Range(0, 440).Select(i => (byte)(i ^ 0x5A))]);
        ImageSpec spec = new ImageSpecBuilder(source).AddSource(".").Build() with { Udf = new UdfSpec(), Timestamp = UdfImages.Timestamp };
        spec = IsoBuild.Options.ImageOptions.Apply(spec, o => o.CliName switch
        {
            "--bios-boot" => "boot/bios.img",
            "--boot-info-table" or "--gpt" => "true",
            "--hybrid-mbr" => mbr,
            "--efi-boot-dir" => t.Combine("efi"),
            "--boot-load-segment" => "0x07C0",
            _ => null,
        }, new IsoBuild.Options.ImageOptionContext(t.Path, IsoBuild.Options.FrontDoor.CommandLine));
        ImageLayout layout = ImageLayout.Create(spec);
        Assert.Equal(layout.TotalSectors - 256, layout.Udf!.VolumeSectors);
        string image = Build(spec, t.Combine("gpt.iso"));
        Assert.Empty(IsoImageVerifier.Verify(image));
        using IsoImageReader reader = IsoImageReader.Open(image);
        Assert.True(reader.PartitionTable.HasGpt);
        Assert.Equal(2, reader.BootCatalog!.Entries.Count);
        // The closing anchor sits at N-257, where readers look, clear of the backup GPT in the last sectors.
        byte[] bytes = File.ReadAllBytes(image);
        Assert.Equal(2, BitConverter.ToUInt16(bytes, bytes.Length - 257 * 2048));
        Assert.Equal("EFI PART", System.Text.Encoding.ASCII.GetString(bytes, bytes.Length - 512, 8));
        // Boot images are files of the UDF tree too; the catalog is not.
        using IsoImageReader udf = IsoImageReader.Open(image, IsoNamespace.Udf);
        Assert.Equal(reader.BootCatalog.Entries[0].LoadLba, udf.Find("/boot/bios.img")!.Extents[0].Lba);
        Assert.Null(udf.Find("/" + BootSpec.DefaultCatalogPath));
        ToolResult info = ExternalTool.Run("udfinfo", image).EnsureSuccess();
        Assert.DoesNotContain("Warning", info.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Edit_keeps_the_base_images_UDF_its_revision_and_its_primary_layout()
    {
        using var t = new TempDirectory("udf-edit");
        string source = t.CreateDirectory("src");
        TestTrees.CreateVaried(source, withSymlink: false);
        string extra = t.Combine("extra.txt");
        File.WriteAllText(extra, "added by edit");
        foreach (UdfSpec udf in new[] { new UdfSpec { Revision = UdfRevision.V250 }, new UdfSpec { Revision = UdfRevision.V201, Primary = true } })
        {
            string image = Build(Spec(source, udf), t.Combine($"base-{udf.Primary}.iso"));
            string edited = t.Combine($"edited-{udf.Primary}.iso");
            ImageSpec spec;
            using (IsoImageReader reader = IsoImageReader.Open(image))
            {
                ImageSpecBuilder builder = new ImageSpecBuilder(t.Path).AddImage(reader);
                builder.RemovePath("data");
                builder.ReplaceExisting = true;
                builder.AddSource("added/extra.txt=" + extra);
                spec = builder.Build() with { Timestamp = UdfImages.Timestamp };
                Assert.Equal(udf, spec.Udf);
                IsoImageBuilder.Build(spec, edited);
            }
            SortedDictionary<string, TreeItem> expected = TreeSnapshot.Take(source);
            foreach (string k in expected.Keys.Where(k => k == "data" || k.StartsWith("data/", StringComparison.Ordinal)).ToList())
                expected.Remove(k);
            expected["added"] = new TreeItem("dir", null, null, false);
            expected["added/extra.txt"] = new TreeItem("file", Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(extra))), null, false);
            TreeSnapshot.AssertEqual(expected, Read(edited, IsoNamespace.Udf), $"UDF of the edited {(udf.Primary ? "UDF-primary" : "bridge")} image");
            using IsoImageReader result = IsoImageReader.Open(edited);
            Assert.Equal(udf.Primary ? IsoNamespace.Udf : IsoNamespace.RockRidge, result.Namespace);
            Assert.Equal(UdfVolumeInfo.FormatRevision((ushort)udf.Revision), result.Volume.Udf!.Revision);
        }
    }

    [Fact]
    public void An_incremental_build_with_UDF_patches_file_data_and_equals_a_clean_build()
    {
        using var t = new TempDirectory("udf-incremental");
        string source = t.CreateDirectory("src");
        TestTrees.CreateVaried(source, withSymlink: false);
        string image = t.Combine("app.iso"), manifest = t.Combine("app.manifest");
        IsoImageBuilder.BuildIncremental(Spec(source, new UdfSpec()), image, manifest);
        string changed = Path.Combine(source, "sizes", "size-2048.bin");
        byte[] data = File.ReadAllBytes(changed);
        data[100] ^= 0xFF;
        File.WriteAllBytes(changed, data);
        File.SetLastWriteTimeUtc(changed, new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        ImageBuildResult patched = IsoImageBuilder.BuildIncremental(Spec(source, new UdfSpec()), image, manifest);
        Assert.True(patched.Patched, patched.FullBuildReason);
        Assert.Equal(File.ReadAllBytes(Build(Spec(source, new UdfSpec()), t.Combine("clean.iso"))), File.ReadAllBytes(image));
        // Another revision is other metadata: a full build.
        ImageBuildResult full = IsoImageBuilder.BuildIncremental(Spec(source, new UdfSpec { Revision = UdfRevision.V250 }), image, manifest);
        Assert.False(full.Patched);
        Assert.Equal(File.ReadAllBytes(Build(Spec(source, new UdfSpec { Revision = UdfRevision.V250 }), t.Combine("clean250.iso"))), File.ReadAllBytes(image));
    }
}

/// <summary>Copies a tree in reverse order and perturbs what must not reach an image: times and modes beyond the execute bit.</summary>
internal static class Perturbed
{
    public static void Copy(string from, string to)
    {
        var random = new Random(7);
        foreach (string p in Directory.EnumerateFileSystemEntries(from, "*", SearchOption.AllDirectories).OrderByDescending(p => p, StringComparer.Ordinal))
        {
            string dest = Path.Combine(to, Path.GetRelativePath(from, p));
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
        foreach (string p in Directory.EnumerateFileSystemEntries(to, "*", SearchOption.AllDirectories).Where(p => new FileInfo(p).LinkTarget is null))
            File.SetLastWriteTimeUtc(p, new DateTime(1995, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(random.Next()));
    }
}
