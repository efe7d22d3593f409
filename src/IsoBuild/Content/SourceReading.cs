using System.Security.Cryptography;
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
    public static byte[] Hash(ImageEntry entry, long prefix, CancellationToken cancellationToken) => Read(entry, source =>
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        bool whole = entry.Length <= prefix;
        long want = whole ? entry.Length + 1 : prefix;
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
        if (whole ? total != entry.Length : total != prefix)
            ThrowChanged(entry);
        return sha.GetHashAndReset();
    });

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

    /// <summary>
    /// Reads the file at <paramref name="path"/> (the entry's local source) from its start into the first
    /// <paramref name="count"/> bytes of <paramref name="buffer"/> through a bare handle, as far as those or the file
    /// go; returns the bytes read.
    /// </summary>
    public static int ReadWhole(ImageEntry entry, string path, byte[] buffer, int count) => Read(entry, () =>
    {
        using Microsoft.Win32.SafeHandles.SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        int total = 0;
        int n;
        while (total < count && (n = RandomAccess.Read(handle, buffer.AsSpan(total, count - total), total)) > 0)
            total += n;
        return total;
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

    public static void ThrowChanged(ImageEntry entry) =>
        IsoBuildException.Throw(ErrorCodes.SourceChanged,
            $"'{entry.Content!.Description}' (for '/{entry.Path}') changed size while the image was being made (expected {entry.Length} bytes). Build again once nothing else changes the sources.");
}
