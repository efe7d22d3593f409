using IsoBuild.Interop;
using IsoBuild.Spec;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Spec;

public class DirectoryReaderTests
{
    /// <summary>
    /// A tree with a directory large enough to be stat-ed in parts by several threads (3,000 entries, among them
    /// subdirectories, links and files of many sizes), a deep chain, and many small directories.
    /// </summary>
    private static string Tree(TempDirectory t)
    {
        string root = t.CreateDirectory("src");
        string large = t.CreateDirectory("src", "large");
        for (int i = 0; i < 3000; i++)
        {
            string name = Path.Combine(large, $"e{i:D5}");
            if (i % 500 == 7)
                File.WriteAllText(Path.Combine(t.CreateDirectory(name), "inner.txt"), "x");
            else if (i % 333 == 1)
                File.CreateSymbolicLink(name, "somewhere");
            else
                File.WriteAllBytes(name, new byte[i % 97]);
        }
        string chain = root;
        for (int depth = 0; depth < 40; depth++)
            chain = t.CreateDirectory(chain, $"d{depth}");
        File.WriteAllText(Path.Combine(chain, "bottom.txt"), "bottom");
        for (int i = 0; i < 200; i++)
            File.WriteAllText(Path.Combine(t.CreateDirectory("src", $"small{i:D3}"), "f.txt"), new string('s', i));
        return root;
    }

    /// <summary>What a listing says, comparable: every name with its status.</summary>
    private static List<(string Name, FileSystemStatus Status)> Entries(DirectoryListing listing) =>
        [.. Enumerable.Range(0, listing.Count).Select(i => (listing.Name(i).ToString(), listing.Statuses[i]))];

    [Fact]
    public void Every_listing_read_ahead_equals_one_read_on_the_walks_thread()
    {
        using var t = new TempDirectory("reader");
        string root = Tree(t);
        int directories = 0;
        using (var reader = new DirectoryReader(root))
        {
            var stack = new Stack<string>();
            stack.Push(root);
            while (stack.Count > 0)
            {
                string directory = stack.Pop();
                DirectoryListing listing = reader.Next(directory);
                DirectoryListing expected = DirectoryListing.Read(directory);
                Assert.Null(listing.Error);
                Assert.Equal(Entries(expected), Entries(listing));
                directories++;
                for (int i = listing.Count - 1; i >= 0; i--)
                {
                    if (listing.Statuses[i].Kind == FileSystemKind.Directory)
                        stack.Push(Path.Join(directory, listing.Name(i)));
                }
            }
        }
        Assert.Equal(1 + 1 + 6 + 40 + 200, directories);
    }

    [Fact]
    public void Names_are_in_ordinal_order_and_hidden_entries_are_listed()
    {
        using var t = new TempDirectory("reader");
        foreach (string name in new[] { "b", "B", ".hidden", "a-c", "a", "ä", "Z" })
            File.WriteAllText(t.Combine(name), name);
        DirectoryListing listing = DirectoryListing.Read(t.Path);
        string[] names = [.. Enumerable.Range(0, listing.Count).Select(i => listing.Name(i).ToString())];
        Assert.Equal([".hidden", "B", "Z", "a", "a-c", "b", "ä"], names);
        Assert.Equal(string.Concat(names), listing.Names.ToString());
        Assert.All(listing.Statuses.ToArray(), s => Assert.Equal(FileSystemKind.Regular, s.Kind));
    }

    [Fact]
    public void A_released_listings_arrays_serve_the_next_directory_and_the_released_one_is_not_read_again()
    {
        using var t = new TempDirectory("reader");
        string large = t.CreateDirectory("large");
        for (int i = 0; i < 700; i++)
            File.WriteAllBytes(Path.Join(large, $"a-long-name-for-entry-{i:D4}.bin"), new byte[i]);
        string small = t.CreateDirectory("small");
        foreach (string name in new[] { "z", "y", "x" })
            File.WriteAllText(Path.Join(small, name), name);
        Directory.CreateDirectory(Path.Join(small, "w"));

        DirectoryListing first = DirectoryListing.Read(large);
        List<(string, FileSystemStatus)> before = Entries(first);
        first.Release();
        Assert.Throws<InvalidOperationException>(() => first.Name(0).ToString());
        first.Release(); // twice is harmless
        // Whatever arrays the next listings get, larger and used before or not, they say exactly their directory.
        DirectoryListing second = DirectoryListing.Read(small);
        Assert.Equal(["w", "x", "y", "z"], Enumerable.Range(0, second.Count).Select(i => second.Name(i).ToString()));
        Assert.Equal([FileSystemKind.Directory, FileSystemKind.Regular, FileSystemKind.Regular, FileSystemKind.Regular],
            second.Statuses.ToArray().Select(s => s.Kind));
        Assert.Equal("wxyz", second.Names.ToString());
        second.Release();
        Assert.Equal(before, Entries(DirectoryListing.Read(large)));
        Assert.Equal(700, before.Count);
    }

    [Fact]
    public void A_large_tree_walks_to_the_same_spec_as_entry_by_entry_stat()
    {
        using var t = new TempDirectory("reader");
        string root = Tree(t);
        ImageSpec spec = new ImageSpecBuilder(t.Path).AddSource("src").Build();
        var expected = new List<(string, EntryKind, long)>();
        foreach (string path in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            FileSystemStatus status = FileSystemProbe.GetStatus(path);
            EntryKind kind = status.Kind switch { FileSystemKind.Directory => EntryKind.Directory, FileSystemKind.Symlink => EntryKind.Symlink, _ => EntryKind.File };
            expected.Add((Path.GetRelativePath(root, path).Replace('\\', '/'), kind, status.Length));
        }
        expected.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        Assert.Equal(expected, spec.Entries.Select(e => (e.Path, e.Kind, e.Length)));
    }
}
