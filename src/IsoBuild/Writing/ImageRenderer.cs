using IsoBuild.ElTorito;
using IsoBuild.Iso9660;
using IsoBuild.Layout;
using IsoBuild.RockRidge;
using IsoBuild.Spec;
using IsoBuild.Udf;

namespace IsoBuild.Writing;

/// <summary>
/// Renders an <see cref="ImageLayout"/> as the stretches of the image, front to back: the system area, volume
/// descriptors, path tables, directories, continuation areas, the boot catalog and padding as bytes, and file data
/// as references for a writer to copy. Nothing here reads a source file; the chunks are checked against the
/// sectors the layout gave each structure.
/// </summary>
internal sealed class ImageRenderer
{
    private readonly ImageLayout _layout;
    private readonly RockRidgePlanner? _rockRidge;
    private readonly UdfFileSystem? _udf;
    private readonly IReadOnlyList<UdfAreaPlacement> _udfAreas;
    private int _nextUdfArea;
    private long _position;
    // A directory's records are made in one buffer that the next directory uses again (the chunk of one directory is
    // written before the next is asked for): 10,000 directories of 100 files each make no 230 MB to collect.
    private byte[] _directoryBuffer = [];

    private ImageRenderer(ImageLayout layout)
    {
        _layout = layout;
        _rockRidge = layout.Spec.RockRidge ? new RockRidgePlanner(layout) : null;
        _udf = layout.Udf?.FileSystem;
        _udfAreas = _udf?.Areas ?? [];
    }

    /// <summary>
    /// The whole image as chunks, in order. The bytes of a chunk are valid until the next chunk is asked for (a
    /// directory's records share one buffer with the next directory's): consume each before moving on.
    /// </summary>
    public static IEnumerable<ImageChunk> Chunks(ImageLayout layout) => new ImageRenderer(layout).Render();

    private IEnumerable<ImageChunk> Render()
    {
        ImageSpec spec = _layout.Spec;
        BootPlan? boot = _layout.Boot;
        if (_layout.SystemArea is { } plan)
        {
            byte[] systemArea = new byte[ImageLayout.SystemAreaSectors * ImageLayout.SectorSize];
            SystemAreaWriter.Write(systemArea, _layout, plan, boot!.MbrCode);
            yield return Emit(systemArea);
        }
        else if (boot?.Spec.HasSystemArea == true)
        {
            byte[] systemArea = new byte[ImageLayout.SystemAreaSectors * ImageLayout.SectorSize];
            HybridDisk.WriteSystemArea(systemArea, _layout, boot, boot.MbrCode);
            yield return Emit(systemArea);
        }
        else
        {
            yield return EmitZeros(ImageLayout.SystemAreaSectors * (long)ImageLayout.SectorSize);
        }

        Expect(ImageLayout.PrimaryDescriptor);
        yield return Emit(Sector(s => Descriptor(joliet: false, partition: null).Write(s)));
        if (boot?.Catalog is { } catalog)
        {
            Expect(_layout.BootRecord);
            yield return Emit(Sector(s => BootRecord.Write(s, catalog.DataExtent)));
        }
        if (spec.Joliet)
        {
            Expect(_layout.JolietDescriptor);
            yield return Emit(Sector(s => Descriptor(joliet: true, partition: null).Write(s)));
        }
        Expect(_layout.Terminator);
        yield return Emit(Sector(s => VolumeDescriptor.WriteTerminator(s)));
        // libisofs MD5 records are zeros here; the writer fills them in once the image is complete.
        if (_layout.Md5Records is { } md5)
        {
            Expect(md5.SuperblockTag);
            yield return EmitZeros(ImageLayout.SectorSize);
        }
        PartitionVolume? partition = _layout.PartitionVolume;
        if (partition is not null)
        {
            // The partition's descriptors at its block 16: no boot record (the catalog is the first set's).
            yield return EmitZeros((long)partition.PrimaryDescriptor * ImageLayout.SectorSize - _position);
            yield return Emit(Sector(s => Descriptor(joliet: false, partition).Write(s)));
            if (spec.Joliet)
            {
                Expect(partition.JolietDescriptor);
                yield return Emit(Sector(s => Descriptor(joliet: true, partition).Write(s)));
            }
            Expect(partition.Terminator);
            yield return Emit(Sector(s => VolumeDescriptor.WriteTerminator(s)));
        }

        foreach (ImageChunk chunk in Metadata(partition: null))
            yield return chunk;
        if (partition is not null)
        {
            Expect(partition.CopyStart);
            foreach (ImageChunk chunk in Metadata(partition))
                yield return chunk;
            Expect(partition.CopyEnd);
        }

        if (_layout.Md5Records is { } tree)
        {
            foreach (ImageChunk udf in Reach(tree.TreeTag))
                yield return udf;
            yield return EmitZeros(ImageLayout.SectorSize);
        }
        foreach (ImageChunk udf in Reach(_layout.DataStart))
            yield return udf;
        foreach (LayoutNode file in _layout.Files)
        {
            if (file.DataLength == 0 || file.DataOwner is not null)
                continue;
            Expect(file.DataExtent);
            if (file == boot?.Catalog)
            {
                yield return Emit(BootCatalog.Create(boot.CatalogEntries(_layout.SystemArea is { } area ? area.Place : null)));
                continue;
            }
            ImageChunk data = ImageChunk.Data(file);
            _position += data.Length;
            yield return data;
        }

        if (_layout.Md5Records is { } session)
        {
            Expect(session.ArrayStart);
            yield return EmitZeros((session.ArrayBlocks + 1L) * ImageLayout.SectorSize);
        }
        if (_layout.FillerSectors > 0)
            yield return EmitZeros((long)_layout.FillerSectors * ImageLayout.SectorSize);

        Expect(_layout.PaddingStart);
        if (_layout.SystemArea is { } systemAreaPlan)
        {
            foreach (ImageChunk chunk in Tail(systemAreaPlan))
                yield return chunk;
        }
        else if (boot?.Spec.Gpt == true)
        {
            byte[] backup = HybridDisk.Backup(_layout, boot);
            foreach (ImageChunk chunk in Fill(_layout.TotalBytes - backup.Length))
                yield return chunk;
            yield return Emit(backup);
        }
        else
        {
            foreach (ImageChunk chunk in Fill(_layout.TotalBytes))
                yield return chunk;
        }
        Expect(_layout.TotalSectors);
        if (_nextUdfArea < _udfAreas.Count)
            throw new InvalidOperationException($"The UDF area {_udfAreas[_nextUdfArea].Area} at sector {_udfAreas[_nextUdfArea].Start} lies beyond the rendered image.");
    }

    /// <summary>
    /// Path tables, ISO 9660 directories with their continuation areas and Joliet directories: the first set's, or
    /// with <paramref name="partition"/> its copy, each structure <see cref="PartitionVolume.Shift"/> blocks later
    /// with the addresses the partition reads.
    /// </summary>
    private IEnumerable<ImageChunk> Metadata(PartitionVolume? partition)
    {
        uint shift = partition?.Shift ?? 0;
        IEnumerable<ImageChunk> At(uint sector) => partition is null ? Reach(sector) : ExpectAt(sector + shift);
        foreach (ImageChunk udf in At(_layout.IsoPathTableL))
            yield return udf;
        yield return Emit(PathTableBytes(_layout.IsoDirectories, bigEndian: false, joliet: false, partition));
        foreach (ImageChunk udf in At(_layout.IsoPathTableM))
            yield return udf;
        yield return Emit(PathTableBytes(_layout.IsoDirectories, bigEndian: true, joliet: false, partition));
        if (_layout.Spec.Joliet)
        {
            foreach (ImageChunk udf in At(_layout.JolietPathTableL))
                yield return udf;
            yield return Emit(PathTableBytes(_layout.JolietDirectories, bigEndian: false, joliet: true, partition));
            foreach (ImageChunk udf in At(_layout.JolietPathTableM))
                yield return udf;
            yield return Emit(PathTableBytes(_layout.JolietDirectories, bigEndian: true, joliet: true, partition));
        }

        foreach (LayoutDirectory dir in _layout.IsoDirectories)
        {
            foreach (ImageChunk udf in At(dir.IsoExtent))
                yield return udf;
            yield return Emit(IsoDirectory(dir, partition));
            if (dir.ContinuationSectors > 0)
                yield return Emit(ContinuationAreas(dir, partition));
        }
        foreach (LayoutDirectory dir in _layout.JolietDirectories)
        {
            foreach (ImageChunk udf in At(dir.JolietExtent))
                yield return udf;
            yield return Emit(JolietDirectory(dir, partition));
        }
    }

    private IEnumerable<ImageChunk> ExpectAt(uint sector)
    {
        Expect(sector);
        return [];
    }

    /// <summary>A block of metadata as the set being written records it (see <see cref="PartitionVolume"/>).</summary>
    private static uint Metadata(PartitionVolume? partition, uint block) => partition?.Metadata(block) ?? block;

    /// <summary>A block of file data as the set being written records it.</summary>
    private static uint Data(PartitionVolume? partition, uint block) => partition?.Data(block) ?? block;

    /// <summary>
    /// The UDF areas that lie before <paramref name="sector"/> and the zeros around them (the sectors the layout
    /// skipped below the anchor at 256), then a check that the next structure starts at <paramref name="sector"/>.
    /// Without UDF only the check.
    /// </summary>
    private IEnumerable<ImageChunk> Reach(uint sector)
    {
        if (_udf is not null)
        {
            foreach (ImageChunk chunk in Fill((long)sector * ImageLayout.SectorSize))
                yield return chunk;
        }
        Expect(sector);
    }

    /// <summary>Zeros up to byte <paramref name="end"/>, with the UDF areas that lie before it in their places.</summary>
    private IEnumerable<ImageChunk> Fill(long end)
    {
        while (_nextUdfArea < _udfAreas.Count && (long)_udfAreas[_nextUdfArea].Start * ImageLayout.SectorSize < end)
        {
            UdfAreaPlacement area = _udfAreas[_nextUdfArea++];
            long start = (long)area.Start * ImageLayout.SectorSize;
            if (_position < start)
                yield return EmitZeros(start - _position);
            Expect(area.Start);
            foreach (ReadOnlyMemory<byte> piece in _udf!.RenderArea(area.Area))
            {
                _position += piece.Length;
                yield return ImageChunk.Of(piece);
            }
            Expect(area.Start + area.Sectors);
        }
        if (_position < end)
            yield return EmitZeros(end - _position);
    }

    /// <summary>
    /// After the data: padding and cylinder padding, the appended partitions, and the backup GPT in the image's last
    /// sectors (in the padding when nothing is appended, else in blocks of its own).
    /// </summary>
    private IEnumerable<ImageChunk> Tail(SystemAreaPlan plan)
    {
        byte[]? backup = plan.HasGpt ? SystemAreaWriter.Backup(_layout, plan) : null;
        long padding = (long)(_layout.Padding + plan.CylinderPadding) * ImageLayout.SectorSize;
        bool backupInPadding = backup is not null && plan.Appended.Count == 0;
        yield return EmitZeros(backupInPadding ? padding - backup!.Length : padding);
        if (backupInPadding)
            yield return Emit(backup!);
        Expect(_layout.VolumeSectors);
        foreach (PlacedPartition p in plan.Appended)
        {
            Expect(p.Block);
            if (p.Node.Length == 0)
                continue;
            ImageChunk data = ImageChunk.Data(p.Node);
            _position += (long)p.Blocks * ImageLayout.SectorSize;
            yield return data;
        }
        if (plan.TrailerSectors > 0)
        {
            // Trailing padding, then the backup GPT in the last blocks when there is a GPT.
            byte[]? last = backupInPadding ? null : backup;
            yield return EmitZeros((long)plan.TrailerSectors * ImageLayout.SectorSize - (last?.Length ?? 0));
            if (last is not null)
                yield return Emit(last);
        }
    }

    private ImageChunk Emit(ReadOnlyMemory<byte> bytes)
    {
        _position += bytes.Length;
        return ImageChunk.Of(bytes);
    }

    private ImageChunk EmitZeros(long count)
    {
        _position += count;
        return ImageChunk.Zeros(count);
    }

    private void Expect(uint sector)
    {
        long expected = (long)sector * ImageLayout.SectorSize;
        if (_position != expected)
            throw new InvalidOperationException($"The image is rendered up to byte {_position}, but the layout puts the next structure at sector {sector}.");
    }

    private static byte[] Sector(Action<byte[]> write)
    {
        byte[] sector = new byte[ImageLayout.SectorSize];
        write(sector);
        return sector;
    }

    /// <summary>
    /// The primary or Joliet descriptor: every date but the expiration date (not specified) is the build timestamp.
    /// An edit keeps its base's fields instead (<see cref="BaseVolume"/>): where the spec keeps the base's volume id,
    /// publisher or data preparer, the Joliet descriptor keeps its own spelling of it.
    /// </summary>
    private VolumeDescriptor Descriptor(bool joliet, PartitionVolume? partition)
    {
        ImageSpec spec = _layout.Spec;
        LayoutDirectory root = _layout.Root;
        BaseVolume? kept = spec.BaseVolume;
        VolumeDescriptor? source = kept?.For(joliet);
        bool keptJoliet = joliet && kept?.Joliet is not null;
        string Id(string value, string? fromBase, string baseSpelling) =>
            keptJoliet && string.Equals(value, fromBase, StringComparison.Ordinal) ? baseSpelling : value;
        bool keepDates = kept?.KeepDates == true;
        return new VolumeDescriptor
        {
            Type = joliet ? VolumeDescriptor.TypeSupplementary : VolumeDescriptor.TypePrimary,
            JolietLevel = joliet ? 3 : 0,
            SystemId = source?.SystemId ?? string.Empty,
            VolumeId = source is null ? spec.VolumeId : Id(spec.VolumeId, kept!.VolumeId, source.VolumeId),
            VolumeSetId = source?.VolumeSetId ?? string.Empty,
            Publisher = source is null ? spec.Publisher ?? string.Empty : Id(spec.Publisher ?? string.Empty, kept!.Publisher ?? string.Empty, source.Publisher),
            DataPreparer = source is null ? spec.DataPreparer ?? string.Empty : Id(spec.DataPreparer ?? string.Empty, kept!.DataPreparer ?? string.Empty, source.DataPreparer),
            Application = source?.Application ?? ImageSpec.ApplicationId,
            CopyrightFile = source?.CopyrightFile ?? string.Empty,
            AbstractFile = source?.AbstractFile ?? string.Empty,
            BibliographicFile = source?.BibliographicFile ?? string.Empty,
            VolumeSpaceSize = VolumeSpaceSize(joliet, partition),
            PathTableSize = joliet ? _layout.JolietPathTableSize : _layout.IsoPathTableSize,
            TypeLPathTable = Metadata(partition, joliet ? _layout.JolietPathTableL : _layout.IsoPathTableL),
            TypeMPathTable = Metadata(partition, joliet ? _layout.JolietPathTableM : _layout.IsoPathTableM),
            Root = new DirectoryRecord
            {
                Extent = Metadata(partition, joliet ? root.JolietExtent : root.IsoExtent),
                DataLength = joliet ? root.JolietSize : root.IsoSize,
                Date = RecordDate(root),
                Flags = DirectoryRecord.FlagDirectory,
                Identifier = [.. DirectoryRecord.SelfIdentifier],
            },
            Created = keepDates ? source!.Created : spec.Timestamp,
            // blkid, udev and GRUB read this date as the volume UUID; GRUB reads the Joliet one when the root has no
            // Rock Ridge, so both carry it. An edit that keeps its base's UUID keeps the date as the base wrote it
            // (with its time zone), which reads as the same UUID.
            Modified = keepDates && source!.Modified is { } modified && VolumeIdentity.ReadsAs(modified, _layout.VolumeUuid) ? modified : _layout.VolumeUuid.Date,
            Expires = keepDates ? source!.Expires : null,
            Effective = keepDates ? source!.Effective : spec.Timestamp,
        };
    }

    /// <summary>
    /// The volume space size a descriptor states: the volume's sectors; the partition's from its start. With a
    /// partition offset the first primary descriptor states the whole image (libisofs's pvd_size_is_total_size: the
    /// volume seen from block 0 spans the disk), its Joliet descriptor the volume, as xorriso writes them.
    /// </summary>
    private uint VolumeSpaceSize(bool joliet, PartitionVolume? partition) =>
        partition is not null ? _layout.VolumeSectors - partition.Offset
        : _layout.PartitionVolume is not null && !joliet ? _layout.TotalSectors
        : _layout.VolumeSectors;

    /// <summary>The date of a node's directory records: the one it keeps from a base image, else the build timestamp.</summary>
    private DateTimeOffset RecordDate(LayoutNode node) =>
        KeptAttributes.Of(node, _layout.Spec.BaseVolume)?.RecordDate ?? _layout.Spec.Timestamp;

    private byte[] PathTableBytes(List<LayoutDirectory> directories, bool bigEndian, bool joliet, PartitionVolume? partition)
    {
        uint size = joliet ? _layout.JolietPathTableSize : _layout.IsoPathTableSize;
        byte[] table = new byte[ImageLayout.Sectors(size) * ImageLayout.SectorSize];
        int offset = 0;
        foreach (LayoutDirectory dir in directories)
        {
            byte[] id = dir.IsRoot ? [0] : joliet ? ImageLayout.JolietIdentifier(dir) : ImageLayout.IsoIdentifier(dir);
            uint extent = Metadata(partition, joliet ? dir.JolietExtent : dir.IsoExtent);
            ushort parent = dir.IsRoot ? (ushort)1 : joliet ? dir.Parent!.JolietNumber : dir.Parent!.IsoNumber;
            offset += PathTable.WriteRecord(table.AsSpan(offset), bigEndian, id, extent, parent);
        }
        return table;
    }

    /// <summary>A directory's extent of <paramref name="size"/> bytes, zeros, in the buffer the directories share.</summary>
    private Memory<byte> DirectoryExtent(uint size)
    {
        if (_directoryBuffer.Length < size)
            _directoryBuffer = new byte[size];
        else
            Array.Clear(_directoryBuffer, 0, (int)size);
        return _directoryBuffer.AsMemory(0, (int)size);
    }

    private ReadOnlyMemory<byte> IsoDirectory(LayoutDirectory dir, PartitionVolume? partition)
    {
        Memory<byte> extent = DirectoryExtent(dir.IsoSize);
        int position = 0;
        Span<byte> usual = stackalloc byte[DirectoryRecord.MaxLength];
        Span<byte> identifier = stackalloc byte[byte.MaxValue];
        foreach ((LayoutNode node, RecordRole role, int part) in ImageLayout.RecordsOf(dir))
        {
            LayoutNode target = role == RecordRole.DotDot ? dir.Parent ?? dir : node;
            scoped ReadOnlySpan<byte> id = role switch
            {
                RecordRole.Dot => DirectoryRecord.SelfIdentifier,
                RecordRole.DotDot => DirectoryRecord.ParentIdentifier,
                _ => identifier[..node.WriteIsoId(identifier)],
            };
            scoped ReadOnlySpan<byte> systemUse = [];
            if (_rockRidge is not null)
            {
                int written = _rockRidge.TryWriteUsual(node, role, usual);
                systemUse = written >= 0 ? usual[..written] : SystemUse(_rockRidge, node, role, partition);
            }
            int length = DirectoryRecord.Length(id.Length, systemUse.Length);
            position = Align(position, length);
            (uint start, uint size, byte flags) = Extent(target, part, joliet: false, partition);
            DirectoryRecord.Write(extent.Span[position..], start, size, RecordDate(target), flags, id, systemUse);
            position += length;
        }
        return extent;
    }

    private ReadOnlyMemory<byte> JolietDirectory(LayoutDirectory dir, PartitionVolume? partition)
    {
        Memory<byte> extent = DirectoryExtent(dir.JolietSize);
        int position = 0;
        void Record(LayoutNode target, ReadOnlySpan<byte> id, int part)
        {
            int length = DirectoryRecord.Length(id.Length, 0);
            position = Align(position, length);
            (uint start, uint size, byte flags) = Extent(target, part, joliet: true, partition);
            DirectoryRecord.Write(extent.Span[position..], start, size, RecordDate(target), flags, id, []);
            position += length;
        }
        Record(dir, DirectoryRecord.SelfIdentifier, 0);
        Record(dir.Parent ?? dir, DirectoryRecord.ParentIdentifier, 0);
        Span<byte> id = stackalloc byte[DirectoryRecord.MaxLength];
        foreach (LayoutNode child in dir.JolietOrder)
        {
            int idLength = child.WriteJolietId(id);
            for (int part = 0; part < ImageLayout.ExtentCount(child); part++)
                Record(child, id[..idLength], part);
        }
        return extent;
    }

    /// <summary>What a directory record says of its target: a directory's extent in the tree, or one part of a file.</summary>
    private static (uint Start, uint Size, byte Flags) Extent(LayoutNode target, int part, bool joliet, PartitionVolume? partition)
    {
        if (target is LayoutDirectory d)
        {
            return joliet ? (Metadata(partition, d.JolietExtent), d.JolietSize, DirectoryRecord.FlagDirectory)
                : (Metadata(partition, d.IsoExtent), d.IsoSize, DirectoryRecord.FlagDirectory);
        }
        (uint start, uint size, bool more) = ImageLayout.ExtentOf(target, part);
        return (Data(partition, start), size, more ? DirectoryRecord.FlagMultiExtent : (byte)0);
    }

    private static int Align(int position, int length) =>
        position % ImageLayout.SectorSize + length > ImageLayout.SectorSize
            ? position + ImageLayout.SectorSize - position % ImageLayout.SectorSize
            : position;

    /// <summary>The system use bytes recorded in the directory record itself, with a CE entry when they continue.</summary>
    private static byte[] SystemUse(RockRidgePlanner rockRidge, LayoutNode node, RecordRole role, PartitionVolume? partition)
    {
        List<byte[]> entries = rockRidge.Entries(node, role);
        SystemUsePlan plan = RockRidgePlanner.Plan(node, role, entries);
        byte[] bytes = new byte[plan.InRecordLength];
        int o = Concat(entries, 0, plan.InRecordCount, bytes);
        if (plan.Areas.Count > 0)
        {
            ContinuationArea first = node.Continuation(role)![0];
            SuspEntry.WriteContinuation(bytes.AsSpan(o), Metadata(partition, first.Block), first.Offset, first.Length);
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

    private byte[] ContinuationAreas(LayoutDirectory dir, PartitionVolume? partition)
    {
        uint regionStart = dir.IsoExtent + ImageLayout.Sectors(dir.IsoSize);
        byte[] region = new byte[dir.ContinuationSectors * ImageLayout.SectorSize];
        foreach ((LayoutNode node, RecordRole role, int part) in ImageLayout.RecordsOf(dir))
        {
            if (node.Continuation(role) is null || role == RecordRole.DotDot || part > 0)
                continue;
            List<byte[]> entries = _rockRidge!.Entries(node, role);
            SystemUsePlan plan = RockRidgePlanner.Plan(node, role, entries);
            ContinuationArea[] areas = node.Continuation(role)!;
            for (int i = 0; i < areas.Length; i++)
            {
                Span<byte> area = region.AsSpan((int)((areas[i].Block - regionStart) * ImageLayout.SectorSize) + areas[i].Offset, areas[i].Length);
                (int start, int count, _) = plan.Areas[i];
                int o = Concat(entries, start, count, area);
                if (i + 1 < areas.Length)
                    SuspEntry.WriteContinuation(area[o..], Metadata(partition, areas[i + 1].Block), areas[i + 1].Offset, areas[i + 1].Length);
            }
        }
        return region;
    }
}
