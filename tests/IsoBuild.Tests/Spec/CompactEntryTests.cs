using IsoBuild.Layout;
using IsoBuild.Spec;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Spec;

/// <summary>
/// The entry keeps rarely set fields in a record of their own, a walked file's content is made from the entry when
/// asked for, and a walk into an empty builder keeps its entries without a dictionary: none of it may change what an
/// entry says or how the builder treats a path given twice.
/// </summary>
public class CompactEntryTests
{
    [Fact]
    public void Rare_fields_survive_with_and_compare_by_value()
    {
        var link = new ImageEntry("a/link", EntryKind.Symlink, LinkTarget: "../b");
        ImageEntry hidden = link with { HiddenFrom = HiddenFrom.Joliet, SortWeight = 5, Origin = "here" };

        Assert.Equal("../b", hidden.LinkTarget);
        Assert.Equal(HiddenFrom.Joliet, hidden.HiddenFrom);
        Assert.Equal(5, hidden.SortWeight);
        Assert.Equal("here", hidden.Origin);
        Assert.Equal(EntryKind.Symlink, hidden.Kind);
        // The copy's changes do not reach the entry it was made from.
        Assert.Equal(HiddenFrom.None, link.HiddenFrom);
        Assert.Equal(0, link.SortWeight);
        Assert.Equal(string.Empty, link.Origin);

        Assert.Equal(hidden, link with { HiddenFrom = HiddenFrom.Joliet, SortWeight = 5, Origin = "here" });
        Assert.NotEqual(hidden, hidden with { SortWeight = 6 });
        Assert.Equal(link, hidden with { HiddenFrom = HiddenFrom.None, SortWeight = 0, Origin = null! } with { });
        Assert.Equal(EntryKind.Directory, (link with { Kind = EntryKind.Directory, LinkTarget = null }).Kind);
        Assert.Null((link with { LinkTarget = null }).LinkTarget);
    }

    [Fact]
    public void A_walked_file_is_one_entry_whose_content_is_made_when_asked_for()
    {
        using var t = new TempDirectory();
        string directory = t.CreateDirectory("tree", "sub");
        File.WriteAllText(Path.Combine(directory, "x.txt"), "walked");
        var ticks = new DateTime(2022, 5, 6, 7, 8, 9, DateTimeKind.Utc).Ticks;
        File.SetLastWriteTimeUtc(Path.Combine(directory, "x.txt"), new DateTime(ticks, DateTimeKind.Utc));

        ImageEntry walked = new ImageSpecBuilder(t.Path).AddSource("tree").Build().Entries.Single(e => e.Kind == EntryKind.File);

        Assert.Equal(6, walked.Length);
        Assert.True(walked.IsLocalFile);
        Assert.Null(walked.HardLink);
        var content = Assert.IsType<FileContentSource>(walked.Content);
        Assert.NotSame(content, walked.Content);
        Assert.Equal(Path.Combine(directory, "x.txt"), content.FullPath);
        Assert.Equal(ticks, content.ModifiedTicks);
        Assert.Equal(6, content.Length);
        Assert.Equal(content.FullPath, walked.Origin);
        // Entries of the same file compare equal, made twice; giving another content replaces the walked file.
        var sub = new WalkedDirectory(directory, "sub", "x.txt");
        Assert.Equal(ImageEntry.Walked(sub, 0, 5, 6, ticks, executable: false), walked);
        Assert.NotEqual(ImageEntry.Walked(sub, 0, 5, 6, ticks + 1, executable: false), walked);
        // Its path is made from its directory's path and its name; another path keeps the file it reads.
        Assert.Equal("sub/x.txt", walked.Path);
        Assert.NotSame(walked.Path, walked.Path);
        Assert.True(walked.HasPath("sub/x.txt"));
        Assert.False(walked.HasPath("sub/x.tx"));
        Assert.False(walked.HasPath("sub/x.txt2"));
        Assert.False(walked.HasPath("sob/x.txt"));
        ImageEntry hidden = walked with { HiddenFrom = HiddenFrom.Joliet };
        Assert.Equal("sub/x.txt", hidden.Path);
        Assert.Equal(HiddenFrom.Joliet, hidden.HiddenFrom);
        Assert.Equal(walked, hidden with { HiddenFrom = HiddenFrom.None });
        Assert.Equal(("a/b", HiddenFrom.Joliet), ((hidden with { Path = "a/b" }).Path, (hidden with { Path = "a/b" }).HiddenFrom));
        ImageEntry moved = walked with { Path = "elsewhere/y.bin" };
        Assert.Equal("elsewhere/y.bin", moved.Path);
        Assert.Equal("y.bin", moved.Name.ToString());
        Assert.Equal(Path.Combine(directory, "x.txt"), Assert.IsType<FileContentSource>(moved.Content).FullPath);
        ImageEntry bytes = walked with { Content = ContentSource.FromBytes("other"u8.ToArray()) };
        Assert.Equal(5, bytes.Length);
        Assert.Equal("sub/x.txt", bytes.Path);
        Assert.IsType<BytesContentSource>(bytes.Content);
        Assert.False(bytes.IsLocalFile);
        Assert.Equal(0, (walked with { Content = null, Kind = EntryKind.Directory }).Length);
    }

    [Fact]
    public void A_file_added_over_a_walked_file_is_ISO0002_and_replaces_it_when_asked()
    {
        using var t = new TempDirectory();
        File.WriteAllText(Path.Combine(t.CreateDirectory("tree", "sub"), "x.txt"), "walked");
        File.WriteAllText(t.Combine("other.txt"), "other!");

        var e = Assert.Throws<IsoBuildException>(() => new ImageSpecBuilder(t.Path).AddSource("tree").AddSource("sub/x.txt=other.txt"));
        Assert.Equal(ErrorCodes.DuplicateImagePath, e.Code);

        var builder = new ImageSpecBuilder(t.Path).AddSource("tree");
        builder.ReplaceExisting = true;
        ImageSpec spec = builder.AddSource("sub/x.txt=other.txt").Build();
        Assert.Equal(["sub", "sub/x.txt"], spec.Entries.Select(x => x.Path));
        Assert.Equal(6, spec.Entries[1].Length);
    }

    [Fact]
    public void A_walked_tree_can_be_removed_and_walked_again_into_a_subdirectory()
    {
        using var t = new TempDirectory();
        File.WriteAllText(Path.Combine(t.CreateDirectory("tree", "sub"), "x.txt"), "x");
        File.WriteAllText(t.Combine("tree", "y.txt"), "y");

        ImageSpec spec = new ImageSpecBuilder(t.Path).AddSource("tree").RemovePath("sub").AddSource("more/=tree").Build();

        Assert.Equal(["more", "more/sub", "more/sub/x.txt", "more/y.txt", "y.txt"], spec.Entries.Select(x => x.Path));
    }

    [Fact]
    public void Walked_files_name_slices_of_their_directorys_names_and_order_like_their_paths()
    {
        var root = new WalkedDirectory("/src", "", "ab-b");
        var a = new WalkedDirectory("/src/a", "a", "b.txtc");
        var ab = new WalkedDirectory("/src/a-b", "a-b", "c");
        ImageEntry[] entries =
        [
            ImageEntry.Walked(root, 0, 1, 1, 0, false),   // "a"
            ImageEntry.Walked(root, 1, 3, 1, 0, false),   // "b-b"
            ImageEntry.Walked(a, 0, 5, 1, 0, false),      // "a/b.txt"
            ImageEntry.Walked(a, 5, 1, 1, 0, false),      // "a/c"
            ImageEntry.Walked(ab, 0, 1, 1, 0, false),     // "a-b/c"
            new ImageEntry("a/b", EntryKind.Directory),
            new ImageEntry("a", EntryKind.Directory),
            new ImageEntry("a/b.txt/z", EntryKind.File),
            new ImageEntry("b", EntryKind.File),
            new ImageEntry("a-b/c/d", EntryKind.File),
        ];
        Assert.Equal(["a", "b-b", "a/b.txt", "a/c", "a-b/c"], entries.Take(5).Select(e => e.Path));
        Assert.Equal(["a", "b-b", "b.txt", "c", "c"], entries.Take(5).Select(e => e.Name.ToString()));
        foreach (ImageEntry x in entries)
        {
            Assert.True(x.HasPath(x.Path));
            foreach (ImageEntry y in entries)
            {
                Assert.Equal(Math.Sign(string.CompareOrdinal(x.Path, y.Path)), Math.Sign(ImageEntry.ComparePaths(x, y)));
                Assert.Equal(x.Path == y.Path, x.HasPath(y.Path));
            }
        }
    }

    [Fact]
    public void A_walked_file_given_twice_in_a_spec_is_ISO0002_whether_its_path_is_made_or_not()
    {
        using var t = new TempDirectory();
        File.WriteAllText(Path.Combine(t.CreateDirectory("tree", "sub"), "x.txt"), "x");
        File.WriteAllText(t.Combine("tree", "sub", "y.txt"), "y");
        ImageSpec walked = new ImageSpecBuilder(t.Path).AddSource("tree").Build();
        ImageEntry x = walked.Entries.Single(e => e.Path == "sub/x.txt");
        ImageEntry other = new("sub/y.txt", EntryKind.File, ContentSource.FromBytes("z"u8.ToArray()));

        // In path order (the layout reads the entries as they are) and out of it (the layout sorts them).
        ImageEntry[][] twice =
        [
            [.. walked.Entries.Append(x).OrderBy(e => e.Path, StringComparer.Ordinal)],
            [.. walked.Entries.Append(other).OrderBy(e => e.Path, StringComparer.Ordinal)],
            [.. walked.Entries.Prepend(other).OrderBy(e => e.Path, StringComparer.Ordinal)],
            [.. walked.Entries, x],
        ];
        foreach (ImageEntry[] entries in twice)
        {
            var e = Assert.Throws<IsoBuildException>(() => ImageLayout.Create(walked with { Entries = entries }));
            Assert.Equal(ErrorCodes.DuplicateImagePath, e.Code);
        }
        var sub = (LayoutDirectory)ImageLayout.Create(walked).Root.Children.Single();
        Assert.Equal(["sub/x.txt", "sub/y.txt"], sub.Children.Select(c => c.Path));
    }
}
