using System.Security.Cryptography;
using IsoBuild.Sectors;
using IsoBuild.Spec;
using IsoBuild.Testing;
using IsoBuild.Udf;

namespace IsoBuild.Tests.Udf;

/// <summary>Helpers of the UDF tests: build an image from a tree, and snapshot what our reader sees.</summary>
internal static class UdfImages
{
    public static readonly DateTimeOffset Timestamp = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static string Build(string source, string output, UdfRevision revision, bool isoStub = true, string? readme = null)
    {
        UdfImageBuilder.Build(source, output, new UdfImageOptions
        {
            VolumeIdentifier = "UDF_TEST", Revision = revision, Timestamp = Timestamp, IsoStub = isoStub, IsoReadme = readme,
        });
        return output;
    }

    /// <summary>What our UDF reader sees, in the form of <see cref="TreeSnapshot"/>.</summary>
    public static SortedDictionary<string, TreeItem> Snapshot(string image)
    {
        using ImageSource source = ImageSource.OpenFile(image);
        UdfVolume volume = UdfVolume.Open(source);
        var items = new SortedDictionary<string, TreeItem>(StringComparer.Ordinal);
        var pending = new Stack<UdfEntry>();
        pending.Push(volume.Root);
        while (pending.Count > 0)
        {
            foreach (UdfEntry child in pending.Pop().GetChildren())
            {
                string rel = child.Path.TrimStart('/');
                switch (child.Kind)
                {
                    case EntryKind.Directory:
                        items[rel] = new TreeItem("dir", null, null, false);
                        pending.Push(child);
                        break;
                    case EntryKind.Symlink:
                        items[rel] = new TreeItem("link", null, child.LinkTarget, false);
                        break;
                    default:
                        using (Stream s = child.OpenRead())
                            items[rel] = new TreeItem("file", Convert.ToHexString(SHA256.HashData(s)), null, (child.Mode & 0b001_001_001) != 0);
                        break;
                }
            }
        }
        return items;
    }

    public static void AssertSameTree(SortedDictionary<string, TreeItem> expected, SortedDictionary<string, TreeItem> actual)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        foreach ((string path, TreeItem item) in expected)
            Assert.True(item == actual[path], $"{path}: expected {item}, got {actual[path]}");
    }

    /// <summary>
    /// The start of a pycdlib script: opens the image named by its first argument and lists every UDF path in
    /// <c>out</c>, directories as <c>dir PATH</c>, files as <c>file PATH SHA256</c>.
    /// </summary>
    public const string PycdlibUdfListing = """
import sys, hashlib, io, pycdlib
iso = pycdlib.PyCdlib()
iso.open(sys.argv[1])
out = []
def names(path):
    for c in iso.list_children(udf_path=path):
        if c is None or c.file_ident is None or c.file_ident.is_parent():
            continue
        n = c.file_ident.fi.decode(c.file_ident.encoding)
        p = path.rstrip('/') + '/' + n
        if c.is_dir():
            out.append('dir ' + p)
            names(p)
        else:
            b = io.BytesIO()
            iso.get_file_from_iso_fp(b, udf_path=p)
            out.append('file ' + p + ' ' + hashlib.sha256(b.getvalue()).hexdigest().upper())
names('/')

""";
}
