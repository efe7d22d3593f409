using System.Globalization;
using System.Security.Cryptography;
using IsoBuild.Spec;

namespace IsoBuild.Reading;

/// <summary>An entry present in both images that differs.</summary>
/// <param name="Path">The path in both images.</param>
/// <param name="Changes">What differs: "kind", "content", "mode", "link target", "modified time".</param>
public sealed record IsoEntryChange(string Path, IReadOnlyList<string> Changes);

/// <summary>A volume or boot property that differs.</summary>
/// <param name="Property">What it is ("volume id", "boot entry 1").</param>
/// <param name="A">The first image's value.</param>
/// <param name="B">The second image's value.</param>
public sealed record IsoPropertyChange(string Property, string A, string B);

/// <summary>How two images differ.</summary>
public sealed record IsoImageDifference(
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed,
    IReadOnlyList<IsoEntryChange> Changed,
    IReadOnlyList<IsoPropertyChange> Volume,
    IReadOnlyList<IsoPropertyChange> Boot)
{
    /// <summary>True when nothing differs.</summary>
    public bool AreSame => Added.Count == 0 && Removed.Count == 0 && Changed.Count == 0 && Volume.Count == 0 && Boot.Count == 0;
}

/// <summary>Compares two images: their files (by SHA-256 of the content), metadata, volume descriptors and boot setup.</summary>
public static class IsoImageComparer
{
    /// <summary>Compares <paramref name="a"/> with <paramref name="b"/>; paths are each image's preferred names.</summary>
    public static IsoImageDifference Compare(IsoImageReader a, IsoImageReader b, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        Dictionary<string, IsoEntry> left = Index(a);
        Dictionary<string, IsoEntry> right = Index(b);
        var added = right.Keys.Where(k => !left.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var removed = left.Keys.Where(k => !right.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var changed = new List<IsoEntryChange>();
        foreach (string path in left.Keys.Where(right.ContainsKey).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            IsoEntry x = left[path];
            IsoEntry y = right[path];
            var what = new List<string>();
            if (x.Kind != y.Kind)
            {
                what.Add("kind");
            }
            else if (x.Kind == EntryKind.File && (x.Length != y.Length || !Hash(x).AsSpan().SequenceEqual(Hash(y))))
            {
                what.Add("content");
            }
            if ((x.Mode & 0xFFFF) != (y.Mode & 0xFFFF) && x.Kind == y.Kind)
                what.Add("mode");
            if (x.LinkTarget != y.LinkTarget)
                what.Add("link target");
            if (x.ModifiedTime != y.ModifiedTime && x.Kind != EntryKind.Directory)
                what.Add("modified time");
            if (what.Count > 0)
                changed.Add(new IsoEntryChange(path, what));
        }

        var volume = new List<IsoPropertyChange>();
        void Property(string name, string? p, string? q)
        {
            if (!string.Equals(p ?? string.Empty, q ?? string.Empty, StringComparison.Ordinal))
                volume.Add(new IsoPropertyChange(name, p ?? string.Empty, q ?? string.Empty));
        }
        IsoVolumeInfo va = a.Volume;
        IsoVolumeInfo vb = b.Volume;
        Property("volume id", va.VolumeId, vb.VolumeId);
        Property("system id", va.SystemId, vb.SystemId);
        Property("volume set id", va.VolumeSetId, vb.VolumeSetId);
        Property("publisher", va.Publisher, vb.Publisher);
        Property("data preparer", va.DataPreparer, vb.DataPreparer);
        Property("application", va.Application, vb.Application);
        Property("created", Date(va.Created), Date(vb.Created));
        // The modification date is the volume UUID: report the UUID, as blkid and GRUB see it, and the date only
        // when it changed in a way they do not see (its time zone offset).
        Property("uuid", Uuid(va), Uuid(vb));
        if (Uuid(va) == Uuid(vb))
            Property("modified", Date(va.Modified), Date(vb.Modified));
        Property("extensions", Extensions(a), Extensions(b));

        var boot = new List<IsoPropertyChange>();
        IReadOnlyList<IsoBootEntry> ea = a.BootCatalog?.Entries ?? [];
        IReadOnlyList<IsoBootEntry> eb = b.BootCatalog?.Entries ?? [];
        for (int i = 0; i < Math.Max(ea.Count, eb.Count); i++)
        {
            string p = i < ea.Count ? DescribeBoot(a, ea[i]) : "(none)";
            string q = i < eb.Count ? DescribeBoot(b, eb[i]) : "(none)";
            if (p != q)
                boot.Add(new IsoPropertyChange($"boot entry {i + 1}", p, q));
        }
        string pa = Partitions(a);
        string pb = Partitions(b);
        if (pa != pb)
            boot.Add(new IsoPropertyChange("partitions", pa, pb));
        return new IsoImageDifference(added, removed, changed, volume, boot);
    }

    private static Dictionary<string, IsoEntry> Index(IsoImageReader image)
    {
        var index = new Dictionary<string, IsoEntry>(StringComparer.Ordinal);
        foreach (IsoEntry e in image.EnumerateDescendants())
            index.TryAdd(e.Path, e);
        return index;
    }

    private static byte[] Hash(IsoEntry file)
    {
        using Stream s = file.OpenRead();
        return SHA256.HashData(s);
    }

    private static string Uuid(IsoVolumeInfo v) =>
        v.GrubUuid == v.Uuid ? v.Uuid ?? "(none)" : $"{v.Uuid ?? "(none)"} (GRUB: {v.GrubUuid ?? "none"})";

    private static string Date(DateTimeOffset? d) => d?.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Extensions(IsoImageReader image)
    {
        var parts = new List<string>();
        if (image.Volume.RockRidge)
            parts.Add("Rock Ridge");
        if (image.Volume.JolietLevel is int level)
            parts.Add("Joliet level " + level.ToString(CultureInfo.InvariantCulture));
        if (image.Volume.ElTorito)
            parts.Add("El Torito");
        return string.Join(", ", parts);
    }

    /// <summary>A boot entry without its sector (which moves whenever files change) but with its image's hash.</summary>
    private static string DescribeBoot(IsoImageReader image, IsoBootEntry e)
    {
        string hash;
        try
        {
            int bytes = Math.Max(1, (int)e.SectorCount) * 512;
            using var s = new IsoExtentStream(image.Source, [new IsoExtent(e.LoadLba, bytes)], "boot image", ownsSource: false);
            hash = Convert.ToHexString(SHA256.HashData(s))[..16];
        }
        catch (IsoBuildException)
        {
            hash = "unreadable";
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"{e.Platform}, {e.Emulation}, {(e.Bootable ? "bootable" : "not bootable")}, load segment 0x{e.LoadSegment:X4}, {e.SectorCount} sectors, image sha256 {hash}");
    }

    private static string Partitions(IsoImageReader image)
    {
        try
        {
            IsoPartitionTable t = image.PartitionTable;
            return string.Join("; ", t.Mbr.Concat(t.Gpt).Select(p => $"{p.Scheme} {p.Index} {p.Type}{(p.Bootable ? " bootable" : "")}"));
        }
        catch (IsoBuildException e)
        {
            return e.Code;
        }
    }
}
