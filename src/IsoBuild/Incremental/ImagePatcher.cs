using IsoBuild.Checksums;
using IsoBuild.Content;
using IsoBuild.Iso9660;
using IsoBuild.Layout;
using IsoBuild.Spec;
using IsoBuild.Writing;

namespace IsoBuild.Incremental;

/// <summary>
/// Incremental builds: when the new image differs from the last one only in file data (same names, sizes, options,
/// so the same metadata), the changed files' data is written into the existing image in place. Anything else is a
/// full build. Either way the image is byte-identical to a clean build.
/// </summary>
/// <remarks>
/// <para>
/// A re-pack of an image that does not boot makes no layout: the <see cref="MetadataKey"/> of the spec tells whether
/// the metadata is the one of the last build, and the manifest gives the sectors of the changed files. An image that
/// boots is laid out and its metadata hashed on every build, because some of its metadata is made from file contents.
/// </para>
/// <para>
/// Order of a patch: the manifest is marked dirty (on disk), the image's primary volume descriptor is made
/// unreadable, the old bytes of the extents about to change are saved to an undo file, the data is written, the
/// descriptor restored, everything flushed, and a clean manifest written. A patch that fails is undone; one that is
/// killed leaves an image no reader accepts (IsoBuild's reader says ISO0400) and a dirty manifest, so the next build
/// is a full one. When nothing the image is made from changed, the image is not touched at all.
/// </para>
/// <para>
/// Some images are written whole whenever a file changed, since a change of one file's bytes changes more than that
/// file's extent: compressed images (the compressed size may change, and with it the layout), images with checksums
/// inside or beside them (they cover the changed file), and images storing identical files once when a changed file
/// shared its data with an identical one or is now identical to another (read only against files of its size). Their
/// keys are made without reading contents (hard links only), so that finding them up to date costs no more than for
/// other images.
/// </para>
/// </remarks>
internal static class ImagePatcher
{
    private const long DescriptorIdentifierOffset = ImageLayout.PrimaryDescriptor * (long)ImageLayout.SectorSize + 1;

    /// <param name="spec">The image to build.</param>
    /// <param name="output">The image file.</param>
    /// <param name="manifestPath">The manifest of the last build.</param>
    /// <param name="allowPatch">
    /// When false, changed file data makes a full build; an image whose inputs did not change is still left untouched.
    /// </param>
    /// <param name="progress">Progress of a full build.</param>
    /// <param name="cancellationToken">Cancels a full build.</param>
    public static ImageBuildResult Build(ImageSpec spec, string output, string manifestPath, bool allowPatch, IProgress<ImageBuildProgress>? progress,
        CancellationToken cancellationToken)
    {
        // What depends on contents (identical files, compressed sizes) is left out of the layout the key is made of: a
        // change of contents is seen by the stamps, and then the image is written whole (see WholeImageReason).
        ImageLayout? layout = spec.Boot is null ? null : ImageLayout.Create(spec, ContentPlan.HardLinksOnly(spec));
        string key = MetadataKey.Compute(spec, layout is null ? null : ImageWriter.MetadataHash(layout, cancellationToken));
        List<LayoutNode>? dataNodes = layout is null ? null : [.. layout.DataFiles];
        // The files whose data is tracked: in the spec's order, or for an image that boots in its layout's order.
        List<ImageEntry> files = dataNodes is null ? DataFiles(spec) : [.. dataNodes.Select(n => n.Entry!)];
        byte[] stamps = BuildManifest.StampAll(files);
        BuildManifest? previous = BuildManifest.TryRead(manifestPath);
        string? reason = WhyNotPatch(previous, output, key, files.Count);
        // The manifest stamps the files of the volume only: an appended partition's content could change unseen.
        if (reason is null && spec.Boot?.SystemArea?.AppendedPartitions.Count > 0)
            reason = "the image has appended partitions, whose contents the manifest does not track";
        if (reason is null && spec.Boot?.SystemArea?.PartitionOffset > 0)
            reason = "the image is also a partition at an offset, with a second set of directory trees";
        ImageBuildResult result;
        byte[] extents;
        List<LayoutNode> changed = [];
        List<int> changedIndexes = [];
        if (reason is null)
        {
            for (int i = 0; i < files.Count; i++)
            {
                if (!Stamp(previous!.Stamps, i).SequenceEqual(Stamp(stamps, i)))
                {
                    changed.Add(dataNodes?[i] ?? LayoutNode.ForData(files[i], previous.Extent(i)));
                    changedIndexes.Add(i);
                }
            }
            if (changed.Count == 0)
            {
                // Nothing the image is made from changed: it is left as it is, modification time included.
                string? sha256File = spec.Sha256 ? EnsureSha256File(output, cancellationToken) : null;
                return new ImageBuildResult(output, previous!.ImageLength, previous.Files, previous.Directories) { UpToDate = true, Sha256File = sha256File };
            }
            reason = allowPatch ? WholeImageReason(spec, files, changedIndexes, previous!, cancellationToken) : "patching in place is off";
        }
        if (reason is null)
        {
            if (layout is not null)
            {
                // The image's own layout (identical files found), whose boot image gets its boot info table patched.
                layout = ImageLayout.Create(spec, ContentPlan.Prepare(spec, spoolDirectory: null, cancellationToken));
                var nodes = new Dictionary<ImageEntry, LayoutNode>(ReferenceEqualityComparer.Instance);
                foreach (LayoutNode node in layout.DataFiles)
                    nodes[node.Entry!] = node;
                changed = [.. changed.Select(c => nodes[c.Entry!])];
            }
            Patch(layout, output, manifestPath, previous!, changed);
            result = new ImageBuildResult(output, previous!.ImageLength, previous.Files, previous.Directories) { Patched = true, RewrittenFiles = changed.Count };
            extents = previous.Extents;
        }
        else
        {
            result = ImageWriter.WriteImage(spec, output, progress, cancellationToken, out ImageLayout written) with { FullBuildReason = reason };
            extents = BuildManifest.ExtentsOf(files, written);
        }
        var image = new FileInfo(output);
        new BuildManifest
        {
            ImageLength = image.Length,
            ImageWriteTicks = image.LastWriteTimeUtc.Ticks,
            Key = key,
            Files = result.Files,
            Directories = result.Directories,
            Stamps = stamps,
            Extents = extents,
        }.Write(manifestPath);
        return result;
    }

    /// <summary>
    /// Why an image whose file contents changed (and nothing else) is written whole rather than patched, or null when
    /// the changed files can be patched in place.
    /// </summary>
    private static string? WholeImageReason(ImageSpec spec, List<ImageEntry> files, List<int> changed, BuildManifest previous,
        CancellationToken cancellationToken)
    {
        if (spec.Zisofs is not null)
            return "the image is compressed";
        if (spec.Md5 || spec.ImplantMd5 || spec.Sha256)
            return "the image's checksums cover the changed files";
        return spec.Deduplicate ? IdentityReason(files, changed, previous, cancellationToken) : null;
    }

    /// <summary>Bytes of other files a patch of an image storing identical files once reads at most to tell its changed files apart from them.</summary>
    private const long CompareBudget = 256L << 20;

    /// <summary>
    /// Why identical files, stored once, may be other ones than in the last build, or null when they are not: no
    /// changed file shared its data with another file then (the manifest gives each file's first sector), and none has
    /// the content of another file of its size now. Files of another size cannot be identical to it; their contents
    /// are not read. Comparing stops at the first different bytes, so telling a changed file from others of its size
    /// mostly costs a read of their first block each.
    /// </summary>
    private static string? IdentityReason(List<ImageEntry> files, List<int> changed, BuildManifest previous, CancellationToken cancellationToken)
    {
        var changedSizes = new HashSet<long>();
        var changedExtents = new Dictionary<uint, int>();
        foreach (int i in changed)
        {
            changedSizes.Add(files[i].Length);
            changedExtents[previous.Extent(i)] = 0;
        }
        var sameSize = new Dictionary<long, List<int>>();
        for (int i = 0; i < files.Count; i++)
        {
            if (changedExtents.TryGetValue(previous.Extent(i), out int holders))
                changedExtents[previous.Extent(i)] = holders + 1;
            long length = files[i].Length;
            if (changedSizes.Contains(length))
                (sameSize.TryGetValue(length, out List<int>? list) ? list : sameSize[length] = []).Add(i);
        }
        if (changedExtents.Values.Any(holders => holders > 1))
            return "a changed file was identical to another and stored once with it";
        long budget = CompareBudget;
        byte[] first = new byte[CompareBlock], second = new byte[CompareBlock];
        foreach (int i in changed)
        {
            foreach (int other in sameSize[files[i].Length])
            {
                if (other == i)
                    continue;
                cancellationToken.ThrowIfCancellationRequested();
                bool? identical = SameContent(files[i].Content!, files[other].Content!, first, second, ref budget);
                if (identical is null)
                    return "a changed file has the size of files it could not be compared with (too much to read, or unreadable), so which files are identical may have changed";
                if (identical == true)
                    return "a changed file is now identical to another, which is stored once";
            }
        }
        return null;
    }

    /// <summary>What <see cref="SameContent"/> reads of each content at a time.</summary>
    private const int CompareBlock = 64 << 10;

    /// <summary>
    /// Whether two contents of one length are the same bytes, reading both up to the first difference into
    /// <paramref name="x"/> and <paramref name="y"/> (<see cref="CompareBlock"/> bytes each); null when that would
    /// exceed <paramref name="budget"/> bytes, or either cannot be read (the full build then reports why).
    /// </summary>
    private static bool? SameContent(ContentSource a, ContentSource b, byte[] x, byte[] y, ref long budget)
    {
        try
        {
            using Stream first = a.OpenRead(), second = b.OpenRead();
            while (true)
            {
                int n = first.ReadAtLeast(x, CompareBlock, throwOnEndOfStream: false);
                int m = second.ReadAtLeast(y, CompareBlock, throwOnEndOfStream: false);
                budget -= n + m;
                if (n != m || !x.AsSpan(0, n).SequenceEqual(y.AsSpan(0, m)))
                    return false;
                if (n < CompareBlock)
                    return true;
                if (budget < 0)
                    return null;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IsoBuildException)
        {
            return null;
        }
    }

    /// <summary>The SHA-256 file beside an image left as it was: written again only when it is missing.</summary>
    private static string EnsureSha256File(string output, CancellationToken cancellationToken)
    {
        string path = Path.GetFullPath(output) + ".sha256";
        if (File.Exists(path))
            return path;
        using FileStream image = File.OpenRead(output);
        return Sha256Sums.WriteBeside(output, Sha256Sums.Compute(image, cancellationToken));
    }

    /// <summary>The files with data of an image that does not boot, in the spec's order.</summary>
    public static List<ImageEntry> DataFiles(ImageSpec spec) => [.. spec.Entries.Where(e => e.Kind == EntryKind.File && e.Length > 0)];

    private static ReadOnlySpan<byte> Stamp(byte[] stamps, int file) => stamps.AsSpan(file * BuildManifest.StampLength, BuildManifest.StampLength);

    private static string? WhyNotPatch(BuildManifest? previous, string output, string key, int files)
    {
        if (previous is null)
            return "no manifest of an earlier build";
        if (previous.Dirty)
            return "the last incremental build was interrupted";
        var image = new FileInfo(output);
        if (!image.Exists || image.Length != previous.ImageLength || image.LastWriteTimeUtc.Ticks != previous.ImageWriteTicks)
            return "the image is not the one the manifest describes";
        if (previous.Key != key || !previous.Tracks(files))
            return "names, sizes or options changed";
        return null;
    }

    private static void Patch(ImageLayout? layout, string output, string manifestPath, BuildManifest previous, List<LayoutNode> changed)
    {
        (previous with { Dirty = true }).Write(manifestPath);
        string undoPath = manifestPath + ".undo";
        using (var image = new FileStream(output, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            byte[] identifier = ReadAt(image, DescriptorIdentifierOffset, VolumeDescriptor.InterruptedPatchIdentifier.Length);
            WriteAt(image, DescriptorIdentifierOffset, VolumeDescriptor.InterruptedPatchIdentifier);
            image.Flush(flushToDisk: true);
            SaveExtents(image, changed, undoPath);
            try
            {
                // Not cancellable: a patch is short, and stopping halfway would leave nothing usable.
                ImageWriter.WriteFileData(layout, image, changed);
            }
            catch
            {
                RestoreExtents(image, undoPath);
                WriteAt(image, DescriptorIdentifierOffset, identifier);
                image.Flush(flushToDisk: true);
                image.Dispose();
                File.SetLastWriteTimeUtc(output, new DateTime(previous.ImageWriteTicks, DateTimeKind.Utc));
                previous.Write(manifestPath);
                File.Delete(undoPath);
                throw;
            }
            image.Flush(flushToDisk: true);
            WriteAt(image, DescriptorIdentifierOffset, identifier);
            image.Flush(flushToDisk: true);
        }
        File.Delete(undoPath);
    }

    /// <summary>
    /// The undo file: per extent, its offset, length and old bytes. Only this process reads it back (a patch that
    /// fails is undone from it; one that is killed leaves a dirty manifest, so the next build is a full one), so it
    /// is not flushed to disk: that would wait for the file system's journal, often longer than the whole patch.
    /// </summary>
    private static void SaveExtents(FileStream image, List<LayoutNode> files, string undoPath)
    {
        using var undo = new BinaryWriter(File.Create(undoPath));
        byte[] buffer = new byte[1 << 20];
        foreach (LayoutNode file in files)
        {
            long offset = (long)file.DataExtent * ImageLayout.SectorSize;
            long length = ImageLayout.Sectors(file.Length) * (long)ImageLayout.SectorSize;
            undo.Write(offset);
            undo.Write(length);
            image.Position = offset;
            for (long done = 0; done < length;)
            {
                int n = image.Read(buffer, 0, (int)Math.Min(buffer.Length, length - done));
                if (n == 0)
                    throw new EndOfStreamException("The image ends inside a file's data.");
                undo.Write(buffer, 0, n);
                done += n;
            }
        }
    }

    private static void RestoreExtents(FileStream image, string undoPath)
    {
        using var undo = new BinaryReader(File.OpenRead(undoPath));
        byte[] buffer = new byte[1 << 20];
        while (undo.BaseStream.Position < undo.BaseStream.Length)
        {
            image.Position = undo.ReadInt64();
            long length = undo.ReadInt64();
            for (long done = 0; done < length;)
            {
                int n = undo.Read(buffer, 0, (int)Math.Min(buffer.Length, length - done));
                image.Write(buffer, 0, n);
                done += n;
            }
        }
    }

    private static byte[] ReadAt(FileStream image, long offset, int length)
    {
        byte[] bytes = new byte[length];
        image.Position = offset;
        image.ReadExactly(bytes);
        return bytes;
    }

    private static void WriteAt(FileStream image, long offset, ReadOnlySpan<byte> bytes)
    {
        image.Position = offset;
        image.Write(bytes);
    }
}
