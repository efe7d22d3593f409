using System.Security.Cryptography;
using System.Text;
using IsoBuild.Checksums;
using IsoBuild.Content;
using IsoBuild.Spec;

namespace IsoBuild.Layout;

/// <summary>
/// The deterministic plan of every sector of an image: a pure function of the spec, the sources' sizes and what the
/// <see cref="ContentPlan"/> found in their contents (identical files, compressed sizes). Nothing here reads file
/// contents or the clock.
/// </summary>
/// <remarks>
/// <para>
/// Sector map: system area (0–15), primary volume descriptor (16), boot record, Joliet descriptor, terminator,
/// path tables (ISO L, ISO M, Joliet L, Joliet M), ISO 9660 directories in path table order each followed by its
/// Rock Ridge continuation areas, Joliet directories, then file data in tree order (the boot catalog among the
/// files) and padding.
/// </para>
/// <para>
/// The plan is made in stages, each in its own type: <see cref="LayoutTree"/> (nodes from the spec),
/// <see cref="BootPlan"/> (boot images and catalog), <see cref="NameMapping"/> (ISO 9660 and Joliet names),
/// <see cref="FileStorage"/> (files in image order: shared, compressed, linked, checksummed),
/// <see cref="RockRidgePlanner"/> (system use entries) and <see cref="SectorAllocator"/> (sectors).
/// Directories deeper than 8 levels and paths longer than 255 characters are recorded in place (the relaxed rule of
/// <c>xorriso -compliance deep_paths:long_paths</c> and <c>genisoimage -D</c>), which every current reader accepts;
/// no rr_moved relocation is done.
/// </para>
/// </remarks>
internal sealed class ImageLayout
{
    public const int SectorSize = 2048;
    public const uint SystemAreaSectors = 16;
    public const int MaxDirectories = ushort.MaxValue;

    /// <summary>
    /// Zero sectors after the last file, inside the volume (300 KiB, as genisoimage and xorriso add by default):
    /// readers that read ahead past the data (libarchive reads 48 KiB to recognise an image; old Linux CD drivers)
    /// then never read past the end. A hybrid image's backup GPT lives in its last 16.5 KiB.
    /// </summary>
    public const uint PaddingSectors = 150;

    /// <summary>The largest file one directory record can describe, and so the largest at ISO 9660 levels 1 and 2.</summary>
    public const long MaxSingleExtentLength = uint.MaxValue;

    /// <summary>
    /// A larger file (level 3) is recorded as several extents of this size, whole sectors as libisofs writes them,
    /// and a last one with the rest; the records all carry the same name, all but the last flagged multi-extent.
    /// </summary>
    public const uint MaxExtentLength = 0xFFFFF800;

    /// <summary>The largest file at level 3: 1024 full extents (4 TiB), far below what sector numbers can address.</summary>
    public const long MaxFileLength = MaxExtentLength * 1024L;

    public const uint PrimaryDescriptor = SystemAreaSectors;

    private byte[]? _identityHash;

    private ImageLayout(ImageSpec spec, LayoutDirectory root, BootPlan? boot, ContentPlan content)
    {
        Spec = spec;
        Root = root;
        Boot = boot;
        Content = content;
    }

    public ImageSpec Spec { get; }

    /// <summary>What the files' contents decided (shared and compressed data); the writer takes spooled compressed bytes from it.</summary>
    public ContentPlan Content { get; }

    /// <summary>Where the libisofs MD5 records go, when the spec asks for them.</summary>
    public Md5ChecksumLayout? Md5Records { get; private set; }

    /// <summary>Files with a libisofs checksum index (every file but the boot catalog, when MD5 records are asked for).</summary>
    public int ChecksumCount { get; private set; }

    /// <summary>Zero sectors after the data that bring a small image up to the size an isomd5sum checksum needs.</summary>
    public uint FillerSectors { get; private set; }
    public LayoutDirectory Root { get; }

    /// <summary>The boot images and catalog, when the spec asks for booting.</summary>
    public BootPlan? Boot { get; }

    public List<LayoutDirectory> IsoDirectories { get; } = [];
    public List<LayoutDirectory> JolietDirectories { get; } = [];
    public List<LayoutNode> Files { get; } = [];

    /// <summary>The sector of the El Torito boot record (0 when there is none).</summary>
    public uint BootRecord { get; private set; }
    public uint JolietDescriptor { get; private set; }
    public uint Terminator { get; private set; }
    public uint IsoPathTableSize { get; private set; }
    public uint IsoPathTableL { get; private set; }
    public uint IsoPathTableM { get; private set; }
    public uint JolietPathTableSize { get; private set; }
    public uint JolietPathTableL { get; private set; }
    public uint JolietPathTableM { get; private set; }
    public uint DataStart { get; private set; }

    /// <summary>
    /// The block where the ISO volume starts a second time, as a partition (<see cref="SystemAreaSpec.PartitionOffset"/>),
    /// or 0. See <see cref="PartitionVolume"/>.
    /// </summary>
    public uint PartitionOffset => (uint)(Spec.Boot?.SystemArea?.PartitionOffset ?? 0);

    /// <summary>The second descriptor set and directory trees of an image with a partition offset; null without one.</summary>
    public PartitionVolume? PartitionVolume { get; private set; }
    public uint PaddingStart { get; private set; }

    /// <summary>The UDF file system, when the spec asks for one.</summary>
    public UdfPlan? Udf { get; private set; }

    /// <summary>Zero sectors after the file data: <see cref="PaddingSectors"/>, more with UDF and a GPT (see <see cref="UdfPlan"/>).</summary>
    public uint Padding => PaddingSectors + UdfPlan.ExtraPadding(Spec);

    /// <summary>The ISO 9660 volume's sectors (the volume space size): up to the padding's end and any cylinder padding.</summary>
    public uint VolumeSectors => PaddingStart + Padding + (SystemArea?.CylinderPadding ?? 0);

    /// <summary>The image file's sectors: the volume, then any appended partitions and the backup GPT behind them.</summary>
    public uint TotalSectors => VolumeSectors + (SystemArea?.AppendedBlocks ?? 0) + (SystemArea?.TrailerSectors ?? 0);

    /// <summary>The system area told in full (<see cref="BootSpec.SystemArea"/>), placed; null for the shorthand's or none.</summary>
    public SystemAreaPlan? SystemArea { get; private set; }

    /// <summary>Every file whose data the writer copies, in order: the files of the volume, then appended partitions.</summary>
    public IEnumerable<LayoutNode> CopiedFiles => SystemArea is null ? Files : Files.Concat(SystemArea.Appended.Select(p => p.Node));
    public int FileCount => Files.Count;

    /// <summary>Directories of the image, the root included (of the UDF tree when the ISO 9660 tree is a stub).</summary>
    public int DirectoryCount => Udf?.Readme is not null ? Udf.FileSystem.DirectoryCount : IsoDirectories.Count;
    public long TotalBytes => (long)TotalSectors * SectorSize;

    /// <summary>The files whose data comes from the spec's sources: every file with data but the generated boot catalog.</summary>
    public IEnumerable<LayoutNode> DataFiles => Files.Where(f => f.Length > 0 && !f.IsGenerated);

    /// <summary>
    /// From this many entries on, the memory the walk and the content plan leave behind is collected and handed back
    /// to the system before the layout is made (<see cref="ReturnGarbage"/>).
    /// </summary>
    internal const int ReturnGarbageFrom = 200_000;

    /// <summary>The layout of <paramref name="spec"/>, reading what it needs of the contents (compressed sizes are measured, not kept).</summary>
    public static ImageLayout Create(ImageSpec spec) => Create(spec, ContentPlan.Prepare(spec, spoolDirectory: null));

    /// <summary>
    /// The garbage a large tree's walk and content plan leave (listings, buffers, the identical-file detection's
    /// tables) is as large as the spec itself, and the collector keeps the memory it frees for later allocations:
    /// without a collection here a pack's peak holds the spec, that garbage and the layout. One full collection that
    /// gives the freed memory back costs a fraction of a second against a pack of many seconds (a million files: a
    /// peak of 250 MB before, 221 MB after; docs/benchmarks.md) and is not worth it for smaller trees.
    /// </summary>
    private static void ReturnGarbage(ImageSpec spec)
    {
        if (spec.Entries.Count >= ReturnGarbageFrom)
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    /// <summary>The layout of <paramref name="spec"/> with what <paramref name="content"/> found in its files' contents.</summary>
    public static ImageLayout Create(ImageSpec spec, ContentPlan content)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(content);
        DescriptorStrings.Validate(spec);
        ContentPlan.Validate(spec);
        if (spec.BaseVolume is { Uncarried.Count: > 0, DropUncarried: false } kept)
        {
            IsoBuildException.Throw(ErrorCodes.BaseImagePartUncarried,
                $"The base image holds {string.Join(" and ", kept.Uncarried)}, which IsoBuild does not make: the new image would lose {(kept.Uncarried.Count > 1 ? "them" : "it")} (Mac firmware boots from HFS+). Give {ImageSetting.DropHfsPlus.Named()} to leave {(kept.Uncarried.Count > 1 ? "them" : "it")} out.");
        }
        if (spec.BaseVolume is { UncarriedPartitions.Count: > 0, DropPartitions: false } partitions)
        {
            IsoBuildException.Throw(ErrorCodes.BasePartitionUncarried,
                $"The base image's {string.Join(" and ", partitions.UncarriedPartitions)} cannot be carried into the new image: no rule of its layout follows {(partitions.UncarriedPartitions.Count > 1 ? "their" : "its")} sectors (they point into the data, or after the volume at no appended partition). Give {ImageSetting.DropPartitions.Named()} to leave {(partitions.UncarriedPartitions.Count > 1 ? "them" : "it")} out.");
        }
        ReturnGarbage(spec);
        LayoutDirectory root = LayoutTree.Build(spec, BootPlan.CatalogPath(spec));
        var layout = new ImageLayout(spec, root, BootPlan.Resolve(spec, root), content);
        // A UDF-primary image's ISO 9660 tree holds only a README: the level's limits do not apply to the rest.
        NameMapping.Assign(root, spec.Udf?.Primary == true ? 3 : spec.IsoLevel, spec.Joliet, spec.BaseVolume);
        FileStorage.Plan(layout, content);
        layout.Udf = UdfPlan.Create(layout);
        SectorAllocator.Allocate(layout, spec.RockRidge ? new RockRidgePlanner(layout) : null);
        layout.Udf?.Place(layout);
        if (layout.Boot is { Spec.SystemArea: { } area } boot)
            layout.SystemArea = SystemAreaPlan.Create(layout, area, boot);
        return layout;
    }

    internal void PlaceDescriptors(uint bootRecord, uint jolietDescriptor, uint terminator) =>
        (BootRecord, JolietDescriptor, Terminator) = (bootRecord, jolietDescriptor, terminator);

    internal void PlaceIsoPathTables(uint size, uint typeL, uint typeM) => (IsoPathTableSize, IsoPathTableL, IsoPathTableM) = (size, typeL, typeM);

    internal void PlaceJolietPathTables(uint size, uint typeL, uint typeM) => (JolietPathTableSize, JolietPathTableL, JolietPathTableM) = (size, typeL, typeM);

    internal void PlacePartitionVolume(PartitionVolume volume) => PartitionVolume = volume;

    internal void PlaceData(uint dataStart, uint paddingStart) => (DataStart, PaddingStart) = (dataStart, paddingStart);

    internal void CountChecksums(int files) => ChecksumCount = files;

    internal void PlaceMd5Records(Md5ChecksumLayout records) => Md5Records = records;

    internal void PlaceFiller(uint sectors) => FillerSectors = sectors;

    /// <summary>Files whose data is another's (identical bytes or hard links), and the bytes that saves.</summary>
    public (int Files, long Bytes) SharedData =>
        Files.Where(f => f.DataOwner is not null).Aggregate((0, 0L), (t, f) => (t.Item1 + 1, t.Item2 + Sectors(f.DataLength) * (long)SectorSize));

    /// <summary>Files stored zisofs-compressed (shared ones counted once), and the bytes that saves.</summary>
    public (int Files, long Bytes) CompressedData =>
        Files.Where(f => f.Compression is not null && f.DataOwner is null)
            .Aggregate((0, 0L), (t, f) => (t.Item1 + 1, t.Item2 + (Sectors(f.Length) - Sectors(f.DataLength)) * (long)SectorSize));
    /// <summary>
    /// SHA-256 of everything the layout depends on (paths, kinds, sizes, modes, link targets, options, timestamp):
    /// the seed of the ids tools usually randomise (volume UUID, disk signature, GPT GUIDs).
    /// </summary>
    public byte[] IdentityHash => _identityHash ??= ComputeIdentityHash();

    /// <summary>The volume UUID: the spec's, or one derived from <see cref="IdentityHash"/> (<see cref="VolumeIdentity"/>).</summary>
    public VolumeUuid VolumeUuid => Spec.VolumeUuid ?? VolumeIdentity.DerivedUuid(Spec.Timestamp, IdentityHash);

    private byte[] ComputeIdentityHash()
    {
        var text = new StringBuilder();
        text.Append(Spec.VolumeId).Append('\0').Append(Spec.Publisher).Append('\0').Append(Spec.DataPreparer).Append('\0')
            .Append(Spec.VolumeUuid).Append('\0').Append(Spec.Udf).Append('\0').Append(Spec.Zisofs?.BlockSize).Append(Spec.Md5).Append(Spec.ImplantMd5).Append(Spec.Deduplicate).Append('\0').Append(Spec.IsoLevel).Append(Spec.Joliet).Append(Spec.RockRidge).Append(Spec.Timestamp.UtcTicks).Append('\0')
            .Append(Boot?.Identity()).Append('\n');
        // Only with UDF: the identity (and so the GUIDs) of an image without it stays as it was.
        if (Spec.Udf is { } udf)
            text.Append(UdfPlan.Identity(udf)).Append('\n');
        // Every entry, the generated boot catalog among them as a file of its length. The text is hashed as it is
        // made, a few thousand lines at a time (whole lines, so that no character is cut in two): a million entries
        // would otherwise make a text of 100 MB and its UTF-8 copy.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach ((string path, EntryKind kind, long length, bool executable, string? link) in IdentityEntries())
        {
            text.Append(path).Append('\0').Append(KindName(kind)).Append('\0').Append(length).Append('\0').Append(executable).Append('\0').Append(link).Append('\n');
            if (text.Length >= 1 << 16)
                HashText(hash, text);
        }
        HashText(hash, text);
        return hash.GetHashAndReset();
    }

    /// <summary>The kind's name as <see cref="Enum.ToString()"/> gives it, without boxing the kind of every entry.</summary>
    private static string KindName(EntryKind kind) => kind switch
    {
        EntryKind.File => nameof(EntryKind.File),
        EntryKind.Directory => nameof(EntryKind.Directory),
        EntryKind.Symlink => nameof(EntryKind.Symlink),
        _ => kind.ToString(),
    };

    private static void HashText(IncrementalHash hash, StringBuilder text)
    {
        foreach (ReadOnlyMemory<char> chunk in text.GetChunks())
        {
            // A chunk may end inside a surrogate pair: encode the whole text at once when the builder has several.
            if (chunk.Length != text.Length)
            {
                hash.AppendData(Encoding.UTF8.GetBytes(text.ToString()));
                text.Clear();
                return;
            }
            byte[] bytes = System.Buffers.ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(chunk.Length));
            int count = Encoding.UTF8.GetBytes(chunk.Span, bytes);
            hash.AppendData(bytes, 0, count);
            System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
        }
        text.Clear();
    }

    /// <summary>
    /// The entries and the boot catalog in ordinal order of their paths (an entry before the catalog at the same path);
    /// a builder's spec is in that order already and is read as it is.
    /// </summary>
    private IEnumerable<(string Path, EntryKind Kind, long Length, bool Executable, string? LinkTarget)> IdentityEntries()
    {
        IReadOnlyList<ImageEntry> entries = Spec.Entries;
        LayoutNode? catalog = Boot?.Catalog;
        bool ordered = true;
        for (int i = 1; i < entries.Count && ordered; i++)
            ordered = ImageEntry.ComparePaths(entries[i - 1], entries[i]) <= 0;
        if (!ordered)
        {
            IEnumerable<(string Path, EntryKind Kind, long Length, bool Executable, string? LinkTarget)> all =
                entries.Select(e => (e.Path, e.Kind, e.Length, e.Executable, e.LinkTarget));
            if (catalog is not null)
                all = all.Append((catalog.Path, EntryKind.File, catalog.Length, false, null));
            foreach (var entry in all.OrderBy(e => e.Path, StringComparer.Ordinal))
                yield return entry;
            yield break;
        }
        foreach (ImageEntry e in entries)
        {
            if (catalog is not null && string.CompareOrdinal(catalog.Path, e.Path) < 0)
            {
                yield return (catalog.Path, EntryKind.File, catalog.Length, false, null);
                catalog = null;
            }
            yield return (e.Path, e.Kind, e.Length, e.Executable, e.LinkTarget);
        }
        if (catalog is not null)
            yield return (catalog.Path, EntryKind.File, catalog.Length, false, null);
    }

    /// <summary>The records of a directory extent in order: ".", "..", then the children, one per extent of each.</summary>
    public static IEnumerable<(LayoutNode Node, RecordRole Role, int Part)> RecordsOf(LayoutDirectory dir)
    {
        yield return (dir, RecordRole.Dot, 0);
        yield return (dir, RecordRole.DotDot, 0);
        foreach (LayoutNode child in dir.IsoOrder)
        {
            for (int part = 0; part < ExtentCount(child); part++)
                yield return (child, RecordRole.Self, part);
        }
    }

    /// <summary>How many directory records (extents) a node needs: more than one only for files over 4 GiB − 1.</summary>
    public static int ExtentCount(LayoutNode node) =>
        node.DataLength <= MaxSingleExtentLength ? 1 : (int)((node.DataLength + MaxExtentLength - 1) / MaxExtentLength);

    /// <summary>Where part <paramref name="part"/> of a file lies: the extents follow each other in the data area.</summary>
    public static (uint Extent, uint Size, bool More) ExtentOf(LayoutNode file, int part)
    {
        int count = ExtentCount(file);
        if (count == 1)
            return (file.DataExtent, (uint)file.DataLength, false);
        uint extent = file.DataExtent + (uint)part * (MaxExtentLength / SectorSize);
        long size = part < count - 1 ? MaxExtentLength : file.DataLength - ((long)MaxExtentLength * part);
        return (extent, (uint)size, part < count - 1);
    }

    public static int IsoIdentifierLength(LayoutNode node) => node.IsoIdLength;

    public static int JolietIdentifierLength(LayoutNode node) => node.JolietIdLength * 2;

    public static byte[] IsoIdentifier(LayoutNode node)
    {
        byte[] id = new byte[node.IsoIdLength];
        node.WriteIsoId(id);
        return id;
    }

    public static byte[] JolietIdentifier(LayoutNode node) => Encoding.BigEndianUnicode.GetBytes(node.JolietId);

    public static uint Sectors(long bytes) => checked((uint)((bytes + SectorSize - 1) / SectorSize));
}
