using IsoBuild.Interop;
using IsoBuild.Spec;

namespace IsoBuild.Content;

/// <summary>
/// Finds the files of identical bytes among files, keeping little per file: a file whose size no other file shares
/// is never read; the others get a cheap fingerprint of their first bytes (a batch of sizes at a time, in a plain
/// array of (size, fingerprint, index) sorted to bring equal files together), and only files whose size and
/// fingerprint another file shares — in practice the identical ones — are read whole for their SHA-256, which decides.
/// A million small files cost a few tens of bytes each while this runs, and nothing afterwards but the groups found.
/// </summary>
internal static class IdenticalFiles
{
    /// <summary>Files looked at at once: a batch holds whole sizes, so a group never spans two batches.</summary>
    private const int BatchFiles = 1 << 16;

    /// <summary>
    /// The groups of two or more <paramref name="files"/> with identical bytes, each in the order of
    /// <paramref name="files"/>, the groups in order of size and then of their SHA-256.
    /// </summary>
    /// <param name="files">The files (each with a length above 0).</param>
    /// <param name="prefixLength">How many bytes from each file's start its fingerprint covers.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    public static List<List<ImageEntry>> Find(IReadOnlyList<ImageEntry> files, int prefixLength, CancellationToken cancellationToken)
    {
        SizedFile[] shared = SharedSizes(files);
        var groups = new List<List<ImageEntry>>();
        var batch = new Candidate[Math.Min(shared.Length, BatchFiles)];
        using var work = new IndexedWork(); // one set of helper threads for every batch
        int start = 0;
        while (start < shared.Length)
        {
            // Whole sizes only: the batch ends where a size ends, so equal files meet in one batch.
            int end = Math.Min(start + BatchFiles, shared.Length);
            while (end < shared.Length && shared[end].Length == shared[end - 1].Length)
                end++;
            int count = end - start;
            if (count > batch.Length)
                batch = new Candidate[count];
            for (int i = 0; i < count; i++)
                batch[i] = new Candidate(shared[start + i]);
            TakeFingerprints(work, files, batch, count, prefixLength, cancellationToken);
            Candidate[] alike = Alike(batch.AsSpan(0, count));
            if (alike.Length > 0)
            {
                var hashes = new Sha256Value[alike.Length];
                SourceReading.PrepareHashing();
                work.For(alike.Length, i => hashes[i] = Sha256Value.From(SourceReading.Hash(files[alike[i].File.Index], cancellationToken)), cancellationToken);
                groups.AddRange(Equal(files, alike, hashes));
            }
            start = end;
        }
        return groups;
    }

    /// <summary>
    /// The fingerprints of a batch, taken in the files' order (the order of the tree, a directory's files together)
    /// a run of files at a time, so that each thread opens files by their names in a directory it holds open. Runs
    /// are short enough that a few thousand files make enough of them for the helper threads (see
    /// <see cref="IndexedWork"/>).
    /// </summary>
    private static void TakeFingerprints(IndexedWork work, IReadOnlyList<ImageEntry> files, Candidate[] batch, int count, int prefixLength, CancellationToken cancellationToken)
    {
        const int Run = 32;
        int[] order = new int[count];
        for (int i = 0; i < count; i++)
            order[i] = i;
        order.AsSpan().Sort((x, y) => batch[x].File.Index.CompareTo(batch[y].File.Index));
        work.For((count + Run - 1) / Run, run =>
        {
            using var directories = new StartOfFile.InDirectories();
            for (int k = run * Run; k < Math.Min(count, (run + 1) * Run); k++)
            {
                ref Candidate candidate = ref batch[order[k]];
                candidate.Fingerprint = SourceReading.Fingerprint(files[candidate.File.Index], prefixLength, directories, cancellationToken);
            }
        }, cancellationToken);
    }

    /// <summary>The files whose size another file shares, ordered by size and then by place.</summary>
    private static SizedFile[] SharedSizes(IReadOnlyList<ImageEntry> files)
    {
        var all = new SizedFile[files.Count];
        for (int i = 0; i < all.Length; i++)
            all[i] = new SizedFile(files[i].Length, i);
        all.AsSpan().Sort(static (a, b) => a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.Index.CompareTo(b.Index));
        int kept = 0;
        for (int i = 0; i < all.Length; i++)
        {
            if (i > 0 && all[i - 1].Length == all[i].Length || i + 1 < all.Length && all[i + 1].Length == all[i].Length)
                all[kept++] = all[i];
        }
        return kept == all.Length ? all : all.AsSpan(0, kept).ToArray();
    }

    /// <summary>The candidates whose size and fingerprint another candidate shares.</summary>
    private static Candidate[] Alike(Span<Candidate> part)
    {
        part.Sort(static (a, b) =>
        {
            int c = a.File.Length.CompareTo(b.File.Length);
            if (c == 0)
                c = a.Fingerprint.CompareTo(b.Fingerprint);
            return c != 0 ? c : a.File.Index.CompareTo(b.File.Index);
        });
        var alike = new List<Candidate>();
        for (int i = 0; i < part.Length;)
        {
            int j = i + 1;
            while (j < part.Length && part[j].File.Length == part[i].File.Length && part[j].Fingerprint == part[i].Fingerprint)
                j++;
            if (j - i > 1)
                alike.AddRange(part[i..j]);
            i = j;
        }
        return [.. alike];
    }

    /// <summary>The groups of two or more files of equal size and SHA-256, in that order, each in place order.</summary>
    private static List<List<ImageEntry>> Equal(IReadOnlyList<ImageEntry> files, Candidate[] alike, Sha256Value[] hashes)
    {
        int[] order = [.. Enumerable.Range(0, alike.Length)];
        order.AsSpan().Sort((x, y) =>
        {
            int c = alike[x].File.Length.CompareTo(alike[y].File.Length);
            if (c == 0)
                c = hashes[x].CompareTo(hashes[y]);
            return c != 0 ? c : alike[x].File.Index.CompareTo(alike[y].File.Index);
        });
        var groups = new List<List<ImageEntry>>();
        for (int i = 0; i < order.Length;)
        {
            int j = i + 1;
            while (j < order.Length && alike[order[j]].File.Length == alike[order[i]].File.Length && hashes[order[j]] == hashes[order[i]])
                j++;
            if (j - i > 1)
            {
                var same = new List<ImageEntry>(j - i);
                for (int k = i; k < j; k++)
                    same.Add(files[alike[order[k]].File.Index]);
                groups.Add(same);
            }
            i = j;
        }
        return groups;
    }

    /// <summary>A file by its size and its place in the list.</summary>
    private readonly record struct SizedFile(long Length, int Index);

    /// <summary>A file of a size some other file has, and (once read) the fingerprint of its start.</summary>
    private struct Candidate(SizedFile file)
    {
        public readonly SizedFile File = file;
        public int Fingerprint;
    }
}

/// <summary>A SHA-256 held as four numbers (no array per hash), compared in the order of its bytes.</summary>
internal readonly record struct Sha256Value(ulong A, ulong B, ulong C, ulong D) : IComparable<Sha256Value>
{
    public static Sha256Value From(ReadOnlySpan<byte> hash) => new(
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash),
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash[8..]),
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash[16..]),
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash[24..]));

    public int CompareTo(Sha256Value other)
    {
        int c = A.CompareTo(other.A);
        if (c == 0)
            c = B.CompareTo(other.B);
        if (c == 0)
            c = C.CompareTo(other.C);
        return c != 0 ? c : D.CompareTo(other.D);
    }
}
