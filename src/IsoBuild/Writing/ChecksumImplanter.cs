using System.Security.Cryptography;
using IsoBuild.Checksums;
using IsoBuild.Layout;

namespace IsoBuild.Writing;

/// <summary>
/// Fills in the checksums an image carries once all its other bytes are written: the libisofs MD5 tags and checksum
/// array in the blocks the layout reserved (one pass over the image, which also gives each file's MD5), or the
/// isomd5sum record in the primary volume descriptor.
/// </summary>
internal static class ChecksumImplanter
{
    private const int BlockSize = ImageLayout.SectorSize;
    private const int ReadBlocks = 64;

    /// <summary>Whether <paramref name="layout"/>'s image gets checksums written into it after its other bytes.</summary>
    public static bool Needed(ImageLayout layout) => layout.Md5Records is not null || layout.Spec.ImplantMd5;

    /// <param name="layout">The image's layout.</param>
    /// <param name="image">The complete image: readable, writable and seekable, starting at position 0.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    public static void Implant(ImageLayout layout, Stream image, CancellationToken cancellationToken)
    {
        if (!image.CanSeek || !image.CanRead)
            throw new NotSupportedException("Checksums inside an image are written once the rest of it is: the output must be readable and seekable (a file, not a pipe).");
        if (layout.Md5Records is { } records)
            ImplantMd5Records(layout, records, image, cancellationToken);
        if (layout.Spec.ImplantMd5)
            IsoMd5Sum.Implant(image, supported: false, overwrite: true, cancellationToken);
        image.Flush();
    }

    /// <summary>
    /// Reads the image from block 0 to the session tag once: the running session MD5 gives the tags and the array's
    /// first entry, and the file data on the way each file's MD5 (of its bytes as stored, compressed ones compressed).
    /// </summary>
    private static void ImplantMd5Records(ImageLayout layout, Md5ChecksumLayout records, Stream image, CancellationToken cancellationToken)
    {
        // Each extent with data once (files sharing one are hashed once), in the order of the image.
        List<LayoutNode> owners = [.. layout.Files.Where(f => !f.IsGenerated && f.DataOwner is null && f.DataLength > 0).OrderBy(f => f.DataExtent)];
        var md5s = new Dictionary<LayoutNode, byte[]>(ReferenceEqualityComparer.Instance);
        using var recorder = new Md5SessionRecorder(records);
        using IncrementalHash file = Md5.Create();
        int next = 0;
        long fileDone = 0;
        byte[] buffer = new byte[ReadBlocks * BlockSize];
        foreach (uint reserved in new[] { records.SuperblockTag, records.TreeTag, records.ArrayStart, records.SessionTag })
        {
            while (recorder.Position < reserved)
            {
                cancellationToken.ThrowIfCancellationRequested();
                uint at = recorder.Position;
                int blocks = (int)Math.Min(reserved - at, ReadBlocks);
                image.Position = (long)at * BlockSize;
                image.ReadExactly(buffer, 0, blocks * BlockSize);
                recorder.Append(buffer.AsSpan(0, blocks * BlockSize));
                // The file data in these blocks, file by file.
                long from = (long)at * BlockSize, to = from + blocks * BlockSize;
                while (next < owners.Count)
                {
                    LayoutNode owner = owners[next];
                    long start = (long)owner.DataExtent * BlockSize + fileDone;
                    long end = (long)owner.DataExtent * BlockSize + owner.DataLength;
                    if (start >= to)
                        break;
                    long take = Math.Min(end, to) - start;
                    file.AppendData(buffer, (int)(start - from), (int)take);
                    fileDone += take;
                    if (fileDone < owner.DataLength)
                        break;
                    md5s[owner] = file.GetHashAndReset();
                    fileDone = 0;
                    next++;
                }
            }
            byte[] block = reserved == records.ArrayStart ? recorder.Array(FileMd5s(layout, md5s)) : recorder.Tag();
            image.Position = (long)reserved * BlockSize;
            image.Write(block);
        }
    }

    /// <summary>The MD5 of each file with a checksum index, in index order: an empty file's is the MD5 of nothing.</summary>
    private static List<byte[]> FileMd5s(ImageLayout layout, Dictionary<LayoutNode, byte[]> md5s)
    {
        byte[] empty = Md5.Hash([]);
        var list = new List<byte[]>(layout.ChecksumCount);
        foreach (LayoutNode f in layout.Files)
        {
            if (f.ChecksumIndex > 0)
                list.Add(f.DataLength == 0 ? empty : md5s[f.DataOwner ?? f]);
        }
        return list;
    }
}
