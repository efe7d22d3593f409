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
    /// <summary>
    /// How the comparison was made where it was not byte for byte: boot images compared without the fields a writer
    /// patches for their place (boot info table, GRUB2 boot info), boot catalogs without their sector numbers.
    /// </summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

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
        var notes = new SortedSet<string>(StringComparer.Ordinal);
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
            else if (x.Kind == EntryKind.File && IsCatalog(a, x) && IsCatalog(b, y))
            {
                // The catalog says where the boot images are: it changes whenever they move.
                if (CatalogWithoutSectors(a) != CatalogWithoutSectors(b))
                    what.Add("content");
                else if (x.Length != y.Length || !Hash(x).AsSpan().SequenceEqual(Hash(y)))
                    notes.Add($"{path} (boot catalog) compared without the sectors of its boot images");
            }
            else if (x.Kind == EntryKind.File && (x.Length != y.Length || !Hash(x).AsSpan().SequenceEqual(Hash(y))))
            {
                if (x.Length == y.Length && BootImagePatches(a, x) is { Count: > 0 } px && BootImagePatches(b, y) is { Count: > 0 } py
                    && px.SetEquals(py) && HashWithout(x, px).AsSpan().SequenceEqual(HashWithout(y, py)))
                {
                    notes.Add($"{path} compared without the {string.Join(" and ", px.Order().Select(p => p == BootInfoTable ? "boot info table" : "GRUB2 boot info"))} written for its place");
                }
                else
                {
                    what.Add("content");
                }
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
        return new IsoImageDifference(added, removed, changed, volume, boot) { Notes = [.. notes] };
    }

    private const int BootInfoTable = 0;
    private const int Grub2BootInfo = 1;

    private static bool IsCatalog(IsoImageReader image, IsoEntry file) =>
        image.BootCatalog is { } c && file.Extents.Count > 0 && file.Extents[0].Lba == c.Lba;

    private static string CatalogWithoutSectors(IsoImageReader image) =>
        string.Join(";", (image.BootCatalog?.Entries ?? []).Select(e => e with { LoadLba = 0 }));

    /// <summary>
    /// The patches a boot image of the catalog carries for its place (El Torito boot info table at bytes 8–63, GRUB2
    /// boot info at 2548–2555): what IsoBuild, xorriso and genisoimage write anew when the file moves.
    /// </summary>
    private static HashSet<int> BootImagePatches(IsoImageReader image, IsoEntry file)
    {
        var patches = new HashSet<int>();
        if (file.Extents.Count == 0 || image.BootCatalog is not { } catalog || !catalog.Entries.Any(e => e.LoadLba == file.Extents[0].Lba && (e.MediaType & 0x0F) == 0))
            return patches;
        uint lba = file.Extents[0].Lba;
        byte[] head = new byte[ElTorito.BootImagePatch.Grub2InfoOffset + 8];
        int read;
        using (Stream s = file.OpenRead())
            read = s.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read >= 16 && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(12)) == lba)
            patches.Add(BootInfoTable);
        if (read == head.Length && System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(head.AsSpan(ElTorito.BootImagePatch.Grub2InfoOffset)) == (ulong)lba * 4 + 5)
            patches.Add(Grub2BootInfo);
        return patches;
    }

    private static byte[] HashWithout(IsoEntry file, HashSet<int> patches)
    {
        using Stream s = file.OpenRead();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = new byte[1 << 16];
        long position = 0;
        int n;
        while ((n = s.Read(buffer)) > 0)
        {
            Blank(buffer.AsSpan(0, n), position, patches);
            hash.AppendData(buffer, 0, n);
            position += n;
        }
        return hash.GetHashAndReset();
    }

    private static void Blank(Span<byte> chunk, long position, HashSet<int> patches)
    {
        if (patches.Contains(BootInfoTable))
            Clear(chunk, position, 8, 64);
        if (patches.Contains(Grub2BootInfo))
            Clear(chunk, position, ElTorito.BootImagePatch.Grub2InfoOffset, ElTorito.BootImagePatch.Grub2InfoOffset + 8);
    }

    /// <summary>Clears bytes [from, to) of the file in the chunk that starts at <paramref name="position"/>.</summary>
    private static void Clear(Span<byte> chunk, long position, long from, long to)
    {
        long start = Math.Max(from, position);
        long end = Math.Min(to, position + chunk.Length);
        if (start < end)
            chunk[(int)(start - position)..(int)(end - position)].Clear();
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
            byte[] loaded = new byte[bytes];
            using (var s = new IsoExtentStream(image.Source, [new IsoExtent(e.LoadLba, bytes)], "boot image", ownsSource: false))
                s.ReadExactly(loaded);
            // What the firmware loads, without the patches written for the image's place (they follow it when it moves).
            if ((e.MediaType & 0x0F) == 0 && bytes >= 64 && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(loaded.AsSpan(12)) == e.LoadLba)
                loaded.AsSpan(8, 56).Clear();
            if ((e.MediaType & 0x0F) == 0 && bytes >= ElTorito.BootImagePatch.Grub2InfoOffset + 8
                && System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(loaded.AsSpan(ElTorito.BootImagePatch.Grub2InfoOffset)) == (ulong)e.LoadLba * 4 + 5)
                loaded.AsSpan(ElTorito.BootImagePatch.Grub2InfoOffset, 8).Clear();
            hash = Convert.ToHexString(SHA256.HashData(loaded))[..16];
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
