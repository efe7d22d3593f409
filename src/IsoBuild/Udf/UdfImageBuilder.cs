using IsoBuild.Spec;
using IsoBuild.Iso9660;

namespace IsoBuild.Udf;

/// <summary>Options of <see cref="UdfImageBuilder"/>.</summary>
internal sealed record UdfImageOptions
{
    public string VolumeIdentifier { get; init; } = "CDROM";
    public UdfRevision Revision { get; init; } = UdfRevision.V102;
    public DateTimeOffset Timestamp { get; init; } = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Also an ISO 9660 volume descriptor set whose tree holds only <see cref="IsoReadme"/> (or nothing): the
    /// UDF-primary layout of Windows media. False gives a UDF-only image, as mkudffs makes.
    /// </summary>
    public bool IsoStub { get; init; } = true;

    /// <summary>The text of README.TXT in the ISO 9660 stub; null leaves the stub's root empty.</summary>
    public string? IsoReadme { get; init; }
}

/// <summary>
/// Makes a UDF image from a directory: UDF-only, or UDF-primary with an ISO 9660 stub. File data is written sparse
/// where it is zero. The layout: system area, [ISO 9660 descriptors, terminator,] recognition sequence, volume
/// descriptors, [ISO 9660 path tables, root and README,] anchor at 256, metadata, file data in tree order, anchor.
/// </summary>
internal static class UdfImageBuilder
{
    private const int SectorSize = UdfFormat.SectorSize;

    public static UdfFileSystem Build(string sourceDirectory, string outputPath, UdfImageOptions options)
    {
        var files = new List<(UdfFile Node, string Source)>();
        UdfDirectory root = ReadTree(sourceDirectory, files);
        var udf = new UdfFileSystem(new UdfVolumeSpec
        {
            VolumeIdentifier = options.VolumeIdentifier,
            Revision = options.Revision,
            Timestamp = options.Timestamp,
            Root = root,
        });

        uint next = 16;
        uint isoPrimary = 0, isoPathL = 0, isoPathM = 0, isoRoot = 0, readme = 0;
        byte[] readmeBytes = options.IsoReadme is null ? [] : System.Text.Encoding.ASCII.GetBytes(options.IsoReadme);
        if (options.IsoStub)
        {
            isoPrimary = next;
            next += 2; // primary descriptor and terminator
        }
        uint recognition = next;
        next += UdfFileSystem.RecognitionSequenceSectors;
        if (!options.IsoStub)
            next = 32; // mkudffs's place, clear of the recognition area
        uint descriptors = next;
        next += UdfFileSystem.DescriptorSectors;
        if (options.IsoStub)
        {
            isoPathL = next++;
            isoPathM = next++;
            isoRoot = next++;
            if (readmeBytes.Length > 0)
            {
                readme = next;
                next += (uint)((readmeBytes.Length + SectorSize - 1) / SectorSize);
            }
        }
        if (next > UdfFormat.AnchorSector)
            throw new InvalidOperationException("The stub does not fit below the anchor.");
        next = UdfFormat.AnchorSector + 1;
        uint partitionStart = next;
        uint metadata = next;
        next += udf.MetadataSectors;
        foreach ((UdfFile node, _) in files)
        {
            node.DataSector = next;
            next = checked(next + (uint)((node.Length + SectorSize - 1) / SectorSize));
        }
        uint volume = next + 1;
        udf.Place(new UdfPlacement(recognition, descriptors, partitionStart, metadata, volume));

        string temporary = outputPath + ".tmp";
        using (var output = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16))
        {
            output.SetLength((long)volume * SectorSize);
            if (options.IsoStub)
                WriteIsoStub(output, options, volume, isoPrimary, isoPathL, isoPathM, isoRoot, readme, readmeBytes);
            foreach (UdfAreaPlacement area in udf.Areas)
            {
                output.Position = (long)area.Start * SectorSize;
                udf.WriteArea(area.Area, output);
            }
            var buffer = new byte[1 << 20];
            foreach ((UdfFile node, string source) in files)
            {
                output.Position = (long)node.DataSector * SectorSize;
                using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
                long left = node.Length;
                while (left > 0)
                {
                    int n = input.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                    if (n <= 0)
                        IsoBuildException.Throw(ErrorCodes.SourceChanged, $"'{source}' became shorter while the image was written.");
                    if (buffer.AsSpan(0, n).IndexOfAnyExcept((byte)0) < 0)
                        output.Position += n; // leave a hole: the file was sized up front
                    else
                        output.Write(buffer, 0, n);
                    left -= n;
                }
            }
        }
        File.Move(temporary, outputPath, overwrite: true);
        return udf;
    }

    private static UdfDirectory ReadTree(string sourceDirectory, List<(UdfFile, string)> files)
    {
        var root = new UdfDirectory(string.Empty);
        var stack = new Stack<(UdfDirectory, string)>();
        stack.Push((root, sourceDirectory));
        while (stack.Count > 0)
        {
            (UdfDirectory dir, string path) = stack.Pop();
            var entries = new DirectoryInfo(path).GetFileSystemInfos();
            Array.Sort(entries, (a, b) => string.CompareOrdinal(a.Name, b.Name));
            var subdirectories = new List<(UdfDirectory, string)>();
            foreach (FileSystemInfo entry in entries)
            {
                if (entry.LinkTarget is string target)
                {
                    dir.Add(new UdfSymlink(entry.Name, target));
                }
                else if (entry is DirectoryInfo)
                {
                    subdirectories.Add((dir.Add(new UdfDirectory(entry.Name)), entry.FullName));
                }
                else if (entry is FileInfo file)
                {
                    bool executable = !OperatingSystem.IsWindows() && (File.GetUnixFileMode(file.FullName) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
                    UdfFile node = dir.Add(new UdfFile(entry.Name, file.Length, executable ? 0b111_101_101u : 0b110_100_100u));
                    files.Add((node, file.FullName));
                }
            }
            for (int i = subdirectories.Count - 1; i >= 0; i--)
                stack.Push(subdirectories[i]);
        }
        return root;
    }

    private static void WriteIsoStub(FileStream output, UdfImageOptions options, uint volume, uint primary, uint pathL, uint pathM, uint root,
        uint readme, byte[] readmeBytes)
    {
        var sector = new byte[SectorSize];
        string volumeId = new([.. options.VolumeIdentifier.ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').Take(32)]);
        new VolumeDescriptor
        {
            VolumeId = volumeId,
            VolumeSpaceSize = volume,
            PathTableSize = (uint)PathTable.RecordLength(1),
            TypeLPathTable = pathL,
            TypeMPathTable = pathM,
            Root = new DirectoryRecord
            {
                Extent = root,
                DataLength = SectorSize,
                Date = options.Timestamp,
                Flags = DirectoryRecord.FlagDirectory,
                Identifier = [.. DirectoryRecord.SelfIdentifier],
            },
            Created = options.Timestamp,
            Modified = options.Timestamp,
            Effective = options.Timestamp,
        }.Write(sector);
        WriteSector(output, primary, sector);
        VolumeDescriptor.WriteTerminator(sector);
        WriteSector(output, primary + 1, sector);
        Array.Clear(sector);
        PathTable.WriteRecord(sector, bigEndian: false, DirectoryRecord.SelfIdentifier, root, 1);
        WriteSector(output, pathL, sector);
        Array.Clear(sector);
        PathTable.WriteRecord(sector, bigEndian: true, DirectoryRecord.SelfIdentifier, root, 1);
        WriteSector(output, pathM, sector);
        Array.Clear(sector);
        int offset = DirectoryRecord.Write(sector, root, SectorSize, options.Timestamp, DirectoryRecord.FlagDirectory, DirectoryRecord.SelfIdentifier, []);
        offset += DirectoryRecord.Write(sector.AsSpan(offset), root, SectorSize, options.Timestamp, DirectoryRecord.FlagDirectory, DirectoryRecord.ParentIdentifier, []);
        if (readmeBytes.Length > 0)
            DirectoryRecord.Write(sector.AsSpan(offset), readme, (uint)readmeBytes.Length, options.Timestamp, 0, "README.TXT;1"u8, []);
        WriteSector(output, root, sector);
        if (readmeBytes.Length > 0)
        {
            output.Position = (long)readme * SectorSize;
            output.Write(readmeBytes);
        }
    }

    private static void WriteSector(FileStream output, uint sector, byte[] bytes)
    {
        output.Position = (long)sector * SectorSize;
        output.Write(bytes);
    }
}
