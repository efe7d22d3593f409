using System.Buffers;
using IsoBuild.Checksums;
using IsoBuild.Content;
using IsoBuild.Layout;
using IsoBuild.Spec;

namespace IsoBuild.Writing;

/// <summary>
/// Writes an image to a stream front to back — which may be a file, a pipe or any stream that only goes forward —
/// from the chunks <see cref="ImageRenderer"/> makes, with <see cref="FileDataCopier"/> for the files' data. Checksums
/// inside the image are implanted once the rest is written (<see cref="ChecksumImplanter"/>: those images need a
/// stream that can be read back), and the SHA-256 beside it is computed last.
/// </summary>
internal static class ImageWriter
{
    private const int ZeroBlock = 64 * 1024;

    /// <summary>
    /// Lays out and writes the whole image of <paramref name="spec"/>: the contents the layout depends on are read
    /// first (identical files, compressed sizes; the compressed bytes are kept in a spool beside the output until they
    /// are written), then the image is written.
    /// </summary>
    /// <remarks>
    /// The image is written to a temporary file beside <paramref name="output"/>, made before the contents are read
    /// (reading them is part of writing the image), and renamed over the output only when complete, so a failed or
    /// cancelled build leaves the previous image as it was.
    /// </remarks>
    public static ImageBuildResult WriteImage(ImageSpec spec, string output, IProgress<ImageBuildProgress>? progress, CancellationToken cancellationToken,
        out ImageLayout layout)
    {
        ContentPlan.Validate(spec);
        byte[]? sha256 = null;
        using (var file = AtomicFile.Create(output))
        {
            using ContentPlan content = ContentPlan.Prepare(spec, Path.GetDirectoryName(output), cancellationToken);
            layout = ImageLayout.Create(spec, content);
            Write(layout, file.Stream, progress, cancellationToken);
            if (spec.Sha256)
            {
                file.Stream.Position = 0;
                sha256 = Sha256Sums.Compute(file.Stream, cancellationToken);
            }
            file.Commit();
        }
        string? sha256File = sha256 is null ? null : Sha256Sums.WriteBeside(output, sha256);
        return ImageBuildResult.Of(layout, output) with { Sha256File = sha256File };
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
        if (ChecksumImplanter.Needed(layout))
            ChecksumImplanter.Implant(layout, output, cancellationToken);
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
        if (ChecksumImplanter.Needed(layout))
            ChecksumImplanter.Implant(layout, output, cancellationToken);
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
