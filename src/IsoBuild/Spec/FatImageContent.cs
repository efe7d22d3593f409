using IsoBuild.Fat;

namespace IsoBuild.Spec;

/// <summary>
/// A FAT image built from a source folder when the image is written (--efi-boot-dir). Its size is known from the
/// folder's file sizes when the spec is made; a file that changes size meanwhile is ISO0010, as for any source.
/// </summary>
internal sealed class FatImageContent : ContentSource
{
    private readonly FatImageBuilder _builder;
    private readonly string _directory;

    private FatImageContent(string directory, FatImageBuilder builder)
    {
        _directory = directory;
        _builder = builder;
    }

    /// <summary>Plans a FAT image of every file and folder below <paramref name="directory"/>.</summary>
    public static FatImageContent FromDirectory(string directory, DateTimeOffset timestamp)
    {
        if (!Directory.Exists(directory))
        {
            IsoBuildException.Throw(ErrorCodes.SourceNotFound,
                $"The EFI boot folder '{directory}' does not exist. Give {ImageSetting.EfiBootDirectory.Named()} a folder holding EFI/BOOT/BOOTX64.EFI.");
        }
        var entries = new List<FatEntry>();
        foreach (FileSystemInfo info in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            string path = Path.GetRelativePath(directory, info.FullName).Replace('\\', '/');
            if (info is DirectoryInfo)
                entries.Add(new FatEntry(path, true, 0, null));
            else
                entries.Add(new FatEntry(path, false, ((FileInfo)info).Length, () => File.OpenRead(info.FullName)));
        }
        return new FatImageContent(directory, new FatImageBuilder(entries, timestamp));
    }

    /// <summary>The folder the FAT image is made from.</summary>
    public string SourceDirectory => _directory;

    /// <inheritdoc />
    public override long Length => _builder.Length;

    /// <inheritdoc />
    public override string Description => $"a FAT image of '{_directory}'";

    /// <inheritdoc />
    public override Stream OpenRead()
    {
        byte[] image = _builder.Build(name => IsoBuildException.Throw(ErrorCodes.SourceChanged,
            $"'{name}' in the EFI boot folder '{_directory}' changed size while the image was being written. Build again once nothing else changes it."));
        return new MemoryStream(image, writable: false);
    }
}
