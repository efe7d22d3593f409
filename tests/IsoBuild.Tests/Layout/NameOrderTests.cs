using IsoBuild.Layout;
using IsoBuild.Spec;
using IsoBuild.Writing;

namespace IsoBuild.Tests.Layout;

/// <summary>
/// The Joliet order is told without making the identifiers, and the directories' records are made in one buffer that
/// each directory uses again: neither may change a byte of the image.
/// </summary>
public class NameOrderTests
{
    [Fact]
    public void Joliet_identifiers_compare_as_the_strings_they_stand_for()
    {
        var random = new Random(7);
        const string alphabet = "ab.;1~_Z";
        string[] names = [.. Enumerable.Range(0, 400).Select(_ => new string([.. Enumerable.Range(0, random.Next(1, 6)).Select(_ => alphabet[random.Next(alphabet.Length)])])), "a", "a;", "a;1", "a;1a", "a;0", "a;2"];
        foreach (string x in names)
        {
            foreach (string y in names.Take(60))
            {
                foreach ((bool xDirectory, bool yDirectory) in new[] { (false, false), (false, true), (true, false), (true, true) })
                {
                    int expected = Math.Sign(string.CompareOrdinal(xDirectory ? x : x + ";1", yDirectory ? y : y + ";1"));
                    Assert.True(expected == Math.Sign(NameMapping.CompareJoliet(x, xDirectory, y, yDirectory)), $"'{x}' ({xDirectory}) against '{y}' ({yDirectory})");
                }
            }
        }
    }

    [Fact]
    public void A_small_directory_written_after_a_large_one_has_zeros_after_its_records()
    {
        // The large directory spans several sectors; the small ones after it use the start of the same buffer again.
        List<ImageEntry> entries = [.. Enumerable.Range(0, 300).Select(i => new ImageEntry($"big/a-rather-long-file-name-{i:D4}.txt", EntryKind.File, ContentSource.FromBytes(new byte[1])))];
        entries.Add(new ImageEntry("c/one.txt", EntryKind.File, ContentSource.FromBytes(new byte[2])));
        entries.Add(new ImageEntry("d", EntryKind.Directory));
        ImageLayout layout = ImageLayout.Create(new ImageSpec { Entries = entries });
        using var image = new MemoryStream();
        ImageWriter.Write(layout, image);
        byte[] bytes = image.ToArray();

        foreach (LayoutDirectory dir in layout.IsoDirectories)
            Assert.Equal(2 + dir.IsoOrder.Length, RecordsFollowedByZeros(bytes, dir.IsoExtent, dir.IsoSize));
        foreach (LayoutDirectory dir in layout.JolietDirectories)
            Assert.Equal(2 + dir.JolietOrder.Length, RecordsFollowedByZeros(bytes, dir.JolietExtent, dir.JolietSize));
        Assert.True(layout.IsoDirectories.First(d => d.Path == "big").IsoSize > 2 * ImageLayout.SectorSize);
    }

    /// <summary>Counts the records of a directory extent, checking that every sector holds zeros after its last record.</summary>
    private static int RecordsFollowedByZeros(byte[] image, uint extent, uint size)
    {
        int records = 0;
        for (long sector = extent; sector < extent + ImageLayout.Sectors(size); sector++)
        {
            var data = image.AsSpan((int)(sector * ImageLayout.SectorSize), ImageLayout.SectorSize);
            int at = 0;
            while (at < data.Length && data[at] != 0)
            {
                at += data[at];
                records++;
            }
            Assert.True(data[at..].IndexOfAnyExcept((byte)0) < 0, $"bytes after the records of sector {sector}");
        }
        return records;
    }
}
