namespace IsoBuild.Writing;

/// <summary>
/// A file written under a temporary name in the output's directory and renamed over the output on <see cref="Commit"/>.
/// Disposed without a commit, the temporary file is deleted and the output is untouched.
/// </summary>
internal sealed class AtomicFile : IDisposable
{
    internal const string TemporarySuffix = ".isobuild-tmp";
    private readonly string _path;
    private readonly string _temporaryPath;
    private bool _committed;

    private AtomicFile(string path, string temporaryPath, FileStream stream)
    {
        _path = path;
        _temporaryPath = temporaryPath;
        Stream = stream;
    }

    public FileStream Stream { get; }

    public static AtomicFile Create(string path)
    {
        string directory = Path.GetDirectoryName(path)!;
        string temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}{TemporarySuffix}");
        try
        {
            Directory.CreateDirectory(directory);
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 20);
            return new AtomicFile(path, temporary, stream);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new IsoBuildException(ErrorCodes.OutputNotWritable,
                $"Cannot write in '{directory}': {e.Message} Pick an output path in a directory you can write to.", e);
        }
    }

    public void Commit()
    {
        Stream.Flush(flushToDisk: false);
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
        Stream.Dispose();
        if (!_committed)
        {
            try
            {
                File.Delete(_temporaryPath);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
