using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using IsoBuild.Interop;
using IsoBuild.Spec;
using IsoBuild.Zisofs;

namespace IsoBuild.Content;

/// <summary>
/// Reads an entry's source before the layout (to hash or compress it), checking that it still has the length the
/// spec gave it and turning what can go wrong into the coded errors the writer reports for the same sources.
/// </summary>
internal static class SourceReading
{
    private const int BufferSize = 1 << 20;

    /// <summary>
    /// A fingerprint of the entry's first <paramref name="prefix"/> bytes, or of exactly its
    /// <see cref="ImageEntry.Length"/> bytes when it is no longer than that: equal bytes give equal fingerprints (in
    /// this process; <see cref="HashCode"/> is seeded per process), and unequal ones almost never do. Cheap enough to
    /// take of every file whose size another file shares; what it cannot tell apart <see cref="Hash"/> does.
    /// </summary>
    /// <param name="entry">The file.</param>
    /// <param name="prefix">How many bytes from its start the fingerprint covers.</param>
    /// <param name="directories">Where a walked file is opened by its name relative to its directory, or null.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    public static int Fingerprint(ImageEntry entry, int prefix, StartOfFile.InDirectories? directories, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        bool whole = entry.Length <= prefix;
        int limit = whole ? (int)entry.Length : prefix;
        // Asking for one byte more than a whole file should hold tells a grown file from a complete one.
        int want = whole ? limit + 1 : limit;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(want);
        try
        {
            int read = TryReadStart(entry, buffer.AsSpan(0, want), limit, directories, out int n)
                ? n
                : ReadStart(entry, buffer, want, limit);
            if (read != limit)
                ThrowChanged(entry);
            var fingerprint = new HashCode();
            fingerprint.AddBytes(buffer.AsSpan(0, read));
            return fingerprint.ToHashCode();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Reads the start of a file on disk with <see cref="StartOfFile"/>: a walked file by its name in its directory
    /// when <paramref name="directories"/> are given, any other by its path. False when it was not read there.
    /// </summary>
    public static bool TryReadStart(ImageEntry entry, Span<byte> buffer, int expected, StartOfFile.InDirectories? directories, out int length)
    {
        if (directories is not null && entry.InDirectory(out string directory, out ReadOnlySpan<char> name))
            return directories.TryRead(directory, name, buffer, expected, out length);
        length = 0;
        return entry.Content?.LocalFilePath is { } path && StartOfFile.TryRead(path, buffer, expected, out length);
    }

    /// <summary>
    /// Fills <paramref name="buffer"/> up to <paramref name="want"/> bytes from the source's start through .NET (a
    /// method of its own: what its lambda captures is made only when a file is read this way).
    /// </summary>
    private static int ReadStart(ImageEntry entry, byte[] buffer, int want, int limit) => Read(entry, () => ReadStartOnce(entry, buffer, want, limit));

    private static int ReadStartOnce(ImageEntry entry, byte[] buffer, int want, int limit)
    {
        if (entry.Content!.LocalFilePath is { } path)
        {
            using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            return Fill(buffer, want, limit, total => RandomAccess.Read(handle, buffer.AsSpan(total, want - total), total));
        }
        using Stream source = entry.Content.OpenRead();
        return Fill(buffer, want, limit, total => source.Read(buffer, total, want - total));
    }

    /// <summary>
    /// Reads with <paramref name="readAt"/> (given the bytes so far) until <paramref name="want"/> bytes are in or the
    /// source ends; a read that stops short at <paramref name="limit"/> bytes is the end of a regular file.
    /// </summary>
    private static int Fill(byte[] buffer, int want, int limit, Func<int, int> readAt)
    {
        int total = 0;
        while (total < want)
        {
            int asked = want - total;
            int n = readAt(total);
            if (n == 0)
                break;
            total += n;
            if (total == limit && n < asked)
                break;
        }
        return total;
    }

    /// <summary>
    /// Sets up SHA-256 on the calling thread (the platform's hashing starts with class constructors), so that threads
    /// that then hash at once do not spin (sched_yield) while one of them runs those constructors.
    /// </summary>
    public static void PrepareHashing() => IncrementalHash.CreateHash(HashAlgorithmName.SHA256).Dispose();

    /// <summary>The SHA-256 of exactly the entry's <see cref="ImageEntry.Length"/> bytes.</summary>
    public static byte[] Hash(ImageEntry entry, CancellationToken cancellationToken) =>
        entry.Content!.LocalFilePath is { } path
            ? HashFile(entry, path, cancellationToken)
            : Read(entry, source => HashStream(entry, source, cancellationToken));

    /// <summary>A file on disk read with positioned reads into a pooled buffer (one status call and stream fewer).</summary>
    private static byte[] HashFile(ImageEntry entry, string path, CancellationToken cancellationToken)
    {
        // Asking for one byte more than the file should hold tells a grown file from a complete one.
        long want = entry.Length + 1;
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(BufferSize, want));
        try
        {
            return Read(entry, () =>
            {
                using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                long total = 0;
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int n = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, want - total)), total);
                    if (n == 0)
                        break;
                    total += n;
                    if (total > entry.Length)
                        ThrowChanged(entry);
                    sha.AppendData(buffer, 0, n);
                    if (total == entry.Length && n < buffer.Length)
                        break; // a short read at the expected length: the end of the file
                }
                if (total != entry.Length)
                    ThrowChanged(entry);
                return sha.GetHashAndReset();
            });
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] HashStream(ImageEntry entry, Stream source, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = new byte[(int)Math.Min(BufferSize, entry.Length + 1)];
        long total = 0;
        int n;
        while ((n = source.Read(buffer, 0, buffer.Length)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            total += n;
            if (total > entry.Length)
                ThrowChanged(entry);
            sha.AppendData(buffer, 0, n);
        }
        if (total != entry.Length)
            ThrowChanged(entry);
        return sha.GetHashAndReset();
    }

    /// <summary>The zisofs data of the entry, written to <paramref name="destination"/> from its position.</summary>
    public static ZisofsCompressedFile Compress(ImageEntry entry, Stream destination, int blockShift, int batchBlocks, CancellationToken cancellationToken) =>
        Read(entry, source =>
        {
            ZisofsCompressedFile file;
            try
            {
                file = ZisofsCompressor.Compress(source, entry.Length, destination, blockShift, batchBlocks, cancellationToken);
            }
            catch (IsoBuildException e) when (e.Code == ErrorCodes.SourceChanged)
            {
                ThrowChanged(entry);
                throw;
            }
            if (source.ReadByte() != -1)
                ThrowChanged(entry);
            return file;
        });

    private static T Read<T>(ImageEntry entry, Func<Stream, T> read) => Read(entry, () =>
    {
        using Stream source = entry.Content!.OpenRead();
        return read(source);
    });

    private static T Read<T>(ImageEntry entry, Func<T> read)
    {
        ContentSource content = entry.Content!;
        try
        {
            return read();
        }
        catch (FileNotFoundException e)
        {
            throw new IsoBuildException(ErrorCodes.SourceChanged,
                $"'{content.Description}' (for '/{entry.Path}') disappeared while the image was being made. Build again once nothing else changes the sources.", e);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new IsoBuildException(ErrorCodes.SourceUnreadable,
                $"'{content.Description}' (for '/{entry.Path}') cannot be read: {e.Message} Check its permissions.", e);
        }
    }

    private static void ThrowChanged(ImageEntry entry) =>
        IsoBuildException.Throw(ErrorCodes.SourceChanged,
            $"'{entry.Content!.Description}' (for '/{entry.Path}') changed size while the image was being made (expected {entry.Length} bytes). Build again once nothing else changes the sources.");
}
