using System.Buffers.Binary;
using System.Text;
using IsoBuild.Layout;
using IsoBuild.Reading;
using IsoBuild.Spec;
using IsoBuild.Testing;
using IsoBuild.Udf;

namespace IsoBuild.Tests.Udf;

/// <summary>
/// A UDF tree whose names and links try to leave the extraction target ("..", ".", names holding '/', '\' or NUL,
/// links out of the tree): extraction through UDF refuses them and writes nothing outside its target, as for ISO 9660.
/// </summary>
public class UdfHostileExtractionTests
{
    /// <summary>Placeholders written by IsoBuild, then turned into what no writer should record (same length in OSTA CS0).</summary>
    private static readonly (string Placeholder, string Hostile)[] Names =
    [
        ("Q9", ".."), ("Q", "."), ("aQb", "a/b"), ("aRb", "a\\b"), ("nRn", "n\0n"), ("Q8", ".."),
    ];

    [Fact]
    public void Extraction_through_UDF_refuses_names_and_links_that_leave_the_target()
    {
        using var t = new TempDirectory("udf-hostile");
        string source = t.CreateDirectory("src");
        File.WriteAllText(Path.Combine(source, "safe.txt"), "safe");
        foreach (string name in new[] { "Q9", "Q", "aQb", "aRb", "nRn" })
            File.WriteAllText(Path.Combine(source, name), "hostile " + name);
        // A directory that becomes "..", holding a file that would land beside the target.
        Directory.CreateDirectory(Path.Combine(source, "Q8"));
        File.WriteAllText(Path.Combine(source, "Q8", "isobuild-escape-dir.txt"), "escaped");
        Directory.CreateDirectory(Path.Combine(source, "links"));
        File.CreateSymbolicLink(Path.Combine(source, "links", "up"), "../../../isobuild-escape-link");
        File.CreateSymbolicLink(Path.Combine(source, "links", "absolute"), "/tmp/isobuild-escape-absolute");
        File.CreateSymbolicLink(Path.Combine(source, "links", "fine"), "../safe.txt");

        ImageSpec spec = UdfBridgeImageTests.Spec(source, new UdfSpec { Primary = true, Symlinks = true });
        ImageLayout layout = ImageLayout.Create(spec);
        string image = UdfBridgeImageTests.Build(spec, t.Combine("hostile.iso"));
        byte[] bytes = File.ReadAllBytes(image);
        int start = (int)layout.Udf!.PartitionStart * 2048, end = (int)layout.DataStart * 2048;
        foreach ((string placeholder, string hostile) in Names)
            Rename(bytes, start, end, placeholder, hostile);
        File.WriteAllBytes(image, bytes);

        string sandbox = t.CreateDirectory("sandbox");
        string target = Path.Combine(sandbox, "target");
        using IsoImageReader reader = IsoImageReader.Open(image);
        Assert.Equal(IsoNamespace.Udf, reader.Namespace);
        Assert.Equal(2, reader.Root.GetChildren().Count(e => e.Name == ".."));
        IsoExtractResult result = IsoImageExtractor.Extract(reader, [], target);

        Assert.Equal(8, result.Refused.Count);
        Assert.Equal("safe", File.ReadAllText(Path.Combine(target, "safe.txt")));
        Assert.Equal("../safe.txt", new FileInfo(Path.Combine(target, "links", "fine")).LinkTarget);
        Assert.Equal([target], Directory.GetFileSystemEntries(sandbox));
        Assert.Equal(["links", "safe.txt"], Directory.GetFileSystemEntries(target).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFileSystemEntries(Path.GetTempPath(), "isobuild-escape*"));
        Assert.False(File.Exists(Path.Combine(t.Path, "isobuild-escape-dir.txt")));
    }

    /// <summary>Renames the file identifier whose OSTA CS0 name is <paramref name="from"/> and signs the descriptor again.</summary>
    private static void Rename(byte[] image, int start, int end, string from, string to)
    {
        byte[] old = [8, .. Encoding.Latin1.GetBytes(from)];
        byte[] hostile = [8, .. Encoding.Latin1.GetBytes(to)];
        for (int at = start + FileIdentifierDescriptor.FixedSize; at + old.Length <= end; at++)
        {
            Span<byte> fid = image.AsSpan(at - FileIdentifierDescriptor.FixedSize);
            if (!image.AsSpan(at, old.Length).SequenceEqual(old) || DescriptorTag.Read(fid).Identifier != TagIdentifier.FileIdentifierDescriptor
                || fid[FileIdentifierDescriptor.IdentifierLengthOffset] != old.Length)
                continue;
            hostile.CopyTo(image, at);
            int crcLength = BinaryPrimitives.ReadUInt16LittleEndian(fid[10..]);
            BinaryPrimitives.WriteUInt16LittleEndian(fid[8..], UdfCrc.Compute(fid.Slice(16, crcLength)));
            fid[4] = DescriptorTag.Checksum(fid);
            return;
        }
        throw new Xunit.Sdk.XunitException($"no file identifier '{from}' found");
    }
}
