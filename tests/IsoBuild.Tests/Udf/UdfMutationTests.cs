using IsoBuild.Spec;
using System.Buffers.Binary;
using System.Diagnostics;
using IsoBuild.Testing;
using IsoBuild.Udf;

namespace IsoBuild.Tests.Udf;

/// <summary>
/// Damaged UDF images, mutated from sound seeds (IsoBuild 1.02 and 2.50, genisoimage -udf): reading, walking,
/// reading files and verifying only ever give coded errors (ISO06xx), never crash, hang or allocate without bound.
/// Half the mutations re-sign the damaged descriptor (checksum and CRC) so that the damage reaches the structure
/// behind the tag. Deterministic (fixed seeds).
/// </summary>
[Trait(Category.Name, Category.External)]
public sealed class UdfMutationTests : IClassFixture<UdfMutationTests.Seeds>
{
    private const int MutationsPerSeed = 400;
    private static readonly TimeSpan PerImageLimit = TimeSpan.FromSeconds(20);
    private const long MaxAllocatedPerImage = 512L << 20;

    private readonly Seeds _seeds;

    public UdfMutationTests(Seeds seeds) => _seeds = seeds;

    public sealed class Seeds : IDisposable
    {
        public Seeds()
        {
            string source = Dir.CreateDirectory("src");
            File.WriteAllText(Path.Combine(source, "readme.txt"), "seed");
            string deep = Path.Combine(source, "deep", "a", "b", "c");
            Directory.CreateDirectory(deep);
            File.WriteAllText(Path.Combine(deep, "bottom.txt"), "deep");
            File.WriteAllText(Path.Combine(source, "Ünïcödé 日本.txt"), "unicode");
            File.WriteAllBytes(Path.Combine(source, "data.bin"), [.. Enumerable.Range(0, 5000).Select(i => (byte)i)]);
            Directory.CreateDirectory(Path.Combine(source, "empty"));
            for (int i = 0; i < 60; i++)
                File.WriteAllText(Path.Combine(source, "many-" + i.ToString("000") + "-with-a-longer-name.txt"), i.ToString());
            string links = Dir.CreateDirectory("links");
            File.Copy(Path.Combine(source, "readme.txt"), Path.Combine(links, "readme.txt"));
            File.CreateSymbolicLink(Path.Combine(links, "link"), "readme.txt");
            Images["isobuild-1.02"] = File.ReadAllBytes(UdfImages.Build(source, Dir.Combine("a.iso"), UdfRevision.V102, isoStub: false));
            Images["isobuild-2.50"] = File.ReadAllBytes(UdfImages.Build(source, Dir.Combine("b.iso"), UdfRevision.V250));
            Images["isobuild-links"] = File.ReadAllBytes(UdfImages.Build(links, Dir.Combine("c.iso"), UdfRevision.V201));
            ExternalTool.Run("genisoimage", "-quiet", "-udf", "-R", "-o", Dir.Combine("g.iso"), source).EnsureSuccess();
            Images["genisoimage"] = File.ReadAllBytes(Dir.Combine("g.iso"));
            foreach (byte[] image in Images.Values)
                Assert.Empty(UdfReaderExercise.Run(image)); // a seed must be sound
        }

        public TempDirectory Dir { get; } = new("udf-mutation");
        public Dictionary<string, byte[]> Images { get; } = [];

        public void Dispose() => Dir.Dispose();
    }

    public static TheoryData<string> SeedNames => ["isobuild-1.02", "isobuild-2.50", "isobuild-links", "genisoimage"];

    [Theory]
    [MemberData(nameof(SeedNames))]
    public void Mutated_udf_images_only_ever_give_coded_errors(string seed)
    {
        byte[] good = _seeds.Images[seed];
        var random = new Random(seed.Length * 7919 ^ 20261130);
        var codes = new Dictionary<string, int>();
        for (int round = 0; round < MutationsPerSeed; round++)
        {
            byte[] image = Mutate(good, random, out string how);
            long before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            List<string> met;
            try
            {
                met = UdfReaderExercise.Run(image);
            }
            catch (Exception e) when (e is not IsoBuildException)
            {
                throw new Xunit.Sdk.XunitException($"{seed} round {round} ({how}): {e}");
            }
            Assert.True(watch.Elapsed < PerImageLimit, $"{seed} round {round} ({how}) took {watch.Elapsed}.");
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < MaxAllocatedPerImage, $"{seed} round {round} ({how}) allocated too much.");
            foreach (string code in met)
            {
                Assert.StartsWith("ISO06", code, StringComparison.Ordinal);
                codes[code] = codes.GetValueOrDefault(code) + 1;
            }
            if (round % 20 == 0)
                ExtractInside(image, round);
        }
        // The mutations reach past the anchor: several kinds of damage are seen.
        Assert.True(codes.Count >= 4, string.Join(", ", codes.Select(kv => $"{kv.Key}×{kv.Value}")));
    }

    /// <summary>Extraction of a damaged image through UDF writes only inside its target, whatever its names and links say.</summary>
    private void ExtractInside(byte[] image, int round)
    {
        string sandbox = _seeds.Dir.CreateDirectory($"sandbox-{round}");
        string path = Path.Combine(sandbox, "image.iso");
        File.WriteAllBytes(path, image);
        string target = Path.Combine(sandbox, "target");
        try
        {
            using IsoBuild.Reading.IsoImageReader reader = IsoBuild.Reading.IsoImageReader.Open(path, IsoBuild.Reading.IsoNamespace.Udf);
            IsoBuild.Reading.IsoImageExtractor.Extract(reader, [], target);
        }
        catch (IsoBuildException e)
        {
            Assert.StartsWith("ISO0", e.Code, StringComparison.Ordinal);
        }
        string[] outside = [.. Directory.GetFileSystemEntries(sandbox).Where(p => p != target && p != path)];
        Assert.True(outside.Length == 0, $"round {round}: extraction wrote outside its target: {string.Join(", ", outside)}");
        Directory.Delete(sandbox, recursive: true);
    }

    private static byte[] Mutate(byte[] good, Random random, out string how)
    {
        byte[] image = (byte[])good.Clone();
        int sectors = image.Length / 2048;
        // Aim at sectors that hold descriptors: the UDF structures, not file data or padding.
        var described = Enumerable.Range(16, sectors - 16).Where(s => DescriptorTag.HasValidChecksum(image.AsSpan(s * 2048, 16))).ToArray();
        int sector = described.Length > 0 && random.Next(4) != 0 ? described[random.Next(described.Length)] : random.Next(16, sectors);
        int at = sector * 2048 + random.Next(0, 2048);
        switch (random.Next(6))
        {
            case 0:
                int n = random.Next(1, 8);
                for (int i = 0; i < n && at + i < image.Length; i++)
                    image[at + i] = (byte)random.Next(256);
                how = $"random bytes at {at}";
                break;
            case 1:
                at = sector * 2048 + random.Next(0, 2044) / 4 * 4;
                uint[] values = [0, 1, 2, 0x7FFF_FFFF, 0xFFFF_FFFF, (uint)sectors, (uint)sectors - 1, 256, 257, 0x3FFF_FFFF, 0xC000_0800];
                BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(at), values[random.Next(values.Length)]);
                how = $"number at {at}";
                break;
            case 2:
                int copy = described.Length > 0 ? described[random.Next(described.Length)] : random.Next(sectors);
                Array.Copy(good, copy * 2048, image, sector * 2048, 2048);
                how = $"sector {copy} over {sector}";
                break;
            case 3:
                Array.Clear(image, sector * 2048, 2048);
                how = $"sector {sector} zeroed";
                break;
            case 4:
                int keep = random.Next(17, sectors) * 2048;
                how = $"truncated to {keep}";
                return image[..keep];
            default:
                image[at] ^= (byte)(1 << random.Next(8));
                how = $"bit flip at {at}";
                break;
        }
        if (random.Next(2) == 0)
        {
            Span<byte> d = image.AsSpan(sector * 2048, 2048);
            int crcLength = Math.Min((int)BinaryPrimitives.ReadUInt16LittleEndian(d[10..]), 2048 - 16);
            BinaryPrimitives.WriteUInt16LittleEndian(d[8..], UdfCrc.Compute(d.Slice(16, crcLength)));
            d[4] = DescriptorTag.Checksum(d);
            how += ", re-signed";
        }
        return image;
    }
}
