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

    /// <summary>The result for a log line: "417792 bytes (0.4 MiB), 2 files, 2 directories", then how an incremental
    /// build went ("; up to date, not rewritten", "; patched in place, 1 file rewritten" or "; full build (why)").</summary>
    public string Summary => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Size} bytes ({Size / (1024.0 * 1024.0):0.0} MiB), {Count(Files, "file")}, {Count(Directories, "directory", "directories")}")
        + (UpToDate ? "; up to date, not rewritten"
            : Patched ? $"; patched in place, {Count(RewrittenFiles, "file")} rewritten"
            : FullBuildReason is { } reason ? $"; full build ({reason})"
            : string.Empty);

    /// <summary>The result of writing <paramref name="layout"/> to <paramref name="output"/> whole.</summary>
    internal static ImageBuildResult Of(ImageLayout layout, string? output) => new(output, layout.TotalBytes, layout.FileCount, layout.DirectoryCount);

    private static string Count(int n, string one, string? many = null) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{n} {(n == 1 ? one : many ?? one + "s")}");
}

/// <summary>How far the writing of an image's file data is.</summary>
/// <param name="FilesWritten">Files whose data is written.</param>
/// <param name="TotalFiles">Files with data in the image.</param>
/// <param name="BytesWritten">Bytes of file data written.</param>
/// <param name="TotalBytes">Bytes of file data in all.</param>
public readonly record struct ImageBuildProgress(int FilesWritten, int TotalFiles, long BytesWritten, long TotalBytes);
