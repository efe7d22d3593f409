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
        Assert.Equal(ImageEntry.Walked("sub/x.txt", directory, 6, ticks, executable: false), walked);
        Assert.NotEqual(ImageEntry.Walked("sub/x.txt", directory, 6, ticks + 1, executable: false), walked);
        ImageEntry bytes = walked with { Content = ContentSource.FromBytes("other"u8.ToArray()) };
        Assert.Equal(5, bytes.Length);
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
}
