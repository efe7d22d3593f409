using System.IO.Compression;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Reading;

/// <summary>
/// The inputs of the coverage-guided fuzz run that reached new code (AFL++'s "+cov" queue entries, gzip-compressed),
/// replayed through the reader on every test run: each is read whole or ends in a coded error. A crash the fuzzer
/// finds is added here once fixed (see docs/fuzzing.md).
/// </summary>
[Trait(Category.Name, Category.External)]
public class FuzzCorpusTests
{
    public static TheoryData<string> Inputs() =>
        [.. Directory.GetFiles(Path.Combine(Repository.Root, "tests", "IsoBuild.Tests", "Reading", "FuzzCorpus"), "*.iso.gz")
            .Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Inputs))]
    public void A_fuzz_corpus_input_is_read_or_refused_with_a_code(string name)
    {
        using var gz = new GZipStream(File.OpenRead(Path.Combine(Repository.Root, "tests", "IsoBuild.Tests", "Reading", "FuzzCorpus", name)), CompressionMode.Decompress);
        using var image = new MemoryStream();
        gz.CopyTo(image);
        List<string> codes = [.. ReaderExercise.Run(image.ToArray()), .. UdfReaderExercise.Run(image.ToArray())];
        Assert.All(codes, c => Assert.Matches("^ISO0[0-9]{3}$", c));
    }

    [Fact]
    public void The_corpus_is_there()
    {
        Assert.True(Inputs().Count >= 50);
    }
}
