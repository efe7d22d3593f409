using System.Buffers;
using IsoBuild.Layout;

namespace IsoBuild.Writing;

/// <summary>
/// Writes an image to a stream front to back — which may be a file, a pipe or any stream that only goes forward —
/// from the chunks <see cref="ImageRenderer"/> makes, with <see cref="FileDataCopier"/> for the files' data.
/// </summary>
internal static class ImageWriter
{
    private const int ZeroBlock = 64 * 1024;

    /// <summary>
    /// Writes the whole image to a temporary file beside <paramref name="output"/> and renames it over the output
    /// only when complete, so a failed or cancelled write leaves the previous image as it was.
    /// </summary>
    public static void WriteFile(ImageLayout layout, string output, IProgress<ImageBuildProgress>? progress, CancellationToken cancellationToken)
    {
        using var file = AtomicFile.Create(output);
        Write(layout, file.Stream, progress, cancellationToken);
        file.Commit();
    }

    public static void Write(ImageLayout layout, Stream output, IProgress<ImageBuildProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        FileDataCopier.CheckEfiImage(layout);
        using var files = new FileDataCopier(layout, output, layout.CopiedFiles, progress, cancellationToken);
        foreach (ImageChunk chunk in ImageRenderer.Chunks(layout))
        {
            switch (chunk.Kind)
            {
                case ImageChunkKind.Bytes:
                    output.Write(chunk.Bytes.Span);
                    break;
                case ImageChunkKind.Zeros:
                    WriteZeros(output, chunk.Length);
                    break;
                default:
                    files.Copy(chunk.File!);
                    break;
            }
        }
        output.Flush();
    }

    public static async Task WriteAsync(ImageLayout layout, Stream output, IProgress<ImageBuildProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        FileDataCopier.CheckEfiImage(layout);
        using var files = new FileDataCopier(layout, output, readAhead: null, progress, cancellationToken);
        byte[] zeros = new byte[ZeroBlock];
        foreach (ImageChunk chunk in ImageRenderer.Chunks(layout))
        {
            switch (chunk.Kind)
            {
                case ImageChunkKind.Bytes:
                    await output.WriteAsync(chunk.Bytes, cancellationToken).ConfigureAwait(false);
                    break;
                case ImageChunkKind.Zeros:
                    for (long left = chunk.Length; left > 0; left -= ZeroBlock)
                        await output.WriteAsync(zeros.AsMemory(0, (int)Math.Min(left, ZeroBlock)), cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await files.CopyAsync(chunk.File!).ConfigureAwait(false);
                    break;
            }
        }
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// SHA-256 of every byte of the image except the files' data (system area, descriptors, path tables, directories,
    /// boot catalog, padding). Two layouts with the same hash differ at most in file data, so an image of one can be
    /// patched into the image of the other file by file.
    /// </summary>
    public static byte[] MetadataHash(ImageLayout layout, CancellationToken cancellationToken = default)
    {
        using var sink = new HashingStream();
        foreach (ImageChunk chunk in ImageRenderer.Chunks(layout))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (chunk.Kind == ImageChunkKind.Bytes)
                sink.Write(chunk.Bytes.Span);
            else if (chunk.Kind == ImageChunkKind.Zeros)
                WriteZeros(sink, chunk.Length);
        }
        return sink.Hash();
    }

    /// <summary>
    /// Writes the data of <paramref name="files"/> into an image of <paramref name="layout"/>, at their extents. The
    /// layout may be left out for an image that does not boot (<see cref="LayoutNode.ForData"/> nodes).
    /// </summary>
    public static void WriteFileData(ImageLayout? layout, Stream image, IEnumerable<LayoutNode> files, CancellationToken cancellationToken = default)
    {
        using var copier = new FileDataCopier(layout, image, readAhead: null, progress: null, cancellationToken);
        foreach (LayoutNode file in files)
        {
            image.Position = (long)file.DataExtent * ImageLayout.SectorSize;
            copier.Copy(file);
        }
    }

    private static void WriteZeros(Stream output, long count)
    {
        byte[] zeros = ArrayPool<byte>.Shared.Rent((int)Math.Min(count, ZeroBlock));
        try
        {
            Array.Clear(zeros);
            for (long left = count; left > 0; left -= zeros.Length)
                output.Write(zeros, 0, (int)Math.Min(left, zeros.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(zeros);
        }
    }
}
