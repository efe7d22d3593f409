using IsoBuild.Reading;
using IsoBuild.Spec;

namespace IsoBuild.Testing;

/// <summary>
/// Drives every reading path over one image, the way a user's commands would: all three namespaces, every entry,
/// every file's bytes, the boot catalog and the partition table. A damaged image may only ever end in an
/// <see cref="IsoBuildException"/>; anything else escapes to the caller as a bug. Shared by the mutation test and
/// the fuzz harness (build/IsoBuild.Fuzz), so both hold the reader to the same rule.
/// </summary>
public static class ReaderExercise
{
    /// <summary>At most this many file bytes are read per namespace; more is legitimate (overlapping extents) but slow.</summary>
    public const long MaxBytesRead = 64L << 20;

    /// <summary>Returns the codes of the coded errors met (one per namespace at most).</summary>
    public static List<string> Run(byte[] image)
    {
        var codes = new List<string>();
        byte[] buffer = new byte[64 * 1024];
        foreach (IsoNamespace names in new[] { IsoNamespace.RockRidge, IsoNamespace.Joliet, IsoNamespace.Iso9660 })
        {
            try
            {
                using IsoImageReader reader = IsoImageReader.Open(new MemoryStream(image, writable: false), leaveOpen: false, names);
                _ = reader.Volume.VolumeId;
                long read = 0;
                foreach (IsoEntry entry in reader.EnumerateDescendants())
                {
                    _ = entry.Path;
                    _ = entry.LinkTarget;
                    if (entry.Kind != EntryKind.File || read >= MaxBytesRead)
                        continue;
                    using Stream s = entry.OpenRead();
                    int n;
                    while (read < MaxBytesRead && (n = s.Read(buffer)) > 0)
                        read += n;
                }
                if (reader.BootCatalog is { } catalog)
                    _ = catalog.Entries.Count + catalog.Problems.Count;
                _ = reader.PartitionTable;
            }
            catch (IsoBuildException e)
            {
                codes.Add(e.Code);
            }
        }
        return codes;
    }
}
