using IsoBuild.Sectors;
using System.Globalization;
using System.Text;
using IsoBuild.Iso9660;
using IsoBuild.Spec;
using IsoBuild.Udf;
using IsoBuild.Zisofs;

namespace IsoBuild.Reading;

/// <summary>
/// Reads an ISO 9660 image — IsoBuild's or any other writer's: volume descriptors, the ISO 9660, Joliet and Rock Ridge
/// trees, SUSP continuation areas, Rock Ridge relocated directories, multi-extent files, the El Torito catalog and the
/// MBR/GPT of hybrid images.
/// </summary>
/// <remarks>
/// Reading is lazy and bounded: a directory is read when its children are first asked for, files are streams over
/// their extents, and <see cref="IsoReaderLimits"/> bounds depth, entries, continuation areas and records. Damaged or
/// hostile data gives an <see cref="IsoBuildException"/> with an ISO02xx code, never a hang or an unbounded allocation.
/// Names are Rock Ridge's when present, else Joliet's, else ISO 9660's without ";1" and trailing "."; an image
/// whose ISO 9660 tree is a stub beside a UDF file system (Windows media: a README only) or that has UDF only is
/// read through UDF (see docs/udf.md).
/// </remarks>
public sealed class IsoImageReader : IDisposable
{
    private static readonly string[] RelocationDirectoryNames = ["rr_moved", ".rr_moved", "RR_MOVED"];

    private readonly ImageSource _source;
    private readonly VolumeDescriptorSet? _descriptors;
    private readonly IsoReaderLimits _limits;
    private readonly int _skip;
    private IsoBootCatalog? _bootCatalog;
    private IsoPartitionTable? _partitions;
    private long _recordsRead;
    private bool _ownsSource = true;

    private IsoImageReader(ImageSource source, IsoNamespace? requested, IsoReaderLimits? limits, string? path)
    {
        _source = source;
        _limits = limits ?? IsoReaderLimits.Default;
        ImagePath = path;
        bool udfOnly = false;
        try
        {
            _descriptors = VolumeDescriptorSet.Read(source);
        }
        catch (IsoBuildException e) when ((e.Code == ErrorCodes.NotAnImage || (requested == IsoNamespace.Udf && e.Code != ErrorCodes.InterruptedPatch))
            && UdfVolume.Detect(source))
        {
            // No ISO 9660 descriptors at all (a UDF-only image, as mkudffs makes), or damaged ones when UDF is what
            // was asked for: UDF does not depend on them.
            _descriptors = null;
            udfOnly = e.Code == ErrorCodes.NotAnImage;
        }
        // UDF is opened when asked for, when it is all there is, or to tell whether the ISO 9660 tree is a stub;
        // a damaged UDF beside a sound ISO 9660 tree does not stop the reader then (verify reports it).
        bool udfRequired = requested == IsoNamespace.Udf || _descriptors is null;
        UdfVolume? udf = udfRequired || UdfVolume.Detect(source) ? OpenUdf(source, _limits, udfRequired) : null;
        IsoUdfInfo? udfInfo = udf is null ? null : Describe(udf.Info);
        if (_descriptors is null)
        {
            if (requested is not null and not IsoNamespace.Udf)
                throw new IsoBuildException(ErrorCodes.NamespaceMissing, $"{source.Name} has no ISO 9660 volume descriptors, only UDF: read its UDF names instead.");
            Volume = new IsoVolumeInfo
            {
                VolumeId = udf!.Info.LogicalVolumeIdentifier,
                SystemId = string.Empty,
                VolumeSetId = udf.Info.VolumeSetIdentifier,
                Publisher = string.Empty,
                DataPreparer = string.Empty,
                Application = string.Empty,
                Created = udf.Info.RecordingTime,
                VolumeSectors = (uint)Math.Min(source.Sectors, uint.MaxValue),
                Udf = udfInfo,
                UdfOnly = udfOnly,
            };
            Namespace = IsoNamespace.Udf;
            Root = UdfRoot(udf);
            return;
        }
        VolumeDescriptor pvd = _descriptors.Primary;
        DirectoryRecord? pvdRoot = null;

        // Rock Ridge is announced by SUSP "SP" in the root's own "." record (SUSP 5.3). Reading UDF, a damaged
        // ISO 9660 root only means no Rock Ridge.
        SystemUseInfo? rootSystemUse = null;
        DirectoryRecord? dot = null;
        try
        {
            pvdRoot = pvd.Root;
            dot = ReadFirstRecord(pvdRoot.DataLba, "the root directory");
            if (dot?.SystemUse is { Length: > 0 } su)
                rootSystemUse = SystemUseReader.Read(source, su, 0, _limits, dot.Location);
        }
        catch (IsoBuildException) when (requested == IsoNamespace.Udf)
        {
            rootSystemUse = null;
        }
        bool rockRidge = rootSystemUse?.SharingProtocol == true;
        RootAttributeList = rootSystemUse?.AttributeList?.ToArray();
        _skip = rockRidge ? rootSystemUse!.SkipLength : 0;

        Volume = new IsoVolumeInfo
        {
            VolumeId = pvd.VolumeId,
            SystemId = pvd.SystemId,
            VolumeSetId = pvd.VolumeSetId,
            Publisher = pvd.Publisher,
            DataPreparer = pvd.DataPreparer,
            Application = pvd.Application,
            Created = pvd.Created,
            Modified = pvd.Modified,
            Uuid = VolumeUuids.AsBlkidReadsIt(source, pvd),
            GrubUuid = VolumeUuids.AsGrubReadsIt(source, _descriptors, rockRidge && rootSystemUse!.ExtensionIds.Count > 0),
            Expires = pvd.Expires,
            Effective = pvd.Effective,
            VolumeSectors = pvd.VolumeSpaceSize,
            JolietVolumeId = _descriptors.Joliet?.VolumeId,
            JolietLevel = _descriptors.Joliet?.JolietLevel,
            RockRidge = rockRidge,
            Extensions = rootSystemUse?.ExtensionIds ?? [],
            ElTorito = _descriptors.BootCatalogSector is not null,
            Udf = udfInfo,
        };

        IsoNamespace isoNames = rockRidge ? IsoNamespace.RockRidge : _descriptors.Joliet is not null ? IsoNamespace.Joliet : IsoNamespace.Iso9660;
        Namespace = requested ?? isoNames;
        if (Namespace == IsoNamespace.Udf)
        {
            Root = UdfRoot(udf!);
            return;
        }
        if (Namespace == IsoNamespace.Joliet && _descriptors.Joliet is null)
            throw new IsoBuildException(ErrorCodes.NamespaceMissing, "The image has no Joliet tree: read its Rock Ridge or ISO 9660 names instead.");
        if (Namespace == IsoNamespace.RockRidge && !rockRidge)
            throw new IsoBuildException(ErrorCodes.NamespaceMissing, "The image has no Rock Ridge entries: read its Joliet or ISO 9660 names instead.");
        DirectoryRecord root = Namespace == IsoNamespace.Joliet ? _descriptors.Joliet!.Root : pvdRoot!;
        Root = new IsoEntry(this, null, string.Empty, EntryKind.Directory)
        {
            DirectoryLba = root.DataLba,
            DirectorySize = root.DataLength,
            Length = root.DataLength,
            StoredLength = root.DataLength,
            ModifiedTime = root.Date,
            Recorded = Namespace == IsoNamespace.Joliet ? new EntryAttributes { RecordDate = root.Date } : Attributes(Namespace == IsoNamespace.RockRidge ? rootSystemUse : null, dot?.Date ?? root.Date, null),
        };
        if (requested is null && udf is not null && IsStub(Root, udf.Root))
        {
            // Windows media: the ISO 9660 tree holds a README that says to read UDF. UDF it is.
            Namespace = IsoNamespace.Udf;
            Root = UdfRoot(udf);
        }
    }

    /// <summary>What a record says of an entry besides its name and extents (see <see cref="IsoEntry.Recorded"/>).</summary>
    private static EntryAttributes Attributes(SystemUseInfo? su, DateTimeOffset? recordDate, string? isoName) => new()
    {
        Mode = su?.Mode,
        Links = su?.Mode is null ? null : su.Links,
        UserId = su?.UserId ?? 0,
        GroupId = su?.GroupId ?? 0,
        Times = su?.Times,
        RecordDate = recordDate,
        IsoName = isoName,
        ExtraSystemUse = su is null ? [] : [.. su.Extra],
    };

    private static UdfVolume? OpenUdf(ImageSource source, IsoReaderLimits limits, bool required)
    {
        var udfLimits = new UdfReaderLimits
        {
            MaxDepth = limits.MaxDepth,
            MaxEntriesPerDirectory = limits.MaxEntriesPerDirectory,
            MaxTotalEntries = limits.MaxTotalRecords,
        };
        try
        {
            return UdfVolume.Open(source, udfLimits);
        }
        catch (IsoBuildException) when (!required)
        {
            return null;
        }
    }

    /// <summary>
    /// An ISO 9660 tree is a stub beside UDF when it holds no directory and at most one file (the README of Windows
    /// media and of IsoBuild's UDF-primary images) and the UDF root holds something else.
    /// </summary>
    private static bool IsStub(IsoEntry isoRoot, UdfEntry udfRoot)
    {
        IReadOnlyList<IsoEntry> iso = isoRoot.GetChildren();
        if (iso.Count > 1 || iso.Any(e => e.Kind == EntryKind.Directory))
            return false;
        var names = new HashSet<string>(iso.Select(e => e.Name), StringComparer.OrdinalIgnoreCase);
        IReadOnlyList<UdfEntry> udf = udfRoot.GetChildren();
        return udf.Count != names.Count || !udf.All(e => names.Contains(e.Name));
    }

    private IsoEntry UdfRoot(UdfVolume udf) => new(this, null, string.Empty, EntryKind.Directory)
    {
        Length = udf.Root.Length,
        Mode = udf.Root.Mode,
        ModifiedTime = udf.Root.ModifiedTime,
        Udf = udf.Root,
    };

    private static IsoUdfInfo Describe(UdfVolumeInfo info) => new()
    {
        Revision = UdfVolumeInfo.FormatRevision(info.Revision),
        Recognition = info.RecognitionIdentifier,
        VolumeId = info.VolumeIdentifier,
        VolumeSetId = info.VolumeSetIdentifier,
        LogicalVolumeId = info.LogicalVolumeIdentifier,
        FileSetId = info.FileSetIdentifier,
        Implementation = info.ImplementationIdentifier,
        Recorded = info.RecordingTime,
        IntegrityClosed = info.IntegrityClosed,
        Files = info.FileCount,
        Directories = info.DirectoryCount,
        Partitions = [.. info.Partitions.Select(p => new IsoUdfPartition(p.Reference, p.Kind.ToString().ToLowerInvariant(), p.Number, p.Start, p.Length, p.AccessType switch
        {
            0 => "pseudo-overwritable",
            1 => "read-only",
            2 => "write-once",
            3 => "rewritable",
            4 => "overwritable",
            _ => "unknown",
        }))],
    };

    /// <summary>Opens the image at <paramref name="path"/> for reading.</summary>
    /// <param name="path">The image file.</param>
    /// <param name="names">The tree to name entries from; null picks UDF when the ISO 9660 tree is a stub or missing, else Rock Ridge, else Joliet, else ISO 9660.</param>
    /// <param name="limits">Reader limits; null for <see cref="IsoReaderLimits.Default"/>.</param>
    /// <exception cref="IsoBuildException">ISO0200 when it cannot be opened, ISO0201–ISO0213 when it is not a sound image, ISO0610–ISO0619 when its UDF file system is read and damaged, ISO0700–ISO0708 when it is a damaged raw disc image.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "A path and a stream: the first parameter tells the overloads apart, as File.Open and the stream constructors do.")]
    public static IsoImageReader Open(string path, IsoNamespace? names = null, IsoReaderLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        // A raw disc image (BIN/CUE, NRG, MDF/MDS, CCD/IMG) is read through its first data track's user data.
        ImageSource source = Disc.DiscImage.OpenSource(path);
        try
        {
            return new IsoImageReader(source, names, limits, Path.GetFullPath(path));
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>Opens an image held in a readable, seekable stream.</summary>
    /// <param name="stream">The image.</param>
    /// <param name="leaveOpen">True to leave the stream open when the reader is disposed.</param>
    /// <param name="names">The tree to name entries from; null picks UDF when the ISO 9660 tree is a stub or missing, else Rock Ridge, else Joliet, else ISO 9660.</param>
    /// <param name="limits">Reader limits; null for <see cref="IsoReaderLimits.Default"/>.</param>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "A path and a stream: the first parameter tells the overloads apart, as File.Open and the stream constructors do.")]
    public static IsoImageReader Open(Stream stream, bool leaveOpen = false, IsoNamespace? names = null, IsoReaderLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ImageSource source = Disc.DiscImage.Wrap(new StreamImageSource(stream, leaveOpen));
        try
        {
            return new IsoImageReader(source, names, limits, null);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>The image's full path, or null when read from a stream.</summary>
    public string? ImagePath { get; }

    /// <summary>The image's length in bytes.</summary>
    public long Length => _source.Length;

    /// <summary>Volume identifiers, dates, size and the extensions present.</summary>
    public IsoVolumeInfo Volume { get; }

    /// <summary>The tree entries are named from.</summary>
    public IsoNamespace Namespace { get; }

    /// <summary>The root directory.</summary>
    public IsoEntry Root { get; }

    /// <summary>The El Torito boot catalog, or null when the image has none.</summary>
    public IsoBootCatalog? BootCatalog =>
        _descriptors?.BootCatalogSector is uint lba ? _bootCatalog ??= IsoBootCatalog.Read(_source, lba) : null;

    /// <summary>The MBR and GPT of the system area (empty lists for an image that is not hybrid).</summary>
    public IsoPartitionTable PartitionTable => _partitions ??= IsoPartitionTable.Read(_source);

    /// <summary>The first 512 bytes of the image: an MBR's boot code and partition table when the image is hybrid.</summary>
    public byte[] ReadMasterBootRecord()
    {
        byte[] mbr = new byte[512];
        _source.ReadExactly(0, mbr, ErrorCodes.NotAnImage, "the system area");
        return mbr;
    }

    /// <summary>Finds an entry by path ("/", "a/b", "/a/b/"); null when it does not exist.</summary>
    public IsoEntry? Find(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        IsoEntry current = Root;
        foreach (string part in path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
                continue;
            IsoEntry? next = null;
            foreach (IsoEntry child in current.GetChildren())
            {
                if (string.Equals(child.Name, part, StringComparison.Ordinal))
                {
                    next = child;
                    break;
                }
            }
            if (next is null)
                return null;
            current = next;
        }
        return current;
    }

    /// <summary>Every entry below <paramref name="directory"/> (the root when null), depth first, children in ordinal name order.</summary>
    public IEnumerable<IsoEntry> EnumerateDescendants(IsoEntry? directory = null)
    {
        static IEnumerator<IsoEntry> Sorted(IsoEntry d) =>
            d.GetChildren().OrderBy(c => c.Name, StringComparer.Ordinal).ToList().GetEnumerator();
        var stack = new Stack<IEnumerator<IsoEntry>>();
        stack.Push(Sorted(directory ?? Root));
        while (stack.Count > 0)
        {
            IEnumerator<IsoEntry> it = stack.Peek();
            if (!it.MoveNext())
            {
                it.Dispose();
                stack.Pop();
                continue;
            }
            IsoEntry entry = it.Current;
            yield return entry;
            if (entry.Kind == EntryKind.Directory)
                stack.Push(Sorted(entry));
        }
    }

    internal Stream OpenRead(IsoEntry entry)
    {
        if (entry.Kind != EntryKind.File)
            throw new InvalidOperationException($"'{entry.Path}' is not a file.");
        if (entry.Udf is { } udf)
            return udf.OpenRead();
        if (entry.Interleaved)
        {
            IsoBuildException.Throw(ErrorCodes.UnsupportedImage,
                $"'{entry.Path}' is recorded in interleaved mode (ECMA-119 6.4.3), which IsoBuild does not read.");
        }
        var stored = new IsoExtentStream(_source, entry.Extents, entry.Path, ownsSource: false);
        return entry.Zisofs is { } zisofs ? new ZisofsReadStream(stored, zisofs, entry.Path) : stored;
    }

    internal ImageSource Source => _source;
    internal VolumeDescriptorSet Descriptors => _descriptors ?? throw new InvalidOperationException("A UDF-only image has no ISO 9660 volume descriptors.");

    /// <summary>The AAIP "AL" component areas of the root's "." record (libisofs records its checksum array there).</summary>
    internal byte[]? RootAttributeList { get; }

    /// <summary>Reads the first record of a directory extent ("."), or null when the sector is beyond the image.</summary>
    internal DirectoryRecord? ReadFirstRecord(uint lba, string what)
    {
        long offset = (long)lba * ImageSource.SectorSize;
        if (offset + ImageSource.SectorSize > _source.Length)
            return null;
        byte[] sector = new byte[ImageSource.SectorSize];
        _source.ReadExactly(offset, sector, ErrorCodes.MalformedDirectory, $"The first sector of {what}");
        if (sector[0] == 0)
            return null;
        return DirectoryRecord.Read(sector, $"sector {lba} offset 0 ({what})");
    }

    /// <summary>Reads every record of a directory extent in order, within the limits.</summary>
    internal List<DirectoryRecord> ReadRecords(uint lba, uint size, string path)
    {
        long sectors = (size + ImageSource.SectorSize - 1L) / ImageSource.SectorSize;
        if (((long)lba + sectors) * ImageSource.SectorSize > _source.Length)
        {
            IsoBuildException.Throw(ErrorCodes.MalformedDirectory,
                $"The directory '{path}' (sector {lba}, {size} bytes) lies beyond the end of {_source.Name} ({_source.Length} bytes): the image is truncated or damaged.");
        }
        var records = new List<DirectoryRecord>();
        byte[] sector = new byte[ImageSource.SectorSize];
        for (long s = 0; s < sectors; s++)
        {
            uint at = checked((uint)(lba + s));
            _source.ReadExactly((long)at * ImageSource.SectorSize, sector, ErrorCodes.MalformedDirectory, $"The directory '{path}'");
            int limit = (int)Math.Min(ImageSource.SectorSize, size - s * ImageSource.SectorSize);
            int p = 0;
            while (p < limit && sector[p] != 0)
            {
                int length = sector[p];
                if (p + length > ImageSource.SectorSize)
                {
                    IsoBuildException.Throw(ErrorCodes.MalformedDirectory,
                        $"The directory record at sector {at} offset {p} of '{path}' is {length} bytes long and crosses the end of its sector: the directory is damaged.");
                }
                DirectoryRecord record = DirectoryRecord.Read(sector.AsSpan(p, ImageSource.SectorSize - p),
                    string.Create(CultureInfo.InvariantCulture, $"sector {at} offset {p} of '{path}'"));
                records.Add(record);
                if (records.Count > _limits.MaxEntriesPerDirectory)
                {
                    IsoBuildException.Throw(ErrorCodes.ReaderLimitExceeded,
                        $"The directory '{path}' holds more than {_limits.MaxEntriesPerDirectory} records: the image is damaged or hostile.");
                }
                if (++_recordsRead > _limits.MaxTotalRecords)
                {
                    IsoBuildException.Throw(ErrorCodes.ReaderLimitExceeded,
                        $"The image holds more than {_limits.MaxTotalRecords} directory records (read so far): the image is damaged or hostile.");
                }
                p += length;
            }
        }
        if (records.Count == 0 || !records[0].IsSelf)
        {
            IsoBuildException.Throw(ErrorCodes.MalformedDirectory,
                $"The directory '{path}' (sector {lba}) does not start with its '.' record: the directory is damaged.");
        }
        return records;
    }

    internal IReadOnlyList<IsoEntry> ReadChildren(IsoEntry dir)
    {
        if (dir.Udf is { } udfDirectory)
            return [.. udfDirectory.GetChildren().Select(c => UdfChild(dir, c))];
        if (dir.Depth >= _limits.MaxDepth)
        {
            IsoBuildException.Throw(ErrorCodes.ReaderLimitExceeded,
                $"'{dir.Path}' is nested more than {_limits.MaxDepth} directories deep: the image is damaged or hostile.");
        }
        for (IsoEntry? a = dir.Parent; a is not null; a = a.Parent)
        {
            if (a.DirectoryLba == dir.DirectoryLba)
            {
                IsoBuildException.Throw(ErrorCodes.DirectoryLoop,
                    $"The directory '{dir.Path}' is its own ancestor '{a.Path}' (both at sector {dir.DirectoryLba}): the tree loops.");
            }
        }
        if (dir.DirectorySize is null)
        {
            // A relocated directory (Rock Ridge CL): its size is in its own "." record.
            DirectoryRecord? self = ReadFirstRecord(dir.DirectoryLba, $"'{dir.Path}'");
            if (self is null || !self.IsSelf)
            {
                IsoBuildException.Throw(ErrorCodes.MalformedSystemUse,
                    $"The Rock Ridge child link (CL) of '{dir.Path}' points to sector {dir.DirectoryLba}, which holds no directory.");
            }
            dir.DirectorySize = self.DataLength;
        }
        List<DirectoryRecord> records = ReadRecords(dir.DirectoryLba, dir.DirectorySize.Value, dir.Path);
        var children = new List<IsoEntry>();
        var extents = new List<IsoExtent>();
        DirectoryRecord? first = null;
        foreach (DirectoryRecord r in records)
        {
            if (r.IsSelf || r.IsParent)
            {
                if (first is not null)
                    ThrowUnfinishedMultiExtent(first, dir);
                continue;
            }
            if (first is not null && !r.Identifier.AsSpan().SequenceEqual(first.Identifier))
                ThrowUnfinishedMultiExtent(first, dir);
            first ??= r;
            extents.Add(new IsoExtent(r.DataLba, r.DataLength));
            if (r.IsMultiExtent)
                continue;
            IsoEntry? child = CreateEntry(dir, first, r, extents);
            if (child is not null)
                children.Add(child);
            first = null;
            extents = [];
        }
        if (first is not null)
            ThrowUnfinishedMultiExtent(first, dir);
        if (dir.Parent is null && Namespace == IsoNamespace.RockRidge)
            children.RemoveAll(IsEmptiedRelocationDirectory);
        return children;
    }

    private bool IsEmptiedRelocationDirectory(IsoEntry e) =>
        e.Kind == EntryKind.Directory && RelocationDirectoryNames.Contains(e.Name, StringComparer.Ordinal) &&
        e.GetChildren().Count == 0 && e.HadRelocatedChildren;

    private static void ThrowUnfinishedMultiExtent(DirectoryRecord first, IsoEntry dir) =>
        IsoBuildException.Throw(ErrorCodes.MalformedDirectory,
            $"The multi-extent file '{Encoding.Latin1.GetString(first.Identifier)}' in '{dir.Path}' ends without its final extent (a record without flag 0x80): the directory is damaged.");

    private IsoEntry? CreateEntry(IsoEntry dir, DirectoryRecord first, DirectoryRecord last, List<IsoExtent> extents)
    {
        if ((last.Flags & DirectoryRecord.FlagAssociated) != 0)
            return null;
        string name;
        EntryKind kind = last.IsDirectory ? EntryKind.Directory : EntryKind.File;
        uint? mode = null;
        string? link = null;
        DateTimeOffset? modified = last.Date;
        uint directoryLba = last.DataLba;
        uint? directorySize = last.DataLength;
        SystemUseInfo? recorded = null;
        ZisofsEntry? zisofs = null;
        byte[]? attributes = null;
        switch (Namespace)
        {
            case IsoNamespace.Joliet:
                name = CleanIdentifier(Encoding.BigEndianUnicode.GetString(first.Identifier, 0, first.Identifier.Length & ~1), stripDot: false);
                break;
            case IsoNamespace.RockRidge:
                SystemUseInfo su = SystemUseReader.Read(_source, first.SystemUse, _skip, _limits, first.Location);
                recorded = su;
                if (su.Relocated)
                {
                    dir.HadRelocatedChildren = true;
                    return null;
                }
                name = su.Name ?? CleanIdentifier(Encoding.Latin1.GetString(first.Identifier), stripDot: true);
                mode = su.Mode;
                zisofs = su.Zisofs;
                attributes = su.AttributeList?.ToArray();
                modified = su.Modified ?? modified;
                if (su.ChildLink is uint cl)
                {
                    // A directory relocated by genisoimage/xorriso (RRIP 4.1.5): this record is a placeholder
                    // file; the directory's size is in its own "." record.
                    kind = EntryKind.Directory;
                    directoryLba = cl;
                    DirectoryRecord? self = ReadFirstRecord(cl, $"the relocated directory '{name}'");
                    if (self is null || !self.IsSelf || !self.IsDirectory)
                    {
                        IsoBuildException.Throw(ErrorCodes.MalformedSystemUse,
                            $"The Rock Ridge child link (CL) of '{name}' in '{dir.Path}' points to sector {cl}, which holds no directory.");
                    }
                    directorySize = self.DataLength;
                    extents.Clear();
                    extents.Add(new IsoExtent(cl, self.DataLength));
                }
                else if (su.LinkTarget is not null || (mode is uint m && (m & 0xF000) == 0xA000 && !last.IsDirectory))
                {
                    kind = EntryKind.Symlink;
                    link = su.LinkTarget ?? string.Empty;
                }
                break;
            default:
                name = CleanIdentifier(Encoding.Latin1.GetString(first.Identifier), stripDot: true);
                break;
        }
        long length = 0;
        foreach (IsoExtent e in extents)
            length += e.Length;
        if (kind != EntryKind.File)
            zisofs = null;
        return new IsoEntry(this, dir, name, kind)
        {
            Length = kind == EntryKind.Symlink ? 0 : zisofs is { } z ? (long)Math.Min(z.UncompressedLength, long.MaxValue) : length,
            StoredLength = kind == EntryKind.Symlink ? 0 : length,
            Zisofs = zisofs,
            AttributeList = attributes,
            Mode = mode,
            LinkTarget = link,
            ModifiedTime = modified,
            Extents = kind == EntryKind.File ? extents : [],
            IsHidden = (last.Flags & DirectoryRecord.FlagHidden) != 0,
            DirectoryLba = kind == EntryKind.Directory ? directoryLba : 0,
            DirectorySize = kind == EntryKind.Directory ? directorySize : 0,
            Interleaved = last.UnitSize != 0 || last.GapSize != 0,
            Recorded = Attributes(recorded, last.Date,
                Namespace == IsoNamespace.Joliet ? null : VersionLess(Encoding.Latin1.GetString(first.Identifier))),
        };
    }

    /// <summary>An ISO 9660 identifier without its version (";1").</summary>
    private static string VersionLess(string identifier)
    {
        int semi = identifier.LastIndexOf(';');
        return semi >= 0 ? identifier[..semi] : identifier;
    }

    /// <summary>An entry of the UDF tree as the reader shows it (its extents when they are all recorded sectors).</summary>
    private IsoEntry UdfChild(IsoEntry parent, UdfEntry entry)
    {
        List<IsoExtent> extents = [];
        if (entry.Kind == EntryKind.File && entry.EmbeddedData is null)
        {
            foreach (UdfExtent e in entry.Extents)
            {
                if (e.Sector is not long sector || sector > uint.MaxValue)
                {
                    extents = [];
                    break;
                }
                extents.Add(new IsoExtent((uint)sector, e.Length));
            }
        }
        return new IsoEntry(this, parent, entry.Name, entry.Kind)
        {
            Length = entry.Kind == EntryKind.Symlink ? 0 : entry.Length,
            Mode = entry.Mode,
            LinkTarget = entry.LinkTarget,
            ModifiedTime = entry.ModifiedTime,
            Extents = extents,
            IsHidden = entry.IsHidden,
            Udf = entry,
        };
    }

    /// <summary>Drops the version (";1") and, for ISO 9660 names, the dot of a name without extension ("README.").</summary>
    internal static string CleanIdentifier(string identifier, bool stripDot)
    {
        string s = identifier;
        int semi = s.LastIndexOf(';');
        if (semi >= 0 && s.AsSpan(semi + 1).IndexOfAnyExceptInRange('0', '9') < 0)
            s = s[..semi];
        if (stripDot && s.Length > 1 && s.EndsWith('.'))
            s = s[..^1];
        return s;
    }

    /// <summary>
    /// The same image named from another of its trees (the Joliet names of the entries an edit carries over). It
    /// shares this reader's sector view, so it must not outlive this reader; disposing it leaves the view open.
    /// </summary>
    internal IsoImageReader WithNames(IsoNamespace names) =>
        new(_source, names, _limits, ImagePath) { _ownsSource = false };

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsSource)
            _source.Dispose();
    }
}
