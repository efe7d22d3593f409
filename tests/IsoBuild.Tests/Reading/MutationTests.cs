using IsoBuild.Reading;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Reading;

/// <summary>
/// Thousands of damaged images, mutated from sound seeds written by IsoBuild, xorriso and genisoimage: the reader,
/// the verifier and extraction only ever answer with coded errors, never crash, hang, allocate without bound or
/// write outside the target directory. Deterministic (fixed seeds), so a failure reproduces.
/// </summary>
[Trait(Category.Name, Category.External)]
public sealed class MutationTests : IClassFixture<MutationTests.Seeds>
{
    private const int MutationsPerSeed = 500;
    private static readonly TimeSpan PerImageLimit = TimeSpan.FromSeconds(20);
    private const long MaxAllocatedPerImage = 512L << 20;

    private readonly Seeds _seeds;

    public MutationTests(Seeds seeds) => _seeds = seeds;

    /// <summary>The seed images, kept small: no file data beyond a few KB, no trailing padding.</summary>
    public sealed class Seeds : IDisposable
    {
        public Seeds()
        {
            string source = Dir.CreateDirectory("src");
            TestTrees.CreateVaried(source, withLongNames: true);
            File.Delete(Path.Combine(source, "data", "random-3mb.bin"));
            File.Delete(Path.Combine(source, "sizes", "size-65537.bin"));
            string deep = Path.Combine(Dir.CreateDirectory("deep"), string.Join('/', Enumerable.Range(1, 10).Select(i => $"d{i}")));
            Directory.CreateDirectory(deep);
            File.WriteAllText(Path.Combine(deep, "bottom.txt"), "deep");
            string boot = Dir.CreateDirectory("boot");
            File.WriteAllBytes(Path.Combine(boot, "boot.img"), new byte[2048]);
            File.WriteAllBytes(Path.Combine(boot, "efi.img"), new byte[64 * 1024]);

            Add("isobuild", IsoBuild.Tests.Images.Pack(source, Dir.Combine("isobuild.iso")).OutputPath!);
            Add("xorriso", ForeignImages.Xorriso(source, Dir.Combine("xorriso.iso"), extra: ["-no-pad"]));
            Add("xorriso-relocated", ForeignImages.XorrisoRelocating(Dir.Combine("deep"), Dir.Combine("reloc.iso")));
            Add("genisoimage", ForeignImages.Genisoimage(Dir.Combine("deep"), Dir.Combine("geniso.iso")));
            Add("xorriso-boot-gpt", ForeignImages.Xorriso(boot, Dir.Combine("boot.iso"), extra: ["-no-pad",
                "-b", "boot.img", "-no-emul-boot", "-boot-load-size", "4", "-eltorito-alt-boot", "-e", "efi.img", "-no-emul-boot",
                "-isohybrid-gpt-basdat"]));
        }

        public TempDirectory Dir { get; } = new("mutation");

        public Dictionary<string, byte[]> Images { get; } = [];

        private void Add(string name, string path)
        {
            byte[] bytes = File.ReadAllBytes(path);
            Assert.Empty(ReaderExercise.Run(bytes)); // a seed must be sound
            Images[name] = bytes;
        }

        public void Dispose() => Dir.Dispose();
    }

    public static TheoryData<string> SeedNames => ["isobuild", "xorriso", "xorriso-relocated", "genisoimage", "xorriso-boot-gpt"];

    [Theory]
    [MemberData(nameof(SeedNames))]
    public void Mutated_images_only_ever_give_coded_errors(string seed)
    {
        byte[] good = _seeds.Images[seed];
        var random = new Random(seed.GetHashCode(StringComparison.Ordinal) ^ 20261124);
        string sandbox = _seeds.Dir.CreateDirectory("x-" + seed);
        string path = Path.Combine(sandbox, "damaged.iso");
        var codes = new Dictionary<string, int>();
        for (int round = 0; round < MutationsPerSeed; round++)
        {
            byte[] image = Mutate(good, random, out string how);
            List<string> met = RunGuarded(image, $"{seed} round {round} ({how})");
            foreach (string code in met)
            {
                Assert.StartsWith("ISO02", code, StringComparison.Ordinal);
                codes[code] = codes.GetValueOrDefault(code) + 1;
            }
            if (round % 5 == 0)
            {
                File.WriteAllBytes(path, image);
                Assert.All(IsoImageVerifier.Verify(path).Select(p => p.ToString()).ToList(), p => Assert.StartsWith("ISO02", p, StringComparison.Ordinal));
                ExtractInside(path, sandbox, round);
            }
        }
        Assert.True(codes.Count >= 2, $"{seed}: the mutations reached too little of the reader: {string.Join(", ", codes)}");
    }

    private static List<string> RunGuarded(byte[] image, string what)
    {
        List<string>? result = null;
        Exception? failure = null;
        long allocated = 0;
        var thread = new Thread(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                result = ReaderExercise.Run(image);
            }
            catch (Exception e)
            {
                failure = e;
            }
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }, maxStackSize: 16 << 20) { IsBackground = true };
        thread.Start();
        if (!thread.Join(PerImageLimit))
            Assert.Fail($"{what}: the reader did not finish within {PerImageLimit.TotalSeconds} s (a hang or unbounded loop)");
        if (failure is not null)
            Assert.Fail($"{what}: {failure.GetType().Name}: {failure.Message}\n{failure.StackTrace}");
        Assert.True(allocated < MaxAllocatedPerImage, $"{what}: allocated {allocated >> 20} MiB for a {image.Length >> 10} KiB image");
        return result!;
    }

    /// <summary>Extraction of a damaged image writes only inside its target, whatever the names say.</summary>
    private static void ExtractInside(string path, string sandbox, int round)
    {
        string target = Path.Combine(sandbox, "target");
        if (Directory.Exists(target))
            Directory.Delete(target, recursive: true);
        Directory.CreateDirectory(target);
        try
        {
            using IsoImageReader reader = IsoImageReader.Open(path);
            IsoImageExtractor.Extract(reader, [], target);
        }
        catch (IsoBuildException e)
        {
            Assert.StartsWith("ISO02", e.Code, StringComparison.Ordinal);
        }
        string[] outside = Directory.GetFileSystemEntries(sandbox).Where(p => p != target && p != path).ToArray();
        Assert.True(outside.Length == 0, $"round {round}: extraction wrote outside its target: {string.Join(", ", outside)}");
        Assert.Empty(Directory.GetFileSystemEntries(Path.GetTempPath(), "isobuild-escape*"));
    }

    /// <summary>One mutation of the metadata (everything before the first file data, or the first 256 KiB).</summary>
    private static byte[] Mutate(byte[] good, Random random, out string how)
    {
        const int sector = 2048;
        int metadataEnd = Math.Min(good.Length, 128 * sector);
        byte[] image = (byte[])good.Clone();
        int Offset() => random.Next(16 * sector, metadataEnd);
        switch (random.Next(6))
        {
            case 0:
                int flips = 1 + random.Next(16);
                for (int i = 0; i < flips; i++)
                    image[Offset()] = (byte)random.Next(256);
                how = $"{flips} random bytes";
                break;
            case 1:
                // Numbers readers trust: extents, lengths, counts. Written both-endian, as ECMA-119 records them.
                uint[] interesting = [0, 1, 15, 16, 17, 18, 0x7FFFFFFF, 0xFFFFFFFF, 0xFFFFF800, (uint)(good.Length / sector), (uint)(good.Length / sector) + 1, (uint)good.Length];
                uint value = interesting[random.Next(interesting.Length)];
                int at = Offset() & ~1;
                if (at + 8 <= image.Length)
                {
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(at), value);
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(image.AsSpan(at + 4), value);
                }
                how = $"both-endian {value} at {at}";
                break;
            case 2:
                int length = random.Next(16 * sector, good.Length);
                Array.Resize(ref image, length);
                how = $"truncated to {length}";
                break;
            case 3:
                int from = random.Next(16, metadataEnd / sector);
                int to = random.Next(16, metadataEnd / sector);
                Array.Copy(good, from * sector, image, to * sector, sector);
                how = $"sector {from} copied over {to}";
                break;
            case 4:
                int zero = random.Next(16, metadataEnd / sector);
                Array.Clear(image, zero * sector, sector);
                how = $"sector {zero} zeroed";
                break;
            default:
                int start = Offset();
                int count = Math.Min(random.Next(1, 64), image.Length - start);
                random.NextBytes(image.AsSpan(start, count));
                how = $"{count} random bytes at {start}";
                break;
        }
        return image;
    }
}
