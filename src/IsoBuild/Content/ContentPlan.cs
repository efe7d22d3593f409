using System.Globalization;
using System.Numerics;
using IsoBuild.Spec;
using IsoBuild.Zisofs;

namespace IsoBuild.Content;

/// <summary>A file's data stored zisofs-compressed: the sizes, and where the compressed bytes wait to be written.</summary>
/// <param name="File">What compressing gave (sizes, block size, the ZF entry).</param>
/// <param name="SpoolOffset">Where the compressed bytes start in the plan's spool; -1 when they were only measured.</param>
internal sealed record CompressedContent(ZisofsCompressedFile File, long SpoolOffset);

/// <summary>
/// What the layout needs to know of the files' contents beyond their sizes: which entries are one file on disk (hard
/// links), which hold identical bytes (stored once), and how large the zisofs data of each compressed file is. Made
/// by reading the sources — files of equal size are hashed, files to compress are compressed — before the layout, so
/// that the layout stays a function of the spec and of what this plan says.
/// </summary>
/// <remarks>
/// <para>
/// Identical files are found cheaply: only files whose size another file shares are read, first their first 64 KiB
/// for a fingerprint, then whole for a SHA-256 only when the fingerprints agree too (several files at once). The
/// names of one hard-linked file share its extent and nothing else does. Boot images are left out of everything:
/// firmware reads them as they are, and a BIOS image's copy in the image is patched, so it may not share an extent.
/// </para>
/// <para>
/// Compression runs on every processor — several files at once, and the blocks of a large file at once — and the
/// bytes do not depend on how many there are (<see cref="ZisofsCompressor"/>). With a spool directory the compressed
/// bytes are kept in a temporary file there (deleted when the plan is disposed) and copied into the image by the
/// writer; without one they are only measured, and the writer compresses again.
/// </para>
/// </remarks>
internal sealed class ContentPlan : IDisposable
{
    /// <summary>Files at least this long are compressed one at a time with their blocks in parallel; smaller ones several at once.</summary>
    private const long LargeFile = 1 << 20;

    /// <summary>
    /// Files of equal size are first told apart by a fingerprint of this many bytes from their start: files that
    /// merely share a size (the common case) are not read whole. One page: files that differ mostly differ in their
    /// first bytes, and 64 KiB made reading and hashing the fingerprints of 20,000 files of up to 40 KiB take a
    /// fifth of a pack's time.
    /// </summary>
    private const int PrefixLength = 4 << 10;

    private readonly Dictionary<ImageEntry, int> _linkGroups = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<ImageEntry, int> _dataGroups = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<ImageEntry, CompressedContent> _compressed = new(ReferenceEqualityComparer.Instance);

    /// <summary>While the plan is made: the groups of entries that share an extent, hard-linked files first.</summary>
    private readonly List<List<ImageEntry>> _groups = [];
    private ZisofsSpool? _spool;

    private ContentPlan()
    {
    }

    /// <summary>A plan of a spec whose files are all stored as they are, each in its own extent.</summary>
    public static ContentPlan None { get; } = new();

    /// <summary>Entries of one hard-linked file share a group number (groups of two or more only).</summary>
    public int? LinkGroup(ImageEntry entry) => _linkGroups.TryGetValue(entry, out int g) ? g : null;

    /// <summary>Entries that share one extent (identical bytes, or the names of one hard-linked file) share a group number.</summary>
    public int? DataGroup(ImageEntry entry) => _dataGroups.TryGetValue(entry, out int g) ? g : null;

    /// <summary>The zisofs form of an entry stored compressed, or null.</summary>
    public CompressedContent? Compressed(ImageEntry entry) => _compressed.GetValueOrDefault(entry);

    /// <summary>The compressed bytes of <paramref name="content"/> as spooled, or null when they were only measured.</summary>
    public Stream? OpenCompressed(CompressedContent content) =>
        _spool is { } spool && content.SpoolOffset >= 0 ? spool.Open(content.SpoolOffset, content.File.CompressedLength) : null;

    /// <summary>Checks the storage options of a spec: what needs Rock Ridge, which checksum schemes go together, block sizes.</summary>
    public static void Validate(ImageSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Zisofs is { } zisofs)
        {
            if (!spec.RockRidge)
            {
                IsoBuildException.Throw(ErrorCodes.NeedsRockRidge,
                    $"zisofs compression ({ImageSetting.Zisofs.Named()}) is recorded in Rock Ridge entries, and Rock Ridge is off: {ImageSetting.RockRidge.Set(true)}, or leave compression off.");
            }
            if (!IsBlockSize(zisofs.BlockSize))
            {
                IsoBuildException.Throw(ErrorCodes.InvalidZisofsOption, string.Create(CultureInfo.InvariantCulture,
                    $"{ImageSetting.ZisofsBlockSize.Set(zisofs.BlockSize)} is not a zisofs block size: give 32k, 64k or 128k (the sizes the Linux kernel reads)."));
            }
        }
        if (spec.Md5 && !spec.RockRidge)
        {
            IsoBuildException.Throw(ErrorCodes.NeedsRockRidge,
                $"libisofs MD5 records ({ImageSetting.Md5.Named()}) name each file's checksum in a Rock Ridge entry, and Rock Ridge is off: {ImageSetting.RockRidge.Set(true)}, or use {ImageSetting.ImplantMd5.Set(true)} instead.");
        }
        // Two throws, not one with a conditional message: each interpolation must reach the message handler that
        // words the settings for the front door.
        if (spec.Udf is not null && spec.Zisofs is not null)
        {
            IsoBuildException.Throw(ErrorCodes.NotWithUdf,
                $"zisofs compression ({ImageSetting.Zisofs.Named()}) cannot go with UDF ({ImageSetting.Udf.Named()}): UDF has no compressed files, so Windows and every UDF reader would read the compressed bytes. Leave one of them off.");
        }
        if (spec.Udf is not null && spec.Md5)
        {
            IsoBuildException.Throw(ErrorCodes.NotWithUdf,
                $"libisofs MD5 records ({ImageSetting.Md5.Named()}) cannot go with UDF ({ImageSetting.Udf.Named()}): the tag libisofs puts after the volume descriptors would end the UDF recognition sequence that must follow them. Use {ImageSetting.ImplantMd5.Set(true)} or {ImageSetting.Sha256.Set(true)} for a checksum instead.");
        }
        if (spec.Md5 && spec.ImplantMd5)
        {
            IsoBuildException.Throw(ErrorCodes.ChecksumSchemesExclusive,
                $"{ImageSetting.Md5.Named()} and {ImageSetting.ImplantMd5.Named()} cannot both be had: the libisofs tags cover the volume descriptor that holds the isomd5sum record, and the isomd5sum MD5 covers the tags, so whichever came last would break the other. Pick one: {ImageSetting.ImplantMd5.Named()} for installers that check themselves (checkisomd5), {ImageSetting.Md5.Named()} for xorriso's checks and per-file MD5s.");
        }
    }

    /// <summary>A zisofs block size the format and the Linux kernel allow: 32, 64 or 128 KiB.</summary>
    public static bool IsBlockSize(int bytes) =>
        BitOperations.IsPow2(bytes) && BitOperations.Log2((uint)bytes) is >= ZisofsHeader.MinBlockShift and <= ZisofsHeader.MaxBlockShift;

    /// <summary>
    /// The hard links of a spec, found without reading anything: what an incremental build's key needs when the
    /// rest of the plan depends only on contents, which it stamps.
    /// </summary>
    public static ContentPlan HardLinksOnly(ImageSpec spec)
    {
        Validate(spec);
        var plan = new ContentPlan();
        plan.FindHardLinks(Candidates(spec));
        foreach ((ImageEntry entry, int group) in plan._linkGroups)
            plan._dataGroups[entry] = group;
        plan._groups.Clear();
        return plan;
    }

    /// <summary>Reads what the layout of <paramref name="spec"/> needs: hard links, identical files, compressed sizes.</summary>
    /// <param name="spec">The image's spec.</param>
    /// <param name="spoolDirectory">
    /// Where to keep the compressed bytes until the image is written (beside the output), or null to only measure them.
    /// </param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <exception cref="IsoBuildException">A bad option, or a source that cannot be read or changed (ISO0010, ISO0014).</exception>
    public static ContentPlan Prepare(ImageSpec spec, string? spoolDirectory, CancellationToken cancellationToken = default)
    {
        Validate(spec);
        List<ImageEntry> files = Candidates(spec);
        if (files.Count == 0)
            return None;
        var plan = new ContentPlan();
        try
        {
            List<ImageEntry> singles = plan.FindHardLinks(files);
            plan.FindIdenticalFiles(spec, singles, cancellationToken);
            if (spec.Zisofs is { } zisofs)
                plan.Compress(zisofs, singles, spoolDirectory, cancellationToken);
            plan._groups.Clear();
            return plan;
        }
        catch
        {
            plan.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Files whose data may be shared or compressed: every file with data but the boot images, those of the shorthand
    /// and those of the El Torito entries alike (a patched copy must not become the data of an identical file).
    /// </summary>
    private static List<ImageEntry> Candidates(ImageSpec spec)
    {
        var boot = new HashSet<string>(StringComparer.Ordinal);
        IEnumerable<string?> images = [spec.Boot?.BiosImage, spec.Boot?.EfiImage, .. (spec.Boot?.Entries ?? []).Select(e => e.Image)];
        foreach (string? path in images)
        {
            if (path is not null)
                boot.Add(ImagePath.Normalize(path));
        }
        return [.. spec.Entries.Where(e => e.Kind == EntryKind.File && e.Length > 0 && (boot.Count == 0 || !boot.Contains(ImagePath.Normalize(e.Path))))];
    }

    /// <summary>
    /// Groups the names of hard-linked files (each such file's names are a data group of their own); returns the
    /// files that are the only name of theirs in the spec.
    /// </summary>
    private List<ImageEntry> FindHardLinks(List<ImageEntry> files)
    {
        var singles = new List<ImageEntry>(files.Count);
        // By length too: names of one file seen with two lengths (it changed while the tree was read) are not joined.
        var byIdentity = new Dictionary<(object, long), List<ImageEntry>>();
        foreach (ImageEntry file in files)
        {
            if (file.HardLink is { } identity)
            {
                if (!byIdentity.TryGetValue((identity, file.Length), out List<ImageEntry>? names))
                    byIdentity[(identity, file.Length)] = names = [];
                names.Add(file);
            }
            else
            {
                singles.Add(file);
            }
        }
        foreach (List<ImageEntry> names in byIdentity.Values)
        {
            if (names.Count < 2)
            {
                singles.Add(names[0]);
                continue;
            }
            _groups.Add(names);
            foreach (ImageEntry name in names)
                _linkGroups[name] = _groups.Count - 1;
        }
        return singles;
    }

    /// <summary>
    /// Puts files of identical bytes (when the spec asks) into data groups. Only files whose size another file shares
    /// are read. A hard-linked file keeps its extent to itself: readers that restore hard links (libarchive) tell them
    /// by the extent, and would link other files stored with it, or only some of its names.
    /// </summary>
    private void FindIdenticalFiles(ImageSpec spec, List<ImageEntry> singles, CancellationToken cancellationToken)
    {
        if (spec.Deduplicate)
            _groups.AddRange(IdenticalFiles.Find(singles, PrefixLength, cancellationToken));
        for (int id = 0; id < _groups.Count; id++)
        {
            foreach (ImageEntry entry in _groups[id])
                _dataGroups[entry] = id;
        }
    }

    /// <summary>
    /// Compresses what the policy takes: one compression per data group (or lone file), stored for all its entries
    /// when it saves a sector. A group is compressed only when the policy takes every one of its entries.
    /// </summary>
    private void Compress(ZisofsSpec zisofs, List<ImageEntry> singles, string? spoolDirectory, CancellationToken cancellationToken)
    {
        var policy = new ZisofsPolicy { BlockShift = BitOperations.Log2((uint)zisofs.BlockSize), Exclude = zisofs.Exclude };
        List<IReadOnlyList<ImageEntry>> work = [.. _groups];
        foreach (ImageEntry single in singles)
        {
            if (DataGroup(single) is null)
                work.Add([single]);
        }
        work.RemoveAll(w => !w.All(e => policy.Considers(e.Path, e.Length)));
        if (work.Count == 0)
            return;
        if (spoolDirectory is not null)
            _spool = ZisofsSpool.Create(spoolDirectory);
        var results = new CompressedContent?[work.Count];
        // Large files one at a time, their blocks on every processor; then the small ones, several at once.
        for (int i = 0; i < work.Count; i++)
        {
            if (work[i][0].Length >= LargeFile)
                results[i] = CompressLarge(work[i][0], policy.BlockShift, cancellationToken);
        }
        Parallel.For(0, work.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            if (work[i][0].Length < LargeFile)
                results[i] = CompressSmall(work[i][0], policy.BlockShift, cancellationToken);
        });
        for (int i = 0; i < work.Count; i++)
        {
            if (results[i] is { } result)
            {
                foreach (ImageEntry entry in work[i])
                    _compressed[entry] = result;
            }
        }
    }

    private CompressedContent? CompressLarge(ImageEntry entry, int blockShift, CancellationToken cancellationToken)
    {
        Stream destination = _spool?.Stream ?? Stream.Null;
        long start = _spool?.Stream.Length ?? 0;
        destination.Position = start;
        ZisofsCompressedFile file = SourceReading.Compress(entry, destination, blockShift, batchBlocks: 0, cancellationToken);
        if (!file.SavesSpace)
        {
            _spool?.Stream.SetLength(start);
            return null;
        }
        return new CompressedContent(file, _spool is null ? -1 : start);
    }

    private CompressedContent? CompressSmall(ImageEntry entry, int blockShift, CancellationToken cancellationToken)
    {
        if (_spool is null)
        {
            ZisofsCompressedFile measured = SourceReading.Compress(entry, Stream.Null, blockShift, batchBlocks: 1, cancellationToken);
            return measured.SavesSpace ? new CompressedContent(measured, -1) : null;
        }
        using var buffer = new MemoryStream();
        ZisofsCompressedFile file = SourceReading.Compress(entry, buffer, blockShift, batchBlocks: 1, cancellationToken);
        return file.SavesSpace ? new CompressedContent(file, _spool.Append(buffer.GetBuffer().AsSpan(0, (int)buffer.Length))) : null;
    }

    public void Dispose() => _spool?.Dispose();
}
