using IsoBuild.Interop;
using IsoBuild.Sectors;
using IsoBuild.Spec;

namespace IsoBuild.Disc;

/// <summary>Finds and opens the files a descriptor names, as the tools that wrote them meant them.</summary>
internal static class DiscFiles
{
    /// <summary>
    /// A name from a descriptor, beside the descriptor: backslashes are separators (Windows tools write them), an
    /// absolute or Windows path that does not exist here falls back to its last part, and a name that differs only
    /// in case from one file in the directory is that file.
    /// </summary>
    public static string Beside(string descriptorPath, string name)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(descriptorPath)) ?? ".";
        string normalized = name.Replace('\\', '/');
        string candidate = Path.GetFullPath(normalized, directory);
        if (File.Exists(candidate))
            return candidate;
        string leaf = Path.GetFileName(normalized);
        string beside = Path.Combine(directory, leaf);
        if (File.Exists(beside) || leaf.Length == 0)
            return beside;
        try
        {
            string[] matches = [.. Directory.EnumerateFiles(directory).Where(f => string.Equals(Path.GetFileName(f), leaf, StringComparison.OrdinalIgnoreCase)).Take(2)];
            if (matches.Length == 1)
                return matches[0];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return candidate;
    }

    /// <summary>
    /// Opens a data file a descriptor names, refusing what is not a regular file: a FIFO or device named by a hostile
    /// descriptor would block or never end.
    /// </summary>
    public static ImageSource Open(string path, string descriptor)
    {
        FileSystemKind kind = Kind(path);
        if (kind == FileSystemKind.Missing)
            throw new IsoBuildException(ErrorCodes.DiscFileMissing, $"'{path}', which {descriptor} names, does not exist. Keep the data files beside their descriptor, under the names it gives.");
        if (kind != FileSystemKind.Regular)
            throw new IsoBuildException(ErrorCodes.DiscFileMissing, $"'{path}', which {descriptor} names, is not a regular file ({kind}).");
        try
        {
            return ImageSource.OpenFile(path);
        }
        catch (IsoBuildException e) when (e.Code == ErrorCodes.ImageUnreadable)
        {
            throw new IsoBuildException(ErrorCodes.DiscFileMissing, $"'{path}', which {descriptor} names, cannot be read: {e.Message}", e);
        }
    }

    public static long Length(string path, string descriptor)
    {
        using ImageSource source = Open(path, descriptor);
        return source.Length;
    }

    /// <summary>What a path is once symbolic links are followed.</summary>
    public static FileSystemKind Kind(string path)
    {
        FileSystemKind kind = FileSystemProbe.GetStatus(path).Kind;
        for (int hops = 0; kind == FileSystemKind.Symlink && hops < 40; hops++)
        {
            FileSystemInfo? target;
            try
            {
                target = File.ResolveLinkTarget(path, returnFinalTarget: false);
            }
            catch (IOException)
            {
                return FileSystemKind.Missing;
            }
            if (target is null)
                return FileSystemKind.Missing;
            path = target.FullName;
            kind = FileSystemProbe.GetStatus(path).Kind;
        }
        return kind == FileSystemKind.Symlink ? FileSystemKind.Missing : kind;
    }
}
