using IsoBuild.Interop;
using System.Buffers;
using IsoBuild.Content;
using IsoBuild.ElTorito;
using IsoBuild.Fat;
using IsoBuild.Layout;
using IsoBuild.Zisofs;

namespace IsoBuild.Writing;

/// <summary>
/// Copies files' data from their sources into an image, each padded with zeros to whole sectors: a BIOS boot image
/// patched in the copy; small files read whole, ahead of the writer on another thread; large files copied by the
/// kernel between two files where it can (in pieces ahead of the writer while it waits for small files, when the
/// image is written whole to a file: <see cref="LargeFileCopier"/>), else through a buffer; compressed files from the
/// spool their compressed bytes were kept in. Every way checks that the source still has the length the layout gave
/// it. Async copies go through the buffer, awaiting every read and write.
/// </summary>
internal sealed class FileDataCopier : IDisposable
{
    private const int CopyBufferSize = 1 << 20;
    private const long KernelCopyChunk = 64 << 20;

    private readonly ImageLayout? _layout;
    private readonly Stream _output;
    private readonly IProgress<ImageBuildProgress>? _progress;
    private readonly CancellationToken _cancellationToken;
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
    private readonly SmallFileReader? _smallFiles;
    private readonly LargeFileCopier? _largeFiles;
    private ImageBuildProgress _done;

    /// <param name="layout">The image's layout; a patch of files outside any boot image may go without one.</param>
    /// <param name="output">The image, positioned where each file's data goes as it is copied.</param>
    /// <param name="readAhead">The files, in the order they will be copied, whose small ones may be read ahead.</param>
    /// <param name="progress">Told how far the data is.</param>
    /// <param name="cancellationToken">Checked between files and chunks of large files.</param>
    public FileDataCopier(ImageLayout? layout, Stream output, IEnumerable<LayoutNode>? readAhead, IProgress<ImageBuildProgress>? progress,
        CancellationToken cancellationToken)
    {
        _layout = layout;
        _output = output;
        _progress = progress;
        _cancellationToken = cancellationToken;
        if (readAhead is not null)
        {
            if (KernelCopyTarget(output) is { } image && KernelCopy.Available
                && readAhead.Where(f => LargeFileCopier.Takes(f) && IsPlainCopy(f)).ToArray() is { Length: > 0 } large)
            {
                _largeFiles = new LargeFileCopier(large, image);
            }
            _smallFiles = new SmallFileReader(readAhead.Where(f => SmallFileReader.Takes(f) && IsPlainCopy(f)), _largeFiles is null ? null : _largeFiles.CopyPiece,
                cancellationToken);
        }
        if (progress is not null && layout is not null)
        {
            List<LayoutNode> data = [.. layout.DataFiles.Where(f => f.DataOwner is null)];
            _done = new ImageBuildProgress(0, data.Count, 0, data.Sum(f => f.DataLength));
            progress.Report(_done);
        }
    }

    /// <summary>Copies one file's data and its padding to the output's position.</summary>
    public void Copy(LayoutNode file)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        _largeFiles?.Start(file, _output.Position);
        if (file.Compression is not null)
        {
            CopyCompressed(file);
            return;
        }
        long expected = file.Length;
        if (IsPatchedBootImage(file))
        {
            byte[] image = new byte[expected];
            using (Stream source = OpenSource(file))
            {
                int read = source.ReadAtLeast(image, image.Length, throwOnEndOfStream: false);
                if (read != image.Length || source.ReadByte() != -1)
                    ThrowChanged(file);
            }
            WritePatchedBootImage(file, image);
            return;
        }
        if (SmallFileReader.Takes(file))
        {
            byte[] data = _smallFiles?.Take(file) ?? SmallFileReader.ReadWhole(file);
            try
            {
                _output.Write(data.AsSpan(0, (int)expected));
            }
            finally
            {
                if (_smallFiles is { } readAhead)
                    readAhead.GiveBack(data);
                else
                    SmallFileReader.Return(data);
            }
            Pad(expected);
            Report(expected, 1);
            return;
        }
        CopyStream(file, expected);
    }

    /// <summary>
    /// Copies a file that is not read whole: in the kernel where it can, else through the buffer (a method of its
    /// own: what its lambdas capture is made only for such a file, not for each of a million small ones).
    /// </summary>
    private void CopyStream(LayoutNode file, long expected)
    {
        (long copied, FileStream? ahead) = _largeFiles?.Take(file, _output.Position) ?? default;
        if (copied > 0 && copied == expected)
        {
            _output.Position += expected; // copied ahead, whole, and checked
            Pad(expected);
            Report(expected, 1);
            return;
        }
        using (Stream source = ahead ?? OpenSource(file))
        {
            if (copied > 0)
                Report(copied, 0);
            if (source is FileStream input && KernelCopyTarget(_output) is { } output)
                copied = CopyInKernel(input, output, file, copied);
            while (copied < expected)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                int want = (int)Math.Min(_buffer.Length, expected - copied);
                int read = ReadSource(file, () => source.Read(_buffer, 0, want));
                if (read == 0)
                    ThrowChanged(file);
                _output.Write(_buffer, 0, read);
                copied += read;
                Report(read, 0);
            }
            if (ReadSource(file, () => source.Read(_buffer, 0, 1)) != 0)
                ThrowChanged(file);
        }
        Pad(expected);
        Report(0, 1);
    }

    /// <summary>Copies one file's data and its padding, awaiting every read and write.</summary>
    public async ValueTask CopyAsync(LayoutNode file)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (file.Compression is not null)
        {
            CopyCompressed(file);
            return;
        }
        long expected = file.Length;
        Stream source = OpenSource(file);
        await using (source.ConfigureAwait(false))
        {
            if (IsPatchedBootImage(file))
            {
                byte[] image = new byte[expected];
                int read = await source.ReadAtLeastAsync(image, image.Length, throwOnEndOfStream: false, _cancellationToken).ConfigureAwait(false);
                if (read != image.Length || await source.ReadAsync(_buffer.AsMemory(0, 1), _cancellationToken).ConfigureAwait(false) != 0)
                    ThrowChanged(file);
                PatchBootImage(file, image);
                await _output.WriteAsync(image, _cancellationToken).ConfigureAwait(false);
                await PadAsync(expected).ConfigureAwait(false);
                return;
            }
            long copied = 0;
            while (copied < expected)
            {
                int want = (int)Math.Min(_buffer.Length, expected - copied);
                int read = await ReadSourceAsync(file, source.ReadAsync(_buffer.AsMemory(0, want), _cancellationToken)).ConfigureAwait(false);
                if (read == 0)
                    ThrowChanged(file);
                await _output.WriteAsync(_buffer.AsMemory(0, read), _cancellationToken).ConfigureAwait(false);
                copied += read;
                Report(read, 0);
            }
            if (await ReadSourceAsync(file, source.ReadAsync(_buffer.AsMemory(0, 1), _cancellationToken)).ConfigureAwait(false) != 0)
                ThrowChanged(file);
        }
        await PadAsync(expected).ConfigureAwait(false);
        Report(0, 1);
    }

    /// <summary>
    /// Copies a compressed file's zisofs data: from the spool the content plan kept it in, or, for a layout whose
    /// compressed sizes were only measured, compressed again into a temporary file (the same bytes, or the source
    /// changed: ISO0010).
    /// </summary>
    private void CopyCompressed(LayoutNode file)
    {
        ZisofsCompressedFile planned = file.Compression!.Value;
        CompressedContent? content = _layout?.Content.Compressed(file.Entry!);
        using Stream data = (content is null ? null : _layout!.Content.OpenCompressed(content)) ?? CompressAgain(file, planned);
        for (long copied = 0; copied < planned.CompressedLength;)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            int read = data.Read(_buffer, 0, (int)Math.Min(_buffer.Length, planned.CompressedLength - copied));
            if (read == 0)
                ThrowChanged(file);
            _output.Write(_buffer, 0, read);
            copied += read;
            Report(read, 0);
        }
        Pad(planned.CompressedLength);
        Report(0, 1);
    }

    private FileStream CompressAgain(LayoutNode file, ZisofsCompressedFile planned)
    {
        FileStream spool = ZisofsSpool.CreateTemporaryFile(Path.GetTempPath());
        try
        {
            ZisofsCompressedFile again;
            using (Stream source = OpenSource(file))
            {
                again = ZisofsCompressor.Compress(source, file.Length, spool, planned.BlockShift, cancellationToken: _cancellationToken);
                if (source.ReadByte() != -1)
                    ThrowChanged(file);
            }
            if (again != planned)
                ThrowChanged(file);
            spool.Position = 0;
            return spool;
        }
        catch (IsoBuildException e) when (e.Code == ErrorCodes.SourceChanged)
        {
            spool.Dispose();
            ThrowChanged(file);
            throw;
        }
        catch
        {
            spool.Dispose();
            throw;
        }
    }

    /// <summary>A UEFI boot image must be FAT: checked before anything is written, so a mistake costs nothing.</summary>
    public static void CheckEfiImage(ImageLayout layout)
    {
        if (layout.Boot?.Efi is not { IsGenerated: false } efi)
            return;
        byte[] sector = new byte[FatBootSector.Size];
        int read;
        using (Stream s = OpenSource(efi))
            read = s.ReadAtLeast(sector, sector.Length, throwOnEndOfStream: false);
        if (read < sector.Length || !FatBootSector.IsFat(sector))
        {
            IsoBuildException.Throw(ErrorCodes.EfiImageNotFat,
                $"The UEFI boot image '{efi.ImagePath}' is not a FAT file system. Give {ImageSetting.EfiBoot.Named()} a FAT image holding EFI/BOOT/BOOTX64.EFI (for example made with mkfs.vfat and mcopy).");
        }
    }

    private void WritePatchedBootImage(LayoutNode file, byte[] image)
    {
        PatchBootImage(file, image);
        _output.Write(image);
        Pad(image.Length);
    }

    /// <summary>The boot info table and GRUB2 boot info, patched into the image's copy of the BIOS boot image.</summary>
    private void PatchBootImage(LayoutNode file, byte[] image)
    {
        (bool grub2, bool table) = _layout!.Boot!.PatchOf(file);
        BootImagePatch.Apply(image, ImageLayout.PrimaryDescriptor, file.DataExtent, grub2, table);
    }

    private bool IsPatchedBootImage(LayoutNode file) => _layout?.Boot?.PatchOf(file) is (true, _) or (_, true);

    /// <summary>Whether a file's data is its source's bytes as they are, in an extent of its own.</summary>
    private bool IsPlainCopy(LayoutNode file) => !IsPatchedBootImage(file) && file.Compression is null && file.DataOwner is null;

    /// <summary>The file under <paramref name="output"/> that the kernel can copy into, if there is one.</summary>
    private static FileStream? KernelCopyTarget(Stream output) => output switch
    {
        ImageOutputStream image => image.File,
        FileStream { CanSeek: true } file => file,
        _ => null,
    };

    /// <summary>
    /// Copies as much of a large file as the kernel will (copy_file_range), after the <paramref name="copied"/> bytes
    /// of it already in place, leaving both streams positioned after what was copied; the caller copies any rest
    /// through its buffer and checks that the source ends there.
    /// </summary>
    private long CopyInKernel(FileStream input, FileStream output, LayoutNode file, long copied)
    {
        output.Flush();
        long start = output.Position;
        while (copied < file.Length)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            long n = KernelCopy.TryCopy(input.SafeFileHandle, copied, output.SafeFileHandle, start + copied, Math.Min(KernelCopyChunk, file.Length - copied));
            if (n < 0)
                break;
            if (n == 0)
                ThrowChanged(file);
            copied += n;
            Report(n, 0);
        }
        output.Position = start + copied;
        input.Position = copied;
        return copied;
    }

    private static readonly byte[] s_zeros = new byte[ImageLayout.SectorSize];

    private static int PaddingOf(long length) => (int)(ImageLayout.Sectors(length) * (long)ImageLayout.SectorSize - length);

    private void Pad(long length) => _output.Write(s_zeros, 0, PaddingOf(length));

    private ValueTask PadAsync(long length) => _output.WriteAsync(s_zeros.AsMemory(0, PaddingOf(length)), _cancellationToken);

    private void Report(long bytes, int files)
    {
        if (_progress is null)
            return;
        _done = _done with { BytesWritten = _done.BytesWritten + bytes, FilesWritten = _done.FilesWritten + files };
        _progress.Report(_done);
    }

    public void Dispose()
    {
        _largeFiles?.Dispose();
        _smallFiles?.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }

    internal static Stream OpenSource(LayoutNode file) => OpenSource(file, file.Entry!.Content!.OpenRead);

    /// <summary>Opens a file's source with <paramref name="open"/>, turning what can go wrong into coded errors.</summary>
    internal static T OpenSource<T>(LayoutNode file, Func<T> open)
    {
        try
        {
            return open();
        }
        catch (FileNotFoundException e)
        {
            throw new IsoBuildException(ErrorCodes.SourceChanged,
                $"'{file.Entry!.Content!.Description}' (for '{file.ImagePath}') disappeared while the image was being written. Build again once nothing else changes the sources.", e);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new IsoBuildException(ErrorCodes.SourceUnreadable,
                $"'{file.Entry!.Content!.Description}' (for '{file.ImagePath}') cannot be read: {e.Message} Check its permissions.", e);
        }
    }

    /// <summary>Reads from a file's source with <paramref name="read"/>, turning an I/O error into a coded one.</summary>
    internal static int ReadSource(LayoutNode file, Func<int> read)
    {
        try
        {
            return read();
        }
        catch (IOException e)
        {
            throw ReadFailed(file, e);
        }
    }

    private static async ValueTask<int> ReadSourceAsync(LayoutNode file, ValueTask<int> read)
    {
        try
        {
            return await read.ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw ReadFailed(file, e);
        }
    }

    private static IsoBuildException ReadFailed(LayoutNode file, IOException e) =>
        new(ErrorCodes.SourceUnreadable, $"Reading '{file.Entry!.Content!.Description}' (for '{file.ImagePath}') failed: {e.Message}", e);

    internal static void ThrowChanged(LayoutNode file) =>
        IsoBuildException.Throw(ErrorCodes.SourceChanged,
            $"'{file.Entry!.Content!.Description}' (for '{file.ImagePath}') changed size while the image was being written (expected {file.Length} bytes). Build again once nothing else changes the sources.");
}
