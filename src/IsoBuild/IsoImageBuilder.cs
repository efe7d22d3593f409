using IsoBuild.Incremental;
using IsoBuild.Layout;
using IsoBuild.Spec;
using IsoBuild.Writing;

namespace IsoBuild;

/// <summary>What a build produced.</summary>
/// <param name="OutputPath">The image's full path.</param>
/// <param name="Size">The image's size in bytes.</param>
/// <param name="Files">Files in the image.</param>
/// <param name="Directories">Directories in the image, the root included.</param>
public sealed record ImageBuildResult(string OutputPath, long Size, int Files, int Directories)
{
    /// <summary>True when an incremental build patched the previous image in place instead of writing it whole.</summary>
    public bool Patched { get; init; }

    /// <summary>The number of files whose data a patch rewrote.</summary>
    public int RewrittenFiles { get; init; }

    /// <summary>Why an incremental build wrote the whole image (null for a patch or a plain build).</summary>
    public string? FullBuildReason { get; init; }

    /// <summary>True when an incremental build found nothing changed and left the image as it was.</summary>
    public bool UpToDate { get; init; }

    /// <summary>Files stored once for several names: identical files and hard links whose data is another file's.</summary>
    public int SharedFiles { get; init; }

    /// <summary>The bytes <see cref="SharedFiles"/> would have taken on their own.</summary>
    public long SharedBytes { get; init; }

    /// <summary>Files stored zisofs-compressed (identical ones counted once).</summary>
    public int CompressedFiles { get; init; }

    /// <summary>The bytes compression saved.</summary>
    public long CompressedBytesSaved { get; init; }

    /// <summary>The file the image's SHA-256 was written to (<c>IMAGE.sha256</c>), when asked for.</summary>
    public string? Sha256File { get; init; }

    /// <summary>The result for a log line: "417792 bytes (0.4 MiB), 2 files, 2 directories", what storing identical
    /// files once and compression saved ("; 99 files stored once (99.0 MiB saved)", "; 3 files compressed (1.2 MiB
    /// saved)"), then how an incremental build went ("; up to date, not rewritten", "; patched in place, 1 file
    /// rewritten" or "; full build (why)").</summary>
    public string Summary => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Size} bytes ({Size / (1024.0 * 1024.0):0.0} MiB), {Count(Files, "file")}, {Count(Directories, "directory", "directories")}")
        + (SharedFiles > 0 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; {Count(SharedFiles, "file")} stored once ({SharedBytes / (1024.0 * 1024.0):0.0} MiB saved)") : string.Empty)
        + (CompressedFiles > 0 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; {Count(CompressedFiles, "file")} compressed ({CompressedBytesSaved / (1024.0 * 1024.0):0.0} MiB saved)") : string.Empty)
        + (UpToDate ? "; up to date, not rewritten"
            : Patched ? $"; patched in place, {Count(RewrittenFiles, "file")} rewritten"
            : FullBuildReason is { } reason ? $"; full build ({reason})"
            : string.Empty);

    /// <summary>The result of writing <paramref name="layout"/> to <paramref name="output"/> whole.</summary>
    internal static ImageBuildResult Of(ImageLayout layout, string output)
    {
        (int sharedFiles, long sharedBytes) = layout.SharedData;
        (int compressedFiles, long compressedBytes) = layout.CompressedData;
        return new(output, layout.TotalBytes, layout.FileCount, layout.DirectoryCount)
        {
            SharedFiles = sharedFiles,
            SharedBytes = sharedBytes,
            CompressedFiles = compressedFiles,
            CompressedBytesSaved = compressedBytes,
        };
    }

    private static string Count(int n, string one, string? many = null) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{n} {(n == 1 ? one : many ?? one + "s")}");
}

/// <summary>How far the writing of an image's file data is.</summary>
/// <param name="FilesWritten">Files whose data is written.</param>
/// <param name="TotalFiles">Files with data in the image.</param>
/// <param name="BytesWritten">Bytes of file data written.</param>
/// <param name="TotalBytes">Bytes of file data in all.</param>
public readonly record struct ImageBuildProgress(int FilesWritten, int TotalFiles, long BytesWritten, long TotalBytes);

/// <summary>Builds ISO images. The one engine both <c>dotnet iso pack</c> and the <c>IsoImage</c> MSBuild item use.</summary>
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
    /// <exception cref="IsoBuildException">The input or the output is not usable; the message says why.</exception>
    public static ImageBuildResult Build(ImageSpec spec, string outputPath, CancellationToken cancellationToken = default) =>
        Build(spec, outputPath, null, cancellationToken);

    /// <summary>Writes the image of <paramref name="spec"/>, reporting how far the file data is to <paramref name="progress"/>.</summary>
    /// <exception cref="IsoBuildException">The input or the output is not usable; the message says why.</exception>
    public static ImageBuildResult Build(ImageSpec spec, string outputPath, IProgress<ImageBuildProgress>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string output = CheckOutput(spec, outputPath);
        return Guarded(output, () => ImageWriter.WriteImage(spec, output, progress, cancellationToken, out _));
    }

    /// <summary>
    /// Writes the image of <paramref name="spec"/> like <see cref="Build(ImageSpec, string, IProgress{ImageBuildProgress}, CancellationToken)"/>,
    /// guided by the manifest of the last build at <paramref name="manifestPath"/>: when only file contents changed
    /// and the layout is the same, the changed files are patched into the previous image in place. The result is
    /// byte-identical to a full build either way.
    /// </summary>
    /// <exception cref="IsoBuildException">The input or the output is not usable; the message says why.</exception>
    public static ImageBuildResult BuildIncremental(ImageSpec spec, string outputPath, string manifestPath, CancellationToken cancellationToken = default) =>
        BuildIncremental(spec, outputPath, manifestPath, null, cancellationToken);

    /// <summary>An incremental build that reports how far the file data is to <paramref name="progress"/> (when it writes the whole image).</summary>
    /// <exception cref="IsoBuildException">The input or the output is not usable; the message says why.</exception>
    public static ImageBuildResult BuildIncremental(ImageSpec spec, string outputPath, string manifestPath, IProgress<ImageBuildProgress>? progress,
        CancellationToken cancellationToken = default) =>
        BuildIncremental(spec, outputPath, manifestPath, allowPatch: true, progress, cancellationToken);

    /// <summary>
    /// An incremental build that leaves an image whose inputs did not change untouched and, when
    /// <paramref name="allowPatch"/> is false, writes the whole image whenever anything changed.
    /// </summary>
    /// <exception cref="IsoBuildException">The input or the output is not usable; the message says why.</exception>
    public static ImageBuildResult BuildIncremental(ImageSpec spec, string outputPath, string manifestPath, bool allowPatch, IProgress<ImageBuildProgress>? progress,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(manifestPath);
        string output = CheckOutput(spec, outputPath);
        return Guarded(output, () => ImagePatcher.Build(spec, output, Path.GetFullPath(manifestPath), allowPatch, progress, cancellationToken));
    }

    /// <summary>Runs a build of <paramref name="output"/>, turning cancellation and failed writes into coded errors.</summary>
    private static ImageBuildResult Guarded(string output, Func<ImageBuildResult> build)
    {
        try
        {
            return build();
        }
        catch (OperationCanceledException e)
        {
            throw Cancelled(output, e);
        }
        catch (Exception e) when (e is IOException and not FileNotFoundException || e is UnauthorizedAccessException || IsFileTooLargeForFileSystem(e))
        {
            throw WriteFailed(output, e);
        }
    }

    private static IsoBuildException Cancelled(string output, Exception e) =>
        new(ErrorCodes.Cancelled, $"Building '{output}' was cancelled; the previous image (if any) is untouched.", e);

    private static IsoBuildException WriteFailed(string output, Exception e) =>
        new(ErrorCodes.WriteFailed,
            $"Writing '{output}' failed: {e.Message} Free some space or pick another output path; the previous image (if any) is untouched.", e);

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
