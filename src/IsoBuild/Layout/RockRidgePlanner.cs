using IsoBuild.Checksums;
using IsoBuild.Iso9660;
using IsoBuild.RockRidge;
using IsoBuild.Spec;
using IsoBuild.Zisofs;

namespace IsoBuild.Layout;

/// <summary>
/// Which Rock Ridge entries each directory record gets, in the order they are recorded, and how they are split
/// between the record and continuation areas placed after the directory's extent. Besides RRIP's, a compressed file
/// carries its zisofs "ZF" entry, and with MD5 records each file an AAIP "AL" entry naming its checksum index and the
/// root's "." record one locating the checksum array, as libisofs writes them.
/// </summary>
/// <param name="layout">The layout: its spec's build timestamp (the times of entries that keep none of their own),
/// what an edit's base image keeps of the root and the boot catalog, and the MD5 records.</param>
internal sealed class RockRidgePlanner(ImageLayout layout)
{
    private readonly DateTimeOffset _timestamp = layout.Spec.Timestamp;
    private readonly BaseVolume? _baseVolume = layout.Spec.BaseVolume;
    private byte[]? _uniformTimes; // the TF entry of every record that keeps no times of its own

    // POSIX modes are normalised: what the build machine's umask or owner was does not reach the image.
    public const uint DirectoryMode = 0x4000 | 0b111_101_101;   // 040755
    public const uint FileMode = 0x8000 | 0b110_100_100;        // 0100644
    public const uint ExecutableMode = 0x8000 | 0b111_101_101;  // 0100755
    public const uint SymlinkMode = 0xA000 | 0b111_111_111;     // 0120777

    /// <summary>The entries of a record.</summary>
    public List<byte[]> Entries(LayoutNode node, RecordRole role)
    {
        var entries = new List<byte[]>(4);
        if (role == RecordRole.Dot && node.IsRoot)
            entries.Add(SuspEntry.SharingProtocol());
        LayoutNode subject = role == RecordRole.DotDot ? node.Parent ?? node : node;
        EntryAttributes? kept = AttributesOf(subject);
        if (kept is null)
        {
            entries.Add(SuspEntry.PosixAttributes(Mode(subject), Links(subject), subject.Serial));
            entries.Add(SuspEntry.Timestamps(_timestamp));
        }
        else
        {
            entries.Add(new PosixAttributesEntry(Mode(subject, kept), Links(subject, kept), kept.UserId, kept.GroupId, subject.Serial).Write());
            entries.Add(Times(kept).Write());
        }
        if (role == RecordRole.Self)
        {
            entries.AddRange(SuspEntry.AlternateName(node.Name.ToString()));
            if (node.Kind == EntryKind.Symlink)
                entries.AddRange(SuspEntry.SymbolicLink(node.Entry!.LinkTarget!));
            if (node.Compression is { } compression)
                entries.Add(compression.Entry.ToArray());
            if (node.ChecksumIndex > 0)
                entries.Add(Md5ChecksumLayout.FileEntry(node.ChecksumIndex));
        }
        if (role != RecordRole.DotDot && kept is not null)
            entries.AddRange(kept.ExtraSystemUse);
        if (role == RecordRole.Dot && node.IsRoot)
        {
            entries.Add(SuspEntry.ExtensionReference());
            // While sectors are being allocated the array's place is not known yet; only the entry's length counts then.
            if (layout.Spec.Md5)
                entries.Add(layout.Md5Records?.RootEntry() ?? new byte[Md5ChecksumLayout.RootEntryLength]);
        }
        return entries;
    }

    /// <summary>
    /// Writes a record's entries into <paramref name="destination"/> when they are the usual ones and fit in the
    /// record — PX and TF, then for a record of its own one NM — as <see cref="Entries"/> would make them, but without
    /// an array per entry (a million files make millions of records). Returns their length, or -1 for any other record.
    /// </summary>
    public int TryWriteUsual(LayoutNode node, RecordRole role, Span<byte> destination)
    {
        if (role == RecordRole.Dot && node.IsRoot)
            return -1;
        if (role == RecordRole.Self && (node.Kind == EntryKind.Symlink || node.Compression is not null || node.ChecksumIndex > 0))
            return -1;
        LayoutNode subject = role == RecordRole.DotDot ? node.Parent ?? node : node;
        if (AttributesOf(subject) is not null)
            return -1;
        int length = SuspEntry.PosixAttributesLength + SuspEntry.TimestampsLength;
        if (role == RecordRole.Self)
            length += SuspEntry.AlternateNameLength(node.Name);
        if (length > Capacity(node, role))
            return -1;
        int at = new PosixAttributesEntry(Mode(subject), Links(subject), 0, 0, subject.Serial).Write(destination);
        byte[] times = _uniformTimes ??= SuspEntry.Timestamps(_timestamp);
        times.CopyTo(destination[at..]);
        at += times.Length;
        if (role == RecordRole.Self)
            at += AlternateNameEntry.WriteSingle(node.Name, destination[at..]);
        return at;
    }

    /// <summary>The bytes of the entries <see cref="Entries"/> makes, counted without making them (except for links).</summary>
    public int Length(LayoutNode node, RecordRole role)
    {
        if (role == RecordRole.Self && node.Kind == EntryKind.Symlink)
            return Entries(node, role).Sum(e => e.Length);
        int length = SuspEntry.PosixAttributesLength;
        EntryAttributes? kept = AttributesOf(role == RecordRole.DotDot ? node.Parent ?? node : node);
        length += kept is null ? SuspEntry.TimestampsLength : Times(kept).Length;
        if (role != RecordRole.DotDot && kept is not null)
            length += kept.ExtraSystemUseLength;
        if (role == RecordRole.Dot && node.IsRoot)
            length += SuspEntry.SharingProtocolLength + SuspEntry.ExtensionReferenceLength + (layout.Spec.Md5 ? Md5ChecksumLayout.RootEntryLength : 0);
        if (role == RecordRole.Self)
        {
            length += SuspEntry.AlternateNameLength(node.Name);
            if (node.Compression is not null)
                length += ZisofsEntry.Length;
            if (node.ChecksumIndex > 0)
                length += Md5ChecksumLayout.FileEntryLength;
        }
        return length;
    }

    /// <summary>How a record's entries are split between the record and continuation areas.</summary>
    public static SystemUsePlan Plan(LayoutNode node, RecordRole role, List<byte[]> entries) =>
        SystemUsePlan.Create(entries, Capacity(node, role));

    /// <summary>Bytes of system use in the record itself, a continuation entry included.</summary>
    public int InRecordLength(LayoutNode node, RecordRole role) =>
        Fits(node, role, out int length) ? length : Plan(node, role, Entries(node, role)).InRecordLength;

    /// <summary>Places the continuation areas of one directory's records from <paramref name="first"/> on; none crosses a block.</summary>
    /// <returns>The first block after the areas.</returns>
    public uint PlaceContinuationAreas(LayoutDirectory dir, uint first)
    {
        uint block = first;
        int offset = 0;
        bool any = false;
        foreach ((LayoutNode node, RecordRole role, int part) in ImageLayout.RecordsOf(dir))
        {
            // Every record of a multi-extent file carries the same entries, so they share its continuation areas.
            if (role == RecordRole.DotDot || part > 0 || Fits(node, role, out _))
                continue;
            SystemUsePlan plan = Plan(node, role, Entries(node, role));
            var areas = new ContinuationArea[plan.Areas.Count];
            for (int i = 0; i < areas.Length; i++)
            {
                int length = plan.Areas[i].Length;
                if (offset + length > ImageLayout.SectorSize)
                {
                    block++;
                    offset = 0;
                }
                areas[i] = new ContinuationArea(block, (ushort)offset, (ushort)length);
                offset += length;
                any = true;
            }
            if (role == RecordRole.Self)
                node.PlaceContinuation(areas);
            else
                dir.PlaceDotContinuation(areas);
        }
        return any ? block + 1 : first;
    }

    /// <summary>Whether a record's entries all fit in the record, and their length; counted, not made.</summary>
    private bool Fits(LayoutNode node, RecordRole role, out int length)
    {
        length = Length(node, role);
        return length <= Capacity(node, role);
    }

    private static int Capacity(LayoutNode node, RecordRole role) =>
        DirectoryRecord.SystemUseCapacity(role == RecordRole.Self ? ImageLayout.IsoIdentifierLength(node) : 1);

    /// <summary>The attributes a node keeps from a base image, or null when IsoBuild normalises them.</summary>
    private EntryAttributes? AttributesOf(LayoutNode n) => KeptAttributes.Of(n, _baseVolume);

    /// <summary>The kept times, else the record's date as every time, else the build timestamp.</summary>
    private TimestampsEntry Times(EntryAttributes kept) => kept.Times ?? TimestampsEntry.Uniform(kept.RecordDate ?? _timestamp);

    /// <summary>The kept permission bits (with set-id and sticky bits) under the type the node has.</summary>
    private static uint Mode(LayoutNode n, EntryAttributes kept) =>
        kept.Mode is uint mode ? (Mode(n) & ~0xFFFu) | (mode & 0xFFF) : Mode(n);

    private static uint Links(LayoutNode n, EntryAttributes kept) =>
        n is LayoutDirectory || kept.Links is not (uint and > 0) ? Links(n) : kept.Links.Value;

    private static uint Mode(LayoutNode n) => n.Kind switch
    {
        EntryKind.Directory => DirectoryMode,
        EntryKind.Symlink => SymlinkMode,
        _ => n.Entry?.Executable == true ? ExecutableMode : FileMode,
    };

    private static uint Links(LayoutNode n) => n is LayoutDirectory d ? 2u + (uint)d.SubdirectoryCount : n.LinkCount;
}
