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
            entries.AddRange(SuspEntry.AlternateName(node.Name));
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

    private static uint Links(LayoutNode n) => n.IsDirectory ? 2u + (uint)n.SubdirectoryCount : 1u;
}
