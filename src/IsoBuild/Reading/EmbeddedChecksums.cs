using System.Globalization;
using System.Security.Cryptography;
using IsoBuild.Checksums;
using IsoBuild.Spec;

namespace IsoBuild.Reading;

/// <summary>Which checksums an image carries (for <c>dotnet iso info</c>).</summary>
public sealed record IsoChecksumSummary
{
    /// <summary>An isomd5sum record (implantisomd5) in the primary volume descriptor.</summary>
    public bool IsoMd5Sum { get; init; }

    /// <summary>The libisofs MD5 tags found, as "superblock tag at block 19" (xorriso -md5 on).</summary>
    public IReadOnlyList<string> Md5Tags { get; init; } = [];

    /// <summary>True when the root records a libisofs checksum array (isofs.ca): the session's MD5 and the files'.</summary>
    public bool ChecksumArray { get; init; }

    /// <summary>Files whose MD5 the array records (isofs.cx); counted through Rock Ridge names only.</summary>
    public int FilesWithMd5 { get; init; }

    /// <summary>zisofs-compressed files, whose blocks carry zlib's Adler-32; counted through Rock Ridge names only.</summary>
    public int CompressedFiles { get; init; }

    /// <summary>True when the image carries any of them.</summary>
    public bool Any => IsoMd5Sum || Md5Tags.Count > 0 || ChecksumArray || CompressedFiles > 0;
}

/// <summary>
/// Finds and checks the checksums embedded in an image: the isomd5sum record (implantisomd5), the libisofs MD5 tags,
/// checksum array and per-file MD5s (xorriso -md5 on, and IsoBuild), and the zlib checksums of zisofs blocks.
/// </summary>
public static class EmbeddedChecksums
{
    private const int BlockSize = 2048;
    private const int MaxProblemsPerCheck = 20;

    /// <summary>What <paramref name="reader"/>'s image carries. Per-file records are seen through Rock Ridge names only.</summary>
    public static IsoChecksumSummary Find(IsoImageReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using Stream image = ImageStream(reader);
        var tags = new List<string>();
        foreach ((ChecksumTag tag, uint block, _) in FindTags(reader, image))
            tags.Add(string.Create(CultureInfo.InvariantCulture, $"{Describe(tag.Kind)} at block {block}"));
        int files = 0;
        int compressed = 0;
        if (reader.Namespace == IsoNamespace.RockRidge)
        {
            foreach (IsoEntry e in reader.EnumerateDescendants())
            {
                if (e.Kind != EntryKind.File)
                    continue;
                if (ChecksumIndex(e) is not null)
                    files++;
                if (e.IsCompressed)
                    compressed++;
            }
        }
        return new IsoChecksumSummary
        {
            IsoMd5Sum = IsoMd5Sum.ReadRecord(image) is not null,
            Md5Tags = tags,
            ChecksumArray = ArrayAttribute(reader) is not null,
            FilesWithMd5 = files,
            CompressedFiles = compressed,
        };
    }

    /// <summary>
    /// Which checksum schemes the image carries, found without reading its files: an isomd5sum record, and libisofs MD5
    /// records (tags or the root's checksum array). What an edit of the image computes again.
    /// </summary>
    internal static (bool IsoMd5Sum, bool Md5Records) Schemes(IsoImageReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using Stream image = ImageStream(reader);
        bool md5 = ArrayAttribute(reader) is not null || FindTags(reader, image).Any();
        return (IsoMd5Sum.ReadRecord(image) is not null, md5);
    }

    /// <summary>
    /// Checks every embedded checksum of <paramref name="reader"/>'s image; returns the problems, each starting with
    /// its code (ISO0216, ISO0800, ISO0810, ISO0812, ISO0813) and naming the damaged file or blocks. Empty means all
    /// match (or there are none).
    /// </summary>
    public static IReadOnlyList<string> Verify(IsoImageReader reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var problems = new List<string>();
        using Stream image = ImageStream(reader);
        Catch(problems, () =>
        {
            IsoMd5SumCheck check = IsoMd5Sum.Check(image, cancellationToken);
            if (check.Record is not null && !check.Passed)
                problems.Add($"{ErrorCodes.ImplantedMd5Mismatch}: the isomd5sum checksum (implantisomd5) does not match: {check.Problem}.");
        });
        StoredArray? array = null;
        Catch(problems, () => array = ReadArray(reader, image, problems, cancellationToken));
        Catch(problems, () => CheckSession(reader, image, array, problems, cancellationToken));
        if (reader.Namespace == IsoNamespace.RockRidge)
            Catch(problems, () => CheckFiles(reader, image, array, problems, cancellationToken));
        return problems;
    }

    private static void Catch(List<string> problems, Action action)
    {
        try
        {
            action();
        }
        catch (IsoBuildException e)
        {
            problems.Add($"{e.Code}: {e.Message}");
        }
        catch (EndOfStreamException)
        {
            problems.Add($"{ErrorCodes.DataOutsideImage}: data a checksum covers lies beyond the end of the image: it is truncated or its records are damaged.");
        }
    }

    /// <summary>The whole image as a read-only stream over the reader's source.</summary>
    private static IsoExtentStream ImageStream(IsoImageReader reader) =>
        new IsoExtentStream(reader.Source, [new IsoExtent(0, reader.Length)], reader.ImagePath ?? "the image", ownsSource: false);

    private static string Describe(ChecksumTagKind kind) => kind switch
    {
        ChecksumTagKind.Superblock => "superblock tag",
        ChecksumTagKind.Tree => "tree tag",
        ChecksumTagKind.Session => "session tag",
        _ => "relocated superblock tag",
    };

    /// <summary>
    /// The chain of tags as libisofs finds it: a superblock tag (or a relocated superblock tag) in blocks 16–31 of the
    /// session, then the tags its "next=" names. Yields each tag, the block it was found in, and whether its self
    /// check failed.
    /// </summary>
    private static IEnumerable<(ChecksumTag Tag, uint Block, bool Damaged)> FindTags(IsoImageReader reader, Stream image)
    {
        long blocks = reader.Length / BlockSize;
        byte[] block = new byte[BlockSize];
        uint sessionStart = 0;
        for (int sessions = 0; sessions < 2; sessions++)
        {
            ChecksumTag? first = null;
            for (uint b = sessionStart + 16; b < sessionStart + 32 && b < blocks; b++)
            {
                Read(image, b, block);
                ChecksumTag? tag = ChecksumTag.Parse(block, out bool damaged);
                if (tag is { Kind: ChecksumTagKind.Superblock or ChecksumTagKind.RelocatedSuperblock })
                {
                    yield return (tag, b, damaged);
                    first = tag;
                    break;
                }
            }
            if (first is null)
                yield break;
            if (first.Kind == ChecksumTagKind.RelocatedSuperblock)
            {
                if (first.Next <= sessionStart || first.Next >= blocks)
                    yield break;
                sessionStart = first.Next;
                continue;
            }
            uint next = first.Next;
            for (int i = 0; i < 2 && next > 0 && next < blocks; i++)
            {
                Read(image, next, block);
                ChecksumTag? tag = ChecksumTag.Parse(block, out bool damaged);
                if (tag is null)
                    yield break;
                yield return (tag, next, damaged);
                next = tag.Kind == ChecksumTagKind.Tree ? tag.Next : 0;
            }
            yield break;
        }
    }

    /// <summary>The checksum array in the image, read an entry at a time (its size is the image's to choose).</summary>
    private sealed class StoredArray(ChecksumArrayAttribute attribute, Stream image)
    {
        public ChecksumArrayAttribute Attribute => attribute;

        public byte[] Entry(uint index)
        {
            byte[] md5 = new byte[Md5.Length];
            image.Position = (long)attribute.ArrayStart * BlockSize + (long)index * Md5.Length;
            image.ReadExactly(md5);
            return md5;
        }
    }

    private static StoredArray? ReadArray(IsoImageReader reader, Stream image, List<string> problems, CancellationToken cancellationToken)
    {
        ChecksumArrayAttribute? attribute = ArrayAttribute(reader);
        if (attribute is null)
            return null;
        long blocks = reader.Length / BlockSize;
        long arrayBlocks = ((long)attribute.Count * Md5.Length + BlockSize - 1) / BlockSize;
        if (attribute.ItemSize != Md5.Length || attribute.Algorithm != "MD5" || attribute.Count < 2 ||
            attribute.ArrayStart + arrayBlocks > blocks || attribute.RangeStart > attribute.ArrayStart)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"{ErrorCodes.ChecksumRecordDamaged}: the checksum array the root records (isofs.ca: {attribute.Count} {attribute.Algorithm} items of {attribute.ItemSize} bytes at block {attribute.ArrayStart}) is not plausible for an image of {blocks} blocks."));
            return null;
        }
        // libisofs trusts the array only when its last entry is the MD5 of the others.
        using (IncrementalHash md5 = Md5.Create())
        {
            byte[] buffer = new byte[64 * 1024];
            image.Position = (long)attribute.ArrayStart * BlockSize;
            for (long left = (long)(attribute.Count - 1) * Md5.Length; left > 0;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int n = (int)Math.Min(left, buffer.Length);
                image.ReadExactly(buffer, 0, n);
                md5.AppendData(buffer, 0, n);
                left -= n;
            }
            var array = new StoredArray(attribute, image);
            if (!md5.GetHashAndReset().AsSpan().SequenceEqual(array.Entry(attribute.Count - 1)))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{ErrorCodes.ChecksumRecordDamaged}: the checksum array at block {attribute.ArrayStart} does not match its own MD5 (its last entry): it was damaged, so the session's and files' MD5s cannot be checked."));
                return null;
            }
            return array;
        }
    }

    private static ChecksumArrayAttribute? ArrayAttribute(IsoImageReader reader)
    {
        if (reader.RootAttributeList is not { } list)
            return null;
        foreach ((string name, byte[] value) in AaipAttributeList.Parse(list))
        {
            if (name == ChecksumArrayAttribute.Name)
                return ChecksumArrayAttribute.Parse(value);
        }
        return null;
    }

    /// <summary>
    /// One pass from the session start over the blocks the tags and the array's entry 0 cover, checking each against
    /// the running MD5 where it is.
    /// </summary>
    private static void CheckSession(IsoImageReader reader, Stream image, StoredArray? array, List<string> problems, CancellationToken cancellationToken)
    {
        long blocks = reader.Length / BlockSize;
        // Checkpoints: a block and what the MD5 of the blocks from the range start to it must be.
        var checkpoints = new List<(uint Block, uint RangeStart, byte[] Md5, string What)>();
        List<(ChecksumTag Tag, uint Block, bool Damaged)> tags = [.. FindTags(reader, image)];
        foreach ((ChecksumTag tag, uint block, _) in tags)
        {
            if (tag.Kind is ChecksumTagKind.Superblock or ChecksumTagKind.Tree && !tags.Exists(t => t.Block == tag.Next))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{ErrorCodes.ChecksumRecordDamaged}: the checksum tag {ChecksumTag.IdOf(tag.Kind)} at block {block} names block {tag.Next} as the next tag, which holds none: the tag was damaged or overwritten."));
            }
        }
        foreach ((ChecksumTag tag, uint block, bool damaged) in tags)
        {
            string id = ChecksumTag.IdOf(tag.Kind);
            if (damaged)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{ErrorCodes.ChecksumRecordDamaged}: the checksum tag {id} at block {block} does not match its own MD5 (self=): it was damaged."));
                continue;
            }
            uint expectedStart = tag.Kind == ChecksumTagKind.RelocatedSuperblock ? block - block % 32 : tag.RangeStart;
            if (tag.Position != block || tag.RangeStart != expectedStart || tag.RangeSize != block - tag.RangeStart)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{ErrorCodes.ChecksumRecordDamaged}: the checksum tag {id} found at block {block} says pos={tag.Position} range_start={tag.RangeStart} range_size={tag.RangeSize}: the image was moved or the tag is damaged."));
                continue;
            }
            checkpoints.Add((block, tag.RangeStart, tag.Md5, $"the checksum tag {id} at block {block}"));
        }
        if (array is not null)
            checkpoints.Add((array.Attribute.ArrayStart, array.Attribute.RangeStart, array.Entry(0), $"the session MD5 of the checksum array at block {array.Attribute.ArrayStart} (isofs.ca)"));
        foreach (IGrouping<uint, (uint Block, uint RangeStart, byte[] Md5, string What)> range in checkpoints.GroupBy(c => c.RangeStart))
        {
            var ordered = range.OrderBy(c => c.Block).ToList();
            using IncrementalHash md5 = Md5.Create();
            byte[] buffer = new byte[64 * BlockSize];
            uint at = range.Key;
            foreach ((uint block, uint start, byte[] expected, string what) in ordered)
            {
                while (at < block)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int n = (int)Math.Min(block - at, buffer.Length / BlockSize);
                    image.Position = (long)at * BlockSize;
                    image.ReadExactly(buffer, 0, n * BlockSize);
                    md5.AppendData(buffer, 0, n * BlockSize);
                    at += (uint)n;
                }
                if (!md5.GetCurrentHash().AsSpan().SequenceEqual(expected))
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{ErrorCodes.ChecksumMismatch}: the MD5 of blocks {start}..{block - 1} does not match {what}: the data was changed after the image was written."));
                }
            }
        }
    }

    private static void CheckFiles(IsoImageReader reader, Stream image, StoredArray? array, List<string> problems, CancellationToken cancellationToken)
    {
        int md5Problems = 0;
        int zisofsProblems = 0;
        foreach (IsoEntry e in reader.EnumerateDescendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (e.Kind != EntryKind.File)
                continue;
            if (array is not null && ChecksumIndex(e) is uint index && md5Problems < MaxProblemsPerCheck)
            {
                if (index == 0 || index >= array.Attribute.Count - 1)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{ErrorCodes.ChecksumRecordDamaged}: '{e.Path}' names checksum {index} (isofs.cx), outside the array's {array.Attribute.Count - 2} file checksums."));
                    md5Problems++;
                }
                else if (!FileMd5(image, e.Extents, cancellationToken).AsSpan().SequenceEqual(array.Entry(index)))
                {
                    problems.Add($"{ErrorCodes.FileChecksumMismatch}: the data of '{e.Path}' does not match its recorded MD5 (checksum {index}): it was changed after the image was written.");
                    md5Problems++;
                }
            }
            if (e.IsCompressed && zisofsProblems < MaxProblemsPerCheck)
            {
                try
                {
                    using Stream content = e.OpenRead();
                    content.CopyTo(Stream.Null);
                }
                catch (IsoBuildException x) when (x.Code is ErrorCodes.ZisofsDamaged or ErrorCodes.DataOutsideImage)
                {
                    problems.Add($"{x.Code}: {x.Message}");
                    zisofsProblems++;
                }
                catch (IsoBuildException x) when (x.Code == ErrorCodes.ZisofsUnsupported)
                {
                    // zisofs2 with xz, lz4, zstd or bzip2: sound as far as IsoBuild can tell.
                }
            }
        }
    }

    /// <summary>The file's index in the checksum array (its isofs.cx attribute), or null.</summary>
    private static uint? ChecksumIndex(IsoEntry e)
    {
        if (e.AttributeList is not { } list)
            return null;
        foreach ((string name, byte[] value) in AaipAttributeList.Parse(list))
        {
            if (name == ChecksumArrayAttribute.IndexName && value.Length is > 0 and <= 4)
                return (uint)AaipAttributeList.ReadBigEndian(value);
        }
        return null;
    }

    /// <summary>The MD5 of a file's stored bytes (what its isofs.cx entry refers to), read from its extents.</summary>
    internal static byte[] FileMd5(Stream image, IEnumerable<IsoExtent> extents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(extents);
        using IncrementalHash md5 = Md5.Create();
        byte[] buffer = new byte[64 * 1024];
        foreach (IsoExtent e in extents)
        {
            image.Position = (long)e.Lba * BlockSize;
            for (long left = e.Length; left > 0;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int n = (int)Math.Min(left, buffer.Length);
                image.ReadExactly(buffer, 0, n);
                md5.AppendData(buffer, 0, n);
                left -= n;
            }
        }
        return md5.GetHashAndReset();
    }

    private static void Read(Stream image, uint block, byte[] buffer)
    {
        image.Position = (long)block * BlockSize;
        image.ReadExactly(buffer);
    }
}
