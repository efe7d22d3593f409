using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
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
    /// The SHA-256 of the entry's first <paramref name="prefix"/> bytes, or of exactly its <see cref="ImageEntry.Length"/>
    /// bytes when it is no longer than that.
    /// </summary>
    public static byte[] Hash(ImageEntry entry, long prefix, CancellationToken cancellationToken)
    {
        bool whole = entry.Length <= prefix;
        // Asking for one byte more than a whole file should hold tells a grown file from a complete one.
        long want = whole ? entry.Length + 1 : prefix;
        return entry.Content!.LocalFilePath is { } path
            ? HashFile(entry, path, want, whole, cancellationToken)
            : Read(entry, source => HashStream(entry, source, want, whole, cancellationToken));
    }

    /// <summary>
    /// A file on disk read with positioned reads into a pooled buffer: one open, one read and one close for a file that
    /// fits the buffer, where a stream would add a status call, an advice call, a second read and two allocations.
    /// Many small files of shared sizes are hashed before every build, so these calls add up.
    /// </summary>
    private static byte[] HashFile(ImageEntry entry, string path, long want, bool whole, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(BufferSize, want));
        try
        {
            return Read(entry, () =>
            {
                using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
                IncrementalHash? sha = null;
                long limit = whole ? entry.Length : want;
                long total = 0;
                int filled = 0;
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (filled == buffer.Length)
                    {
                        sha ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                        sha.AppendData(buffer, 0, filled);
                        filled = 0;
                    }
                    int ask = (int)Math.Min(buffer.Length - filled, want - total);
                    if (ask == 0)
                        break;
                    int n = RandomAccess.Read(handle, buffer.AsSpan(filled, ask), total);
                    if (n == 0)
                        break;
                    total += n;
                    filled += n;
                    if (total == limit && n < ask)
                        break; // a short read at the expected length: the end of the file
                }
                if (total != limit)
                    ThrowChanged(entry);
                if (sha is null)
                    return SHA256.HashData(buffer.AsSpan(0, filled));
                using (sha)
                {
                    sha.AppendData(buffer, 0, filled);
                    return sha.GetHashAndReset();
                }
            });
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] HashStream(ImageEntry entry, Stream source, long want, bool whole, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = new byte[(int)Math.Min(BufferSize, want)];
        long total = 0;
        int n;
        while (total < want && (n = source.Read(buffer, 0, (int)Math.Min(buffer.Length, want - total))) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            total += n;
            if (whole && total > entry.Length)
                break;
            sha.AppendData(buffer, 0, n);
        }
        if (whole ? total != entry.Length : total != want)
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
