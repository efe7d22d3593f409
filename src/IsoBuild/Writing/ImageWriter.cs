using System.Buffers;
using IsoBuild.ElTorito;
using IsoBuild.Fat;
using IsoBuild.Hybrid;
using IsoBuild.Iso9660;
using IsoBuild.Layout;
using IsoBuild.RockRidge;
using IsoBuild.Spec;

namespace IsoBuild.Writing;

/// <summary>Streams an <see cref="ImageLayout"/> to a stream, front to back: metadata from the layout, file data copied in large blocks.</summary>
internal sealed class ImageWriter
{
    private const int CopyBufferSize = 1 << 20;
    private const long KernelCopyChunk = 64 << 20;
    private readonly ImageLayout? _layout;

    /// <summary>The layout; only file data of a file outside a boot image can be written without one.</summary>
    private ImageLayout FullLayout => _layout ?? throw new InvalidOperationException("Writing metadata or boot data needs the image's layout.");
    private readonly Stream _output;
    private readonly CancellationToken _cancellationToken;
    private readonly byte[] _sector = new byte[ImageLayout.SectorSize];
    private readonly bool _metadataOnly;
    private readonly IProgress<ImageBuildProgress>? _progress;
    private ImageBuildProgress _done;
    private long _position;

    private ImageWriter(ImageLayout? layout, Stream output, CancellationToken cancellationToken, bool metadataOnly = false,
        IProgress<ImageBuildProgress>? progress = null)
    {
        _layout = layout;
        _output = output;
        _cancellationToken = cancellationToken;
        _metadataOnly = metadataOnly;
        _progress = progress;
    }

    public static void Write(ImageLayout layout, Stream output, IProgress<ImageBuildProgress>? progress = null, CancellationToken cancellationToken = default) =>
        new ImageWriter(layout, output, cancellationToken, progress: progress).WriteAll();

    /// <summary>
    /// SHA-256 of every byte of the image except the files' data (system area, descriptors, path tables, directories,
    /// boot catalog, padding). Two layouts with the same hash differ at most in file data, so an image of one can be
    /// patched into the image of the other file by file.
    /// </summary>
    public static byte[] MetadataHash(ImageLayout layout, CancellationToken cancellationToken = default)
    {
        using var sink = new HashingStream();
        new ImageWriter(layout, sink, cancellationToken, metadataOnly: true).WriteAll();
        return sink.Hash();
    }

    /// <summary>
    /// Writes the data of <paramref name="files"/> into an image of <paramref name="layout"/>, at their extents. The
    /// layout may be left out for an image that does not boot (<see cref="LayoutNode.ForData"/> nodes).
    /// </summary>
    public static void WriteFileData(ImageLayout? layout, Stream image, IEnumerable<LayoutNode> files, CancellationToken cancellationToken = default)
    {
        var writer = new ImageWriter(layout, image, cancellationToken);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            foreach (LayoutNode file in files)
            {
                writer._position = image.Position = (long)file.DataExtent * ImageLayout.SectorSize;
                writer.CopyContent(file, buffer);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Files whose data an incremental build tracks: every file with data, except the generated boot catalog.</summary>
    public static IEnumerable<LayoutNode> DataFiles(ImageLayout layout) =>
        layout.Files.Where(f => f.Length > 0 && f.Entry!.Content is not BootCatalogContent);

    private void WriteAll()
    {
        ImageSpec spec = FullLayout.Spec;
        BootPlan? boot = FullLayout.Boot;
        CheckEfiImage(boot);
        if (boot?.Spec.HasSystemArea == true)
        {
            byte[] systemArea = new byte[ImageLayout.SystemAreaSectors * ImageLayout.SectorSize];
            HybridDisk.WriteSystemArea(systemArea, FullLayout, boot, boot.MbrCode);
            WriteBytes(systemArea);
        }
        else
        {
            WriteZeros(ImageLayout.SystemAreaSectors * (long)ImageLayout.SectorSize);
        }

        Expect(ImageLayout.PrimaryDescriptor);
        VolumeDescriptor.WritePrimary(_sector, Descriptor(joliet: false));
        WriteSector();
        if (boot?.Catalog is { } catalog)
        {
            Expect(FullLayout.BootRecord);
            BootRecord.Write(_sector, catalog.DataExtent);
            WriteSector();
        }
        if (spec.Joliet)
        {
            Expect(FullLayout.JolietDescriptor);
            VolumeDescriptor.WriteJoliet(_sector, Descriptor(joliet: true));
            WriteSector();
        }
        Expect(FullLayout.Terminator);
        VolumeDescriptor.WriteTerminator(_sector);
        WriteSector();

        Expect(FullLayout.IsoPathTableL);
        WritePathTable(FullLayout.IsoDirectories, bigEndian: false, joliet: false);
        Expect(FullLayout.IsoPathTableM);
        WritePathTable(FullLayout.IsoDirectories, bigEndian: true, joliet: false);
        if (spec.Joliet)
        {
            Expect(FullLayout.JolietPathTableL);
            WritePathTable(FullLayout.JolietDirectories, bigEndian: false, joliet: true);
            Expect(FullLayout.JolietPathTableM);
            WritePathTable(FullLayout.JolietDirectories, bigEndian: true, joliet: true);
        }

        foreach (LayoutDirectory dir in FullLayout.IsoDirectories)
        {
            Expect(dir.IsoExtent);
            WriteIsoDirectory(dir);
            WriteContinuationAreas(dir);
        }
        foreach (LayoutDirectory dir in FullLayout.JolietDirectories)
        {
            Expect(dir.JolietExtent);
            WriteJolietDirectory(dir);
        }
        Expect(FullLayout.DataStart);
        if (_progress is not null)
        {
            List<LayoutNode> data = [.. DataFiles(FullLayout)];
            _done = new ImageBuildProgress(0, data.Count, 0, data.Sum(f => f.Length));
            _progress.Report(_done);
        }
        byte[] buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        SmallFileReader? smallFiles = _metadataOnly ? null : new SmallFileReader(FullLayout.Files.Where(f => SmallFileReader.Takes(f) && !IsPatchedBootImage(f)), _cancellationToken);
        try
        {
            foreach (LayoutNode file in FullLayout.Files)
            {
                if (file.Length == 0)
                    continue;
                _cancellationToken.ThrowIfCancellationRequested();
                Expect(file.DataExtent);
                if (_metadataOnly && file.Entry!.Content is not BootCatalogContent)
                    _position += ImageLayout.Sectors(file.Length) * (long)ImageLayout.SectorSize;
                else
                    CopyContent(file, buffer, smallFiles);
            }
        }
        finally
        {
            smallFiles?.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
        }
        Expect(FullLayout.PaddingStart);
        if (boot?.Spec.Gpt == true)
        {
            byte[] backup = HybridDisk.Backup(FullLayout, boot);
            WriteZeros((long)ImageLayout.PaddingSectors * ImageLayout.SectorSize - backup.Length);
            WriteBytes(backup);
        }
        else
        {
            WriteZeros((long)ImageLayout.PaddingSectors * ImageLayout.SectorSize);
        }
        Expect(FullLayout.TotalSectors);
        _output.Flush();
    }

    private VolumeDescriptorFields Descriptor(bool joliet)
    {
        ImageSpec spec = FullLayout.Spec;
        LayoutDirectory root = FullLayout.Root;
        return new VolumeDescriptorFields
        {
            VolumeId = spec.VolumeId,
            Publisher = spec.Publisher ?? string.Empty,
            DataPreparer = spec.DataPreparer ?? string.Empty,
            Application = ImageSpec.ApplicationId,
            VolumeSpaceSize = FullLayout.TotalSectors,
            PathTableSize = joliet ? FullLayout.JolietPathTableSize : FullLayout.IsoPathTableSize,
            TypeLPathTable = joliet ? FullLayout.JolietPathTableL : FullLayout.IsoPathTableL,
            TypeMPathTable = joliet ? FullLayout.JolietPathTableM : FullLayout.IsoPathTableM,
            RootExtent = joliet ? root.JolietExtent : root.IsoExtent,
            RootSize = joliet ? root.JolietSize : root.IsoSize,
            Timestamp = spec.Timestamp,
        };
    }

    private void WritePathTable(List<LayoutDirectory> directories, bool bigEndian, bool joliet)
    {
        uint size = joliet ? FullLayout.JolietPathTableSize : FullLayout.IsoPathTableSize;
        byte[] table = new byte[ImageLayout.Sectors(size) * ImageLayout.SectorSize];
        int offset = 0;
        foreach (LayoutDirectory dir in directories)
        {
            byte[] id = dir.IsRoot ? [0] : joliet ? ImageLayout.JolietIdentifier(dir) : ImageLayout.IsoIdentifier(dir);
            uint extent = joliet ? dir.JolietExtent : dir.IsoExtent;
            ushort parent = dir.IsRoot ? (ushort)1 : joliet ? dir.Parent!.JolietNumber : dir.Parent!.IsoNumber;
            offset += PathTable.WriteRecord(table.AsSpan(offset), bigEndian, id, extent, parent);
        }
        WriteBytes(table);
    }

    private void WriteIsoDirectory(LayoutDirectory dir)
    {
        byte[] extent = new byte[dir.IsoSize];
        int position = 0;
        foreach ((LayoutNode node, RecordRole role, int part) in ImageLayout.RecordsOf(dir))
        {
            LayoutNode target = role == RecordRole.DotDot ? dir.Parent ?? dir : node;
            ReadOnlySpan<byte> id = role switch
            {
                RecordRole.Dot => DirectoryRecord.SelfIdentifier,
                RecordRole.DotDot => DirectoryRecord.ParentIdentifier,
                _ => ImageLayout.IsoIdentifier(node),
            };
            byte[] systemUse = FullLayout.Spec.RockRidge ? SystemUse(node, role) : [];
            int length = DirectoryRecord.Length(id.Length, systemUse.Length);
            position = Align(position, length);
            (uint start, uint size, byte flags) = Extent(target, part, joliet: false);
            DirectoryRecord.Write(extent.AsSpan(position), start, size, FullLayout.Spec.Timestamp, flags, id, systemUse);
            position += length;
        }
        WriteBytes(extent);
    }

    private void WriteJolietDirectory(LayoutDirectory dir)
    {
        byte[] extent = new byte[dir.JolietSize];
        int position = 0;
        void Record(LayoutNode target, ReadOnlySpan<byte> id, int part)
        {
            int length = DirectoryRecord.Length(id.Length, 0);
            position = Align(position, length);
            (uint start, uint size, byte flags) = Extent(target, part, joliet: true);
            DirectoryRecord.Write(extent.AsSpan(position), start, size, FullLayout.Spec.Timestamp, flags, id, []);
            position += length;
        }
        Record(dir, DirectoryRecord.SelfIdentifier, 0);
        Record(dir.Parent ?? dir, DirectoryRecord.ParentIdentifier, 0);
        foreach (LayoutNode child in dir.JolietOrder)
        {
            byte[] id = ImageLayout.JolietIdentifier(child);
            for (int part = 0; part < ImageLayout.ExtentCount(child); part++)
                Record(child, id, part);
        }
        WriteBytes(extent);
    }

    /// <summary>What a directory record says of its target: a directory's extent in the tree, or one part of a file.</summary>
    private static (uint Start, uint Size, byte Flags) Extent(LayoutNode target, int part, bool joliet)
    {
        if (target is LayoutDirectory d)
            return joliet ? (d.JolietExtent, d.JolietSize, DirectoryRecord.FlagDirectory) : (d.IsoExtent, d.IsoSize, DirectoryRecord.FlagDirectory);
        (uint start, uint size, bool more) = ImageLayout.ExtentOf(target, part);
        return (start, size, more ? DirectoryRecord.FlagMultiExtent : (byte)0);
    }

    private static int Align(int position, int length) =>
        position % ImageLayout.SectorSize + length > ImageLayout.SectorSize
            ? position + ImageLayout.SectorSize - position % ImageLayout.SectorSize
            : position;

    /// <summary>The system use bytes recorded in the directory record itself, with a CE entry when they continue.</summary>
    private byte[] SystemUse(LayoutNode node, RecordRole role)
    {
        List<byte[]> entries = RockRidgeEntries.For(node, role, FullLayout.Spec.Timestamp);
        SystemUsePlan plan = ImageLayout.PlanSystemUse(node, role, entries);
        byte[] bytes = new byte[plan.InRecordLength];
        int o = Concat(entries, 0, plan.InRecordCount, bytes);
        if (plan.Areas.Count > 0)
        {
            ContinuationArea first = node.Continuation(role)![0];
            SuspEntry.WriteContinuation(bytes.AsSpan(o), first.Block, first.Offset, first.Length);
        }
        return bytes;
    }

    private static int Concat(List<byte[]> entries, int start, int count, Span<byte> destination)
    {
        int o = 0;
        for (int i = start; i < start + count; i++)
        {
            entries[i].CopyTo(destination[o..]);
            o += entries[i].Length;
        }
        return o;
    }

    private void WriteContinuationAreas(LayoutDirectory dir)
    {
        if (dir.ContinuationSectors == 0)
            return;
        uint regionStart = dir.IsoExtent + ImageLayout.Sectors(dir.IsoSize);
        byte[] region = new byte[dir.ContinuationSectors * ImageLayout.SectorSize];
        foreach ((LayoutNode node, RecordRole role, int part) in ImageLayout.RecordsOf(dir))
        {
            if (node.Continuation(role) is null || role == RecordRole.DotDot || part > 0)
                continue;
            List<byte[]> entries = RockRidgeEntries.For(node, role, FullLayout.Spec.Timestamp);
            SystemUsePlan plan = ImageLayout.PlanSystemUse(node, role, entries);
            ContinuationArea[] areas = node.Continuation(role)!;
            for (int i = 0; i < areas.Length; i++)
            {
                Span<byte> area = region.AsSpan((int)((areas[i].Block - regionStart) * ImageLayout.SectorSize) + areas[i].Offset, areas[i].Length);
                (int start, int count, _) = plan.Areas[i];
                int o = Concat(entries, start, count, area);
                if (i + 1 < areas.Length)
                    SuspEntry.WriteContinuation(area[o..], areas[i + 1].Block, areas[i + 1].Offset, areas[i + 1].Length);
            }
        }
        WriteBytes(region);
    }

    /// <summary>A UEFI boot image must be FAT: checked before anything is written, so a mistake costs nothing.</summary>
    private static void CheckEfiImage(BootPlan? boot)
    {
        if (boot?.Efi is not { } efi || efi.Entry!.Content is BootCatalogContent)
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

    private void CopyContent(LayoutNode file, byte[] buffer, SmallFileReader? smallFiles = null)
    {
        ContentSource content = file.Entry!.Content!;
        if (content is BootCatalogContent)
        {
            byte[] catalog = BootCatalog.Create(FullLayout.Boot!.CatalogEntries());
            WriteBytes(catalog);
            return;
        }
        if (IsPatchedBootImage(file))
        {
            WritePatchedBootImage(file);
            return;
        }
        long expected = file.Length;
        if (SmallFileReader.Takes(file))
        {
            byte[] data = smallFiles?.Take(file) ?? SmallFileReader.ReadWhole(file);
            try
            {
                WriteBytes(data.AsSpan(0, (int)expected));
            }
            finally
            {
                SmallFileReader.Return(data);
            }
            WriteZeros(ImageLayout.Sectors(expected) * (long)ImageLayout.SectorSize - expected);
            Report(expected, 1);
            return;
        }
        long copied = 0;
        using (Stream source = OpenSource(file))
        {
            if (source is FileStream input && _output is FileStream output && KernelCopy.Available)
                copied = CopyInKernel(input, output, file);
            while (copied < expected)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                int want = (int)Math.Min(buffer.Length, expected - copied);
                int read = ReadSource(file, () => source.Read(buffer, 0, want));
                if (read == 0)
                    ThrowChanged(file);
                _output.Write(buffer, 0, read);
                copied += read;
                Report(read, 0);
            }
            if (ReadSource(file, () => source.Read(buffer, 0, 1)) != 0)
                ThrowChanged(file);
        }
        _position += copied;
        WriteZeros(ImageLayout.Sectors(expected) * (long)ImageLayout.SectorSize - expected);
        Report(0, 1);
    }

    private void Report(long bytes, int files)
    {
        if (_progress is null)
            return;
        _done = _done with { BytesWritten = _done.BytesWritten + bytes, FilesWritten = _done.FilesWritten + files };
        _progress.Report(_done);
    }

    /// <summary>
    /// Copies as much of a large file as the kernel will (copy_file_range), leaving both streams positioned after
    /// what was copied; the caller copies any rest through its buffer and checks that the source ends there.
    /// </summary>
    private long CopyInKernel(FileStream input, FileStream output, LayoutNode file)
    {
        output.Flush();
        long start = output.Position;
        long copied = 0;
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

    /// <summary>The BIOS boot image, read whole (at most 32 MiB), patched in the copy and written.</summary>
    private void WritePatchedBootImage(LayoutNode file)
    {
        byte[] image = new byte[file.Length];
        using (Stream source = OpenSource(file))
        {
            int read = source.ReadAtLeast(image, image.Length, throwOnEndOfStream: false);
            if (read != image.Length || source.ReadByte() != -1)
                ThrowChanged(file);
        }
        BootImagePatch.Apply(image, ImageLayout.PrimaryDescriptor, file.DataExtent, FullLayout.Boot!.Spec.Grub2BootInfo, FullLayout.Boot.Spec.BootInfoTable);
        WriteBytes(image);
        WriteZeros(ImageLayout.Sectors(image.Length) * (long)ImageLayout.SectorSize - image.Length);
    }

    private bool IsPatchedBootImage(LayoutNode file) =>
        file == _layout?.Boot?.Bios && (_layout.Boot.Spec.BootInfoTable || _layout.Boot.Spec.Grub2BootInfo);

    private static Stream OpenSource(LayoutNode file) => OpenSource(file, file.Entry!.Content!.OpenRead);

    /// <summary>Opens a file's source with <paramref name="open"/>, turning what can go wrong into coded errors.</summary>
    internal static T OpenSource<T>(LayoutNode file, Func<T> open)
    {
        ContentSource content = file.Entry!.Content!;
        try
        {
            return open();
        }
        catch (FileNotFoundException e)
        {
            throw new IsoBuildException(ErrorCodes.SourceChanged,
                $"'{content.Description}' (for '{file.ImagePath}') disappeared while the image was being written. Build again once nothing else changes the sources.", e);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new IsoBuildException(ErrorCodes.SourceUnreadable,
                $"'{content.Description}' (for '{file.ImagePath}') cannot be read: {e.Message} Check its permissions.", e);
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
            throw new IsoBuildException(ErrorCodes.SourceUnreadable,
                $"Reading '{file.Entry!.Content!.Description}' (for '{file.ImagePath}') failed: {e.Message}", e);
        }
    }

    internal static void ThrowChanged(LayoutNode file) =>
        IsoBuildException.Throw(ErrorCodes.SourceChanged,
            $"'{file.Entry!.Content!.Description}' (for '{file.ImagePath}') changed size while the image was being written (expected {file.Length} bytes). Build again once nothing else changes the sources.");

    private void Expect(uint sector)
    {
        long expected = (long)sector * ImageLayout.SectorSize;
        if (_position != expected)
            throw new InvalidOperationException($"Image writer is at byte {_position}, but the layout puts the next structure at sector {sector}.");
    }

    private void WriteSector() => WriteBytes(_sector);

    private void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        _output.Write(bytes);
        _position += bytes.Length;
    }

    private void WriteZeros(long count)
    {
        Span<byte> zeros = stackalloc byte[ImageLayout.SectorSize];
        zeros.Clear();
        while (count > 0)
        {
            int n = (int)Math.Min(count, zeros.Length);
            _output.Write(zeros[..n]);
            count -= n;
            _position += n;
        }
    }
}
