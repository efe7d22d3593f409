using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
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
/// Identical files are found cheaply: only files whose size another file shares are read (SHA-256 of each, in
/// parallel). The names of one hard-linked file share its extent and nothing else does. Boot images are left out of
/// everything: firmware reads them as they are, and a BIOS image's copy in the image is patched, so it may not share
/// an extent.
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

    private readonly Dictionary<ImageEntry, int> _linkGroups = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<ImageEntry, int> _dataGroups = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<ImageEntry, CompressedContent> _compressed = new(ReferenceEqualityComparer.Instance);
    private ZisofsSpool? _spool;

    private ContentPlan()
    {
    }

    /// <summary>A plan of a spec whose files are all stored as they are, each in its own extent.</summary>
    public static ContentPlan None { get; } = new();

    /// <summary>Entries of one hard-linked file share a group number (groups of two or more only).</summary>
    public int? LinkGroup(ImageEntry entry) => _linkGroups.TryGetValue(entry, out int g) ? g : null;

    /// <summary>Entries that share one extent (identical bytes, hard links among them) share a group number.</summary>
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
            List<List<ImageEntry>> units = plan.FindHardLinks(files);
            plan.FindIdenticalFiles(spec, units, cancellationToken);
            if (spec.Zisofs is { } zisofs)
                plan.Compress(zisofs, units, spoolDirectory, cancellationToken);
            return plan;
        }
        catch
        {
            plan.Dispose();
            throw;
        }
    }

    /// <summary>Files whose data may be shared or compressed: every file with data but the boot images.</summary>
    private static List<ImageEntry> Candidates(ImageSpec spec)
    {
        var boot = new HashSet<string>(StringComparer.Ordinal);
        foreach (string? path in new[] { spec.Boot?.BiosImage, spec.Boot?.EfiImage })
        {
            if (path is not null)
                boot.Add(ImagePath.Normalize(path));
        }
        return [.. spec.Entries.Where(e => e.Kind == EntryKind.File && e.Length > 0 && !boot.Contains(ImagePath.Normalize(e.Path)))];
    }

    /// <summary>Groups the names of hard-linked files; returns the units of content: one list per file on disk.</summary>
    private List<List<ImageEntry>> FindHardLinks(List<ImageEntry> files)
    {
        var units = new List<List<ImageEntry>>(files.Count);
        var byIdentity = new Dictionary<object, List<ImageEntry>>();
        foreach (ImageEntry file in files)
        {
            if (file.Content!.HardLink is { } identity)
            {
                if (byIdentity.TryGetValue(identity, out List<ImageEntry>? names) && names[0].Length == file.Length)
                {
                    names.Add(file);
                    continue;
                }
                byIdentity[identity] = names = [file];
                units.Add(names);
                continue;
            }
            units.Add([file]);
        }
        int group = 0;
        foreach (List<ImageEntry> unit in units)
        {
            if (unit.Count < 2)
                continue;
            foreach (ImageEntry name in unit)
                _linkGroups[name] = group;
            group++;
        }
        return units;
    }

    /// <summary>
    /// Puts every unit into a data group: units of identical bytes together (when the spec asks), each hard-linked
    /// file's names together in any case. Only units whose size another unit shares are read.
    /// </summary>
    private void FindIdenticalFiles(ImageSpec spec, List<List<ImageEntry>> units, CancellationToken cancellationToken)
    {
        List<List<List<ImageEntry>>> groups = [.. units.Select(u => new List<List<ImageEntry>> { u })];
        if (spec.Deduplicate)
        {
            // A hard-linked file keeps its extent to itself: readers that restore hard links (libarchive) tell them
            // by the extent, and would link other files stored with it, or only some of its names.
            var candidates = units.Where(u => u.Count == 1).GroupBy(u => u[0].Length).Where(g => g.Count() > 1).SelectMany(g => g).ToList();
            byte[][] hashes = new byte[candidates.Count][];
            Parallel.For(0, candidates.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
                i => hashes[i] = SourceReading.Hash(candidates[i][0], cancellationToken));
            var byContent = new Dictionary<(long, string), List<List<ImageEntry>>>();
            var hashed = new HashSet<List<ImageEntry>>(ReferenceEqualityComparer.Instance);
            for (int i = 0; i < candidates.Count; i++)
            {
                (long, string) key = (candidates[i][0].Length, Convert.ToHexString(hashes[i]));
                if (!byContent.TryGetValue(key, out List<List<ImageEntry>>? same))
                    byContent[key] = same = [];
                same.Add(candidates[i]);
                hashed.Add(candidates[i]);
            }
            groups = [.. units.Where(u => !hashed.Contains(u)).Select(u => new List<List<ImageEntry>> { u }), .. byContent.Values];
        }
        int id = 0;
        foreach (List<List<ImageEntry>> group in groups)
        {
            if (group.Count == 1 && group[0].Count == 1)
                continue;
            foreach (ImageEntry entry in group.SelectMany(u => u))
                _dataGroups[entry] = id;
            id++;
        }
    }

    /// <summary>
    /// Compresses what the policy takes: one compression per data group (or lone file), stored for all its entries
    /// when it saves a sector. A group is compressed only when the policy takes every one of its entries.
    /// </summary>
    private void Compress(ZisofsSpec zisofs, List<List<ImageEntry>> units, string? spoolDirectory, CancellationToken cancellationToken)
    {
        var policy = new ZisofsPolicy { BlockShift = BitOperations.Log2((uint)zisofs.BlockSize), Exclude = zisofs.Exclude };
        var work = new List<List<ImageEntry>>();
        var byGroup = new Dictionary<int, List<ImageEntry>>();
        foreach (ImageEntry entry in units.SelectMany(u => u))
        {
            if (DataGroup(entry) is not int g)
            {
                work.Add([entry]);
            }
            else if (!byGroup.TryGetValue(g, out List<ImageEntry>? members))
            {
                byGroup[g] = members = [entry];
                work.Add(members);
            }
            else
            {
                members.Add(entry);
            }
        }
        work.RemoveAll(w => !w.TrueForAll(e => policy.Considers(e.Path, e.Length)));
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
