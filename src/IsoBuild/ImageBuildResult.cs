using IsoBuild.Layout;

namespace IsoBuild;

/// <summary>What a build produced.</summary>
/// <param name="OutputPath">The image's full path; null for an image written to a stream.</param>
/// <param name="Size">The image's size in bytes.</param>
/// <param name="Files">Files in the image.</param>
/// <param name="Directories">Directories in the image, the root included.</param>
public sealed record ImageBuildResult(string? OutputPath, long Size, int Files, int Directories)
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
    internal static ImageBuildResult Of(ImageLayout layout, string? output)
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
