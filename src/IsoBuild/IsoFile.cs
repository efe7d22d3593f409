using IsoBuild.Reading;
using IsoBuild.Spec;

namespace IsoBuild;

/// <summary>
/// One-line jobs, as <c>ZipFile</c> offers for zip archives: a directory to an image, an image to a directory.
/// For everything else, build an <see cref="ImageSpec"/> with <see cref="ImageSpecBuilder"/> and write it with
/// <see cref="IsoImageBuilder"/>, and read images with <see cref="IsoImageReader"/>.
/// </summary>
public static class IsoFile
{
    /// <summary>
    /// Builds an image of everything below <paramref name="sourceDirectoryName"/> (its contents at the image root) and
    /// writes it to <paramref name="destinationImageFileName"/>, replacing it only once the new image is complete.
    /// </summary>
    /// <param name="sourceDirectoryName">The directory whose contents go into the image.</param>
    /// <param name="destinationImageFileName">The image to write.</param>
    /// <param name="configure">Sets options on the spec (<c>s =&gt; s with { VolumeId = "APP" }</c>); null keeps the defaults.</param>
    /// <remarks>
    /// Deterministic as every IsoBuild image: the timestamp is the spec's (1980-01-01 unless <paramref name="configure"/>
    /// sets one; a library does not read SOURCE_DATE_EPOCH by itself — pass
    /// <c>BuildTimestamp.Resolve(null, Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"))</c> to honour it).
    /// </remarks>
    /// <exception cref="IsoBuildException">The directory or the output is not usable; the message says why.</exception>
    public static ImageBuildResult CreateFromDirectory(string sourceDirectoryName, string destinationImageFileName, Func<ImageSpec, ImageSpec>? configure = null) =>
        IsoImageBuilder.Build(SpecOf(sourceDirectoryName, configure), destinationImageFileName);

    /// <summary>Builds an image of a directory like <see cref="CreateFromDirectory"/>, awaiting every read and write.</summary>
    /// <exception cref="IsoBuildException">The directory or the output is not usable; the message says why.</exception>
    public static Task<ImageBuildResult> CreateFromDirectoryAsync(string sourceDirectoryName, string destinationImageFileName,
        Func<ImageSpec, ImageSpec>? configure = null, CancellationToken cancellationToken = default) =>
        IsoImageBuilder.BuildAsync(SpecOf(sourceDirectoryName, configure), destinationImageFileName, progress: null, cancellationToken);

    /// <summary>
    /// Extracts every file, directory and link of the image at <paramref name="sourceImageFileName"/> into
    /// <paramref name="destinationDirectoryName"/> (created when missing), never writing outside it.
    /// </summary>
    /// <returns>What was written and what was refused (names or links that would leave the directory).</returns>
    /// <exception cref="IsoBuildException">The image cannot be read or the directory cannot be written.</exception>
    public static IsoExtractResult ExtractToDirectory(string sourceImageFileName, string destinationDirectoryName, CancellationToken cancellationToken = default)
    {
        using IsoImageReader image = IsoImageReader.Open(sourceImageFileName);
        return IsoImageExtractor.Extract(image, [], destinationDirectoryName, cancellationToken);
    }

    /// <summary>Extracts an image like <see cref="ExtractToDirectory"/>, on a thread pool thread.</summary>
    /// <exception cref="IsoBuildException">The image cannot be read or the directory cannot be written.</exception>
    public static Task<IsoExtractResult> ExtractToDirectoryAsync(string sourceImageFileName, string destinationDirectoryName, CancellationToken cancellationToken = default) =>
        Task.Run(() => ExtractToDirectory(sourceImageFileName, destinationDirectoryName, cancellationToken), cancellationToken);

    private static ImageSpec SpecOf(string sourceDirectoryName, Func<ImageSpec, ImageSpec>? configure)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceDirectoryName);
        ImageSpec spec = new ImageSpecBuilder().AddDirectoryContents(string.Empty, sourceDirectoryName).Build();
        return configure is null ? spec : configure(spec);
    }
}
