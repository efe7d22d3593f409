using System.Diagnostics;
using IsoBuild.Reading;
using IsoBuild.Spec;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Readers;

/// <summary>
/// A file of 5 GiB (two extents at level 3) and one of 3.5 GiB in an image of more than 8 GiB, made from sparse
/// sources with marker bytes at the start, across the first extent boundary and at the end: xorriso, 7-Zip
/// (Joliet), bsdtar (Rock Ridge) and our reader read back exactly those bytes, and our reader finds the same extents
/// in all three namespaces.
/// </summary>
/// <remarks>
/// Each reader's output is checked as it streams in, a mebibyte at a time, against what the source holds (zeros
/// but for the markers), which runs at memory speed: hashing gigabytes with <c>sha256sum</c> (0.4 GB/s here), or
/// reading a sparse source's holes in small reads, took most of this test's minutes before.
/// </remarks>
[Trait(Category.Name, Category.External)]
public class LargeFileInteropTests
{
    private const long Big = 5L << 30;
    private const long Second = 7L << 29;

    [Fact]
    public void Files_over_4_GiB_in_an_image_over_8_GiB_read_back_the_same_everywhere()
    {
        using var t = new TempDirectory("large");
        string src = t.CreateDirectory("src");
        var big = new SparseFile(Path.Combine(src, "big.bin"), Big, [0, 0xFFFFF800L - 3, Big - 6]);
        var second = new SparseFile(Path.Combine(src, "second.bin"), Second, [0, Second / 2, Second - 6]);
        File.WriteAllText(Path.Combine(src, "small.txt"), "small");
        string image = t.Combine("large.iso");
        IsoImageBuilder.Build(new ImageSpecBuilder(src).AddSource(".").Build(), image);
        Assert.True(new FileInfo(image).Length > 8L << 30, "the image is over 8 GiB");

        IsoExtent[] extents;
        using (IsoImageReader reader = IsoImageReader.Open(image, IsoNamespace.RockRidge))
        {
            IsoEntry entry = reader.Find("/big.bin")!;
            Assert.Equal(Big, entry.Length);
            Assert.Equal(2, entry.Extents.Count);
            extents = [.. entry.Extents];
            using Stream s = entry.OpenRead();
            big.Check(s, "IsoBuild's reader");
        }
        foreach (IsoNamespace names in new[] { IsoNamespace.Joliet, IsoNamespace.Iso9660 })
        {
            using IsoImageReader reader = IsoImageReader.Open(image, names);
            IsoEntry entry = reader.Find(names == IsoNamespace.Iso9660 ? "/BIG.BIN" : "/big.bin")!;
            Assert.Equal(Big, entry.Length);
            Assert.Equal(extents, entry.Extents);
        }
        big.CheckOutput("7zz", "x", "-so", image, "big.bin");
        big.CheckOutput("bsdtar", "-xOf", image, "big.bin");
        second.CheckOutput("bsdtar", "-xOf", image, "second.bin");
        string extracted = t.Combine("xorriso.bin");
        ExternalTool.Run("xorriso", "-osirrox", "on", "-indev", image, "-extract", "/big.bin", extracted).EnsureSuccess();
        using (var f = new FileStream(extracted, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
            big.Check(f, "xorriso -extract");
        File.Delete(extracted);
        Assert.Empty(IsoImageVerifier.Verify(image).Select(p => p.ToString()).ToList());
    }

    /// <summary>A sparse source: zeros, with a marker ("@" and five digits of its offset) at each of a few offsets.</summary>
    private sealed class SparseFile
    {
        private const int Chunk = 1 << 20;
        private readonly long _length;
        private readonly long[] _markers;

        public SparseFile(string path, long length, long[] markers)
        {
            _length = length;
            _markers = markers;
            using var f = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            f.SetLength(length);
            foreach (long at in markers)
            {
                f.Position = at;
                f.Write(Marker(at));
            }
        }

        private static byte[] Marker(long at) => System.Text.Encoding.ASCII.GetBytes($"@{at % 100000:D5}");

        /// <summary>Reads <paramref name="stream"/> to its end and fails unless it holds exactly this file's bytes.</summary>
        public void Check(Stream stream, string reader)
        {
            byte[] buffer = new byte[Chunk];
            long position = 0;
            int n;
            while ((n = stream.ReadAtLeast(buffer, Chunk, throwOnEndOfStream: false)) > 0)
            {
                Span<byte> chunk = buffer.AsSpan(0, n);
                foreach (long at in _markers)
                {
                    byte[] marker = Marker(at);
                    for (int i = 0; i < marker.Length; i++)
                    {
                        long offset = at + i - position;
                        if (offset < 0 || offset >= n)
                            continue;
                        Assert.True(chunk[(int)offset] == marker[i], $"{reader}: byte {at + i} is {chunk[(int)offset]}, not the marker's {marker[i]}");
                        chunk[(int)offset] = 0;
                    }
                }
                int stray = chunk.IndexOfAnyExcept((byte)0);
                Assert.True(stray < 0, $"{reader}: byte {position + stray} is {chunk[Math.Max(stray, 0)]} where the source holds 0");
                position += n;
            }
            Assert.True(position == _length, $"{reader}: {position} bytes read of {_length}");
        }

        /// <summary>Runs a reader that writes the file to its standard output, and checks what it writes.</summary>
        public void CheckOutput(string tool, params string[] arguments)
        {
            var psi = new ProcessStartInfo(ExternalTool.Require(tool)) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in arguments)
                psi.ArgumentList.Add(a);
            using var process = Process.Start(psi)!;
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            try
            {
                Check(process.StandardOutput.BaseStream, tool);
            }
            catch
            {
                process.Kill(entireProcessTree: true); // it would wait on a pipe nobody reads
                throw;
            }
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), $"{tool} did not finish");
            Assert.True(process.ExitCode == 0, $"{tool} failed ({process.ExitCode}): {stderr.Result}");
        }
    }
}
