using System.Globalization;
using System.Text;

namespace IsoBuild.Checksums;

/// <summary>The kinds of libisofs checksum tags (libisofs doc/checksums.txt), numbered as libisofs numbers them.</summary>
internal enum ChecksumTagKind
{
    /// <summary>"libisofs_checksum_tag_v1": after the session's data and checksum array; covers the whole session.</summary>
    Session = 1,

    /// <summary>"libisofs_sb_checksum_tag_v1": right after the volume descriptor set terminator; covers the system area and descriptors.</summary>
    Superblock = 2,

    /// <summary>"libisofs_tree_checksum_tag_v1": after the ECMA-119 directory tree; covers everything before it.</summary>
    Tree = 3,

    /// <summary>"libisofs_rlsb32_checksum_tag_v1": in a relocated 64 KiB superblock at LBA 0 (multi-session emulation).</summary>
    RelocatedSuperblock = 4,
}

/// <summary>
/// A libisofs checksum tag: one line of text at the start of a 2048-byte block, the rest zero,
/// <c>TAG_ID pos=# range_start=# range_size=# [next=#|session_start=#] md5=# self=#\n</c>, as <c>xorriso -md5 on</c>
/// writes it and <c>xorriso -check_media</c> and <c>-check_md5</c> read it.
/// </summary>
/// <param name="Kind">Which tag.</param>
/// <param name="Position">The block the tag says it is in.</param>
/// <param name="RangeStart">The first block covered (the session start).</param>
/// <param name="RangeSize">The blocks covered, from <paramref name="RangeStart"/>: those before the tag.</param>
/// <param name="Next">Superblock and tree tags: where the next tag is; relocated superblock: the session start.</param>
/// <param name="Md5">The MD5 of the covered blocks.</param>
internal sealed record ChecksumTag(ChecksumTagKind Kind, uint Position, uint RangeStart, uint RangeSize, uint Next, byte[] Md5)
{
    public const int BlockSize = 2048;

    public static string IdOf(ChecksumTagKind kind) => kind switch
    {
        ChecksumTagKind.Session => "libisofs_checksum_tag_v1",
        ChecksumTagKind.Superblock => "libisofs_sb_checksum_tag_v1",
        ChecksumTagKind.Tree => "libisofs_tree_checksum_tag_v1",
        ChecksumTagKind.RelocatedSuperblock => "libisofs_rlsb32_checksum_tag_v1",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The tag's block: the line (with "self=", the MD5 of the line up to the last digit of "md5=") and zeros.</summary>
    public byte[] ToBlock()
    {
        var text = new StringBuilder(256);
        text.Append(CultureInfo.InvariantCulture, $"{IdOf(Kind)} pos={Position} range_start={RangeStart} range_size={RangeSize}");
        if (Kind is ChecksumTagKind.Superblock or ChecksumTagKind.Tree)
            text.Append(CultureInfo.InvariantCulture, $" next={Next}");
        else if (Kind == ChecksumTagKind.RelocatedSuperblock)
            text.Append(CultureInfo.InvariantCulture, $" session_start={Next}");
        text.Append(" md5=").Append(Convert.ToHexStringLower(Md5));
        byte[] self = Checksums.Md5.Hash(Encoding.ASCII.GetBytes(text.ToString()));
        text.Append(" self=").Append(Convert.ToHexStringLower(self)).Append('\n');
        byte[] block = new byte[BlockSize];
        Encoding.ASCII.GetBytes(text.ToString(), block);
        return block;
    }

    /// <summary>True when <paramref name="block"/> starts like a tag (any kind), sound or not.</summary>
    public static bool LooksLikeTag(ReadOnlySpan<byte> block) => block.StartsWith("libisofs_"u8) && block.IndexOf("_checksum_tag_v1 "u8) is > 0 and < 32;

    /// <summary>
    /// Reads a tag as libisofs's iso_util_decode_md5_tag does. Null when the block is not a tag; a tag whose "self="
    /// does not match its line is damaged (<paramref name="damaged"/>).
    /// </summary>
    public static ChecksumTag? Parse(ReadOnlySpan<byte> block, out bool damaged)
    {
        damaged = false;
        ChecksumTagKind kind = 0;
        foreach (ChecksumTagKind k in new[] { ChecksumTagKind.Session, ChecksumTagKind.Superblock, ChecksumTagKind.Tree, ChecksumTagKind.RelocatedSuperblock })
        {
            if (block.StartsWith(Encoding.ASCII.GetBytes(IdOf(k) + " ")))
            {
                kind = k;
                break;
            }
        }
        if (kind == 0)
            return null;
        int lineEnd = block[..Math.Min(block.Length, 1024)].IndexOf((byte)'\n');
        if (lineEnd < 0)
            return null;
        string line = Encoding.ASCII.GetString(block[..lineEnd]);
        string rest = line[(IdOf(kind).Length + 1)..];
        if (!rest.StartsWith("pos=", StringComparison.Ordinal) ||
            !TryNumber(rest, "pos=", out uint position) ||
            !TryNumber(rest, "range_start=", out uint rangeStart) ||
            !TryNumber(rest, "range_size=", out uint rangeSize))
        {
            return null;
        }
        uint next = 0;
        if (kind is ChecksumTagKind.Superblock or ChecksumTagKind.Tree && !TryNumber(rest, "next=", out next))
            return null;
        if (kind == ChecksumTagKind.RelocatedSuperblock && !TryNumber(rest, "session_start=", out next))
            return null;
        int md5At = line.IndexOf(" md5=", StringComparison.Ordinal);
        int selfAt = line.IndexOf(" self=", StringComparison.Ordinal);
        if (md5At < 0 || selfAt != md5At + 5 + 32 || line.Length != selfAt + 6 + 32 ||
            !TryHex(line.AsSpan(md5At + 5, 32), out byte[] md5) || !TryHex(line.AsSpan(selfAt + 6, 32), out byte[] self))
        {
            return null;
        }
        damaged = !Checksums.Md5.Hash(block[..selfAt]).AsSpan().SequenceEqual(self);
        return new ChecksumTag(kind, position, rangeStart, rangeSize, next, md5);
    }

    private static bool TryNumber(string text, string key, out uint value)
    {
        value = 0;
        int at = text.IndexOf(key, StringComparison.Ordinal);
        if (at < 0)
            return false;
        int start = at + key.Length;
        int end = start;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
            end++;
        return uint.TryParse(text.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryHex(ReadOnlySpan<char> hex, out byte[] bytes)
    {
        bytes = [];
        foreach (char c in hex)
        {
            if (!char.IsAsciiHexDigit(c))
                return false;
        }
        bytes = Convert.FromHexString(hex);
        return true;
    }

    /// <inheritdoc />
    public bool Equals(ChecksumTag? other) =>
        other is not null && Kind == other.Kind && Position == other.Position && RangeStart == other.RangeStart &&
        RangeSize == other.RangeSize && Next == other.Next && Md5.AsSpan().SequenceEqual(other.Md5);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Position, RangeStart, RangeSize, Next);
}
