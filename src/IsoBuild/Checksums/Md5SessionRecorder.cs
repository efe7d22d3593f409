using System.Globalization;
using System.Security.Cryptography;

namespace IsoBuild.Checksums;

/// <summary>
/// Makes the libisofs MD5 tags and checksum array of an image from its blocks, given in order: a writer that
/// produces the final bytes front to back feeds them here and writes what it gets back into the reserved blocks;
/// <see cref="Implant"/> does the same over an image already written.
/// </summary>
/// <remarks>
/// Like libisofs, one running MD5 from the session start takes in every block, the tags and the array included; a
/// tag holds the MD5 of the blocks before it, the array's entry 0 the MD5 of the blocks before the array.
/// </remarks>
internal sealed class Md5SessionRecorder : IDisposable
{
    private readonly Md5ChecksumLayout _layout;
    private readonly IncrementalHash _session = Md5.Create();

    public Md5SessionRecorder(Md5ChecksumLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (!(layout.SuperblockTag < layout.TreeTag && layout.TreeTag < layout.ArrayStart))
            throw new ArgumentException("The superblock tag, the tree tag and the array must come in this order.", nameof(layout));
        _layout = layout;
    }

    /// <summary>The next block expected.</summary>
    public uint Position { get; private set; }

    /// <summary>Takes in whole blocks of the image in order; they must stop at the next reserved block.</summary>
    public void Append(ReadOnlySpan<byte> blocks)
    {
        if (blocks.Length % ChecksumTag.BlockSize != 0)
            throw new ArgumentException("Whole blocks only.", nameof(blocks));
        uint count = (uint)(blocks.Length / ChecksumTag.BlockSize);
        uint reserved = NextReserved();
        if (Position + count > reserved)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Blocks {Position}..{Position + count - 1} run into the reserved block {reserved}."));
        _session.AppendData(blocks);
        Position += count;
    }

    /// <summary>The block to write at the current position, which must be a tag's (superblock, tree or session).</summary>
    public byte[] Tag()
    {
        ChecksumTagKind kind = Position == _layout.SuperblockTag ? ChecksumTagKind.Superblock
            : Position == _layout.TreeTag ? ChecksumTagKind.Tree
            : Position == _layout.SessionTag ? ChecksumTagKind.Session
            : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Block {Position} is not a tag's."));
        uint next = kind switch
        {
            ChecksumTagKind.Superblock => _layout.TreeTag,
            ChecksumTagKind.Tree => _layout.SessionTag,
            _ => 0,
        };
        byte[] block = new ChecksumTag(kind, Position, Md5ChecksumLayout.SessionStart, Position - Md5ChecksumLayout.SessionStart, next, _session.GetCurrentHash()).ToBlock();
        _session.AppendData(block);
        Position++;
        return block;
    }

    /// <summary>The array's blocks, at <see cref="Md5ChecksumLayout.ArrayStart"/>.</summary>
    /// <param name="fileMd5s">The MD5 of each file's stored bytes, in index order (file 1 first).</param>
    public byte[] Array(IReadOnlyList<byte[]> fileMd5s)
    {
        ArgumentNullException.ThrowIfNull(fileMd5s);
        if (Position != _layout.ArrayStart)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The array starts at block {_layout.ArrayStart}, not {Position}."));
        if (fileMd5s.Count != _layout.FileCount)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{fileMd5s.Count} file MD5s for {_layout.FileCount} files."), nameof(fileMd5s));
        byte[] blocks = ChecksumArray.Build(_session.GetCurrentHash(), fileMd5s);
        _session.AppendData(blocks);
        Position += (uint)_layout.ArrayBlocks;
        return blocks;
    }

    /// <summary>
    /// Fills the reserved blocks of an image already written (readable, writable, seekable): reads it from block 0 to
    /// the session tag once, writing the tags and the array on the way.
    /// </summary>
    public static void Implant(Stream image, Md5ChecksumLayout layout, IReadOnlyList<byte[]> fileMd5s, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var recorder = new Md5SessionRecorder(layout);
        byte[] buffer = new byte[64 * ChecksumTag.BlockSize];
        while (true)
        {
            uint reserved = recorder.NextReserved();
            while (recorder.Position < reserved)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int blocks = (int)Math.Min(reserved - recorder.Position, buffer.Length / ChecksumTag.BlockSize);
                image.Position = (long)recorder.Position * ChecksumTag.BlockSize;
                image.ReadExactly(buffer, 0, blocks * ChecksumTag.BlockSize);
                recorder.Append(buffer.AsSpan(0, blocks * ChecksumTag.BlockSize));
            }
            long at = (long)recorder.Position * ChecksumTag.BlockSize;
            bool last = recorder.Position == layout.SessionTag;
            byte[] written = recorder.Position == layout.ArrayStart ? recorder.Array(fileMd5s) : recorder.Tag();
            image.Position = at;
            image.Write(written);
            if (last)
                return;
        }
    }

    private uint NextReserved() =>
        Position <= _layout.SuperblockTag ? _layout.SuperblockTag
        : Position <= _layout.TreeTag ? _layout.TreeTag
        : Position <= _layout.ArrayStart ? _layout.ArrayStart
        : _layout.SessionTag;

    public void Dispose() => _session.Dispose();
}
