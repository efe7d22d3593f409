using System.Security.Cryptography;
using System.Text;
using IsoBuild.Spec;

namespace IsoBuild.Layout;

/// <summary>
/// The deterministic plan of every sector of an image: a pure function of the spec and the sources' sizes.
/// Nothing here reads file contents or the clock.
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

    private ImageLayout(ImageSpec spec, LayoutDirectory root, BootPlan? boot)
    {
        Spec = spec;
        Root = root;
        Boot = boot;
    }

    public ImageSpec Spec { get; }
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
    public uint PaddingStart { get; private set; }
    /// <summary>The ISO 9660 volume's sectors (the volume space size): up to the padding's end and any cylinder padding.</summary>
    public uint VolumeSectors => PaddingStart + PaddingSectors + (SystemArea?.CylinderPadding ?? 0);

    /// <summary>The image file's sectors: the volume, then any appended partitions and the backup GPT behind them.</summary>
    public uint TotalSectors => VolumeSectors + (SystemArea?.AppendedBlocks ?? 0) + (SystemArea?.TrailerSectors ?? 0);

    /// <summary>The system area told in full (<see cref="BootSpec.SystemArea"/>), placed; null for the shorthand's or none.</summary>
    public SystemAreaPlan? SystemArea { get; private set; }

    /// <summary>Every file whose data the writer copies, in order: the files of the volume, then appended partitions.</summary>
    public IEnumerable<LayoutNode> CopiedFiles => SystemArea is null ? Files : Files.Concat(SystemArea.Appended.Select(p => p.Node));
    public int FileCount => Files.Count;
    public int DirectoryCount => IsoDirectories.Count;
    public long TotalBytes => (long)TotalSectors * SectorSize;

    /// <summary>The files whose data comes from the spec's sources: every file with data but the generated boot catalog.</summary>
    public IEnumerable<LayoutNode> DataFiles => Files.Where(f => f.Length > 0 && !f.IsGenerated);

    public static ImageLayout Create(ImageSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        DescriptorStrings.Validate(spec);
        if (spec.BaseVolume is { Uncarried.Count: > 0, DropUncarried: false } kept)
        {
            IsoBuildException.Throw(ErrorCodes.BaseImagePartUncarried,
                $"The base image holds {string.Join(" and ", kept.Uncarried)}, which IsoBuild does not make: the new image would lose {(kept.Uncarried.Count > 1 ? "them" : "it")} (Mac firmware boots from HFS+). Give {ImageSetting.DropHfsPlus.Named()} to leave {(kept.Uncarried.Count > 1 ? "them" : "it")} out.");
        }
        LayoutDirectory root = LayoutTree.Build(spec, BootPlan.CatalogPath(spec));
        var layout = new ImageLayout(spec, root, BootPlan.Resolve(spec, root));
        NameMapping.Assign(root, spec.IsoLevel, spec.Joliet, spec.BaseVolume);
        SectorAllocator.Allocate(layout, spec.RockRidge ? new RockRidgePlanner(spec.Timestamp, spec.BaseVolume) : null);
        if (layout.Boot is { Spec.SystemArea: { } area } boot)
            layout.SystemArea = SystemAreaPlan.Create(layout, area, boot);
        return layout;
    }

    internal void PlaceDescriptors(uint bootRecord, uint jolietDescriptor, uint terminator) =>
        (BootRecord, JolietDescriptor, Terminator) = (bootRecord, jolietDescriptor, terminator);

    internal void PlaceIsoPathTables(uint size, uint typeL, uint typeM) => (IsoPathTableSize, IsoPathTableL, IsoPathTableM) = (size, typeL, typeM);

    internal void PlaceJolietPathTables(uint size, uint typeL, uint typeM) => (JolietPathTableSize, JolietPathTableL, JolietPathTableM) = (size, typeL, typeM);

    internal void PlaceData(uint dataStart, uint paddingStart) => (DataStart, PaddingStart) = (dataStart, paddingStart);

    /// <summary>
    /// SHA-256 of everything the layout depends on (paths, kinds, sizes, modes, link targets, options, timestamp):
    /// the seed of the ids tools usually randomise (disk signature, GPT GUIDs).
    /// </summary>
    public byte[] IdentityHash => _identityHash ??= ComputeIdentityHash();

    private byte[] ComputeIdentityHash()
    {
        var text = new StringBuilder();
        text.Append(Spec.VolumeId).Append('\0').Append(Spec.Joliet).Append(Spec.RockRidge).Append(Spec.Timestamp.UtcTicks).Append('\0')
            .Append(Boot?.Identity()).Append('\n');
        // Every entry, the generated boot catalog among them as a file of its length.
        IEnumerable<(string Path, EntryKind Kind, long Length, bool Executable, string? LinkTarget)> entries =
            Spec.Entries.Select(e => (e.Path, e.Kind, e.Length, e.Executable, e.LinkTarget));
        if (Boot?.Catalog is { } catalog)
            entries = entries.Append((catalog.Path, EntryKind.File, catalog.Length, false, null));
        foreach ((string path, EntryKind kind, long length, bool executable, string? link) in entries.OrderBy(e => e.Path, StringComparer.Ordinal))
            text.Append(path).Append('\0').Append(kind).Append('\0').Append(length).Append('\0').Append(executable).Append('\0').Append(link).Append('\n');
        return SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
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
        node.Length <= MaxSingleExtentLength ? 1 : (int)((node.Length + MaxExtentLength - 1) / MaxExtentLength);

    /// <summary>Where part <paramref name="part"/> of a file lies: the extents follow each other in the data area.</summary>
    public static (uint Extent, uint Size, bool More) ExtentOf(LayoutNode file, int part)
    {
        int count = ExtentCount(file);
        if (count == 1)
            return (file.DataExtent, (uint)file.Length, false);
        uint extent = file.DataExtent + (uint)part * (MaxExtentLength / SectorSize);
        long size = part < count - 1 ? MaxExtentLength : file.Length - ((long)MaxExtentLength * part);
        return (extent, (uint)size, part < count - 1);
    }

    public static int IsoIdentifierLength(LayoutNode node) => node.IsoId.Length;

    public static int JolietIdentifierLength(LayoutNode node) => node.JolietIdLength * 2;

    public static byte[] IsoIdentifier(LayoutNode node) => Encoding.ASCII.GetBytes(node.IsoId);

    public static byte[] JolietIdentifier(LayoutNode node) => Encoding.BigEndianUnicode.GetBytes(node.JolietId);

    public static uint Sectors(long bytes) => checked((uint)((bytes + SectorSize - 1) / SectorSize));
}
