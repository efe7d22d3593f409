namespace IsoBuild.Checksums;

/// <summary>
/// Where an image's libisofs MD5 records go, as <c>xorriso -md5 on</c> places them: the blocks the layout reserves
/// and the checksum indexes of its files. Files are numbered 1 to <see cref="FileCount"/>; each carries its number in
/// an "isofs.cx" attribute (<see cref="FileEntry"/>), the root's "." record the array's place (<see cref="RootEntry"/>).
/// </summary>
/// <param name="SuperblockTag">The block right after the volume descriptor set terminator (libisofs looks in blocks 16–31).</param>
/// <param name="TreeTag">A block after the ECMA-119 directory tree (and its path tables), before the file data.</param>
/// <param name="ArrayStart">The first block of the checksum array, after the file data.</param>
/// <param name="FileCount">How many files have an MD5 (indexes 1 to FileCount).</param>
/// <remarks>
/// Blocks from 0 to <see cref="SessionTag"/> − 1 are covered; the session tag follows the array directly, and
/// whatever comes after it (padding, a backup GPT) is not covered, as with xorriso. The tags and the array cover the
/// primary volume descriptor, so an isomd5sum record cannot be implanted afterwards (see <see cref="IsoMd5Sum"/>).
/// </remarks>
internal sealed record Md5ChecksumLayout(uint SuperblockTag, uint TreeTag, uint ArrayStart, int FileCount)
{
    /// <summary>The session's first block: IsoBuild writes single-session images that start at block 0.</summary>
    public const uint SessionStart = 0;

    public int ArrayBlocks => ChecksumArray.Blocks(FileCount);

    /// <summary>The session tag's block, right after the array.</summary>
    public uint SessionTag => checked(ArrayStart + (uint)ArrayBlocks);

    /// <summary>The blocks a layout reserves for <paramref name="fileCount"/> files: three tags and the array.</summary>
    public static int ReservedBlocks(int fileCount) => 3 + ChecksumArray.Blocks(fileCount);

    /// <summary>The "isofs.ca" value of this layout.</summary>
    public ChecksumArrayAttribute ArrayAttribute =>
        new(SessionStart, ArrayStart, checked((uint)FileCount + 2), Md5.Length, "MD5");

    /// <summary>The AAIP "AL" entry for the root directory's "." record: "isofs.ca" (32 bytes).</summary>
    public byte[] RootEntry() => AaipAttributeList.Entries([(ChecksumArrayAttribute.Name, ArrayAttribute.ToValue())])[0];

    /// <summary>The AAIP "AL" entry for the directory record of file <paramref name="index"/> (1-based): "isofs.cx" (16 bytes).</summary>
    public static byte[] FileEntry(int index)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        return AaipAttributeList.Entries([(ChecksumArrayAttribute.IndexName, AaipAttributeList.BigEndian((uint)index, 4))])[0];
    }

    /// <summary>Bytes of <see cref="RootEntry"/>, for planning a record's system use area.</summary>
    public const int RootEntryLength = 32;

    /// <summary>Bytes of <see cref="FileEntry"/>.</summary>
    public const int FileEntryLength = 16;
}
