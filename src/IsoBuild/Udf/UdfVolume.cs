using System.Buffers.Binary;
using IsoBuild.Sectors;
using IsoBuild.Spec;

namespace IsoBuild.Udf;

/// <summary>A partition as <c>info</c> shows it.</summary>
internal sealed record UdfPartitionInfo(int Reference, PartitionMapKind Kind, ushort Number, uint Start, uint Length, uint AccessType);

/// <summary>What a UDF volume records about itself, for <c>info</c>.</summary>
internal sealed record UdfVolumeInfo
{
    /// <summary>The UDF revision (BCD, 0x0102 = 1.02): the domain identifier's, else the integrity descriptor's minimum read revision.</summary>
    public ushort Revision { get; init; }
    public string RecognitionIdentifier { get; init; } = string.Empty;
    public string VolumeIdentifier { get; init; } = string.Empty;
    public string VolumeSetIdentifier { get; init; } = string.Empty;
    public string LogicalVolumeIdentifier { get; init; } = string.Empty;
    public string FileSetIdentifier { get; init; } = string.Empty;
    public string ImplementationIdentifier { get; init; } = string.Empty;
    public DateTimeOffset? RecordingTime { get; init; }
    public IReadOnlyList<UdfPartitionInfo> Partitions { get; init; } = [];
    public bool? IntegrityClosed { get; init; }
    public ulong NextUniqueId { get; init; }
    public uint FileCount { get; init; }
    public uint DirectoryCount { get; init; }
    public ushort MinReadRevision { get; init; }
    public ushort MinWriteRevision { get; init; }
    public ushort MaxWriteRevision { get; init; }

    /// <summary>"2.50" for 0x0250.</summary>
    public static string FormatRevision(ushort revision) => $"{revision >> 8:x}.{revision & 0xFF:x2}";
}

/// <summary>
/// Reads the UDF file system of an image (UDF 1.02 to 2.60): anchors, volume descriptor sequences, partitions
/// (physical, sparable, virtual, metadata), the file set and the directory tree, lazily and with limits. Structural
/// damage is an <see cref="IsoBuildException"/> with an ISO06xx code; what only <c>verify</c> cares about (CRCs,
/// recorded locations) goes to the problem list when one is given.
/// </summary>
internal sealed class UdfVolume
{
    private const int BlockSize = UdfFormat.SectorSize;

    /// <summary>Zero sectors skipped from the end of the image when looking for a virtual allocation table (256 MiB).</summary>
    private const long MaxTrailingZeroSectors = 131_072;
    private readonly List<UdfProblem>? _problems;
    private readonly UdfPartition?[] _partitions;
    private readonly HashSet<LogicalBlockAddress> _directories = [];
    private long _entries;

    private UdfVolume(ImageSource source, UdfReaderLimits limits, List<UdfProblem>? problems, UdfPartition?[] partitions)
    {
        Source = source;
        Limits = limits;
        _problems = problems;
        _partitions = partitions;
    }

    public ImageSource Source { get; }
    public UdfReaderLimits Limits { get; }
    public UdfVolumeInfo Info { get; private set; } = new();
    public UdfEntry Root { get; private set; } = null!;
    internal IReadOnlyList<UdfPartition?> Partitions => _partitions;

    /// <summary>True when the image has a UDF volume recognition sequence (NSR02 or NSR03) or an anchor at 256.</summary>
    public static bool Detect(ImageSource source) => FindRecognition(source) is not null || FindAnchor(source) is not null;

    public static UdfVolume Open(ImageSource source, UdfReaderLimits? limits = null, List<UdfProblem>? problems = null)
    {
        limits ??= UdfReaderLimits.Default;
        string? nsr = FindRecognition(source);
        (uint at, AnchorVolumeDescriptorPointer anchor)? found = FindAnchor(source);
        if (found is null)
        {
            IsoBuildException.Throw(ErrorCodes.NotUdf, nsr is null
                ? $"{source.Name} has no UDF file system (no NSR02/NSR03 descriptor and no anchor at sector 256 or at the end)."
                : $"{source.Name} announces UDF ({nsr}) but has no anchor volume descriptor pointer at sector 256 or at the end.");
        }
        if (nsr is null)
            problems?.Add(new(ErrorCodes.NotUdf, "There is no NSR02/NSR03 descriptor in the volume recognition sequence after sector 16."));
        (uint anchorSector, AnchorVolumeDescriptorPointer avdp) = found.Value;
        if (problems is not null)
            CheckAnchors(source, anchorSector, problems);

        Sequence? main = ReadSequence(source, avdp.MainSequence, limits, problems, "main");
        Sequence? sequence = main is { LogicalVolume: not null, Partitions.Count: > 0 } ? main : ReadSequence(source, avdp.ReserveSequence, limits, problems, "reserve");
        if (sequence?.LogicalVolume is not LogicalVolumeDescriptor lvd || sequence.Partitions.Count == 0)
        {
            throw new IsoBuildException(ErrorCodes.MalformedUdfVolume,
                $"{source.Name}: neither the main nor the reserve UDF volume descriptor sequence has a logical volume and a partition descriptor.");
        }
        if (lvd.BlockSize != BlockSize)
            IsoBuildException.Throw(ErrorCodes.UnsupportedUdf, $"{source.Name}: the UDF logical block size is {lvd.BlockSize}; only 2048 is read.");

        var partitions = new UdfPartition?[lvd.Maps.Count];
        var volume = new UdfVolume(source, limits, problems, partitions);
        var infos = new List<UdfPartitionInfo>();
        // Physical, sparable and virtual maps first: a metadata map's file lies in the physical partition of its number.
        for (int pass = 0; pass < 2; pass++)
        {
            for (int i = 0; i < lvd.Maps.Count; i++)
            {
                PartitionMap map = lvd.Maps[i];
                if ((map.Kind == PartitionMapKind.Metadata) != (pass == 1))
                    continue;
                if (!sequence.Partitions.TryGetValue(map.PartitionNumber, out PartitionDescriptor? pd))
                {
                    IsoBuildException.Throw(ErrorCodes.MalformedUdfVolume,
                        $"{source.Name}: partition map {i} names partition {map.PartitionNumber}, which no partition descriptor describes.");
                }
                if ((long)pd.Start + pd.Length > source.Sectors)
                {
                    problems?.Add(new(ErrorCodes.UdfExtentOutsidePartition,
                        $"Partition {pd.Number} (sectors {pd.Start}..{(long)pd.Start + pd.Length}) reaches beyond the end of the image ({source.Sectors} sectors)."));
                }
                partitions[i] = map.Kind switch
                {
                    PartitionMapKind.Physical => new PhysicalPartition(pd.Number, pd.Start, pd.Length),
                    PartitionMapKind.Sparable => volume.LoadSparable(map, pd),
                    PartitionMapKind.Virtual => volume.LoadVirtual(map, pd),
                    PartitionMapKind.Metadata => volume.LoadMetadata(map, pd, partitions),
                    _ => null,
                };
                infos.Add(new UdfPartitionInfo(i, map.Kind, pd.Number, pd.Start, partitions[i]?.Length ?? pd.Length, pd.AccessType));
            }
        }
        infos.Sort((a, b) => a.Reference.CompareTo(b.Reference));

        LogicalVolumeIntegrityDescriptor? lvid = volume.ReadIntegrity(lvd.IntegritySequence);
        LongAllocationDescriptor fsdAt = lvd.FileSetDescriptor;
        byte[] fsdBlock = volume.ReadBlock(fsdAt.Location, ErrorCodes.MalformedUdfVolume, "the file set descriptor");
        if (DescriptorTag.Read(fsdBlock).Identifier != TagIdentifier.FileSetDescriptor || !DescriptorTag.HasValidChecksum(fsdBlock))
            IsoBuildException.Throw(ErrorCodes.MalformedUdfVolume, $"{source.Name}: there is no file set descriptor where the logical volume descriptor points ({fsdAt.Location}).");
        volume.CheckTag(fsdBlock, fsdAt.Location.Block, "the file set descriptor");
        FileSetDescriptor fsd = FileSetDescriptor.Read(fsdBlock);

        ushort revision = lvd.Domain.SuffixRevision != 0 ? lvd.Domain.SuffixRevision : lvid?.MinReadRevision ?? 0;
        volume.Info = new UdfVolumeInfo
        {
            Revision = revision,
            RecognitionIdentifier = nsr ?? string.Empty,
            VolumeIdentifier = sequence.Primary?.VolumeIdentifier ?? string.Empty,
            VolumeSetIdentifier = sequence.Primary?.VolumeSetIdentifier ?? string.Empty,
            LogicalVolumeIdentifier = lvd.Identifier,
            FileSetIdentifier = fsd.FileSetIdentifier,
            ImplementationIdentifier = sequence.Primary?.ImplementationIdentifier.Identifier ?? string.Empty,
            RecordingTime = sequence.Primary?.RecordingTime,
            Partitions = infos,
            IntegrityClosed = lvid is null ? null : lvid.IntegrityType == LogicalVolumeIntegrityDescriptor.IntegrityClose,
            NextUniqueId = lvid?.NextUniqueId ?? 0,
            FileCount = lvid?.FileCount ?? 0,
            DirectoryCount = lvid?.DirectoryCount ?? 0,
            MinReadRevision = lvid?.MinReadRevision ?? 0,
            MinWriteRevision = lvid?.MinWriteRevision ?? 0,
            MaxWriteRevision = lvid?.MaxWriteRevision ?? 0,
        };
        volume.Root = volume.ReadEntry(null, string.Empty, fsd.RootDirectory.Location, isDirectory: true, hidden: false)
            ?? throw new IsoBuildException(ErrorCodes.MalformedUdfVolume, $"{source.Name}: the UDF root directory is not a directory.");
        if (volume.Root.Kind != EntryKind.Directory)
            IsoBuildException.Throw(ErrorCodes.MalformedUdfVolume, $"{source.Name}: the UDF root directory is not a directory.");
        volume._directories.Add(volume.Root.Icb);
        return volume;
    }

    // ---- recognition and anchors ----

    private static string? FindRecognition(ImageSource source)
    {
        Span<byte> sector = stackalloc byte[BlockSize];
        for (long s = 16; s < 16 + 64 && s < source.Sectors; s++)
        {
            source.ReadExactly(s * BlockSize, sector, ErrorCodes.NotUdf, "a volume recognition descriptor");
            string? id = VolumeStructureDescriptor.ReadIdentifier(sector);
            if (id is null)
                return null;
            // Tolerant: an NSR descriptor counts even where a writer left out BEA01/TEA01 around it.
            if (id is VolumeStructureDescriptor.Nsr02 or VolumeStructureDescriptor.Nsr03)
                return id;
        }
        return null;
    }

    private static (uint, AnchorVolumeDescriptorPointer)? FindAnchor(ImageSource source)
    {
        long n = source.Sectors;
        foreach (long s in (ReadOnlySpan<long>)[UdfFormat.AnchorSector, n - 1, n - 1 - UdfFormat.AnchorSector])
        {
            if (s < UdfFormat.AnchorSector || s >= n || s > uint.MaxValue)
                continue;
            byte[] block = new byte[BlockSize];
            source.ReadExactly(s * BlockSize, block, ErrorCodes.NotUdf, "an anchor volume descriptor pointer");
            if (DescriptorTag.HasValidChecksum(block) && DescriptorTag.Read(block) is { Identifier: TagIdentifier.AnchorVolumeDescriptorPointer } tag && tag.Location == s)
                return ((uint)s, AnchorVolumeDescriptorPointer.Read(block));
        }
        return null;
    }

    private static void CheckAnchors(ImageSource source, uint used, List<UdfProblem> problems)
    {
        int found = 0;
        long n = source.Sectors;
        foreach (long s in (ReadOnlySpan<long>)[UdfFormat.AnchorSector, n - 1 - UdfFormat.AnchorSector, n - 1])
        {
            if (s < UdfFormat.AnchorSector || s >= n)
                continue;
            byte[] block = new byte[BlockSize];
            source.ReadExactly(s * BlockSize, block, ErrorCodes.NotUdf, "an anchor volume descriptor pointer");
            if (DescriptorTag.Read(block).Identifier != TagIdentifier.AnchorVolumeDescriptorPointer || !DescriptorTag.HasValidChecksum(block))
                continue;
            found++;
            if (DescriptorTag.Check(block, (uint)s) is string wrong)
                problems.Add(new(ErrorCodes.UdfDescriptorDamaged, $"The anchor at sector {s} {wrong}."));
        }
        if (found < 2)
            problems.Add(new(ErrorCodes.MalformedUdfVolume, $"Only {found} anchor volume descriptor pointer found at sectors 256, N-257 and N-1 (ECMA-167 3/8.4.2.1 asks for two); used the one at {used}."));
    }

    // ---- volume descriptor sequences ----

    private sealed class Sequence
    {
        public PrimaryVolumeDescriptor? Primary;
        public uint PrimaryNumber;
        public LogicalVolumeDescriptor? LogicalVolume;
        public uint LogicalVolumeNumber;
        public Dictionary<ushort, PartitionDescriptor> Partitions { get; } = [];
    }

    private static Sequence? ReadSequence(ImageSource source, ExtentDescriptor extent, UdfReaderLimits limits, List<UdfProblem>? problems, string which)
    {
        var result = new Sequence();
        byte[] block = new byte[BlockSize];
        uint location = extent.Location;
        long left = extent.Length / BlockSize;
        int followed = 0;
        try
        {
            while (left-- > 0)
            {
                if (location >= source.Sectors)
                {
                    problems?.Add(new(ErrorCodes.UdfExtentOutsidePartition, $"The {which} volume descriptor sequence runs beyond the end of the image."));
                    break;
                }
                source.ReadExactly((long)location * BlockSize, block, ErrorCodes.MalformedUdfVolume, $"the {which} volume descriptor sequence");
                if (!DescriptorTag.HasValidChecksum(block))
                {
                    problems?.Add(new(ErrorCodes.UdfDescriptorDamaged, $"Sector {location} of the {which} volume descriptor sequence holds no descriptor (tag checksum) before a terminating descriptor."));
                    break;
                }
                DescriptorTag tag = DescriptorTag.Read(block);
                if (problems is not null && DescriptorTag.Check(block, location) is string wrong)
                    problems.Add(new(ErrorCodes.UdfDescriptorDamaged, $"The {tag.Identifier} at sector {location} ({which} sequence) {wrong}."));
                uint number = BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(16));
                switch (tag.Identifier)
                {
                    case TagIdentifier.TerminatingDescriptor:
                        return result;
                    case TagIdentifier.VolumeDescriptorPointer:
                        if (++followed > limits.MaxChainedDescriptors)
                            IsoBuildException.Throw(ErrorCodes.UdfReaderLimitExceeded, $"More than {limits.MaxChainedDescriptors} volume descriptor pointers.");
                        ExtentDescriptor next = ExtentDescriptor.Read(block.AsSpan(20));
                        location = next.Location;
                        left = next.Length / BlockSize;
                        continue;
                    case TagIdentifier.PrimaryVolumeDescriptor when result.Primary is null || number >= result.PrimaryNumber:
                        result.Primary = PrimaryVolumeDescriptor.Read(block);
                        result.PrimaryNumber = number;
                        break;
                    case TagIdentifier.LogicalVolumeDescriptor when result.LogicalVolume is null || number >= result.LogicalVolumeNumber:
                        result.LogicalVolume = LogicalVolumeDescriptor.Read(block)
                            ?? throw new IsoBuildException(ErrorCodes.MalformedUdfVolume, $"The logical volume descriptor at sector {location} has an impossible partition map table.");
                        result.LogicalVolumeNumber = number;
                        break;
                    case TagIdentifier.PartitionDescriptor:
                        PartitionDescriptor pd = PartitionDescriptor.Read(block);
                        if (!result.Partitions.TryGetValue(pd.Number, out PartitionDescriptor? had) || pd.SequenceNumber >= had.SequenceNumber)
                            result.Partitions[pd.Number] = pd;
                        if (result.Partitions.Count > LogicalVolumeDescriptor.MaxMaps)
                            IsoBuildException.Throw(ErrorCodes.UdfReaderLimitExceeded, $"More than {LogicalVolumeDescriptor.MaxMaps} partition descriptors.");
                        break;
                }
                location++;
            }
        }
        catch (IsoBuildException e) when (which == "main")
        {
            problems?.Add(new(e.Code, $"The main volume descriptor sequence: {e.Message}"));
            return null;
        }
        if (problems is not null && result.LogicalVolume is not null)
            problems.Add(new(ErrorCodes.MalformedUdfVolume, $"The {which} volume descriptor sequence has no terminating descriptor."));
        return result;
    }

    private LogicalVolumeIntegrityDescriptor? ReadIntegrity(ExtentDescriptor extent)
    {
        if (extent.Length < BlockSize || extent.Location >= Source.Sectors)
        {
            _problems?.Add(new(ErrorCodes.MalformedUdfVolume, "The logical volume has no integrity sequence."));
            return null;
        }
        byte[] block = new byte[BlockSize];
        Source.ReadExactly((long)extent.Location * BlockSize, block, ErrorCodes.MalformedUdfVolume, "the logical volume integrity descriptor");
        if (DescriptorTag.Read(block).Identifier != TagIdentifier.LogicalVolumeIntegrityDescriptor || !DescriptorTag.HasValidChecksum(block))
        {
            _problems?.Add(new(ErrorCodes.MalformedUdfVolume, $"There is no logical volume integrity descriptor at sector {extent.Location}."));
            return null;
        }
        CheckTag(block, extent.Location, "the logical volume integrity descriptor");
        LogicalVolumeIntegrityDescriptor? lvid = LogicalVolumeIntegrityDescriptor.Read(block);
        if (lvid is null)
            _problems?.Add(new(ErrorCodes.MalformedUdfVolume, $"The logical volume integrity descriptor at sector {extent.Location} has tables beyond its sector."));
        else if (lvid.IntegrityType != LogicalVolumeIntegrityDescriptor.IntegrityClose)
            _problems?.Add(new(ErrorCodes.MalformedUdfVolume, "The logical volume integrity descriptor says the volume is open (it was not closed after writing)."));
        return lvid;
    }

    // ---- partitions ----

    private SparablePartition LoadSparable(PartitionMap map, PartitionDescriptor pd)
    {
        var spared = new Dictionary<uint, uint>();
        byte[] block = new byte[BlockSize];
        foreach (uint table in map.SparingTables)
        {
            if (table >= Source.Sectors)
                continue;
            Source.ReadExactly((long)table * BlockSize, block, ErrorCodes.UdfPartitionTableDamaged, "a sparing table");
            // UDF 2.2.12: tag 0, "*UDF Sparing Table", a 16-bit entry count at 56, entries (original, mapped) from 64.
            if (!DescriptorTag.HasValidChecksum(block) || !EntityIdentifier.Read(block.AsSpan(16)).Is(EntityIdentifier.SparingTable))
                continue;
            int count = Math.Min((int)BinaryPrimitives.ReadUInt16LittleEndian(block.AsSpan(56)), (BlockSize - 64) / 8);
            for (int i = 0; i < count; i++)
            {
                uint original = BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(64 + 8 * i));
                uint mapped = BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(68 + 8 * i));
                if (original < 0xFFFF_FFF0)
                    spared[original] = mapped;
            }
            return new SparablePartition(pd.Number, pd.Start, pd.Length, map.PacketLength, spared);
        }
        _problems?.Add(new(ErrorCodes.UdfPartitionTableDamaged, $"No sparing table of partition {pd.Number} can be read."));
        return new SparablePartition(pd.Number, pd.Start, pd.Length, map.PacketLength, spared);
    }

    /// <summary>
    /// UDF 2.2.11: the virtual allocation table is a file whose entry is in the last recorded sector; its entries map
    /// virtual blocks to blocks of the physical partition. Searched for in the last 32 sectors of the image.
    /// </summary>
    private VirtualPartition LoadVirtual(PartitionMap map, PartitionDescriptor pd)
    {
        var physical = new PhysicalPartition(pd.Number, pd.Start, pd.Length);
        var lookup = new UdfPartition?[] { physical };
        byte[] block = new byte[BlockSize];
        // An image of a write-once disc may be longer than what was recorded: skip trailing zero sectors (a bounded
        // number), then look at the last sectors written.
        long last = Source.Sectors - 1;
        for (long skipped = 0; last > pd.Start && skipped < MaxTrailingZeroSectors; last--, skipped++)
        {
            Source.ReadExactly(last * BlockSize, block, ErrorCodes.UdfPartitionTableDamaged, "the virtual allocation table");
            if (block.AsSpan().IndexOfAnyExcept((byte)0) >= 0)
                break;
        }
        for (long s = last; s >= Math.Max(pd.Start, last - 32); s--)
        {
            Source.ReadExactly(s * BlockSize, block, ErrorCodes.UdfPartitionTableDamaged, "the virtual allocation table");
            if (!DescriptorTag.HasValidChecksum(block) || FileEntry.Read(block) is not FileEntry fe)
                continue;
            if (fe.Icb.FileType is not (IcbFileType.VirtualAllocationTable or IcbFileType.Unspecified) || fe.InformationLength > 64 << 20)
                continue;
            byte[] data;
            var inner = new UdfVolume(Source, Limits, null, lookup);
            if (fe.Icb.Allocation == AllocationKind.Embedded)
                data = fe.AllocationDescriptors;
            else
            {
                List<UdfExtent> extents = inner.ResolveData(fe, new LogicalBlockAddress((uint)(s - pd.Start), 0), "the virtual allocation table");
                using var stream = new UdfExtentStream(Source, extents, (long)fe.InformationLength);
                data = new byte[stream.Length];
                stream.ReadExactly(data);
            }
            int first, end;
            if (fe.Icb.FileType == IcbFileType.VirtualAllocationTable)
            {
                if (data.Length < 152)
                    continue;
                first = BinaryPrimitives.ReadUInt16LittleEndian(data);
                end = data.Length;
            }
            else
            {
                if (data.Length < 36 || !EntityIdentifier.Read(data.AsSpan(data.Length - 36)).Is(EntityIdentifier.VirtualAllocationTable))
                    continue;
                first = 0;
                end = data.Length - 36;
            }
            if (first > end)
                continue;
            var table = new uint[(end - first) / 4];
            for (int i = 0; i < table.Length; i++)
                table[i] = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(first + 4 * i));
            return new VirtualPartition(pd.Number, pd.Start, table);
        }
        IsoBuildException.Throw(ErrorCodes.UdfPartitionTableDamaged, $"{Source.Name}: the virtual allocation table of partition {pd.Number} is not in the last sectors of the image.");
        return null;
    }

    private MetadataPartition LoadMetadata(PartitionMap map, PartitionDescriptor pd, UdfPartition?[] partitions)
    {
        int physicalIndex = Array.FindIndex(partitions, p => p is PhysicalPartition or SparablePartition && p.Number == pd.Number);
        if (physicalIndex < 0 || partitions[physicalIndex] is not PhysicalPartition physical)
        {
            IsoBuildException.Throw(ErrorCodes.UnsupportedUdf, $"{Source.Name}: the metadata partition lies on partition {pd.Number}, which has no type 1 partition map.");
            return null;
        }
        IsoBuildException? first = null;
        foreach ((uint location, string what) in (ReadOnlySpan<(uint, string)>)[(map.MetadataFile, "metadata file"), (map.MetadataMirrorFile, "metadata mirror file")])
        {
            try
            {
                byte[] block = ReadBlock(new LogicalBlockAddress(location, (ushort)physicalIndex), ErrorCodes.UdfPartitionTableDamaged, "the " + what);
                if (!DescriptorTag.HasValidChecksum(block) || FileEntry.Read(block) is not FileEntry fe
                    || fe.Icb.FileType is not (IcbFileType.MetadataFile or IcbFileType.MetadataMirrorFile))
                {
                    throw new IsoBuildException(ErrorCodes.UdfPartitionTableDamaged, $"There is no {what} entry at block {location} of partition {pd.Number}.");
                }
                CheckTag(block, location, "the " + what + " entry");
                List<UdfExtent> extents = ResolveAllocation(fe, new LogicalBlockAddress(location, (ushort)physicalIndex), "the " + what, out List<(uint, uint)> blocks);
                _ = extents;
                long total = blocks.Sum(b => (long)b.Item2);
                if (total > uint.MaxValue)
                    throw new IsoBuildException(ErrorCodes.UdfPartitionTableDamaged, $"The {what} is larger than a partition.");
                if (first is not null)
                    _problems?.Add(new(first.Code, first.Message + " The mirror was read instead."));
                return new MetadataPartition(pd.Number, physical, blocks, (uint)total);
            }
            catch (IsoBuildException e) when (first is null)
            {
                first = e;
            }
        }
        throw first!;
    }

    // ---- blocks, entries and allocation ----

    private UdfPartition Partition(ushort reference, string what)
    {
        if (reference >= _partitions.Length || _partitions[reference] is not UdfPartition partition)
        {
            IsoBuildException.Throw(ErrorCodes.MalformedUdfFileEntry, $"{what} names partition reference {reference}, which the logical volume does not have or the reader does not support.");
            return null;
        }
        return partition;
    }

    internal byte[] ReadBlock(LogicalBlockAddress address, string code, string what)
    {
        UdfPartition partition = Partition(address.Partition, what);
        if (address.Block >= partition.Length)
            IsoBuildException.Throw(ErrorCodes.UdfExtentOutsidePartition, $"{what} (block {address.Block}) lies outside its partition ({partition.Length} blocks).");
        (long sector, _) = partition.Map(address.Block);
        byte[] block = new byte[BlockSize];
        Source.ReadExactly(sector * BlockSize, block, code == ErrorCodes.MalformedUdfVolume ? code : ErrorCodes.UdfExtentOutsidePartition, what);
        return block;
    }

    private void CheckTag(ReadOnlySpan<byte> descriptor, uint block, string what)
    {
        if (_problems is not null && DescriptorTag.Check(descriptor, block) is string wrong)
            _problems.Add(new(ErrorCodes.UdfDescriptorDamaged, $"{what} (block {block}) {wrong}."));
    }

    /// <summary>Maps <paramref name="length"/> bytes from a block of a partition to image sectors.</summary>
    private void Resolve(List<UdfExtent> into, ushort reference, uint block, long length, string what)
    {
        UdfPartition partition = Partition(reference, what);
        long blocks = (length + BlockSize - 1) / BlockSize;
        if (block + blocks > partition.Length)
        {
            IsoBuildException.Throw(ErrorCodes.UdfExtentOutsidePartition,
                $"{what}: an extent (blocks {block}..{block + blocks}) lies outside partition {reference} ({partition.Length} blocks).");
        }
        while (length > 0)
        {
            (long sector, uint run) = partition.Map(block);
            long take = Math.Min((long)run * BlockSize, length);
            if (sector + (take + BlockSize - 1) / BlockSize > Source.Sectors)
                _problems?.Add(new(ErrorCodes.UdfExtentOutsidePartition, $"{what}: data at sector {sector} lies beyond the end of the image."));
            if (into.Count > 0 && into[^1].Sector is long last && last * BlockSize + into[^1].Length == sector * BlockSize && into[^1].Length % BlockSize == 0)
                into[^1] = new UdfExtent(last, into[^1].Length + take);
            else
                into.Add(new UdfExtent(sector, take));
            if (into.Count > Limits.MaxExtentsPerFile)
                IsoBuildException.Throw(ErrorCodes.UdfReaderLimitExceeded, $"{what} has more than {Limits.MaxExtentsPerFile} extents.");
            length -= take;
            block += (uint)((take + BlockSize - 1) / BlockSize);
        }
    }

    /// <summary>The data extents of a file entry, following allocation extent descriptors, cut to its information length.</summary>
    private List<UdfExtent> ResolveData(FileEntry fe, LogicalBlockAddress at, string what) => ResolveAllocation(fe, at, what, out _);

    private List<UdfExtent> ResolveAllocation(FileEntry fe, LogicalBlockAddress at, string what, out List<(uint Block, uint Blocks)> partitionBlocks)
    {
        var extents = new List<UdfExtent>();
        partitionBlocks = [];
        int size = fe.Icb.Allocation switch
        {
            AllocationKind.Short => ShortAllocationDescriptor.Size,
            AllocationKind.Long => LongAllocationDescriptor.Size,
            AllocationKind.Extended => 20,
            _ => throw new IsoBuildException(ErrorCodes.MalformedUdfFileEntry, $"{what} has an unknown allocation descriptor type ({(int)fe.Icb.Allocation})."),
        };
        byte[] descriptors = fe.AllocationDescriptors;
        long wanted = (long)Math.Min(fe.InformationLength, long.MaxValue);
        long have = 0;
        int chained = 0;
        while (true)
        {
            bool followed = false;
            for (int offset = 0; offset + size <= descriptors.Length && have < wanted; offset += size)
            {
                ReadOnlySpan<byte> d = descriptors.AsSpan(offset, size);
                uint raw = BinaryPrimitives.ReadUInt32LittleEndian(d);
                uint length = raw & ShortAllocationDescriptor.MaxLength;
                var type = (ExtentType)(raw >> 30);
                (uint block, ushort reference) = size switch
                {
                    ShortAllocationDescriptor.Size => (BinaryPrimitives.ReadUInt32LittleEndian(d[4..]), at.Partition),
                    LongAllocationDescriptor.Size => (BinaryPrimitives.ReadUInt32LittleEndian(d[4..]), BinaryPrimitives.ReadUInt16LittleEndian(d[8..])),
                    _ => (BinaryPrimitives.ReadUInt32LittleEndian(d[12..]), BinaryPrimitives.ReadUInt16LittleEndian(d[16..])),
                };
                if (length == 0)
                    break; // ECMA-167 4/12.1: a zero length ends the descriptors
                if (type == ExtentType.NextExtent)
                {
                    if (++chained > Limits.MaxChainedDescriptors)
                        IsoBuildException.Throw(ErrorCodes.UdfReaderLimitExceeded, $"{what} chains more than {Limits.MaxChainedDescriptors} allocation extent descriptors.");
                    var next = new LogicalBlockAddress(block, reference);
                    byte[] aed = ReadBlock(next, ErrorCodes.MalformedUdfFileEntry, what);
                    if (DescriptorTag.Read(aed).Identifier != TagIdentifier.AllocationExtentDescriptor || !DescriptorTag.HasValidChecksum(aed))
                        IsoBuildException.Throw(ErrorCodes.MalformedUdfFileEntry, $"{what}: block {block} is not an allocation extent descriptor.");
                    CheckTag(aed.AsSpan(0, Math.Min(aed.Length, DescriptorTag.Length + DescriptorTag.Read(aed).CrcLength)), block, what + "'s allocation extent descriptor");
                    ReadOnlySpan<byte> inner = AllocationExtentDescriptor.Read(aed, out bool ok);
                    if (!ok)
                        IsoBuildException.Throw(ErrorCodes.MalformedUdfFileEntry, $"{what}: the allocation extent descriptor at block {block} records more than its block holds.");
                    descriptors = inner.ToArray();
                    at = new LogicalBlockAddress(block, reference);
                    followed = true;
                    break;
                }
                long take = Math.Min(length, wanted - have);
                if (type == ExtentType.RecordedAndAllocated)
                {
                    Resolve(extents, reference, block, take, what);
                    partitionBlocks.Add((block, (uint)((length + BlockSize - 1) / BlockSize)));
                }
                else
                {
                    extents.Add(new UdfExtent(null, take));
                }
                have += take;
                if (extents.Count > Limits.MaxExtentsPerFile)
                    IsoBuildException.Throw(ErrorCodes.UdfReaderLimitExceeded, $"{what} has more than {Limits.MaxExtentsPerFile} extents.");
            }
            if (!followed)
                break;
        }
        if (have < wanted)
        {
            _problems?.Add(new(ErrorCodes.MalformedUdfFileEntry, $"{what}: the allocation descriptors hold {have} of its {wanted} bytes; the rest reads as zeros."));
            extents.Add(new UdfExtent(null, wanted - have));
        }
        return extents;
    }

    /// <summary>Reads the file entry at <paramref name="icb"/> and makes the entry; null for a kind IsoBuild does not show (devices, FIFOs).</summary>
    private UdfEntry? ReadEntry(UdfEntry? parent, string name, LogicalBlockAddress icb, bool isDirectory, bool hidden)
    {
        string what = parent is null ? "the UDF root directory" : $"'{(parent.Parent is null ? "" : parent.Path)}/{name}'";
        byte[] block = ReadBlock(icb, ErrorCodes.MalformedUdfFileEntry, what);
        int indirect = 0;
        while (DescriptorTag.Read(block).Identifier == TagIdentifier.IndirectEntry && DescriptorTag.HasValidChecksum(block))
        {
            // ECMA-167 4/14.7: strategy 4096 chains; the indirect entry points at the next ICB.
            if (++indirect > Limits.MaxChainedDescriptors)
                IsoBuildException.Throw(ErrorCodes.UdfReaderLimitExceeded, $"{what}: more than {Limits.MaxChainedDescriptors} indirect entries.");
            icb = LongAllocationDescriptor.Read(block.AsSpan(16 + IcbTag.Length)).Location;
            block = ReadBlock(icb, ErrorCodes.MalformedUdfFileEntry, what);
        }
        if (!DescriptorTag.HasValidChecksum(block))
            IsoBuildException.Throw(ErrorCodes.MalformedUdfFileEntry, $"{what}: block {icb.Block} of partition {icb.Partition} holds no descriptor (tag checksum).");
        FileEntry fe = FileEntry.Read(block)
            ?? throw new IsoBuildException(ErrorCodes.MalformedUdfFileEntry, $"{what}: block {icb.Block} of partition {icb.Partition} holds a {DescriptorTag.Read(block).Identifier}, not a file entry whose lengths fit its block.");
        CheckTag(block, icb.Block, what + "'s file entry");
        EntryKind kind;
        uint typeBits;
        switch (fe.Icb.FileType)
        {
            case IcbFileType.Directory:
                kind = EntryKind.Directory;
                typeBits = 0x4000;
                break;
            case IcbFileType.Symlink:
                kind = EntryKind.Symlink;
                typeBits = 0xA000;
                break;
            case IcbFileType.File or IcbFileType.RealTimeFile or IcbFileType.Unspecified:
                kind = EntryKind.File;
                typeBits = 0x8000;
                break;
            default:
                return null;
        }
        if (isDirectory != (kind == EntryKind.Directory))
            _problems?.Add(new(ErrorCodes.MalformedUdfDirectory, $"{what}: its identifier {(isDirectory ? "says" : "does not say")} directory, its file entry {(isDirectory ? "does not" : "does")}."));
        if (fe.InformationLength > long.MaxValue / 2)
            IsoBuildException.Throw(ErrorCodes.MalformedUdfFileEntry, $"{what} records an impossible length ({fe.InformationLength}).");
        long length = (long)fe.InformationLength;
        byte[]? embedded = null;
        List<UdfExtent> extents = [];
        if (fe.Icb.Allocation == AllocationKind.Embedded)
        {
            embedded = fe.AllocationDescriptors;
            if (embedded.Length < length)
            {
                _problems?.Add(new(ErrorCodes.MalformedUdfFileEntry, $"{what}: the file entry embeds {embedded.Length} of its {length} bytes."));
                length = embedded.Length;
            }
        }
        else
        {
            extents = ResolveData(fe, icb, what);
        }
        string? target = null;
        if (kind == EntryKind.Symlink)
        {
            if (length > 64 << 10)
                IsoBuildException.Throw(ErrorCodes.UdfReaderLimitExceeded, $"{what}: a link target of {length} bytes (at most 64 KiB are read).");
            byte[] data = new byte[length];
            using (Stream s = embedded is not null ? new MemoryStream(embedded, 0, (int)length) : new UdfExtentStream(Source, extents, length))
                s.ReadExactly(data);
            target = PathComponent.Decode(data)
                ?? throw new IsoBuildException(ErrorCodes.MalformedUdfFileEntry, $"{what}: the link's path components are damaged.");
        }
        uint mode = typeBits | FileEntry.ModeFromPermissions(fe.Permissions)
            | ((fe.Icb.Flags & IcbTag.SetUid) != 0 ? 0x800u : 0) | ((fe.Icb.Flags & IcbTag.SetGid) != 0 ? 0x400u : 0)
            | ((fe.Icb.Flags & IcbTag.Sticky) != 0 ? 0x200u : 0);
        return new UdfEntry(this, parent, name, kind, icb)
        {
            Length = length,
            Mode = mode,
            LinkTarget = target,
            ModifiedTime = fe.ModificationTime,
            Extents = extents,
            EmbeddedData = embedded,
            IsHidden = hidden,
            UniqueId = fe.UniqueId,
        };
    }

    internal IReadOnlyList<UdfEntry> ReadChildren(UdfEntry directory)
    {
        if (directory.Depth >= Limits.MaxDepth)
            IsoBuildException.Throw(ErrorCodes.UdfReaderLimitExceeded, $"'{directory.Path}' is more than {Limits.MaxDepth} directories deep.");
        if (directory.Length > Limits.MaxDirectoryBytes)
            IsoBuildException.Throw(ErrorCodes.UdfReaderLimitExceeded, $"The directory '{directory.Path}' is {directory.Length} bytes (at most {Limits.MaxDirectoryBytes} are read).");
        byte[] data = new byte[directory.Length];
        using (Stream s = directory.OpenRead())
            s.ReadExactly(data);
        var children = new List<UdfEntry>();
        int offset = 0;
        int count = 0;
        while (data.Length - offset >= FileIdentifierDescriptor.FixedSize)
        {
            ReadOnlySpan<byte> rest = data.AsSpan(offset);
            if (rest[..DescriptorTag.Length].IndexOfAnyExcept((byte)0) < 0)
                break; // zero padding after the last identifier
            if (DescriptorTag.Read(rest).Identifier != TagIdentifier.FileIdentifierDescriptor || !DescriptorTag.HasValidChecksum(rest))
                IsoBuildException.Throw(ErrorCodes.MalformedUdfDirectory, $"The directory '{directory.Path}' has no file identifier descriptor at byte {offset}.");
            FileIdentifierDescriptor fid = FileIdentifierDescriptor.Read(rest, out int size)
                ?? throw new IsoBuildException(ErrorCodes.MalformedUdfDirectory, $"The file identifier descriptor at byte {offset} of '{directory.Path}' runs past the directory's end.");
            if (_problems is not null)
            {
                DescriptorTag tag = DescriptorTag.Read(rest);
                if (DescriptorTag.Length + tag.CrcLength > rest.Length || UdfCrc.Compute(rest.Slice(DescriptorTag.Length, tag.CrcLength)) != tag.Crc)
                    _problems.Add(new(ErrorCodes.UdfDescriptorDamaged, $"A file identifier descriptor of '{directory.Path}' (byte {offset}) has a wrong CRC."));
            }
            offset += Math.Min(size, rest.Length);
            if ((fid.Characteristics & (FileIdentifierDescriptor.Parent | FileIdentifierDescriptor.Deleted)) != 0)
                continue;
            if (++count > Limits.MaxEntriesPerDirectory)
                IsoBuildException.Throw(ErrorCodes.UdfReaderLimitExceeded, $"The directory '{directory.Path}' has more than {Limits.MaxEntriesPerDirectory} entries.");
            if (++_entries > Limits.MaxTotalEntries)
                IsoBuildException.Throw(ErrorCodes.UdfReaderLimitExceeded, $"The image has more than {Limits.MaxTotalEntries} entries.");
            string name = OstaCompressedUnicode.Decode(fid.Identifier)
                ?? throw new IsoBuildException(ErrorCodes.MalformedUdfDirectory, $"A name in '{directory.Path}' is not OSTA CS0 (compression id {(fid.Identifier.Length > 0 ? fid.Identifier[0] : 0)}).");
            bool isDirectory = (fid.Characteristics & FileIdentifierDescriptor.Directory) != 0;
            UdfEntry? child = ReadEntry(directory, name, fid.Icb.Location, isDirectory, (fid.Characteristics & FileIdentifierDescriptor.Hidden) != 0);
            if (child is null)
                continue;
            // Whatever the identifier says, the file entry decides: a directory recorded twice (UDF allows no hard
            // links to directories) is a loop or a shared subtree, and either would multiply the work.
            if (child.Kind == EntryKind.Directory && !_directories.Add(child.Icb))
            {
                for (UdfEntry? a = directory; a is not null; a = a.Parent)
                {
                    if (a.Icb == child.Icb)
                        IsoBuildException.Throw(ErrorCodes.UdfDirectoryLoop, $"The directory '{child.Path}' is its own ancestor '{a.Path}'.");
                }
                IsoBuildException.Throw(ErrorCodes.UdfDirectoryLoop, $"The directory '{child.Path}' is recorded a second time (block {child.Icb.Block} of partition {child.Icb.Partition}).");
            }
            children.Add(child);
        }
        return children;
    }

    /// <summary>Finds an entry by its path from the root ("/" or "/a/b"); null when it is not there.</summary>
    public UdfEntry? Find(string path)
    {
        UdfEntry current = Root;
        foreach (string part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            UdfEntry? next = current.GetChildren().FirstOrDefault(c => string.Equals(c.Name, part, StringComparison.Ordinal));
            if (next is null)
                return null;
            current = next;
        }
        return current;
    }
}
