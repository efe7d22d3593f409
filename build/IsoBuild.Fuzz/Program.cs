using IsoBuild;
using IsoBuild.Spec;
using IsoBuild.Testing;

// Under afl-fuzz: one input per run on standard input, forked by SharpFuzz's server.
// --replay PATH...: runs files (or every file of directories) through the same code and reports the first
//   failure with its stack, for turning a finding into a regression case.
// --make-seeds DIR: writes small sound images built by IsoBuild to start the corpus from.
if (args.Length >= 2 && args[0] == "--make-seeds")
    return MakeSeeds(args[1]);
if (args.Length >= 2 && args[0] == "--replay")
    return Replay(args[1..]);

SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    byte[] image = buffer.ToArray();
    ReaderExercise.Run(image);
    UdfReaderExercise.Run(image);
});
return 0;

static int Replay(string[] paths)
{
    int failures = 0;
    var files = paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories) : [p])
        .Where(f => !f.EndsWith("README.txt", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
    foreach (string file in files)
    {
        try
        {
            byte[] image = File.ReadAllBytes(file);
            List<string> codes = [.. ReaderExercise.Run(image), .. UdfReaderExercise.Run(image)];
            Console.WriteLine($"ok   {file} {string.Join(' ', codes)}");
        }
        catch (Exception e)
        {
            failures++;
            Console.WriteLine($"FAIL {file}: {e}");
        }
    }
    Console.WriteLine($"{files.Count} inputs, {failures} failures");
    return failures == 0 ? 0 : 1;
}

static int MakeSeeds(string directory)
{
    Directory.CreateDirectory(directory);
    var variants = new (string Name, Func<ImageSpec, ImageSpec> Options)[]
    {
        ("rr-joliet", s => s),
        ("rr-only", s => s with { Joliet = false }),
        ("joliet-only", s => s with { RockRidge = false }),
        ("plain", s => s with { Joliet = false, RockRidge = false }),
        // A bridge image as pack --udf writes it: ISO 9660 and UDF 2.01 over the same data, links in UDF too.
        ("udf-bridge", s => s with { Udf = new UdfSpec { Revision = IsoBuild.Spec.UdfRevision.V201, Symlinks = true } }),
    };
    foreach ((string name, Func<ImageSpec, ImageSpec> options) in variants)
    {
        var builder = new ImageSpecBuilder();
        builder.AddBytes("readme.txt", "seed"u8.ToArray());
        builder.AddBytes("bin/tool.sh", "#!/bin/sh\n"u8.ToArray(), executable: true);
        builder.AddBytes("deep/a/b/c/d/e/f/g/h/i/bottom.txt", "deep"u8.ToArray());
        builder.AddBytes("Ünïcödé/日本語のファイル.txt", "unicode"u8.ToArray());
        builder.AddBytes("long/" + new string('n', 180) + ".txt", "long"u8.ToArray());
        builder.AddDirectory("empty");
        if (name != "joliet-only" && name != "plain")
            builder.AddSymlink("bin/link", "tool.sh");
        string path = Path.Combine(directory, $"isobuild-{name}.iso");
        IsoImageBuilder.Build(options(builder.Build()), path);
        // Fuzzers work best on small inputs: drop the trailing padding.
        byte[] bytes = File.ReadAllBytes(path);
        int end = bytes.Length;
        while (end > 0 && bytes[end - 1] == 0)
            end--;
        File.WriteAllBytes(path, bytes[..((end + 2047) / 2048 * 2048)]);
    }
    // A raw disc image (Mode 1/2352 sectors), which the reader takes apart through its sector view.
    IsoBuild.Disc.DiscImageConverter.ToBinCue(Path.Combine(directory, "isobuild-rr-joliet.iso"), Path.Combine(directory, "isobuild-raw.cue"));
    File.Delete(Path.Combine(directory, "isobuild-raw.cue"));
    // UDF seeds (UDF-only 1.02, UDF-primary 2.50 with its metadata partition): small trees, a link, a Unicode name.
    string tree = Path.Combine(directory, "..", "udf-seed-tree");
    Directory.CreateDirectory(Path.Combine(tree, "deep", "a", "b"));
    File.WriteAllText(Path.Combine(tree, "readme.txt"), "seed");
    File.WriteAllText(Path.Combine(tree, "deep", "a", "b", "Ünïcödé 日本.txt"), "deep");
    if (!File.Exists(Path.Combine(tree, "link")))
        File.CreateSymbolicLink(Path.Combine(tree, "link"), "readme.txt");
    foreach ((string name, IsoBuild.Spec.UdfRevision revision, bool stub) in new[] { ("udf-1.02", IsoBuild.Spec.UdfRevision.V102, false), ("udf-2.50", IsoBuild.Spec.UdfRevision.V250, true) })
        IsoBuild.Udf.UdfImageBuilder.Build(tree, Path.Combine(directory, $"isobuild-{name}.iso"), new IsoBuild.Udf.UdfImageOptions { Revision = revision, IsoStub = stub });
    return 0;
}
