using IsoBuild.Layout;
using IsoBuild.Spec;

namespace IsoBuild.Tests.Layout;

public class LayoutTreeOrderTests
{
    private static ImageEntry File(string path, int length) => new(path, EntryKind.File, ContentSource.FromBytes(new byte[length]));

    private static readonly ImageEntry[] Sorted =
    [
        new("a", EntryKind.Directory),
        File("a/b.txt", 3),
        File("a/c/d.txt", 5),
        File("a/c/e.txt", 7),
        File("b.txt", 1),
        new("z", EntryKind.Directory),
    ];

    /// <summary>What the layout tree decided: every node's path, kind, serial number, ISO 9660 name and extent, in tree order.</summary>
    private static List<string> Plan(IReadOnlyList<ImageEntry> entries)
    {
        ImageLayout layout = ImageLayout.Create(new ImageSpec { Entries = entries });
        var plan = new List<string>();
        void Visit(LayoutNode node)
        {
            plan.Add($"{node.Path} {node.Kind} {node.Serial} {node.IsoId} {node.DataExtent} {node.Length}");
            if (node is LayoutDirectory dir)
            {
                plan.Add($"  iso {string.Join(',', dir.IsoOrder.Select(c => c.Path))} joliet {string.Join(',', dir.JolietOrder.Select(c => c.Path))} at {dir.IsoExtent}");
                foreach (LayoutNode child in dir.Children)
                    Visit(child);
            }
        }
        Visit(layout.Root);
        return plan;
    }

    [Fact]
    public void Entries_in_any_order_lay_out_alike()
    {
        List<string> sorted = Plan(Sorted);
        Assert.Equal(8, sorted.Count(line => !line.StartsWith("  iso ", StringComparison.Ordinal)));
        ImageEntry[] shuffled = [Sorted[3], Sorted[5], Sorted[0], Sorted[4], Sorted[1], Sorted[2]];
        Assert.Equal(sorted, Plan(shuffled));
        ImageEntry[] unnormalized = [.. Sorted.Select(e => e with { Path = "/" + e.Path.Replace('/', '\\') })];
        Assert.Equal(sorted, Plan(unnormalized));
    }

    [Fact]
    public void A_path_given_twice_is_ISO0002_whether_sorted_or_not()
    {
        ImageEntry[] twice = [.. Sorted, File("a/b.txt", 9)];
        var e = Assert.Throws<IsoBuildException>(() => ImageLayout.Create(new ImageSpec { Entries = twice }));
        Assert.Equal(ErrorCodes.DuplicateImagePath, e.Code);
        ImageEntry[] adjacent = [Sorted[0], Sorted[1], File("a/b.txt", 9), .. Sorted[2..]];
        e = Assert.Throws<IsoBuildException>(() => ImageLayout.Create(new ImageSpec { Entries = adjacent }));
        Assert.Equal(ErrorCodes.DuplicateImagePath, e.Code);
    }

    [Fact]
    public void A_directory_given_twice_is_one_directory()
    {
        ImageEntry[] twice = [Sorted[0], new("a", EntryKind.Directory), .. Sorted[1..]];
        Assert.Equal(Plan(Sorted), Plan(twice));
    }
}
