using IsoBuild.Spec;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace IsoBuild.Udf;

/// <summary>The areas of the image a <see cref="UdfFileSystem"/> writes.</summary>
internal enum UdfArea
{
    /// <summary>BEA01, NSR02/NSR03, TEA01: right after the ISO 9660 volume descriptor set terminator.</summary>
    RecognitionSequence,
    /// <summary>Main and reserve volume descriptor sequences (16 sectors each) and the integrity sequence (2).</summary>
    Descriptors,
    /// <summary>The anchor volume descriptor pointer at sector 256.</summary>
    Anchor,
    /// <summary>File set descriptor, file entries and directories (UDF 2.50: the metadata file and its two entries).</summary>
    Metadata,
    /// <summary>The second anchor, in the last sector of the UDF volume.</summary>
    ClosingAnchor,
}

/// <summary>Where one area lies: <paramref name="Sectors"/> sectors from <paramref name="Start"/>.</summary>
internal readonly record struct UdfAreaPlacement(UdfArea Area, uint Start, uint Sectors);

/// <summary>
/// Where the caller put the areas (see <see cref="UdfFileSystem"/>). The partition runs from
/// <paramref name="PartitionStart"/> up to the closing anchor, the last of <paramref name="VolumeSectors"/>.
/// </summary>
internal readonly record struct UdfPlacement(uint RecognitionSequence, uint Descriptors, uint PartitionStart, uint Metadata, uint VolumeSectors);

/// <summary>
/// A UDF file system over file data someone else lays out: the bridge half of an ISO 9660 + UDF image, or the whole
/// of a UDF-only one. It does not own the image layout:
/// <list type="number">
/// <item>Construct it from the tree (<see cref="UdfVolumeSpec"/>): names are checked and the metadata is sized.
/// Sizes depend only on the tree, never on where file data goes.</item>
/// <item>The caller reserves <see cref="RecognitionSequenceSectors"/> right after its ISO 9660 terminator,
/// <see cref="DescriptorSectors"/> anywhere, sector 256 (<see cref="UdfFormat.AnchorSector"/>) for the anchor,
/// <see cref="MetadataSectors"/> at or after the partition start, and the last sector of the volume for the closing
/// anchor; it places every file's data inside the partition and sets <see cref="UdfFile.DataSector"/>; then calls
/// <see cref="Place"/>.</item>
/// <item>The caller writes each area with <see cref="WriteArea"/> when its front-to-back writer reaches it.</item>
/// </list>
/// </summary>
internal sealed class UdfFileSystem
{
    public const uint RecognitionSequenceSectors = 3;
    public const uint DescriptorSectors = 2 * UdfFormat.DescriptorSequenceSectors + 2;

    /// <summary>An anchor at 256 and another after it need at least this many sectors.</summary>
    public const uint MinimumVolumeSectors = UdfFormat.AnchorSector + 2;

    /// <summary>UDF 2.2.10: the metadata file grows in allocation units; 32 blocks as ECC blocks of DVD and BD.</summary>
    public const uint MetadataAllocationUnit = 32;

    private const int BlockSize = UdfFormat.SectorSize;
    private const uint FirstUniqueId = 16;

    private readonly UdfVolumeSpec _spec;
    private readonly List<UdfNode> _order = [];
    private readonly bool _metadataPartition;
    private readonly bool _extendedEntries;
    private readonly ushort _version;
    private readonly uint _contentBlocks;
    private UdfPlacement? _placement;

    public UdfFileSystem(UdfVolumeSpec spec)
    {
        _spec = spec;
        _metadataPartition = spec.Revision >= UdfRevision.V250;
        // File entries up to 2.01 (pycdlib and older readers know only those); extended file entries with the 2.50 metadata partition.
        _extendedEntries = spec.Revision >= UdfRevision.V250;
        _version = DescriptorTag.VersionFor(spec.Revision);
        uint next = 2; // file set descriptor and its terminating descriptor
        ulong uniqueId = FirstUniqueId;
        var stack = new Stack<UdfDirectory>();
        spec.Root.Parent = null;
        stack.Push(spec.Root);
        while (stack.Count > 0)
        {
            UdfDirectory dir = stack.Pop();
            Prepare(dir);
            dir.UniqueId = dir == spec.Root ? 0 : uniqueId++;
            Assign(dir, ref next);
            DirectoryCount++;
            foreach (UdfNode child in dir.Ordered)
            {
                if (child is UdfDirectory sub)
                {
                    sub.Parent = dir;
                    continue;
                }
                if (child is UdfSymlink link)
                    PrepareLink(link, dir);
                child.UniqueId = uniqueId++;
                Assign(child, ref next);
                FileCount++;
            }
            for (int i = dir.Ordered.Length - 1; i >= 0; i--)
            {
                if (dir.Ordered[i] is UdfDirectory sub)
                    stack.Push(sub);
            }
        }
        NextUniqueId = uniqueId;
        _contentBlocks = next;
        if (_metadataPartition)
            _contentBlocks = (next + MetadataAllocationUnit - 1) / MetadataAllocationUnit * MetadataAllocationUnit;
        ulong sectors = _contentBlocks + (_metadataPartition ? 2u : 0u);
        if (sectors > uint.MaxValue / 2)
            IsoBuildException.Throw(ErrorCodes.UdfVolumeTooLarge, $"The UDF metadata would need {sectors} sectors, more than a UDF volume addresses.");
        MetadataSectors = (uint)sectors;
        VolumeSetIdentifier = MakeVolumeSetIdentifier();
    }

    public UdfRevision Revision => _spec.Revision;

    /// <summary>Sectors of file entries, directories and (UDF 2.50) metadata file entries: a function of the tree only.</summary>
    public uint MetadataSectors { get; }

    public int FileCount { get; }
    public int DirectoryCount { get; }
    public ulong NextUniqueId { get; }

    /// <summary>The volume set identifier: 16 hex digits of a hash of the content (UDF 2.2.2.5), never random.</summary>
    public string VolumeSetIdentifier { get; }

    public UdfPlacement Placement => _placement ?? throw new InvalidOperationException("Place the UDF areas first.");

    /// <summary>Where each area lies, in sector order (after <see cref="Place"/>).</summary>
    public IReadOnlyList<UdfAreaPlacement> Areas { get; private set; } = [];

    /// <summary>Records where the caller put the areas; checks that they fit and do not overlap.</summary>
    public void Place(UdfPlacement placement)
    {
        if (placement.VolumeSectors < MinimumVolumeSectors)
            throw new InvalidOperationException($"A UDF volume needs at least {MinimumVolumeSectors} sectors (anchors at 256 and at the end); it has {placement.VolumeSectors}.");
        uint closing = placement.VolumeSectors - 1;
        UdfAreaPlacement[] areas =
        [
            new(UdfArea.RecognitionSequence, placement.RecognitionSequence, RecognitionSequenceSectors),
            new(UdfArea.Descriptors, placement.Descriptors, DescriptorSectors),
            new(UdfArea.Anchor, UdfFormat.AnchorSector, 1),
            new(UdfArea.Metadata, placement.Metadata, MetadataSectors),
            new(UdfArea.ClosingAnchor, closing, 1),
        ];
        Array.Sort(areas, (a, b) => a.Start.CompareTo(b.Start));
        for (int i = 0; i < areas.Length; i++)
        {
            if ((ulong)areas[i].Start + areas[i].Sectors > placement.VolumeSectors)
                throw new InvalidOperationException($"The UDF area {areas[i].Area} ({areas[i].Start}+{areas[i].Sectors}) lies beyond the volume ({placement.VolumeSectors} sectors).");
            if (i > 0 && (ulong)areas[i - 1].Start + areas[i - 1].Sectors > areas[i].Start)
                throw new InvalidOperationException($"The UDF areas {areas[i - 1].Area} and {areas[i].Area} overlap.");
        }
        if (placement.RecognitionSequence < 16)
            throw new InvalidOperationException("The volume recognition sequence starts at sector 16 or later.");
        if (placement.PartitionStart > placement.Metadata)
            throw new InvalidOperationException("The UDF metadata must lie inside the partition.");
        _placement = placement;
        Areas = areas;
    }

    /// <summary>The partition's length in sectors: from its start up to (not including) the closing anchor.</summary>
    public uint PartitionLength => Placement.VolumeSectors - 1 - Placement.PartitionStart;

    /// <summary>Writes the sectors of one area to <paramref name="destination"/>, front to back (whole sectors).</summary>
    public void WriteArea(UdfArea area, Stream destination)
    {
        foreach (ReadOnlyMemory<byte> piece in RenderArea(area))
            destination.Write(piece.Span);
    }

    /// <summary>
    /// The sectors of one area, front to back, in pieces of whole sectors: the metadata of a large tree comes in
    /// pieces of about <see cref="RenderPieceBytes"/>, never whole in memory.
    /// </summary>
    public IEnumerable<ReadOnlyMemory<byte>> RenderArea(UdfArea area)
    {
        if (area == UdfArea.Metadata)
            return RenderMetadata(Placement);
        var buffer = new MemoryStream();
        WriteSmallArea(area, buffer);
        return [buffer.ToArray()];
    }

    /// <summary>About how many bytes of metadata <see cref="RenderArea"/> gives at a time.</summary>
    public const int RenderPieceBytes = 1 << 20;

    private void WriteSmallArea(UdfArea area, Stream destination)
    {
        UdfPlacement p = Placement;
        switch (area)
        {
            case UdfArea.RecognitionSequence:
                WriteRecognitionSequence(destination);
                break;
            case UdfArea.Descriptors:
                WriteDescriptors(destination, p);
                break;
            case UdfArea.Anchor:
                WriteAnchor(destination, UdfFormat.AnchorSector, p);
                break;
            case UdfArea.ClosingAnchor:
                WriteAnchor(destination, p.VolumeSectors - 1, p);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(area));
        }
    }

    // ---- sizing ----

    private static void Prepare(UdfDirectory dir)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        long length = FileIdentifierDescriptor.SizeFor(0);
        foreach (UdfNode child in dir.Children)
        {
            string name = child.Name;
            int encoded = OstaCompressedUnicode.EncodedLength(name);
            if (name.Length == 0 || name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
                IsoBuildException.Throw(ErrorCodes.UdfNameUnrecordable, $"The name '{name}' in '{PathOf(dir)}' cannot be recorded in UDF.");
            if (encoded > 255)
            {
                IsoBuildException.Throw(ErrorCodes.UdfNameUnrecordable,
                    $"The name '{name}' in '{PathOf(dir)}' takes {encoded} bytes in UDF's OSTA CS0 (at most 255: 254 characters up to U+00FF, else 127).");
            }
            if (!names.Add(name))
                IsoBuildException.Throw(ErrorCodes.UdfNameUnrecordable, $"The name '{name}' is twice in '{PathOf(dir)}'.");
            length += FileIdentifierDescriptor.SizeFor(encoded);
        }
        UdfNode[] ordered = [.. dir.Children];
        Array.Sort(ordered, (a, b) => string.CompareOrdinal(a.Name, b.Name));
        dir.Ordered = ordered;
        dir.IdentifiersLength = length;
    }

    private static void PrepareLink(UdfSymlink link, UdfDirectory dir)
    {
        byte[]? components = link.Target.Length == 0 ? null : PathComponent.Encode(link.Target);
        if (components is null)
        {
            IsoBuildException.Throw(ErrorCodes.UdfLinkUnrecordable,
                $"The symbolic link '{PathOf(dir)}/{link.Name}' -> '{link.Target}' cannot be recorded in UDF (an empty target, or a name of more than 255 bytes).");
        }
        link.Components = components;
    }

    private static string PathOf(UdfDirectory dir)
    {
        var parts = new List<string>();
        for (UdfDirectory? d = dir; d?.Parent is not null; d = d.Parent)
            parts.Add(d.Name);
        parts.Reverse();
        return "/" + string.Join('/', parts);
    }

    private int EntryFixedSize => FileEntry.FixedSizeOf(_extendedEntries);

    private int DataDescriptorSize(UdfNode node) => node is UdfFile && _metadataPartition ? LongAllocationDescriptor.Size : ShortAllocationDescriptor.Size;

    private static long ExtentCount(long length) => (length + UdfFormat.MaxExtentLength - 1) / UdfFormat.MaxExtentLength;

    private void Assign(UdfNode node, ref uint next)
    {
        long extents;
        uint dataBlocks = 0;
        switch (node)
        {
            case UdfFile file:
                extents = ExtentCount(file.Length);
                break;
            case UdfDirectory dir:
                extents = ExtentCount(dir.IdentifiersLength);
                dataBlocks = checked((uint)((dir.IdentifiersLength + BlockSize - 1) / BlockSize));
                break;
            case UdfSymlink link when link.Components.Length <= BlockSize - EntryFixedSize:
                extents = 0;
                break;
            case UdfSymlink link:
                extents = 1;
                dataBlocks = (uint)((link.Components.Length + BlockSize - 1) / BlockSize);
                break;
            default:
                throw new InvalidOperationException();
        }
        node.EntryBlock = next;
        node.ContinuationBlocks = ContinuationBlocksFor(extents, DataDescriptorSize(node));
        node.DataBlocks = dataBlocks;
        next = checked(next + node.TotalBlocks);
        _order.Add(node);
    }

    private int EntryCapacity(int descriptorSize) => (BlockSize - EntryFixedSize) / descriptorSize;

    private static int ContinuationCapacity(int descriptorSize) => (BlockSize - AllocationExtentDescriptor.FixedSize) / descriptorSize;

    private uint ContinuationBlocksFor(long extents, int descriptorSize)
    {
        int inEntry = EntryCapacity(descriptorSize);
        if (extents <= inEntry)
            return 0;
        long rest = extents - (inEntry - 1);
        int perBlock = ContinuationCapacity(descriptorSize);
        uint blocks = 1;
        while (rest > perBlock)
        {
            rest -= perBlock - 1;
            blocks++;
        }
        return blocks;
    }

    private string MakeVolumeSetIdentifier()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var number = new byte[8];
        void Add(long value)
        {
            BinaryPrimitives.WriteInt64LittleEndian(number, value);
            hash.AppendData(number);
        }
        void AddText(string text)
        {
            Add(text.Length);
            hash.AppendData(Encoding.UTF8.GetBytes(text));
        }
        if (_spec.IdentitySeed is byte[] seed)
        {
            hash.AppendData(seed);
        }
        else
        {
            foreach (UdfNode node in _order)
            {
                AddText(node.Name);
                Add(node.Mode);
                Add((long)node.UniqueId);
                switch (node)
                {
                    case UdfFile f:
                        Add(f.Length);
                        break;
                    case UdfSymlink s:
                        AddText(s.Target);
                        break;
                    case UdfDirectory d:
                        Add(d.Ordered.Length);
                        break;
                }
            }
        }
        Add((long)_spec.Revision);
        Add(_spec.Timestamp.UtcTicks);
        AddText(_spec.VolumeIdentifier);
        byte[] digest = hash.GetHashAndReset();
        return Convert.ToHexString(digest, 0, 8);
    }

    // ---- writing ----

    private void WriteRecognitionSequence(Stream destination)
    {
        var sector = new byte[BlockSize];
        foreach (string id in (string[])[VolumeStructureDescriptor.BeginExtendedArea, VolumeStructureDescriptor.NsrFor(_spec.Revision), VolumeStructureDescriptor.TerminateExtendedArea])
        {
            VolumeStructureDescriptor.Write(sector, id);
            destination.Write(sector);
        }
    }

    private static AnchorVolumeDescriptorPointer Anchor(UdfPlacement p) => new(
        new ExtentDescriptor(UdfFormat.DescriptorSequenceSectors * BlockSize, p.Descriptors),
        new ExtentDescriptor(UdfFormat.DescriptorSequenceSectors * BlockSize, p.Descriptors + UdfFormat.DescriptorSequenceSectors));

    private void WriteAnchor(Stream destination, uint sector, UdfPlacement p)
    {
        var block = new byte[BlockSize];
        Anchor(p).Write(block, sector, _version);
        destination.Write(block);
    }

    /// <summary>The block number, in the partition that holds metadata, of metadata content block <paramref name="relative"/>.</summary>
    private uint MetadataBlock(uint relative) => _metadataPartition ? relative : Placement.Metadata - Placement.PartitionStart + relative;

    /// <summary>The partition reference of metadata: 1 (the metadata partition map) for UDF 2.50, else 0.</summary>
    private ushort MetadataPartitionReference => _metadataPartition ? (ushort)1 : (ushort)0;

    private void WriteDescriptors(Stream destination, UdfPlacement p)
    {
        var block = new byte[BlockSize];
        for (int copy = 0; copy < 2; copy++)
        {
            uint start = p.Descriptors + (uint)copy * UdfFormat.DescriptorSequenceSectors;
            uint sector = start;
            void Emit(Action<byte[], uint> write)
            {
                Array.Clear(block);
                write(block, sector);
                destination.Write(block);
                sector++;
            }
            Emit((b, s) => new PrimaryVolumeDescriptor
            {
                SequenceNumber = 1,
                VolumeIdentifier = _spec.VolumeIdentifier,
                VolumeSetIdentifier = VolumeSetIdentifier,
                RecordingTime = _spec.Timestamp,
                ImplementationIdentifier = EntityIdentifier.Implementation(),
            }.Write(b, s, _version));
            Emit((b, s) => new ImplementationUseVolumeDescriptor
            {
                SequenceNumber = 2,
                Revision = _spec.Revision,
                LogicalVolumeIdentifier = _spec.VolumeIdentifier,
            }.Write(b, s, _version));
            Emit((b, s) => new PartitionDescriptor
            {
                SequenceNumber = 3,
                Number = 0,
                Contents = _spec.Revision >= UdfRevision.V201 ? EntityIdentifier.Nsr03 : EntityIdentifier.Nsr02,
                AccessType = PartitionDescriptor.AccessReadOnly,
                Start = p.PartitionStart,
                Length = PartitionLength,
            }.Write(b, s, _version));
            Emit((b, s) => LogicalVolume(p).Write(b, s, _version));
            Emit((b, s) => new UnallocatedSpaceDescriptor { SequenceNumber = 5 }.Write(b, s, _version));
            Emit((b, s) => TerminatingDescriptor.Write(b, s, _version));
            Array.Clear(block);
            for (; sector < start + UdfFormat.DescriptorSequenceSectors; sector++)
                destination.Write(block);
        }
        Array.Clear(block);
        uint integrity = p.Descriptors + 2 * UdfFormat.DescriptorSequenceSectors;
        new LogicalVolumeIntegrityDescriptor
        {
            RecordingTime = _spec.Timestamp,
            IntegrityType = LogicalVolumeIntegrityDescriptor.IntegrityClose,
            NextUniqueId = NextUniqueId,
            FreeSpace = _metadataPartition ? [0, 0] : [0],
            PartitionSizes = _metadataPartition ? [PartitionLength, _contentBlocks] : [PartitionLength],
            FileCount = (uint)FileCount,
            DirectoryCount = (uint)DirectoryCount,
            MinReadRevision = (ushort)_spec.Revision,
            MinWriteRevision = (ushort)_spec.Revision,
            MaxWriteRevision = (ushort)_spec.Revision,
        }.Write(block, integrity, _version);
        destination.Write(block);
        Array.Clear(block);
        TerminatingDescriptor.Write(block, integrity + 1, _version);
        destination.Write(block);
    }

    private LogicalVolumeDescriptor LogicalVolume(UdfPlacement p)
    {
        uint metadataFile = p.Metadata - p.PartitionStart;
        List<PartitionMap> maps = [PartitionMap.Physical(0)];
        if (_metadataPartition)
        {
            maps.Add(new PartitionMap
            {
                Kind = PartitionMapKind.Metadata,
                PartitionNumber = 0,
                Revision = _spec.Revision,
                MetadataFile = metadataFile,
                MetadataMirrorFile = metadataFile + 1,
                MetadataBitmapFile = PartitionMap.NoBitmapFile,
                AllocationUnitSize = MetadataAllocationUnit,
                AlignmentUnitSize = 1,
                MetadataFlags = 0,
            });
        }
        return new LogicalVolumeDescriptor
        {
            SequenceNumber = 4,
            Identifier = _spec.VolumeIdentifier,
            BlockSize = BlockSize,
            Domain = EntityIdentifier.Domain(_spec.Revision),
            FileSetDescriptor = new LongAllocationDescriptor(BlockSize, ExtentType.RecordedAndAllocated, new LogicalBlockAddress(MetadataBlock(0), MetadataPartitionReference)),
            IntegritySequence = new ExtentDescriptor(2 * BlockSize, p.Descriptors + 2 * UdfFormat.DescriptorSequenceSectors),
            Maps = maps,
        };
    }

    private IEnumerable<ReadOnlyMemory<byte>> RenderMetadata(UdfPlacement p)
    {
        var destination = new MemoryStream();
        var output = new BlockOutput(destination);
        uint partitionLength = PartitionLength;
        if (_metadataPartition)
        {
            uint contentStart = p.Metadata - p.PartitionStart + 2;
            byte[] ads = DataDescriptors(contentStart, (long)_contentBlocks * BlockSize, longForm: false, partition: 0);
            foreach ((IcbFileType type, uint block) in (ReadOnlySpan<(IcbFileType, uint)>)[(IcbFileType.MetadataFile, contentStart - 2), (IcbFileType.MetadataMirrorFile, contentStart - 1)])
            {
                var entry = new FileEntry
                {
                    IsExtended = true,
                    Icb = new IcbTag(type, AllocationKind.Short, IcbTag.System),
                    Uid = FileEntry.UnspecifiedId,
                    Gid = FileEntry.UnspecifiedId,
                    Permissions = 0,
                    LinkCount = 1,
                    InformationLength = (ulong)_contentBlocks * BlockSize,
                    LogicalBlocksRecorded = _contentBlocks,
                    AccessTime = _spec.Timestamp,
                    ModificationTime = _spec.Timestamp,
                    AttributeTime = _spec.Timestamp,
                    CreationTime = _spec.Timestamp,
                    UniqueId = 0,
                    AllocationDescriptors = ads,
                };
                entry.Write(output.Block, block, _version);
                output.Flush();
            }
        }

        new FileSetDescriptor
        {
            RecordingTime = _spec.Timestamp,
            LogicalVolumeIdentifier = _spec.VolumeIdentifier,
            FileSetIdentifier = _spec.VolumeIdentifier,
            RootDirectory = IcbOf(_spec.Root),
            Domain = EntityIdentifier.Domain(_spec.Revision),
        }.Write(output.Block, MetadataBlock(0), _version);
        output.Flush();
        TerminatingDescriptor.Write(output.Block, MetadataBlock(1), _version);
        output.Flush();

        foreach (UdfNode node in _order)
        {
            switch (node)
            {
                case UdfFile file:
                    if (file.Length > 0 && (file.DataSector < p.PartitionStart || file.DataSector - p.PartitionStart + (file.Length + BlockSize - 1) / BlockSize > partitionLength))
                        throw new InvalidOperationException($"The data of '{file.Name}' (sector {file.DataSector}, {file.Length} bytes) lies outside the UDF partition.");
                    WriteEntry(output, file, IcbFileType.File, file.Length, (ulong)((file.Length + BlockSize - 1) / BlockSize),
                        DataDescriptors(file.DataSector - p.PartitionStart, file.Length, _metadataPartition, 0), _metadataPartition ? AllocationKind.Long : AllocationKind.Short, 1);
                    break;
                case UdfSymlink link when link.DataBlocks == 0:
                    WriteEntry(output, link, IcbFileType.Symlink, link.Components.Length, 0, link.Components, AllocationKind.Embedded, 1);
                    break;
                case UdfSymlink link:
                    uint linkData = MetadataBlock(link.EntryBlock + 1 + link.ContinuationBlocks);
                    WriteEntry(output, link, IcbFileType.Symlink, link.Components.Length, link.DataBlocks,
                        DataDescriptors(linkData, link.Components.Length, false, 0), AllocationKind.Short, 1);
                    output.Write(link.Components);
                    output.Pad();
                    break;
                case UdfDirectory dir:
                    uint dirData = MetadataBlock(dir.EntryBlock + 1 + dir.ContinuationBlocks);
                    int subdirectories = dir.Ordered.Count(c => c is UdfDirectory);
                    WriteEntry(output, dir, IcbFileType.Directory, dir.IdentifiersLength, dir.DataBlocks,
                        DataDescriptors(dirData, dir.IdentifiersLength, false, 0), AllocationKind.Short, (ushort)Math.Min(ushort.MaxValue, 1 + subdirectories));
                    WriteIdentifiers(output, dir, dirData);
                    break;
            }
            if (destination.Length >= RenderPieceBytes)
            {
                yield return destination.ToArray();
                destination.SetLength(0);
            }
        }
        for (uint written = output.Blocks; written < MetadataSectors; written++)
            output.Flush();
        yield return destination.ToArray();
    }

    private LongAllocationDescriptor IcbOf(UdfNode node) =>
        new(BlockSize, ExtentType.RecordedAndAllocated, new LogicalBlockAddress(MetadataBlock(node.EntryBlock), MetadataPartitionReference), 0, (uint)node.UniqueId);

    private void WriteIdentifiers(BlockOutput output, UdfDirectory dir, uint firstBlock)
    {
        long offset = 0;
        var fid = new byte[FileIdentifierDescriptor.SizeFor(255)];
        void Add(FileIdentifierDescriptor d)
        {
            int size = d.Size;
            d.Write(fid, firstBlock + (uint)(offset / BlockSize), _version);
            output.Write(fid.AsSpan(0, size));
            offset += size;
        }
        Add(new FileIdentifierDescriptor
        {
            Characteristics = FileIdentifierDescriptor.Directory | FileIdentifierDescriptor.Parent,
            Icb = IcbOf(dir.Parent ?? dir),
        });
        foreach (UdfNode child in dir.Ordered)
        {
            Add(new FileIdentifierDescriptor
            {
                Characteristics = child is UdfDirectory ? FileIdentifierDescriptor.Directory : (byte)0,
                Icb = IcbOf(child),
                Identifier = OstaCompressedUnicode.Encode(child.Name),
            });
        }
        output.Pad();
    }

    /// <summary>The allocation descriptors of one contiguous run of <paramref name="length"/> bytes from <paramref name="block"/>.</summary>
    private static byte[] DataDescriptors(uint block, long length, bool longForm, ushort partition)
    {
        int size = longForm ? LongAllocationDescriptor.Size : ShortAllocationDescriptor.Size;
        long count = ExtentCount(length);
        var bytes = new byte[count * size];
        long done = 0;
        for (int i = 0; i < count; i++)
        {
            uint piece = (uint)Math.Min(UdfFormat.MaxExtentLength, length - done);
            uint at = block + (uint)(done / BlockSize);
            if (longForm)
                new LongAllocationDescriptor(piece, ExtentType.RecordedAndAllocated, new LogicalBlockAddress(at, partition)).Write(bytes.AsSpan(i * size));
            else
                new ShortAllocationDescriptor(piece, ExtentType.RecordedAndAllocated, at).Write(bytes.AsSpan(i * size));
            done += piece;
        }
        return bytes;
    }

    private void WriteEntry(BlockOutput output, UdfNode node, IcbFileType type, long length, ulong blocks, byte[] descriptors, AllocationKind kind, ushort links)
    {
        ushort flags = (ushort)(((node.Mode & 0x800) != 0 ? IcbTag.SetUid : 0) | ((node.Mode & 0x400) != 0 ? IcbTag.SetGid : 0)
            | ((node.Mode & 0x200) != 0 ? IcbTag.Sticky : 0));
        uint entryBlock = MetadataBlock(node.EntryBlock);
        byte[] inEntry = descriptors;
        List<byte[]> continuations = [];
        if (node.ContinuationBlocks > 0)
        {
            // The entry holds what fits less one slot, which points at the first allocation extent descriptor; each
            // of those holds what fits less one slot for the next, the last one the rest (ECMA-167 4/12.1).
            int size = kind == AllocationKind.Long ? LongAllocationDescriptor.Size : ShortAllocationDescriptor.Size;
            int first = (EntryCapacity(size) - 1) * size;
            int perBlock = (ContinuationCapacity(size) - 1) * size;
            inEntry = descriptors[..first];
            int offset = first;
            while (offset < descriptors.Length)
            {
                int rest = descriptors.Length - offset;
                int take = rest <= perBlock + size ? rest : perBlock;
                continuations.Add(descriptors[offset..(offset + take)]);
                offset += take;
            }
            inEntry = [.. inEntry, .. NextExtent(size, entryBlock + 1, kind)];
            for (int i = 0; i < continuations.Count - 1; i++)
                continuations[i] = [.. continuations[i], .. NextExtent(size, entryBlock + 2 + (uint)i, kind)];
        }
        new FileEntry
        {
            IsExtended = _extendedEntries,
            Icb = new IcbTag(type, kind, flags),
            Uid = 0,
            Gid = 0,
            Permissions = FileEntry.PermissionsFromMode(node.Mode),
            LinkCount = links,
            InformationLength = (ulong)length,
            LogicalBlocksRecorded = blocks,
            AccessTime = _spec.Timestamp,
            ModificationTime = _spec.Timestamp,
            AttributeTime = _spec.Timestamp,
            CreationTime = _spec.Timestamp,
            UniqueId = node.UniqueId,
            AllocationDescriptors = inEntry,
        }.Write(output.Block, entryBlock, _version);
        output.Flush();
        for (int i = 0; i < continuations.Count; i++)
        {
            AllocationExtentDescriptor.Write(output.Block, continuations[i], i == 0 ? entryBlock : entryBlock + (uint)i, entryBlock + 1 + (uint)i, _version);
            output.Flush();
        }
    }

    private byte[] NextExtent(int size, uint block, AllocationKind kind)
    {
        var bytes = new byte[size];
        if (kind == AllocationKind.Long)
            new LongAllocationDescriptor(BlockSize, ExtentType.NextExtent, new LogicalBlockAddress(block, MetadataPartitionReference)).Write(bytes);
        else
            new ShortAllocationDescriptor(BlockSize, ExtentType.NextExtent, block).Write(bytes);
        return bytes;
    }

    /// <summary>Sector-at-a-time output: descriptors are built in <see cref="Block"/>, byte streams appended and padded.</summary>
    private sealed class BlockOutput(Stream destination)
    {
        private int _used;

        public byte[] Block { get; } = new byte[BlockSize];
        public uint Blocks { get; private set; }

        /// <summary>Writes <see cref="Block"/> as one whole sector and clears it.</summary>
        public void Flush()
        {
            destination.Write(Block);
            Array.Clear(Block);
            _used = 0;
            Blocks++;
        }

        public void Write(ReadOnlySpan<byte> bytes)
        {
            while (!bytes.IsEmpty)
            {
                int n = Math.Min(bytes.Length, BlockSize - _used);
                bytes[..n].CopyTo(Block.AsSpan(_used));
                _used += n;
                bytes = bytes[n..];
                if (_used == BlockSize)
                    Flush();
            }
        }

        public void Pad()
        {
            if (_used > 0)
                Flush();
        }
    }
}
