namespace IsoBuild.Writing;

/// <summary>
/// A file written under a temporary name in the output's directory and renamed over the output on <see cref="Commit"/>.
/// Disposed without a commit, the temporary file is deleted and the output is untouched. A build that is killed
/// leaves its temporary file; the next build of the same output removes it. Two builds of one output at once each
/// write their own temporary file; the one that finishes last replaces the output whole, never a mix of the two.
/// </summary>
internal sealed class AtomicFile : IDisposable
{
    internal const string TemporarySuffix = ".isobuild-tmp";
    private readonly string _path;
    private readonly string _temporaryPath;
    private bool _committed;

    private AtomicFile(string path, string temporaryPath, ImageOutputStream stream)
    {
        _path = path;
        _temporaryPath = temporaryPath;
        Stream = stream;
    }

    public ImageOutputStream Stream { get; }

    public static AtomicFile Create(string path)
    {
        string directory = Path.GetDirectoryName(path)!;
        string temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}{TemporarySuffix}");
        try
        {
            Directory.CreateDirectory(directory);
            RemoveStaleTemporaries(directory, Path.GetFileName(path));
            // Readable too: checksums inside the image and its SHA-256 are computed by reading it back before the rename.
            var stream = new ImageOutputStream(temporary, FileMode.CreateNew);
            return new AtomicFile(path, temporary, stream);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new IsoBuildException(ErrorCodes.OutputNotWritable,
                $"Cannot write in '{directory}': {e.Message} Pick an output path in a directory you can write to.", e);
        }
    }

    /// <summary>
    /// Deletes temporary files that builds of the same output left behind when they were killed: those whose
    /// process is gone. A temporary file of a build still running is left alone.
    /// </summary>
    internal static void RemoveStaleTemporaries(string directory, string outputName)
    {
        string prefix = "." + outputName + ".";
        foreach (string file in Directory.EnumerateFiles(directory, prefix + "*" + TemporarySuffix))
        {
            string[] parts = Path.GetFileName(file)[prefix.Length..].Split('.');
            if (parts.Length < 2 || !int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid))
                continue;
            if (pid != Environment.ProcessId && IsRunning(pid))
                continue;
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public void Commit()
    {
        Stream.Flush();
        Stream.Dispose();
        try
        {
            File.Move(_temporaryPath, _path, overwrite: true);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new IsoBuildException(ErrorCodes.OutputNotWritable,
                $"Cannot replace '{_path}': {e.Message} Check that it is not open in another program and that you may write it.", e);
        }
        _committed = true;
    }

    public void Dispose()
    {
        if (_committed)
            return;
        try
        {
            // Flushing what is left of an abandoned image can fail the way its writing did (disk full); the handle
            // is closed either way, and the file is deleted below.
            Stream.Dispose();
        }
        catch (Exception e) when (e is IOException or ArgumentOutOfRangeException)
        {
        }
        try
        {
            File.Delete(_temporaryPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
