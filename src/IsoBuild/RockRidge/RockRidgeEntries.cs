using IsoBuild.Layout;
using IsoBuild.Spec;

namespace IsoBuild.RockRidge;

/// <summary>The Rock Ridge entries of each directory record, in the order they are recorded.</summary>
internal static class RockRidgeEntries
{
    // POSIX modes are normalised: what the build machine's umask or owner was does not reach the image.
    public const uint DirectoryMode = 0x4000 | 0b111_101_101;   // 040755
    public const uint FileMode = 0x8000 | 0b110_100_100;        // 0100644
    public const uint ExecutableMode = 0x8000 | 0b111_101_101;  // 0100755
    public const uint SymlinkMode = 0xA000 | 0b111_111_111;     // 0120777

    /// <summary>The bytes of the entries <see cref="For"/> makes, counted without making them (except for links).</summary>
    public static int Length(LayoutNode node, RecordRole role, DateTimeOffset timestamp)
    {
        if (role == RecordRole.Self && node.Kind == EntryKind.Symlink)
            return For(node, role, timestamp).Sum(e => e.Length);
        int length = SuspEntry.PosixAttributesLength + SuspEntry.TimestampsLength;
        if (role == RecordRole.Dot && node.IsRoot)
            length += SuspEntry.SharingProtocolLength + SuspEntry.ExtensionReferenceLength;
        if (role == RecordRole.Self)
            length += SuspEntry.AlternateNameLength(node.Name);
        return length;
    }

    public static List<byte[]> For(LayoutNode node, RecordRole role, DateTimeOffset timestamp)
    {
        var entries = new List<byte[]>(4);
        if (role == RecordRole.Dot && node.IsRoot)
            entries.Add(SuspEntry.SharingProtocol());
        LayoutNode subject = role == RecordRole.DotDot ? node.Parent ?? node : node;
        entries.Add(SuspEntry.PosixAttributes(Mode(subject), Links(subject), subject.Serial));
        entries.Add(SuspEntry.Timestamps(timestamp));
        if (role == RecordRole.Self)
        {
            entries.AddRange(SuspEntry.AlternateName(node.Name.ToString()));
            if (node.Kind == EntryKind.Symlink)
                entries.AddRange(SuspEntry.SymbolicLink(node.Entry!.LinkTarget!));
        }
        if (role == RecordRole.Dot && node.IsRoot)
            entries.Add(SuspEntry.ExtensionReference());
        return entries;
    }

    private static uint Mode(LayoutNode n) => n.Kind switch
    {
        EntryKind.Directory => DirectoryMode,
        EntryKind.Symlink => SymlinkMode,
        _ => n.Entry?.Executable == true ? ExecutableMode : FileMode,
    };

    private static uint Links(LayoutNode n) => n is LayoutDirectory d ? 2u + (uint)d.SubdirectoryCount : 1u;
}
