using System.Text.Json;
using IsoBuild.Incremental;
using IsoBuild.Spec;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Incremental;

/// <summary>
/// Incremental builds: a series of edits, each built incrementally and compared byte for byte with a clean build of
/// the same tree; patches happen exactly when only contents changed; interrupted and failed patches are safe.
/// </summary>
public class IncrementalBuildTests
{
    private static readonly DateTime Epoch = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Random_edits_give_the_bytes_of_a_clean_build_and_patch_only_when_the_layout_is_kept()
    {
        using var t = new TempDirectory("incremental");
        string src = t.CreateDirectory("src");
        TestTrees.CreateVaried(src, seed: 7, withSymlink: true);
        for (int i = 0; i < 12; i++)
            File.WriteAllBytes(Path.Combine(src, $"data{i}.bin"), RandomBytes(new Random(i), 1000 + (i * 3000)));
        string image = t.Combine("out", "app.iso");
        string manifest = t.Combine("obj", "app.manifest");
        Directory.CreateDirectory(t.Combine("out"));

        ImageBuildResult first = IsoImageBuilder.BuildIncremental(Spec(src), image, manifest);
        Assert.False(first.Patched);
        Assert.Equal("no manifest of an earlier build", first.FullBuildReason);
        AssertEqualsCleanBuild(src, image, t);

        var random = new Random(2024);
        int patches = 0, fullBuilds = 0;
        for (int step = 1; step <= 24; step++)
        {
            string victim = Path.Combine(src, $"data{random.Next(12)}.bin");
            int kind = step % 6;
            bool layoutKept = kind is 0 or 1 or 2 or 3;
            switch (kind)
            {
                case 0 or 1 or 2: // new content, same length
                    File.WriteAllBytes(victim, RandomBytes(random, (int)new FileInfo(victim).Length));
                    break;
                case 3: // touched, content unchanged
                    break;
                case 4: // another length
                    File.WriteAllBytes(victim, RandomBytes(random, (int)new FileInfo(victim).Length + 1 + random.Next(5000)));
                    break;
                default: // a file added or removed
                    string extra = Path.Combine(src, "extra.txt");
                    if (File.Exists(extra))
                        File.Delete(extra);
                    else
                        File.WriteAllText(extra, "added at step " + step);
                    break;
            }
            File.SetLastWriteTimeUtc(victim, Epoch.AddMinutes(step));

            ImageBuildResult result = IsoImageBuilder.BuildIncremental(Spec(src), image, manifest);
            Assert.True(result.Patched == layoutKept, $"step {step} (edit {kind}): patched={result.Patched}, reason={result.FullBuildReason}");
            if (layoutKept)
            {
                Assert.Equal(1, result.RewrittenFiles);
                patches++;
            }
            else
            {
                Assert.Equal("names, sizes or options changed", result.FullBuildReason);
                fullBuilds++;
            }
            AssertEqualsCleanBuild(src, image, t);
        }
        Assert.Equal(16, patches);
        Assert.Equal(8, fullBuilds);

        // Nothing changed: the image is not touched at all, modification time included, and is still the clean build.
        DateTime written = File.GetLastWriteTimeUtc(image);
        ImageBuildResult idle = IsoImageBuilder.BuildIncremental(Spec(src), image, manifest);
        Assert.True(idle.UpToDate);
        Assert.False(idle.Patched);
        Assert.Equal(written, File.GetLastWriteTimeUtc(image));
        AssertEqualsCleanBuild(src, image, t);

        // With patching off, a content change writes the whole image; no change still leaves it alone.
        string data0 = Path.Combine(src, "data0.bin");
        File.WriteAllBytes(data0, RandomBytes(random, (int)new FileInfo(data0).Length));
        ImageBuildResult full = IsoImageBuilder.BuildIncremental(Spec(src), image, manifest, allowPatch: false, progress: null);
        Assert.Equal("patching in place is off", full.FullBuildReason);
        AssertEqualsCleanBuild(src, image, t);
        Assert.True(IsoImageBuilder.BuildIncremental(Spec(src), image, manifest, allowPatch: false, progress: null).UpToDate);
    }

    [Fact]
    public void An_interrupted_patch_or_a_replaced_image_makes_the_next_build_a_full_one()
    {
        using var t = new TempDirectory("incremental-interrupted");
        string src = t.CreateDirectory("src");
        File.WriteAllText(Path.Combine(src, "a.txt"), "aaaa");
        File.WriteAllText(Path.Combine(src, "b.txt"), "bbbb");
        string image = t.Combine("app.iso");
        string manifest = t.Combine("app.manifest");
        IsoImageBuilder.BuildIncremental(Spec(src), image, manifest);

        // What a killed patch leaves: a dirty manifest and an image whose descriptor no reader accepts.
        string text = File.ReadAllText(manifest);
        Assert.Contains("\"Dirty\":false", text, StringComparison.Ordinal);
        File.WriteAllText(manifest, text.Replace("\"Dirty\":false", "\"Dirty\":true", StringComparison.Ordinal));
        using (var f = new FileStream(image, FileMode.Open, FileAccess.ReadWrite))
        {
            f.Position = (16 * 2048) + 1;
            f.WriteByte(0);
        }
        File.WriteAllText(Path.Combine(src, "a.txt"), "AAAA");
        ImageBuildResult next = IsoImageBuilder.BuildIncremental(Spec(src), image, manifest);
        Assert.False(next.Patched);
        Assert.Equal("the last incremental build was interrupted", next.FullBuildReason);
        AssertEqualsCleanBuild(src, image, t);

        // An image written by someone else (another build, a copy) is never patched.
        IsoImageBuilder.Build(Spec(src, volumeId: "OTHER"), image);
        File.WriteAllText(Path.Combine(src, "b.txt"), "BBBB");
        ImageBuildResult replaced = IsoImageBuilder.BuildIncremental(Spec(src), image, manifest);
        Assert.Equal("the image is not the one the manifest describes", replaced.FullBuildReason);
        AssertEqualsCleanBuild(src, image, t);

        // A manifest that cannot be read is no manifest.
        File.WriteAllText(manifest, "{ not json");
        Assert.Equal("no manifest of an earlier build", IsoImageBuilder.BuildIncremental(Spec(src), image, manifest).FullBuildReason);
    }

    [Fact]
    public void A_patch_that_fails_is_undone_and_the_previous_image_stays_usable()
    {
        using var t = new TempDirectory("incremental-failed");
        string src = t.CreateDirectory("src");
        string a = Path.Combine(src, "a.bin");
        File.WriteAllBytes(a, RandomBytes(new Random(1), 300_000));
        File.WriteAllBytes(Path.Combine(src, "b.bin"), RandomBytes(new Random(2), 5000));
        string image = t.Combine("app.iso");
        string manifest = t.Combine("app.manifest");
        IsoImageBuilder.BuildIncremental(Spec(src), image, manifest);
        byte[] previous = File.ReadAllBytes(image);

        // The spec sees new content of 300,000 bytes; by the time the patch reads it the file is shorter.
        File.WriteAllBytes(a, RandomBytes(new Random(3), 300_000));
        File.SetLastWriteTimeUtc(a, File.GetLastWriteTimeUtc(a).AddSeconds(5));
        ImageSpec spec = Spec(src);
        File.WriteAllBytes(a, RandomBytes(new Random(5), 299_000));
        IsoBuildException e = Assert.Throws<IsoBuildException>(() => IsoImageBuilder.BuildIncremental(spec, image, manifest));
        Assert.Equal("ISO0010", e.Code);
        Assert.Equal(previous, File.ReadAllBytes(image));
        Assert.Equal(["app.iso", "app.manifest"], Directory.GetFiles(t.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        // The manifest still describes the image: a content-only change now patches it.
        File.WriteAllBytes(a, RandomBytes(new Random(4), 300_000));
        Assert.True(IsoImageBuilder.BuildIncremental(Spec(src), image, manifest).Patched);
        AssertEqualsCleanBuild(src, image, t);
        Assert.False(JsonDocument.Parse(File.ReadAllText(manifest)).RootElement.GetProperty("Dirty").GetBoolean());
    }

    [Fact]
    public void Any_change_to_what_the_metadata_is_made_of_makes_a_full_build()
    {
        using var t = new TempDirectory("incremental-key");
        string src = t.CreateDirectory("src");
        File.WriteAllText(Path.Combine(src, "a.txt"), "aaaa");
        File.WriteAllText(Path.Combine(src, "run.sh"), "#!/bin/sh\n");
        File.CreateSymbolicLink(Path.Combine(src, "link"), "a.txt");
        string image = t.Combine("app.iso");
        string manifest = t.Combine("app.manifest");
        ImageSpec baseline = Spec(src);
        ImageEntry Entry(string path) => baseline.Entries.Single(e => e.Path == path);
        ImageSpec WithEntry(ImageEntry old, ImageEntry replacement) => baseline with { Entries = [.. baseline.Entries.Select(e => e == old ? replacement : e)] };
        var variants = new (string Change, ImageSpec Spec)[]
        {
            ("volume id", baseline with { VolumeId = "OTHER" }),
            ("publisher", baseline with { Publisher = "PUBLISHER" }),
            ("data preparer", baseline with { DataPreparer = "PREPARER" }),
            ("no Joliet", baseline with { Joliet = false }),
            ("no Rock Ridge", baseline with { RockRidge = false, Entries = [.. baseline.Entries.Where(e => e.Kind != EntryKind.Symlink)] }),
            ("ISO level", baseline with { IsoLevel = 2 }),
            ("timestamp", baseline with { Timestamp = baseline.Timestamp.AddSeconds(1) }),
            ("time zone of the timestamp", baseline with { Timestamp = baseline.Timestamp.ToOffset(TimeSpan.FromHours(2)) }),
            ("volume UUID", baseline with { VolumeUuid = VolumeUuid.Parse("2024-05-01-12-00-00-42") }),
            ("executable bit", WithEntry(Entry("run.sh"), Entry("run.sh") with { Executable = !Entry("run.sh").Executable })),
            ("link target", WithEntry(Entry("link"), Entry("link") with { LinkTarget = "run.sh" })),
            ("entry order", baseline with { Entries = [.. baseline.Entries.Reverse()] }),
            ("zisofs", baseline with { Zisofs = new ZisofsSpec() }),
            ("zisofs block size", baseline with { Zisofs = new ZisofsSpec { BlockSize = 65536 } }),
            ("zisofs exclusions", baseline with { Zisofs = new ZisofsSpec { Exclude = ["*.sh"] } }),
            ("identical files not stored once", baseline with { Deduplicate = false }),
            ("MD5 records", baseline with { Md5 = true }),
            ("isomd5sum", baseline with { ImplantMd5 = true }),
            ("SHA-256 beside the image", baseline with { Sha256 = true }),
        };
        foreach ((string change, ImageSpec variant) in variants)
        {
            IsoImageBuilder.BuildIncremental(baseline, image, manifest);
            Assert.True(IsoImageBuilder.BuildIncremental(baseline, image, manifest).UpToDate);
            ImageBuildResult result = IsoImageBuilder.BuildIncremental(variant, image, manifest);
            Assert.True(result.FullBuildReason == "names, sizes or options changed", $"{change}: patched={result.Patched}, reason={result.FullBuildReason}");
            AssertEqualsCleanBuild(variant, image, t, change);
        }
    }

    [Fact]
    public void The_metadata_key_covers_every_property_of_a_spec_and_its_entries()
    {
        // MetadataKey hashes these; a property added to ImageSpec or ImageEntry must be added to the key (or here, as
        // not reaching the image), or an incremental build could patch an image whose metadata it changes.
        string[] notInImage = ["SourceDirectories", "Origin", "Content", "IsLocalFile", "HasNormalizedPath", "KeepsPath", "Name", "OwnPath", "RareFields", "SourceName", "Walk", "EqualityContract"];
        Assert.Equal(
            ["BaseVolume", "Boot", "DataPreparer", "Deduplicate", "Entries", "ImplantMd5", "IsoLevel", "Joliet", "Md5", "Publisher", "RockRidge", "Sha256", "Timestamp", "Udf", "VolumeId", "VolumeUuid", "Zisofs"],
            Properties(typeof(ImageSpec)).Except(notInImage));
        Assert.Equal(["Attributes", "Executable", "HardLink", "HiddenFrom", "Kind", "Length", "LinkTarget", "Path", "SortWeight"], Properties(typeof(ImageEntry)).Except(notInImage));

        static IEnumerable<string> Properties(Type type) =>
            type.GetProperties(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)
                .Select(p => p.Name).Order(StringComparer.Ordinal);
    }

    [Fact]
    public void An_image_that_boots_is_patched_with_its_boot_info_table_and_rebuilt_when_its_MBR_code_changes()
    {
        using var t = new TempDirectory("incremental-boot");
        string src = t.CreateDirectory("src");
        Directory.CreateDirectory(Path.Combine(src, "boot"));
        string loader = Path.Combine(src, "boot", "loader.bin");
        File.WriteAllBytes(loader, RandomBytes(new Random(1), 8192));
        File.WriteAllText(Path.Combine(src, "readme.txt"), "hello");
        string mbr = t.Combine("mbr.bin");
        File.WriteAllBytes(mbr, RandomBytes(new Random(2), 440));
        ImageSpec BootSpec() => Spec(src) with { Boot = new BootSpec { BiosImage = "boot/loader.bin", BootInfoTable = true, HybridMbr = mbr } };
        string image = t.Combine("app.iso");
        string manifest = t.Combine("app.manifest");
        IsoImageBuilder.BuildIncremental(BootSpec(), image, manifest);

        // New boot image bytes: its copy in the image is rewritten with a new boot info table (checksum).
        File.WriteAllBytes(loader, RandomBytes(new Random(3), 8192));
        File.SetLastWriteTimeUtc(loader, Epoch);
        ImageBuildResult patched = IsoImageBuilder.BuildIncremental(BootSpec(), image, manifest);
        Assert.True(patched.Patched, patched.FullBuildReason);
        Assert.Equal(1, patched.RewrittenFiles);
        AssertEqualsCleanBuild(BootSpec(), image, t);

        // The MBR code is in the system area, not in a file of the image: new code is new metadata.
        File.WriteAllBytes(mbr, RandomBytes(new Random(4), 440));
        Assert.Equal("names, sizes or options changed", IsoImageBuilder.BuildIncremental(BootSpec(), image, manifest).FullBuildReason);
        AssertEqualsCleanBuild(BootSpec(), image, t);
    }

    private static ImageSpec Spec(string src, string volumeId = "INCREMENTAL") =>
        new ImageSpecBuilder(src).AddSource(".").Build() with { VolumeId = volumeId };

    [Fact]
    public void A_stamp_changes_with_the_source_path_size_or_modification_time_and_only_then()
    {
        using var t = new TempDirectory("stamps");
        string src = t.CreateDirectory("src");
        var time = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        void Write(string name, string text, DateTime modified)
        {
            File.WriteAllText(Path.Combine(src, name), text);
            File.SetLastWriteTimeUtc(Path.Combine(src, name), modified);
        }
        ulong Stamp(string name) => BuildManifest.Stamp(Spec(src).Entries.Single(e => e.Path == name).Content!);

        Write("a.txt", "same", time);
        Write("b.txt", "same", time);
        ulong a = Stamp("a.txt");
        Assert.Equal(a, Stamp("a.txt"));
        Assert.NotEqual(a, Stamp("b.txt")); // same size and time, another source file
        Write("a.txt", "same", time.AddTicks(1));
        Assert.NotEqual(a, Stamp("a.txt"));
        Write("a.txt", "longer", time);
        Assert.NotEqual(a, Stamp("a.txt"));
        Write("a.txt", "SAME", time); // same size and time, other bytes: trusted, as make and MSBuild trust them
        Assert.Equal(a, Stamp("a.txt"));
    }

    private static void AssertEqualsCleanBuild(string src, string image, TempDirectory t) => AssertEqualsCleanBuild(Spec(src), image, t);

    private static void AssertEqualsCleanBuild(ImageSpec spec, string image, TempDirectory t, string after = "the edit")
    {
        string clean = t.Combine("clean.iso");
        IsoImageBuilder.Build(spec, clean);
        Assert.True(File.ReadAllBytes(clean).AsSpan().SequenceEqual(File.ReadAllBytes(image)), $"after {after}, the incremental image differs from a clean build");
        File.Delete(clean);
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
