using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using IsoBuild.Iso9660;

namespace IsoBuild.Fat;

/// <summary>A file or directory to put in a FAT image: a '/'-separated path and, for files, its size and a way to read it.</summary>
internal sealed record FatEntry(string Path, bool IsDirectory, long Length, Func<Stream>? Open);

/// <summary>
/// Builds a FAT12 or FAT16 image (Microsoft FAT specification) from a list of entries, sized to fit: 512-byte
/// sectors, two FATs, a 512-entry root directory, the smallest cluster size that keeps the cluster count in range.
/// Deterministic: entries in ordinal order, clusters allocated in tree order, every date the build timestamp, the
/// volume serial from a hash of the entries. Names that 8.3 cannot hold get VFAT long names and a short alias.
/// </summary>
internal sealed class FatImageBuilder
{
    public const int SectorSize = 512;
    public const int RootEntries = 512;
    public const int DirectoryEntrySize = FatDirectoryEntry.Length;
    public const int MaxFat12Clusters = 4084;
    public const int MaxFat16Clusters = 65524;
    private const int ReservedSectors = 1;
    private const int FatCount = 2;
    private const int SpareClusters = 8;
    private const string VolumeLabel = "EFIBOOT";

    private readonly Node _root = new(string.Empty, true, 0, null);
    private readonly DateTimeOffset _timestamp;
    private int _clusterSize;
    private int _clusterCount;
    private int _fatSectors;
    private bool _fat16;

    public FatImageBuilder(IEnumerable<FatEntry> entries, DateTimeOffset timestamp)
    {
        _timestamp = timestamp.Year < 1980 ? new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero) : timestamp;
        foreach (FatEntry e in entries.OrderBy(e => e.Path, StringComparer.Ordinal))
            Add(e);
        Plan();
    }

    /// <summary>The image's size in bytes, known before any file is read.</summary>
    public long Length => (long)TotalSectors * SectorSize;

    private const int RootSectors = RootEntries * DirectoryEntrySize / SectorSize;

    private int DataStartSector => ReservedSectors + FatCount * _fatSectors + RootSectors;

    private int TotalSectors => DataStartSector + _clusterCount * (_clusterSize / SectorSize);

    private sealed class Node(string name, bool isDirectory, long length, Func<Stream>? open)
    {
        public string Name { get; } = name;
        public bool IsDirectory { get; } = isDirectory;
        public long Length { get; } = length;
        public Func<Stream>? Open { get; } = open;
        public List<Node> Children { get; } = [];
        public byte[] ShortName { get; set; } = [];
        public byte CaseFlags { get; set; }
        public bool NeedsLongName { get; set; }
        public int FirstCluster { get; set; }
        public int Clusters { get; set; }
    }

    private void Add(FatEntry entry)
    {
        Node parent = _root;
        string[] parts = entry.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < parts.Length; i++)
        {
            bool last = i == parts.Length - 1;
            Node? child = parent.Children.FirstOrDefault(c => c.Name == parts[i]);
            if (child is null)
            {
                child = last && !entry.IsDirectory ? new Node(parts[i], false, entry.Length, entry.Open) : new Node(parts[i], true, 0, null);
                parent.Children.Add(child);
            }
            parent = child;
        }
    }

    private void Plan()
    {
        AssignShortNames(_root);
        for (_clusterSize = SectorSize; ; _clusterSize *= 2)
        {
            int needed = CountClusters(_root) + SpareClusters;
            if (needed <= MaxFat16Clusters || _clusterSize >= 32 * 1024)
            {
                if (needed > MaxFat16Clusters)
                    IsoBuildException.Throw(ErrorCodes.EfiImageNotFat, "The EFI boot folder is too large for a FAT16 image (about 2 GiB). Keep only the boot files in it.");
                _clusterCount = needed;
                _fat16 = needed > MaxFat12Clusters;
                long fatBytes = _fat16 ? (needed + 2L) * 2 : ((needed + 2L) * 3 + 1) / 2;
                _fatSectors = (int)((fatBytes + SectorSize - 1) / SectorSize);
                return;
            }
        }
    }

    private int CountClusters(Node dir)
    {
        int clusters = 0;
        foreach (Node child in dir.Children)
        {
            child.Clusters = child.IsDirectory
                ? (int)Math.Max(1, (DirectoryBytes(child) + _clusterSize - 1) / _clusterSize)
                : (int)((child.Length + _clusterSize - 1) / _clusterSize);
            clusters += child.Clusters;
            if (child.IsDirectory)
                clusters += CountClusters(child);
        }
        if (dir == _root && DirectoryBytes(_root) > RootEntries * DirectoryEntrySize)
            IsoBuildException.Throw(ErrorCodes.EfiImageNotFat, "The EFI boot folder's top level has too many entries for a FAT root directory (512). Use subfolders.");
        return clusters;
    }

    /// <summary>Bytes of a directory's entries: "." and ".." (not in the root), long-name entries and short entries.</summary>
    private static long DirectoryBytes(Node dir)
    {
        long entries = dir.Name.Length == 0 ? 1 : 2; // the root holds the volume label instead
        foreach (Node child in dir.Children)
            entries += 1 + (child.NeedsLongName ? (child.Name.Length + 12) / 13 : 0);
        return entries * DirectoryEntrySize;
    }

    private static void AssignShortNames(Node dir)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (Node child in dir.Children)
        {
            if (TryPlainShortName(child.Name, out string? plain, out byte caseFlags) && taken.Add(plain))
            {
                child.ShortName = Encoding.ASCII.GetBytes(plain);
                child.CaseFlags = caseFlags;
            }
            else
            {
                child.NeedsLongName = true;
            }
        }
        foreach (Node child in dir.Children.Where(c => c.NeedsLongName))
        {
            (string b, string e) = AliasParts(child.Name);
            for (int n = 1; ; n++)
            {
                string tail = "~" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                string alias = (b[..Math.Min(b.Length, 8 - tail.Length)] + tail).PadRight(8) + e.PadRight(3);
                if (taken.Add(alias))
                {
                    child.ShortName = Encoding.ASCII.GetBytes(alias);
                    break;
                }
            }
        }
        foreach (Node child in dir.Children.Where(c => c.IsDirectory))
            AssignShortNames(child);
    }

    private static bool IsShortChar(char c) => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-' or '$' or '~' or '!' or '#' or '%' or '&' or '@' or '^';

    /// <summary>An 8.3 name, all upper or all lower case in each part (the lower case kept by the NT case flags).</summary>
    private static bool TryPlainShortName(string name, out string shortName, out byte caseFlags)
    {
        shortName = string.Empty;
        caseFlags = 0;
        int dot = name.LastIndexOf('.');
        string b = dot < 0 ? name : name[..dot];
        string e = dot < 0 ? string.Empty : name[(dot + 1)..];
        if (b.Length is 0 or > 8 || e.Length > 3 || (dot >= 0 && e.Length == 0) || b.Contains('.', StringComparison.Ordinal))
            return false;
        foreach ((string part, byte flag) in new[] { (b, (byte)0x08), (e, (byte)0x10) })
        {
            if (part.Length == 0)
                continue;
            bool lower = part.Any(char.IsAsciiLetterLower);
            if (lower && part.Any(char.IsAsciiLetterUpper))
                return false;
            if (!IsoNames.ToAsciiUpper(part).All(IsShortChar))
                return false;
            if (lower)
                caseFlags |= flag;
        }
        shortName = IsoNames.ToAsciiUpper(b).PadRight(8) + IsoNames.ToAsciiUpper(e).PadRight(3);
        return true;
    }

    private static (string Base, string Extension) AliasParts(string name)
    {
        static string Clean(string s) => new(IsoNames.ToAsciiUpper(s).Where(c => c != ' ' && c != '.').Select(c => IsShortChar(c) ? c : '_').ToArray());
        int dot = name.LastIndexOf('.');
        string b = Clean(dot <= 0 ? name : name[..dot]);
        string e = dot <= 0 ? string.Empty : Clean(name[(dot + 1)..]);
        return (b.Length == 0 ? "_" : b, e.Length > 3 ? e[..3] : e);
    }

    /// <summary>Writes the image; file contents are read now and must still have the sizes they had when planned.</summary>
    public byte[] Build(Action<string>? sourceChanged = null)
    {
        byte[] image = new byte[Length];
        int next = 2;
        Allocate(_root, ref next);
        WriteBootSector(image);
        var fat = new int[_clusterCount + 2];
        fat[0] = _fat16 ? 0xFFF8 : 0xFF8;
        fat[1] = _fat16 ? 0xFFFF : 0xFFF;
        WriteTree(image, _root, null, fat, sourceChanged);
        for (int copy = 0; copy < FatCount; copy++)
            WriteFat(image.AsSpan((ReservedSectors + copy * _fatSectors) * SectorSize, _fatSectors * SectorSize), fat);
        return image;
    }

    private static void Allocate(Node dir, ref int next)
    {
        foreach (Node child in dir.Children)
        {
            if (child.Clusters > 0)
            {
                child.FirstCluster = next;
                next += child.Clusters;
            }
        }
        foreach (Node child in dir.Children.Where(c => c.IsDirectory))
            Allocate(child, ref next);
    }

    private void WriteBootSector(byte[] image) => new FatBootSector
    {
        OemName = "ISOBUILD",
        BytesPerSector = SectorSize,
        SectorsPerCluster = (byte)(_clusterSize / SectorSize),
        ReservedSectors = ReservedSectors,
        FatCount = FatCount,
        RootEntries = RootEntries,
        TotalSectors = (uint)TotalSectors,
        MediaDescriptor = 0xF8,
        SectorsPerFat = (ushort)_fatSectors,
        SectorsPerTrack = 63,
        Heads = 255,
        DriveNumber = 0x80,
        VolumeSerial = VolumeSerial(),
        VolumeLabel = VolumeLabel,
        FileSystemType = _fat16 ? "FAT16" : "FAT12",
    }.Write(image.AsSpan(0, SectorSize));

    private uint VolumeSerial()
    {
        var text = new StringBuilder().Append(_timestamp.UtcTicks).Append('\n');
        void Walk(Node n, string prefix)
        {
            foreach (Node c in n.Children)
            {
                text.Append(prefix).Append(c.Name).Append('\0').Append(c.Length).Append('\n');
                Walk(c, prefix + c.Name + "/");
            }
        }
        Walk(_root, string.Empty);
        return BinaryPrimitives.ReadUInt32LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private long ClusterOffset(int cluster) => ((long)DataStartSector * SectorSize) + (long)(cluster - 2) * _clusterSize;

    private void WriteTree(byte[] image, Node dir, Node? parent, int[] fat, Action<string>? sourceChanged)
    {
        var entries = new List<byte[]>();
        bool isRoot = dir == _root;
        if (isRoot)
        {
            entries.Add(ShortEntry(VolumeLabel, FatDirectoryEntry.AttributeVolumeLabel, 0, 0, 0));
        }
        else
        {
            entries.Add(ShortEntry(Encoding.ASCII.GetString(FatDirectoryEntry.SelfName), FatDirectoryEntry.AttributeDirectory, 0, dir.FirstCluster, 0));
            entries.Add(ShortEntry(Encoding.ASCII.GetString(FatDirectoryEntry.ParentName), FatDirectoryEntry.AttributeDirectory, 0, parent == _root ? 0 : parent!.FirstCluster, 0));
        }
        foreach (Node child in dir.Children)
        {
            if (child.NeedsLongName)
                entries.AddRange(LongNameEntries(child.Name, child.ShortName));
            entries.Add(ShortEntry(Encoding.ASCII.GetString(child.ShortName), child.IsDirectory ? FatDirectoryEntry.AttributeDirectory : FatDirectoryEntry.AttributeArchive,
                child.CaseFlags, child.FirstCluster, child.IsDirectory ? 0 : (uint)child.Length));
            Chain(fat, child.FirstCluster, child.Clusters);
            if (!child.IsDirectory && child.Length > 0)
                CopyFile(image, child, sourceChanged);
        }
        long offset = isRoot ? (long)(ReservedSectors + FatCount * _fatSectors) * SectorSize : ClusterOffset(dir.FirstCluster);
        foreach (byte[] e in entries)
        {
            e.CopyTo(image, offset);
            offset += DirectoryEntrySize;
        }
        foreach (Node child in dir.Children.Where(c => c.IsDirectory))
            WriteTree(image, child, dir, fat, sourceChanged);
    }

    private void CopyFile(byte[] image, Node file, Action<string>? sourceChanged)
    {
        using Stream s = file.Open!();
        Span<byte> target = image.AsSpan((int)ClusterOffset(file.FirstCluster), (int)file.Length);
        int read = s.ReadAtLeast(target, target.Length, throwOnEndOfStream: false);
        if (read != target.Length || s.ReadByte() != -1)
            sourceChanged?.Invoke(file.Name);
    }

    private static void Chain(int[] fat, int first, int clusters)
    {
        for (int i = 0; i < clusters; i++)
            fat[first + i] = i == clusters - 1 ? -1 : first + i + 1;
    }

    private void WriteFat(Span<byte> fatBytes, int[] fat)
    {
        for (int i = 0; i < fat.Length; i++)
        {
            int value = fat[i] == -1 ? (_fat16 ? 0xFFFF : 0xFFF) : fat[i];
            if (_fat16)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(fatBytes[(i * 2)..], (ushort)value);
                continue;
            }
            int at = i * 3 / 2;
            if ((i & 1) == 0)
            {
                fatBytes[at] = (byte)value;
                fatBytes[at + 1] = (byte)((fatBytes[at + 1] & 0xF0) | ((value >> 8) & 0x0F));
            }
            else
            {
                fatBytes[at] = (byte)((fatBytes[at] & 0x0F) | ((value << 4) & 0xF0));
                fatBytes[at + 1] = (byte)(value >> 4);
            }
        }
    }

    /// <summary>A short entry dated with the build timestamp: created, accessed and written then.</summary>
    private byte[] ShortEntry(string name11, byte attributes, byte caseFlags, int firstCluster, uint size)
    {
        byte[] e = new byte[DirectoryEntrySize];
        DateTime t = _timestamp.UtcDateTime;
        new FatDirectoryEntry(name11, attributes, caseFlags, 0, t, t.Date, t, (uint)firstCluster, size).Write(e);
        return e;
    }

    /// <summary>VFAT long-name entries, last part first, each with the short name's checksum.</summary>
    private static IEnumerable<byte[]> LongNameEntries(string name, byte[] shortName) =>
        FatLongNameEntry.Split(name, shortName).Select(entry =>
        {
            byte[] e = new byte[DirectoryEntrySize];
            entry.Write(e);
            return e;
        });
}
