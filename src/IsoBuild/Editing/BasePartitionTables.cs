using IsoBuild.Hybrid;
using IsoBuild.Layout;
using IsoBuild.Reading;
using IsoBuild.Sectors;
using IsoBuild.Spec;

namespace IsoBuild.Editing;

/// <summary>
/// A base image's MBR and GPT carried entry by entry: the disk signature, the GPT disk GUID and entry array layout,
/// every entry's status, type, CHS, GUIDs, name and attributes as they are, and each boundary as a rule the new layout
/// resolves (a fixed sector of the system area, the start or end of a file of the tree, of an appended partition, of
/// the volume or the image, the end of an earlier entry). What moves is followed; all else is kept bit for bit.
/// </summary>
/// <remarks>
/// An entry with a boundary that fits no rule (it points into the middle of the data, or after the volume at no
/// appended partition) cannot be carried: it is named in <see cref="Tables.Uncarried"/>, and the edit is refused
/// unless it drops such entries (<see cref="ImageSetting.DropPartitions"/>). HFS+ entries of grub-mkrescue's Mac side
/// are left out here: keeping them is refused for the HFS+ volume itself (ISO0218).
/// </remarks>
internal static class BasePartitionTables
{
    private const int Block = 512;
    private const int BlocksPerSector = ImageSource.SectorSize / Block;

    /// <summary>Bounds at or before this sector (the system area) are fixed: nothing an edit changes moves them.</summary>
    private const long SystemAreaEnd = ImageLayout.SystemAreaSectors * BlocksPerSector;

    /// <summary>How far before the end of the volume or image a bound may lie and still follow it (xorriso's Gap1 ends 48 sectors before).</summary>
    private const long NearEnd = 2048;

    private static readonly Guid HfsPlusType = new("48465300-0000-11AA-AA11-00306543ECAC");

    /// <summary>What the base's tables become.</summary>
    public sealed record Tables(uint DiskSignature, IReadOnlyList<MbrEntry> Mbr, Guid? DiskGuid, IReadOnlyList<GptEntry>? Gpt,
        int? GptEntriesSector, int? GptEntryCount, IReadOnlyList<string> Uncarried);

    /// <summary>Carries the MBR in <paramref name="mbr"/> (and the GPT after it) into the rules of a system area.</summary>
    public static Tables Read(IsoImageReader image, byte[] mbr, IReadOnlyDictionary<int, (long First, long Count)> appended, MbrPartition[] slots, uint volumeEnd)
    {
        var bounds = new BoundMapper(image, appended, (long)volumeEnd * BlocksPerSector, image.Length / Block);
        var uncarried = new List<string>();
        var mbrEntries = new List<MbrEntry>();
        for (int i = 0; i < MasterBootRecord.PartitionCount; i++)
        {
            ReadOnlySpan<byte> raw = mbr.AsSpan(MasterBootRecord.PartitionTableOffset + i * MasterBootRecord.PartitionEntrySize, MasterBootRecord.PartitionEntrySize);
            if (raw.IndexOfAnyExcept((byte)0) < 0)
                continue;
            MbrPartition p = slots[i];
            long first = p.FirstSector, end = (long)p.FirstSector + p.SectorCount;
            if (bounds.Extent(first, end, protective: p.Type == MasterBootRecord.TypeProtectiveGpt, earlier: null) is not { } extent)
            {
                uncarried.Add($"MBR partition {i + 1} (type 0x{p.Type:x2}, sectors {first}–{end - 1})");
                continue;
            }
            mbrEntries.Add(WithChs(new MbrEntry(i + 1, p.Status, p.Type, extent), p));
        }
        (Guid DiskGuid, List<GptEntry> Entries, int Sector, int Count)? gpt = ReadGpt(image, bounds, uncarried);
        return new Tables(MasterBootRecord.ReadDiskSignature(mbr), mbrEntries, gpt?.DiskGuid, gpt?.Entries,
            gpt is { } g && g.Sector != (int)GuidPartitionTable.PrimaryEntriesSector ? g.Sector : null,
            gpt is { } h && h.Count != GuidPartitionTable.EntryCount ? h.Count : null, uncarried);
    }

    /// <summary>The CHS addresses as a geometry that computes both of them, else kept as recorded.</summary>
    private static MbrEntry WithChs(MbrEntry entry, MbrPartition p)
    {
        uint last = p.FirstSector + Math.Max(p.SectorCount, 1) - 1;
        foreach ((int heads, int sectors) in Geometries())
        {
            if (ChsAddress.FromLba(p.FirstSector, (uint)heads, (uint)sectors) == p.FirstChs && ChsAddress.FromLba(last, (uint)heads, (uint)sectors) == p.LastChs)
                return entry with { ChsHeads = heads, ChsSectorsPerTrack = sectors };
        }
        return entry with { FirstChs = PartitionEntryPlan.Pack(p.FirstChs), LastChs = PartitionEntryPlan.Pack(p.LastChs) };
    }

    /// <summary>xorriso's 64 × 32 first, the BIOS 255 × 63 next, then the heads xorriso raises for large volumes.</summary>
    private static IEnumerable<(int Heads, int Sectors)> Geometries()
    {
        yield return (64, 32);
        yield return (255, 63);
        for (int heads = 65; heads <= 255; heads++)
            yield return (heads, 32);
    }

    private static (Guid DiskGuid, List<GptEntry> Entries, int Sector, int Count)? ReadGpt(IsoImageReader image, BoundMapper bounds, List<string> uncarried)
    {
        byte[] area = new byte[(int)SystemAreaEnd * Block];
        if (image.Length < area.Length)
            return null;
        image.Source.ReadExactly(0, area, ErrorCodes.NotAnImage, "the system area");
        ReadOnlySpan<byte> header = area.AsSpan(Block, Block);
        if (!GptHeader.HasSignature(header) || !GptHeader.CrcMatches(header))
            return null;
        GptHeader h = GptHeader.Read(header);
        // The entry array is carried where it is only when it lies in the system area, in 128-byte entries.
        bool inArea = h.PartitionEntrySize == GptPartition.Size && h.PartitionEntryCount is >= 4 and <= 4 * (uint)SystemAreaEnd && h.PartitionEntryCount % 4 == 0
            && h.PartitionEntriesLba >= GuidPartitionTable.PrimaryEntriesSector
            && h.PartitionEntriesLba + (ulong)GuidPartitionTable.ArraySectors((int)h.PartitionEntryCount) <= (ulong)SystemAreaEnd;
        if (!inArea)
            return null;
        int sector = (int)h.PartitionEntriesLba, count = (int)h.PartitionEntryCount;
        var entries = new List<GptEntry>();
        var ends = new List<long>();
        var dropped = new Dictionary<long, long>(); // end of a left-out entry → its start
        for (int i = 0; i < count; i++)
        {
            GptPartition p = GptPartition.Read(area.AsSpan(sector * Block + i * GptPartition.Size, GptPartition.Size));
            if (p.IsEmpty)
                continue;
            long first = (long)p.FirstSector, end = (long)p.LastSector + 1;
            if (p.Type == HfsPlusType)
            {
                dropped[end] = first;
                continue;
            }
            PartitionExtent? extent = bounds.Extent(first, end, protective: false, earlier: start =>
            {
                // A gap after a left-out entry follows the kept entry before that one.
                while (dropped.TryGetValue(start, out long before))
                    start = before;
                int k = ends.LastIndexOf(start);
                return k >= 0 ? k : null;
            });
            if (extent is null)
            {
                uncarried.Add($"GPT partition {i + 1} '{p.Name}' ({p.Type.ToString("D").ToUpperInvariant()}, sectors {first}–{end - 1})");
                dropped[end] = first;
                continue;
            }
            entries.Add(new GptEntry(p.Type, extent) { Id = p.Id, Name = p.Name, Attributes = p.Attributes });
            ends.Add(end);
        }
        return (h.DiskGuid, entries, sector, count);
    }

    /// <summary>Finds the rule of each boundary.</summary>
    private sealed class BoundMapper(IsoImageReader image, IReadOnlyDictionary<int, (long First, long Count)> appended, long volumeEnd, long imageEnd)
    {
        private Dictionary<long, string>? _starts;
        private Dictionary<long, string>? _ends;
        private long _dataEnd;

        public PartitionExtent? Extent(long first, long end, bool protective, Func<long, int?>? earlier)
        {
            (PartitionBound? start, string? file, int? partition) = Start(first, earlier);
            if (start is null)
                return null;
            PartitionBound? stop = End(end, first, file, partition, protective);
            return stop is null ? null : new PartitionExtent(start, stop);
        }

        private (PartitionBound? Bound, string? File, int? Partition) Start(long s, Func<long, int?>? earlier)
        {
            if (s <= SystemAreaEnd)
                return (PartitionBound.Sector(s), null, null);
            if (AppendedAt(s) is int n)
                return (PartitionBound.StartOfAppended(n), null, n);
            if (Starts().TryGetValue(s, out string? path))
                return (PartitionBound.StartOf(path), path, null);
            if (s == volumeEnd)
                return (PartitionBound.AfterVolume(), null, null);
            if (s == imageEnd)
                return (PartitionBound.AfterImage(), null, null);
            if (earlier?.Invoke(s) is int k)
                return (PartitionBound.AfterEntry(k), null, null);
            return (NearEndOf(s), null, null);
        }

        private PartitionBound? End(long e, long s, string? file, int? partition, bool protective)
        {
            if (e <= SystemAreaEnd)
                return PartitionBound.Sector(e);
            if (file is not null && Ends().TryGetValue(e, out string? same) && same == file)
                return PartitionBound.EndOf(file);
            if (partition is int n)
                return new PartitionBound(PartitionAnchor.AppendedStart, e - s) { Number = n };
            // The protective entry covers the disk; any other entry that ends with the volume follows the volume.
            if (e == imageEnd && (protective || e != volumeEnd))
                return PartitionBound.AfterImage();
            if (e == volumeEnd)
                return PartitionBound.AfterVolume();
            if (Ends().TryGetValue(e, out string? path))
                return PartitionBound.EndOf(path);
            if (Starts().TryGetValue(e, out string? next))
                return PartitionBound.StartOf(next);
            if (AppendedAt(e) is int m)
                return PartitionBound.StartOfAppended(m);
            return NearEndOf(e);
        }

        /// <summary>A bound in the zeros after the last file, a little before the end of the volume or image, follows that end.</summary>
        private PartitionBound? NearEndOf(long sector) =>
            sector < DataEnd() ? null
            : sector < volumeEnd && volumeEnd - sector <= NearEnd ? PartitionBound.AfterVolume(sector - volumeEnd)
            : sector < imageEnd && imageEnd - sector <= NearEnd && sector > volumeEnd ? PartitionBound.AfterImage(sector - imageEnd)
            : null;

        private int? AppendedAt(long sector)
        {
            foreach ((int number, (long first, _)) in appended)
            {
                if (first == sector)
                    return number;
            }
            return null;
        }

        private long DataEnd()
        {
            Index();
            return _dataEnd;
        }

        private Dictionary<long, string> Starts()
        {
            Index();
            return _starts!;
        }

        private Dictionary<long, string> Ends()
        {
            Index();
            return _ends!;
        }

        /// <summary>
        /// Where each file of the tree starts and ends. Empty files have no place of their own, and the boot catalog is
        /// made anew: neither can anchor a partition.
        /// </summary>
        private void Index()
        {
            if (_starts is not null)
                return;
            _starts = [];
            _ends = [];
            uint? catalog = image.BootCatalog?.Lba;
            foreach (IsoEntry entry in image.EnumerateDescendants())
            {
                if (entry.Kind != EntryKind.File || entry.Extents.Count == 0 || entry.Length == 0 || entry.Extents[0].Lba == catalog)
                    continue;
                string path = entry.Path.TrimStart('/');
                long start = (long)entry.Extents[0].Lba * BlocksPerSector;
                _starts.TryAdd(start, path);
                // Only a file stored in one piece has an end a partition can follow.
                if (entry.Extents.Count == 1)
                    _ends.TryAdd(start + (entry.Length + Block - 1) / Block, path);
                foreach (IsoExtent extent in entry.Extents)
                    _dataEnd = Math.Max(_dataEnd, (long)extent.Lba * BlocksPerSector + (extent.Length + Block - 1) / Block);
            }
        }
    }
}
