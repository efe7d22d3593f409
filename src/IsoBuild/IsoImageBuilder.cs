using IsoBuild.Incremental;
using IsoBuild.Layout;
using IsoBuild.Spec;
using IsoBuild.Writing;

namespace IsoBuild;

/// <summary>
/// Builds ISO images from an <see cref="ImageSpec"/>: to a file (replaced only once the new image is complete), to
/// any stream (it only goes forward, so a pipe or standard output will do), or incrementally. The one engine both
/// <c>dotnet iso pack</c> and the <c>IsoImage</c> MSBuild item use.
/// </summary>
public static class IsoImageBuilder
{
    /// <summary>Plans the image without writing it: checks the spec and returns what it would produce.</summary>
    /// <remarks>Files of equal size are read to find identical ones, and files to compress are compressed to learn their size.</remarks>
    public static ImageBuildResult Plan(ImageSpec spec, string outputPath)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ImageLayout layout = ImageLayout.Create(spec);
        return ImageBuildResult.Of(layout, Path.GetFullPath(outputPath));
    }

    /// <summary>Writes the image of <paramref name="spec"/> to <paramref name="outputPath"/>.</summary>
    /// <remarks>
    /// The image is written to a temporary file beside the output and renamed over it only when complete, so a
    /// failed or cancelled build leaves the previous image as it was.
    /// </remarks>
    /// <param name="spec">What the image is made of.</param>
    /// <param name="outputPath">The image file to write.</param>
    /// <param name="progress">Told how far the file data is, now and then; null for none.</param>
    /// <param name="cancellationToken">Cancels the build (ISO0016); the previous image stays.</param>
    /// <exception cref="IsoBuildException">The input or the output is not usable; the message says why.</exception>
    public static ImageBuildResult Build(ImageSpec spec, string outputPath, IProgress<ImageBuildProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string output = CheckOutput(spec, outputPath);
        return Guarded($"'{output}'", () => ImageWriter.WriteImage(spec, output, progress, cancellationToken, out _));
    }

    /// <summary>Writes the image of <paramref name="spec"/> to a file, awaiting every read and write.</summary>
    /// <remarks>As <see cref="Build"/>: the previous image is replaced only once the new one is complete.</remarks>
    /// <exception cref="IsoBuildException">The input or the output is not usable; the message says why.</exception>
    public static async Task<ImageBuildResult> BuildAsync(ImageSpec spec, string outputPath, IProgress<ImageBuildProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string output = CheckOutput(spec, outputPath);
        ImageLayout layout = ImageLayout.Create(spec);
        return await GuardedAsync($"'{output}'", async () =>
        {
            using var file = AtomicFile.Create(output);
            await ImageWriter.WriteAsync(layout, file.Stream, progress, cancellationToken).ConfigureAwait(false);
            file.Commit();
            return ImageBuildResult.Of(layout, output);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the image of <paramref name="spec"/> to <paramref name="destination"/>, from its current position, front
    /// to back: the stream need not be seekable (a pipe, standard output, a network stream) and is left open.
    /// </summary>
    /// <remarks>A failed or cancelled write leaves what was written so far in the stream: it is the caller's to discard.</remarks>
    /// <exception cref="IsoBuildException">The input is not usable, or writing failed; the message says why.</exception>
    public static ImageBuildResult Write(ImageSpec spec, Stream destination, IProgress<ImageBuildProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(destination);
        ImageLayout layout = ImageLayout.Create(spec);
        return Guarded("the stream", () =>
        {
            ImageWriter.Write(layout, destination, progress, cancellationToken);
            return ImageBuildResult.Of(layout, null);
        });
    }

    /// <summary>Writes the image of <paramref name="spec"/> to <paramref name="destination"/> like <see cref="Write"/>, awaiting every read and write.</summary>
    /// <exception cref="IsoBuildException">The input is not usable, or writing failed; the message says why.</exception>
    public static async Task<ImageBuildResult> WriteAsync(ImageSpec spec, Stream destination, IProgress<ImageBuildProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(destination);
        ImageLayout layout = ImageLayout.Create(spec);
        return await GuardedAsync("the stream", async () =>
        {
            await ImageWriter.WriteAsync(layout, destination, progress, cancellationToken).ConfigureAwait(false);
            return ImageBuildResult.Of(layout, null);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the image of <paramref name="spec"/> like <see cref="Build"/>, guided by the manifest of the last build at
    /// <paramref name="manifestPath"/>: when nothing the image is made from changed, the image is left untouched; when
    /// only file contents changed and the layout is the same, the changed files are patched into the previous image in
    /// place (unless <paramref name="allowPatch"/> is false); otherwise the whole image is written. The result is
    /// byte-identical to a full build either way.
    /// </summary>
    /// <param name="spec">What the image is made of.</param>
    /// <param name="outputPath">The image file to write.</param>
    /// <param name="manifestPath">Where the manifest of the last build is kept (written by this build).</param>
    /// <param name="allowPatch">False writes the whole image whenever anything changed.</param>
    /// <param name="progress">Told how far the file data is when the whole image is written; null for none.</param>
    /// <param name="cancellationToken">Cancels a full build (ISO0016); a patch, which is short, runs to its end.</param>
    /// <exception cref="IsoBuildException">The input or the output is not usable; the message says why.</exception>
    public static ImageBuildResult BuildIncremental(ImageSpec spec, string outputPath, string manifestPath, bool allowPatch = true,
        IProgress<ImageBuildProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(manifestPath);
        string output = CheckOutput(spec, outputPath);
        return Guarded($"'{output}'", () => ImagePatcher.Build(spec, output, Path.GetFullPath(manifestPath), allowPatch, progress, cancellationToken));
    }

    /// <summary>Runs a build of <paramref name="what"/>, turning cancellation and failed writes into coded errors.</summary>
    private static ImageBuildResult Guarded(string what, Func<ImageBuildResult> build)
    {
        try
        {
            return build();
        }
        catch (Exception e) when (Translate(what, e) is { } coded)
        {
            throw coded;
        }
    }

    private static async Task<ImageBuildResult> GuardedAsync(string what, Func<Task<ImageBuildResult>> build)
    {
        try
        {
            return await build().ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(what, e) is { } coded)
        {
            throw coded;
        }
    }

    private static IsoBuildException? Translate(string what, Exception e) => e switch
    {
        OperationCanceledException => new IsoBuildException(ErrorCodes.Cancelled, $"Building {what} was cancelled; the previous image (if any) is untouched.", e),
        IOException and not FileNotFoundException or UnauthorizedAccessException => WriteFailed(what, e),
        _ when IsFileTooLargeForFileSystem(e) => WriteFailed(what, e),
        _ => null,
    };

    private static IsoBuildException WriteFailed(string what, Exception e) =>
        new(ErrorCodes.WriteFailed,
            $"Writing {what} failed: {e.Message} Free some space or pick another output path; the previous image (if any) is untouched.", e);

    /// <summary>.NET reports EFBIG (file size limit, file system maximum) as an out-of-range file length.</summary>
    private static bool IsFileTooLargeForFileSystem(Exception e) => e is ArgumentOutOfRangeException { ParamName: "value" };

    private static string CheckOutput(ImageSpec spec, string outputPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        string output = Path.GetFullPath(outputPath);
        if (Directory.Exists(output))
        {
            IsoBuildException.Throw(ErrorCodes.OutputNotWritable,
                $"The output '{output}' is a directory. Name an image file, for example '{Path.Combine(output, "image.iso")}'.");
        }
        foreach (string source in spec.SourceDirectories)
        {
            string prefix = Path.TrimEndingDirectorySeparator(Path.GetFullPath(source)) + Path.DirectorySeparatorChar;
            if (output.StartsWith(prefix, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                IsoBuildException.Throw(ErrorCodes.OutputInsideSource,
                    $"The output '{output}' lies inside the source directory '{source}', so the next build would put the image into itself. Write the image outside the source tree.");
            }
        }
        return output;
    }
}
