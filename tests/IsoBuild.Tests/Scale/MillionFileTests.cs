using System.Globalization;
using IsoBuild.Reading;
using IsoBuild.Spec;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Scale;

/// <summary>
/// An image of 1,000,000 files in 10,000 directories (100 in each, plus 100 directories of directories), made from an
/// in-memory spec so that the test needs no million source files: it packs, and every name reads back in all three
/// namespaces and through bsdtar. Most files are empty; every 1,000th holds its own path, checked on the way back.
/// </summary>
[Trait(Category.Name, Category.External)]
public class MillionFileTests
{
    private const int Groups = 100;
    private const int DirectoriesPerGroup = 100;
    private const int FilesPerDirectory = 100;
    private const int Files = Groups * DirectoriesPerGroup * FilesPerDirectory;

    [Fact]
    public void A_million_files_in_ten_thousand_directories_pack_and_read_back()
    {
        using var t = new TempDirectory("million");
        var entries = new List<ImageEntry>(Files);
        ContentSource empty = ContentSource.FromBytes(ReadOnlyMemory<byte>.Empty);
        for (int i = 0; i < Files; i++)
        {
            string path = PathOf(i);
            ContentSource content = i % 1000 == 0 ? ContentSource.FromBytes(System.Text.Encoding.UTF8.GetBytes(path)) : empty;
            entries.Add(new ImageEntry(path, EntryKind.File, content));
        }
        string image = t.Combine("million.iso");
        long fullCollections = GC.GetGCMemoryInfo(GCKind.FullBlocking).Index;
        ImageBuildResult result = IsoImageBuilder.Build(new ImageSpec { Entries = entries, VolumeId = "MILLION" }, image);
        Assert.Equal(Files, result.Files);
        // A tree this large has its walk's garbage collected and handed back before the layout is made, in a full
        // blocking collection (the collector's own full collections of a pack run in the background).
        Assert.True(GC.GetGCMemoryInfo(GCKind.FullBlocking).Index > fullCollections, "no full blocking collection during the pack");

        foreach (IsoNamespace names in new[] { IsoNamespace.RockRidge, IsoNamespace.Joliet, IsoNamespace.Iso9660 })
        {
            using IsoImageReader reader = IsoImageReader.Open(image, names);
            int files = 0, directories = 0;
            foreach (IsoEntry entry in reader.EnumerateDescendants())
            {
                if (entry.Kind == EntryKind.Directory)
                {
                    directories++;
                    continue;
                }
                files++;
                if (names == IsoNamespace.Iso9660)
                    continue;
                int i = IndexOf(entry.Path);
                Assert.Equal(PathOf(i), entry.Path.TrimStart('/'));
                Assert.Equal(i % 1000 == 0 ? System.Text.Encoding.UTF8.GetByteCount(PathOf(i)) : 0, entry.Length);
                if (i % 100_000 == 0)
                {
                    using var s = new StreamReader(entry.OpenRead());
                    Assert.Equal(PathOf(i), s.ReadToEnd());
                }
            }
            Assert.Equal(Files, files);
            Assert.Equal(Groups + Groups * DirectoriesPerGroup, directories);
        }

        // libarchive walks the Rock Ridge tree its own way: every name is there, once (and "." for the root).
        string listing = ExternalTool.Run("bsdtar", ["-tf", image], timeout: TimeSpan.FromMinutes(5)).EnsureSuccess().StandardOutput;
        HashSet<string> listed = [.. listing.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('/')).Where(l => l != ".")];
        Assert.Equal(Files + Groups + Groups * DirectoriesPerGroup, listed.Count);
        Assert.Contains(PathOf(0), listed);
        Assert.Contains(PathOf(Files - 1), listed);
        Assert.Contains(PathOf(543_210), listed);
    }

    /// <summary>"g042/dir0420/entry-0420123.dat": names long enough to need ISO 9660 and Joliet mapping.</summary>
    private static string PathOf(int i)
    {
        int directory = i / FilesPerDirectory;
        return string.Create(CultureInfo.InvariantCulture, $"g{directory / DirectoriesPerGroup:D3}/Dir {directory:D4}/entry-{i:D7}.dat");
    }

    private static int IndexOf(string path) =>
        int.Parse(path.AsSpan(path.LastIndexOf('-') + 1, 7), CultureInfo.InvariantCulture);
}
