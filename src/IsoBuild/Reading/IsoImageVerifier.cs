using IsoBuild.Sectors;
using System.Globalization;
using System.Text;
using IsoBuild.Iso9660;
using IsoBuild.Spec;

namespace IsoBuild.Reading;

/// <summary>
/// Checks the structure of an image: descriptor consistency, the image's length, every directory of every tree,
/// path tables against the trees, file and directory extents inside the image and not overlapping (shared extents
/// of hard links and of the ISO 9660 and Joliet trees excepted), the El Torito catalog and the MBR/GPT, and the
/// checksums the image carries (<see cref="EmbeddedChecksums"/>).
/// </summary>
public static class IsoImageVerifier
{
    private const int MaxProblemsPerCheck = 20;

    /// <summary>Verifies the image at <paramref name="path"/>; returns its problems, each starting with its code. Empty means sound.</summary>
    public static IReadOnlyList<IsoProblem> Verify(string path, CancellationToken cancellationToken = default)
    {
        var problems = new List<IsoProblem>();
        problems.AddRange(Disc.DiscSectorVerifier.Problems(path, cancellationToken).Select(IsoProblem.FromCoded));
        IsoImageReader reader;
        try
        {
            reader = IsoImageReader.Open(path);
        }
        catch (IsoBuildException e)
        {
            problems.Add(IsoProblem.From(e));
            return problems;
        }
        using (reader)
        {
            // A UDF file system that cannot be read at all leaves the reader on ISO 9660, so look for it itself.
            if (reader.Volume.Udf is not null || Udf.UdfVolume.Detect(reader.Source))
                AddUdfProblems(reader, problems, cancellationToken);
            if (reader.Volume.UdfOnly)
                return problems;
        }
        try
        {
            reader = IsoImageReader.Open(path, IsoNamespace.Iso9660);
        }
        catch (IsoBuildException e)
        {
            problems.Add(IsoProblem.From(e));
            return problems;
        }
        using (reader)
        {
            var run = new Run(reader, problems, cancellationToken);
            run.CheckDescriptors();
            var ranges = new List<Range>();
            // Problems name files and directories as ls and extract do: by their Rock Ridge names when there are
            // any (found by the sectors the ISO 9660 records point at), else by what the tree calls them.
            if (reader.Volume.RockRidge)
            {
                using IsoImageReader rr = IsoImageReader.Open(path, IsoNamespace.RockRidge);
                run.CheckTree(rr, "Rock Ridge", null);
            }
            run.CheckTree(reader, "ISO 9660", ranges);
            run.CheckPathTable(reader, reader.Descriptors.Primary, "ISO 9660");
            if (reader.Descriptors.Joliet is { } joliet)
            {
                using IsoImageReader j = IsoImageReader.Open(path, IsoNamespace.Joliet);
                run.CheckTree(j, "Joliet", ranges);
                run.CheckPathTable(j, joliet, "Joliet");
            }
            run.CheckExtents(ranges);
            run.Catch(() =>
            {
                // Rock Ridge names when present: files' MD5s (isofs.cx) and zisofs data are found through them.
                using IsoImageReader names = IsoImageReader.Open(path);
                problems.AddRange(EmbeddedChecksums.Verify(names, cancellationToken).Select(IsoProblem.FromCoded));
            });
            run.Catch(() =>
            {
                if (reader.BootCatalog is { } catalog)
                    problems.AddRange(catalog.Problems.Select(IsoProblem.FromCoded));
            });
            run.Catch(() => problems.AddRange(reader.PartitionTable.Problems.Select(IsoProblem.FromCoded)));
        }
        return problems;
    }

    /// <summary>The UDF file system's problems (docs/udf.md): descriptor tags, CRCs, anchors, integrity, extents.</summary>
    private static void AddUdfProblems(IsoImageReader reader, List<IsoProblem> problems, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        List<Udf.UdfProblem> found = Udf.UdfVerifier.Verify(reader.Source);
        foreach (Udf.UdfProblem p in found.Take(MaxUdfProblems))
            problems.Add(new IsoProblem(p.Code, "UDF: " + p.Message));
        if (found.Count > MaxUdfProblems)
            problems.Add(new IsoProblem(found[MaxUdfProblems].Code, string.Create(CultureInfo.InvariantCulture, $"UDF: {found.Count - MaxUdfProblems} more problems.")));
    }

    private const int MaxUdfProblems = 50;

    private readonly record struct Range(uint Lba, long Sectors, string Owner);

    private sealed class Run(IsoImageReader reader, List<IsoProblem> problems, CancellationToken cancellationToken)
    {
        private long ImageSectors => reader.Length / ImageSource.SectorSize;

        private static IsoProblem Problem(string code, string message, string? location = null) => new(code, message, location);

        public void Catch(Action action)
        {
            try
            {
                action();
            }
            catch (IsoBuildException e)
            {
                problems.Add(IsoProblem.From(e));
            }
        }

        public void CheckDescriptors()
        {
            VolumeDescriptorSet set = reader.Descriptors;
            uint volume = set.Primary.VolumeSpaceSize;
            foreach (VolumeDescriptor d in set.Joliet is null ? [set.Primary] : new[] { set.Primary, set.Joliet })
            {
                foreach (string field in d.InconsistentNumbers)
                    problems.Add(Problem(ErrorCodes.MalformedVolumeDescriptor, $"the two byte orders of the {field} in the volume descriptor at sector {d.Sector} disagree."));
                if (!d.Root.NumbersConsistent)
                    problems.Add(Problem(ErrorCodes.MalformedVolumeDescriptor, $"the two byte orders of the root directory record in the volume descriptor at sector {d.Sector} disagree."));
                // With a partition offset xorriso's primary descriptor states the whole image, its Joliet one the volume.
                bool partitionOffsetSizes = d.VolumeSpaceSize < volume && volume == ImageSectors && reader.PartitionTable.PartitionOffset > 0;
                if (d.VolumeSpaceSize != volume && !partitionOffsetSizes)
                    problems.Add(Problem(ErrorCodes.MalformedVolumeDescriptor, $"the Joliet descriptor gives {d.VolumeSpaceSize} sectors, the primary descriptor {volume}."));
            }
            if ((long)volume * ImageSource.SectorSize > reader.Length)
            {
                problems.Add(Problem(ErrorCodes.DataOutsideImage, $"the image is {reader.Length} bytes, but its volume descriptor says {volume} sectors ({(long)volume * ImageSource.SectorSize} bytes): it is truncated."));
            }
        }

        /// <summary>Reads every directory of a tree, reporting what cannot be read; collects extents when asked.</summary>
        /// <summary>The Rock Ridge path of each directory (by its sector) and file (by its first extent's), when there is a Rock Ridge tree.</summary>
        private readonly Dictionary<uint, string> _rockRidgeNames = [];

        private string NameOf(uint lba, string path) => _rockRidgeNames.GetValueOrDefault(lba, path);

        public void CheckTree(IsoImageReader tree, string what, List<Range>? ranges)
        {
            bool rockRidge = tree.Namespace == IsoNamespace.RockRidge;
            int before = problems.Count;
            var stack = new Stack<IsoEntry>();
            stack.Push(tree.Root);
            ranges?.Add(new Range(tree.Root.DirectoryLba, Sectors(tree.Root.Length), $"{what} directory /"));
            while (stack.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                IsoEntry dir = stack.Pop();
                IReadOnlyList<IsoEntry> children;
                try
                {
                    children = dir.GetChildren();
                }
                catch (IsoBuildException e)
                {
                    if (problems.Count - before < MaxProblemsPerCheck)
                        problems.Add(IsoProblem.From(e, rockRidge ? dir.Path : NameOf(dir.DirectoryLba, dir.Path), $"{what} tree: "));
                    continue;
                }
                foreach (IsoEntry child in children)
                {
                    if (rockRidge)
                    {
                        if (child.Kind == EntryKind.Directory)
                            _rockRidgeNames.TryAdd(child.DirectoryLba, child.Path);
                        else if (child.Extents is [{ Length: > 0 } first, ..])
                            _rockRidgeNames.TryAdd(first.Lba, child.Path);
                    }
                    if (child.Kind == EntryKind.Directory)
                    {
                        stack.Push(child);
                        ranges?.Add(new Range(child.DirectoryLba, Sectors(child.Length), $"{what} directory {NameOf(child.DirectoryLba, child.Path)}"));
                    }
                    else if (ranges is not null)
                    {
                        string name = child.Extents is [{ Length: > 0 } head, ..] ? NameOf(head.Lba, child.Path) : child.Path;
                        foreach (IsoExtent e in child.Extents)
                        {
                            if (e.Length > 0)
                                ranges.Add(new Range(e.Lba, Sectors(e.Length), name));
                        }
                    }
                }
            }
        }

        public void CheckPathTable(IsoImageReader tree, VolumeDescriptor d, string what)
        {
            Catch(() =>
            {
                uint size = d.PathTableSize;
                if (size > 64u * 1024 * 1024)
                {
                    problems.Add(Problem(ErrorCodes.MalformedVolumeDescriptor, $"the {what} path table size {size} is not plausible."));
                    return;
                }
                if ((long)d.TypeLPathTable * ImageSource.SectorSize + size > reader.Length || (d.TypeMPathTable != 0 && (long)d.TypeMPathTable * ImageSource.SectorSize + size > reader.Length))
                {
                    problems.Add(Problem(ErrorCodes.DataOutsideImage, $"the {what} path tables (sectors {d.TypeLPathTable} and {d.TypeMPathTable}, {size} bytes) lie beyond the end of the image."));
                    return;
                }
                byte[] l = new byte[size];
                byte[] m = new byte[size];
                reader.Source.ReadExactly((long)d.TypeLPathTable * ImageSource.SectorSize, l, ErrorCodes.MalformedVolumeDescriptor, $"The {what} type L path table");
                Dictionary<string, uint> fromL = ParsePathTable(l, bigEndian: false, d.IsJoliet, what + " type L");
                if (d.TypeMPathTable != 0)
                {
                    reader.Source.ReadExactly((long)d.TypeMPathTable * ImageSource.SectorSize, m, ErrorCodes.MalformedVolumeDescriptor, $"The {what} type M path table");
                    Dictionary<string, uint> fromM = ParsePathTable(m, bigEndian: true, d.IsJoliet, what + " type M");
                    if (fromM.Count != fromL.Count || fromM.Any(kv => !fromL.TryGetValue(kv.Key, out uint x) || x != kv.Value))
                        problems.Add(Problem(ErrorCodes.MalformedVolumeDescriptor, $"the {what} type L and type M path tables differ."));
                }
                var inTree = new Dictionary<string, uint>(StringComparer.Ordinal) { ["/"] = tree.Root.DirectoryLba };
                var stack = new Stack<IsoEntry>();
                stack.Push(tree.Root);
                while (stack.Count > 0)
                {
                    IsoEntry dir = stack.Pop();
                    IReadOnlyList<IsoEntry> children;
                    try
                    {
                        children = dir.GetChildren();
                    }
                    catch (IsoBuildException)
                    {
                        continue; // already reported by CheckTree
                    }
                    foreach (IsoEntry c in children.Where(c => c.Kind == EntryKind.Directory))
                    {
                        inTree[c.Path] = c.DirectoryLba;
                        stack.Push(c);
                    }
                }
                int reported = 0;
                foreach ((string p, uint lba) in fromL.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (reported >= MaxProblemsPerCheck)
                        break;
                    if (!inTree.TryGetValue(p, out uint treeLba))
                    {
                        problems.Add(Problem(ErrorCodes.MalformedDirectory, $"the {what} path table lists '{p}' (sector {lba}), which is not in the directory tree."));
                        reported++;
                    }
                    else if (treeLba != lba)
                    {
                        problems.Add(Problem(ErrorCodes.MalformedDirectory, $"the {what} path table puts '{p}' at sector {lba}, the directory tree at sector {treeLba}."));
                        reported++;
                    }
                }
                foreach (string p in inTree.Keys.Where(k => !fromL.ContainsKey(k)).Order(StringComparer.Ordinal).Take(MaxProblemsPerCheck - reported))
                    problems.Add(Problem(ErrorCodes.MalformedDirectory, $"the directory '{p}' of the {what} tree is missing from its path table."));
            });
        }

        private static Dictionary<string, uint> ParsePathTable(byte[] table, bool bigEndian, bool joliet, string what)
        {
            var paths = new List<string>();
            var result = new Dictionary<string, uint>(StringComparer.Ordinal);
            int p = 0;
            while (p < table.Length)
            {
                int length = PathTable.ReadRecord(table.AsSpan(p), bigEndian, out PathTableRecord record);
                if (length == 0)
                    break;
                if (length < 0)
                    IsoBuildException.Throw(ErrorCodes.MalformedVolumeDescriptor, $"The {what} path table record at byte {p} runs past the table's end.");
                string path;
                if (paths.Count == 0)
                {
                    path = "/";
                }
                else
                {
                    int parent = record.ParentNumber;
                    if (parent < 1 || parent > paths.Count)
                        IsoBuildException.Throw(ErrorCodes.MalformedVolumeDescriptor, $"The {what} path table record {paths.Count + 1} names parent {parent}, which does not precede it.");
                    byte[] id = record.Identifier;
                    string name = joliet
                        ? IsoImageReader.CleanIdentifier(Encoding.BigEndianUnicode.GetString(id, 0, id.Length & ~1), stripDot: false)
                        : IsoImageReader.CleanIdentifier(Encoding.Latin1.GetString(id), stripDot: true);
                    string parentPath = paths[parent - 1];
                    path = parentPath == "/" ? "/" + name : parentPath + "/" + name;
                }
                paths.Add(path);
                result[path] = record.Extent;
                p += length;
            }
            return result;
        }

        public void CheckExtents(List<Range> ranges)
        {
            VolumeDescriptorSet set = reader.Descriptors;
            ranges.Add(new Range(16, set.TerminatorSector - 16 + 1, "the volume descriptors"));
            foreach (VolumeDescriptor d in set.Joliet is null ? [set.Primary] : new[] { set.Primary, set.Joliet })
            {
                string what = d.IsJoliet ? "Joliet" : "ISO 9660";
                ranges.Add(new Range(d.TypeLPathTable, Sectors(d.PathTableSize), $"the {what} type L path table"));
                if (d.TypeMPathTable != 0)
                    ranges.Add(new Range(d.TypeMPathTable, Sectors(d.PathTableSize), $"the {what} type M path table"));
            }
            if (set.BootCatalogSector is uint catalog)
                ranges.Add(new Range(catalog, 1, "the El Torito boot catalog"));

            int reported = 0;
            foreach (Range r in ranges)
            {
                if (r.Lba + r.Sectors > ImageSectors && reported++ < MaxProblemsPerCheck)
                {
                    problems.Add(Problem(ErrorCodes.DataOutsideImage, $"{Describe(r)} (sectors {r.Lba}..{r.Lba + r.Sectors - 1}) lies beyond the end of the image ({ImageSectors} sectors)."));
                }
            }
            // Ranges with the same start and length are one extent shared by several records (hard links, the
            // ISO 9660 and Joliet records of one file, a catalog shown as a file): not an overlap.
            var distinct = ranges.GroupBy(r => (r.Lba, r.Sectors)).Select(g => g.First()).OrderBy(r => r.Lba).ThenBy(r => r.Sectors).ToList();
            Range? widest = null;
            reported = 0;
            foreach (Range r in distinct)
            {
                if (widest is Range w && r.Lba < w.Lba + w.Sectors)
                {
                    if (reported++ < MaxProblemsPerCheck)
                    {
                        problems.Add(Problem(ErrorCodes.MalformedDirectory, $"{Describe(r)} (sectors {r.Lba}..{r.Lba + r.Sectors - 1}) overlaps {Describe(w)} (sectors {w.Lba}..{w.Lba + w.Sectors - 1})."));
                    }
                }
                if (widest is not Range x || r.Lba + r.Sectors > x.Lba + x.Sectors)
                    widest = r;
            }
        }

        private static string Describe(Range r) => r.Owner.StartsWith('/') ? $"the data of '{r.Owner}'" : r.Owner;

        private static long Sectors(long bytes) => (bytes + ImageSource.SectorSize - 1) / ImageSource.SectorSize;
    }
}
