using System.Security.Cryptography;
using System.Text.Json;
using IsoBuild.Layout;
using IsoBuild.Spec;
using IsoBuild.Writing;

namespace IsoBuild.Incremental;

/// <summary>
/// What the last build of an image wrote: the image's length and modification time, the hash of everything in it but
/// file data (<see cref="ImageWriter.MetadataHash"/>), and a change stamp per file. <see cref="Dirty"/> is set
/// before an image is patched in place and cleared after, so an interrupted patch is never trusted.
/// </summary>
internal sealed record BuildManifest
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    public bool Dirty { get; init; }

    public long ImageLength { get; init; }

    public long ImageWriteTicks { get; init; }

    public string MetadataHash { get; init; } = string.Empty;

    /// <summary>Image path → change stamp of the file's source (see <see cref="Stamp"/>).</summary>
    public Dictionary<string, string> Files { get; init; } = [];

    /// <summary>
    /// A file on disk is stamped with its path, size and modification time, the way MSBuild and make decide what
    /// changed; other content (bytes made in memory, files of a base image) with the SHA-256 of its bytes.
    /// </summary>
    public static string Stamp(LayoutNode file)
    {
        ContentSource content = file.Entry!.Content!;
        if (content is FileContentSource source)
        {
            // What the source walk's lstat saw, when it saw the file; otherwise the file system is asked now.
            if (source.ModifiedTicks != 0)
                return $"{source.Length}:{source.ModifiedTicks}:{source.FullPath}";
            var info = new FileInfo(source.FullPath);
            return info.Exists ? $"{info.Length}:{info.LastWriteTimeUtc.Ticks}:{source.FullPath}" : "missing:" + source.FullPath;
        }
        using Stream stream = content.OpenRead();
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The manifest at <paramref name="path"/>, or null when there is none or it cannot be read.</summary>
    public static BuildManifest? TryRead(string path)
    {
        try
        {
            using FileStream stream = File.OpenRead(path);
            BuildManifest? manifest = JsonSerializer.Deserialize<BuildManifest>(stream);
            return manifest?.Version == CurrentVersion ? manifest : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Writes the manifest whole (temporary file, flushed to disk, renamed) so a crash leaves the old or the new one.</summary>
    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temporary = path + AtomicFile.TemporarySuffix;
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, this);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
