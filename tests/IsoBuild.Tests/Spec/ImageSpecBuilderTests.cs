using IsoBuild.Interop;
using IsoBuild.Spec;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Spec;

public class ImageSpecBuilderTests
{
    [Fact]
    public void A_directory_source_puts_its_contents_at_the_root()
    {
        using var t = new TempDirectory();
        File.WriteAllText(t.Combine("a.txt"), "a");
        Directory.CreateDirectory(t.Combine("sub"));
        File.WriteAllText(t.Combine("sub", "b.txt"), "bb");
        ImageSpec spec = new ImageSpecBuilder(t.Path).AddSource(".").Build();
        Assert.Equal(["a.txt", "sub", "sub/b.txt"], spec.Entries.Select(e => e.Path));
        Assert.Equal(2, spec.Entries.Single(e => e.Path == "sub/b.txt").Length);
    }

    [Fact]
    public void Grafts_place_files_and_directories_at_paths_in_the_image()
    {
        using var t = new TempDirectory();
        Directory.CreateDirectory(t.Combine("manual"));
        File.WriteAllText(t.Combine("manual", "index.html"), "<html/>");
        Directory.CreateDirectory(t.Combine("cfg"));
        File.WriteAllText(t.Combine("cfg", "x.cfg"), "x");
        File.WriteAllText(t.Combine("top.txt"), "t");
        ImageSpec spec = new ImageSpecBuilder(t.Path)
            .AddSource("docs=./manual").AddSource("boot/x.cfg=cfg/x.cfg").AddSource("top.txt").AddSource("etc/=cfg/x.cfg").Build();
        Assert.Equal(["boot/x.cfg", "docs", "docs/index.html", "etc/x.cfg", "top.txt"], spec.Entries.Select(e => e.Path));
    }

    [Fact]
    public void A_walked_spec_shares_the_builders_entries_and_keeps_them_when_the_builder_changes_after()
    {
        using var t = new TempDirectory();
        Directory.CreateDirectory(t.Combine("b"));
        File.WriteAllText(t.Combine("b", "z.txt"), "z");
        File.WriteAllText(t.Combine("a.txt"), "a");
        var builder = new ImageSpecBuilder(t.Path).AddSource("b");
        ImageSpec first = builder.Build();
        ImageSpec again = builder.Build();
        Assert.Same(first.Entries, again.Entries); // one list, not a copy per spec (nor one kept by the builder)
        builder.RemovePath("z.txt").AddSource("c/a.txt=a.txt");
        ImageSpec after = builder.Build();
        Assert.Equal(["z.txt"], first.Entries.Select(e => e.Path));
        Assert.Equal(["c/a.txt"], after.Entries.Select(e => e.Path));
    }

    [Fact]
    public void A_path_with_an_equals_sign_that_exists_is_a_source()
    {
        using var t = new TempDirectory();
        File.WriteAllText(t.Combine("a=b.txt"), "x");
        ImageSpec spec = new ImageSpecBuilder(t.Path).AddSource("a=b.txt").Build();
        Assert.Equal("a=b.txt", Assert.Single(spec.Entries).Path);
    }

    [Fact]
    public void Missing_source_is_ISO0001()
    {
        using var t = new TempDirectory();
        var e = Assert.Throws<IsoBuildException>(() => new ImageSpecBuilder(t.Path).AddSource("nope"));
        Assert.Equal(ErrorCodes.SourceNotFound, e.Code);
        Assert.Contains("nope", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_sources_for_one_path_is_ISO0002_naming_both()
    {
        using var t = new TempDirectory();
        File.WriteAllText(t.Combine("one.txt"), "1");
        File.WriteAllText(t.Combine("two.txt"), "2");
        var e = Assert.Throws<IsoBuildException>(() =>
            new ImageSpecBuilder(t.Path).AddSource("x.txt=one.txt").AddSource("x.txt=two.txt"));
        Assert.Equal(ErrorCodes.DuplicateImagePath, e.Code);
        Assert.Contains("one.txt", e.Message, StringComparison.Ordinal);
        Assert.Contains("two.txt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_directory_sources_merge()
    {
        using var t = new TempDirectory();
        File.WriteAllText(Path.Combine(t.CreateDirectory("a", "common"), "1.txt"), "1");
        File.WriteAllText(Path.Combine(t.CreateDirectory("b", "common"), "2.txt"), "2");
        ImageSpec spec = new ImageSpecBuilder(t.Path).AddSource("a").AddSource("b").Build();
        Assert.Equal(["common", "common/1.txt", "common/2.txt"], spec.Entries.Select(e => e.Path));
    }

    [Fact]
    public void Symlinks_are_recorded_as_links_unless_followed()
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        File.WriteAllText(Path.Combine(src, "target.txt"), "target");
        File.CreateSymbolicLink(Path.Combine(src, "link"), "target.txt");
        ImageEntry link = new ImageSpecBuilder(t.Path).AddSource("src").Build().Entries.Single(e => e.Path == "link");
        Assert.Equal(EntryKind.Symlink, link.Kind);
        Assert.Equal("target.txt", link.LinkTarget);
        ImageEntry followed = new ImageSpecBuilder(t.Path) { FollowSymlinks = true }.AddSource("src").Build().Entries.Single(e => e.Path == "link");
        Assert.Equal(EntryKind.File, followed.Kind);
        Assert.Equal(6, followed.Length);
    }

    [Fact]
    public void Following_a_symlink_loop_is_ISO0009()
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src", "a");
        Directory.CreateSymbolicLink(Path.Combine(src, "up"), "..");
        var e = Assert.Throws<IsoBuildException>(() => new ImageSpecBuilder(t.Path) { FollowSymlinks = true }.AddSource("src"));
        Assert.Equal(ErrorCodes.UnsupportedSymlink, e.Code);
    }

    [Fact]
    public void A_dangling_symlink_that_must_be_followed_is_ISO0009()
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        File.CreateSymbolicLink(Path.Combine(src, "dangling"), "nowhere");
        var e = Assert.Throws<IsoBuildException>(() => new ImageSpecBuilder(t.Path) { FollowSymlinks = true }.AddSource("src"));
        Assert.Equal(ErrorCodes.UnsupportedSymlink, e.Code);
    }

    [Fact]
    public void A_FIFO_in_a_source_tree_is_ISO0008()
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        ExternalTool.Run("mkfifo", Path.Combine(src, "pipe")).EnsureSuccess();
        var e = Assert.Throws<IsoBuildException>(() => new ImageSpecBuilder(t.Path).AddSource("src"));
        Assert.Equal(ErrorCodes.SpecialFile, e.Code);
        Assert.Contains("FIFO", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tree_larger_than_the_read_ahead_walks_to_every_entry_in_ordinal_order()
    {
        // 40 directories (more than the listings read ahead), some large enough to be stat-ed on several threads,
        // nested two deep, with hidden files and empty directories.
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        var expected = new List<string>();
        for (int d = 0; d < 40; d++)
        {
            string dir = Path.Combine(src, $"d{d:D2}", d % 3 == 0 ? "inner" : "");
            Directory.CreateDirectory(dir);
            for (int f = 0; f < (d % 4 == 0 ? 70 : 3); f++)
                File.WriteAllText(Path.Combine(dir, f % 10 == 0 ? $".f{f}" : $"f{f}"), "x");
        }
        foreach (string path in Directory.EnumerateFileSystemEntries(src, "*", SearchOption.AllDirectories))
            expected.Add(Path.GetRelativePath(src, path));
        expected.Sort(StringComparer.Ordinal);

        ImageSpec spec = new ImageSpecBuilder(t.Path).AddSource("src").Build();
        Assert.Equal(expected, spec.Entries.Select(e => e.Path));
        Assert.All(spec.Entries.Where(e => e.Kind == EntryKind.File), e => Assert.Equal(1, e.Length));
    }

    [Fact]
    public void Statx_and_lstat_see_the_same_tree()
    {
        // Linux stats a directory's entries by name (statx); without it every path is lstat-ed. Both give the same
        // kinds, sizes, modes and modification times (to the nanosecond), so the same spec and the same stamps.
        Assert.True(FileSystemProbe.UseStatx, "statx is used on Linux");
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        TestTrees.CreateVaried(src, withLongNames: true);
        DateTime modified = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc).AddTicks(1234567);
        File.SetLastWriteTimeUtc(Path.Combine(src, ".hidden"), modified);
        static string[] Describe(ImageSpec spec) => [.. spec.Entries.Select(e =>
            $"{e.Path} {e.Kind} {e.Length} {e.Executable} {e.LinkTarget} {(e.Content as FileContentSource)?.ModifiedTicks}")];
        string[] withStatx = Describe(new ImageSpecBuilder(t.Path).AddSource("src").Build());
        try
        {
            FileSystemProbe.UseStatx = false;
            Assert.Equal(withStatx, Describe(new ImageSpecBuilder(t.Path).AddSource("src").Build()));
        }
        finally
        {
            FileSystemProbe.UseStatx = true;
        }
        Assert.Contains(withStatx, d => d.StartsWith(".hidden File", StringComparison.Ordinal) && d.EndsWith($" {modified.Ticks}", StringComparison.Ordinal));
    }

    [Fact]
    public void A_walk_that_fails_names_the_first_bad_entry_in_walk_order_every_time()
    {
        // Special files in many directories: the directories after the first are read ahead of the walk, but the
        // error is always the first one the walk meets, and a stopped walk stops reading.
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        for (int d = 0; d < 30; d++)
        {
            string dir = t.CreateDirectory(Path.Combine("src", $"d{d:D2}"));
            for (int f = 0; f < 80; f++)
                File.WriteAllText(Path.Combine(dir, $"f{f:D2}"), "x");
            if (d >= 5)
                ExternalTool.Run("mkfifo", Path.Combine(dir, "pipe")).EnsureSuccess();
        }
        for (int attempt = 0; attempt < 5; attempt++)
        {
            var e = Assert.Throws<IsoBuildException>(() => new ImageSpecBuilder(t.Path).AddSource("src"));
            Assert.Equal(ErrorCodes.SpecialFile, e.Code);
            Assert.Contains(Path.Combine(src, "d05", "pipe"), e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_socket_in_a_source_tree_is_ISO0008()
    {
        using var t = new TempDirectory();
        string src = t.CreateDirectory("src");
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(Path.Combine(src, "sock")));
        var e = Assert.Throws<IsoBuildException>(() => new ImageSpecBuilder(t.Path).AddSource("src"));
        Assert.Equal(ErrorCodes.SpecialFile, e.Code);
        Assert.Contains("socket", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_device_named_as_a_source_is_ISO0008()
    {
        var e = Assert.Throws<IsoBuildException>(() => new ImageSpecBuilder("/").AddSource("null=/dev/null"));
        Assert.Equal(ErrorCodes.SpecialFile, e.Code);
    }

    [Fact]
    public void Executable_bit_is_kept()
    {
        using var t = new TempDirectory();
        File.WriteAllText(t.Combine("run.sh"), "#!/bin/sh");
        File.SetUnixFileMode(t.Combine("run.sh"), (UnixFileMode)0b111_000_000);
        File.WriteAllText(t.Combine("data.txt"), "d");
        ImageSpec spec = new ImageSpecBuilder(t.Path).AddSource(".").Build();
        Assert.True(spec.Entries.Single(e => e.Path == "run.sh").Executable);
        Assert.False(spec.Entries.Single(e => e.Path == "data.txt").Executable);
    }
}

public class ImageSpecBuilderWalkTests
{
    [Fact]
    public void A_walked_file_knows_its_full_path_length_and_modification_time_from_the_walk()
    {
        using var t = new TempDirectory();
        Directory.CreateDirectory(t.Combine("deep", "er"));
        string file = t.Combine("deep", "er", "data file.bin");
        File.WriteAllBytes(file, new byte[1234]);
        var written = new DateTime(2021, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(1234567);
        File.SetLastWriteTimeUtc(file, written);

        ImageSpec spec = new ImageSpecBuilder(t.Path).AddSource("top=.").Build();
        ImageEntry entry = spec.Entries.Single(e => e.Path == "top/deep/er/data file.bin");
        var content = Assert.IsType<FileContentSource>(entry.Content);
        Assert.Equal(Path.GetFullPath(file), content.FullPath);
        Assert.Equal(content.FullPath, entry.Origin);
        Assert.Equal(1234, content.Length);
        Assert.Equal(File.GetLastWriteTimeUtc(file).Ticks, content.ModifiedTicks);
        using Stream s = content.OpenRead();
        Assert.Equal(1234, s.Length);
    }

    [Fact]
    public void A_file_named_directly_gets_its_path_and_an_origin_given_by_the_caller()
    {
        using var t = new TempDirectory();
        File.WriteAllText(t.Combine("x.txt"), "xyz");
        ImageSpec spec = new ImageSpecBuilder(t.Path).AddSource("a/b.txt=x.txt").Build();
        ImageEntry entry = spec.Entries.Single(e => e.Path == "a/b.txt");
        Assert.Equal(t.Combine("x.txt"), ((FileContentSource)entry.Content!).FullPath);
        Assert.Equal(File.GetLastWriteTimeUtc(t.Combine("x.txt")).Ticks, ((FileContentSource)entry.Content!).ModifiedTicks);
        Assert.Equal("given", new ImageEntry("p", EntryKind.Directory) { Origin = "given" }.Origin);
    }
}
