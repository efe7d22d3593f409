using System.CommandLine;
using System.Globalization;
using IsoBuild.Disc;
using IsoBuild.Reading;

namespace IsoBuild.Tool;

/// <summary><c>dotnet iso info IMAGE [--json]</c>.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "The image to describe." };
        var json = new Option<bool>("--json") { Description = "Write the information as a JSON object." };
        Option<string> names = NamesOption.Create();
        var command = new Command("info", "Show an image's volume ids, UUID, dates, size, extensions, UDF file system, boot entries and partitions.");
        command.Add(image);
        command.Add(json);
        command.Add(names);
        command.SetAction((parse, cancellationToken) => IsoCommandLine.RunAsync(parse, (stdout, ct) =>
        {
            // A raw disc image: its tracks too, and only them when it has no data track.
            DiscImage? disc = DiscImage.TryOpen(parse.GetValue(image)!);
            if (disc is not null && !disc.Tracks.Any(t => t.IsData))
            {
                if (parse.GetValue(json))
                    ImageFormatting.WriteJson(stdout, w => { w.WriteStartObject(); DiscFormatting.WriteJson(w, disc); w.WriteEndObject(); });
                else
                    DiscFormatting.WriteText(stdout, disc);
                return Task.FromResult(IsoCommandLine.ExitSuccess);
            }
            using IsoImageReader reader = IsoImageReader.Open(parse.GetValue(image)!, NamesOption.Parse(parse, names));
            IsoBootCatalog? catalog = reader.BootCatalog;
            IsoPartitionTable partitions = reader.PartitionTable;
            IsoChecksumSummary checksums = EmbeddedChecksums.Find(reader);
            if (parse.GetValue(json))
                WriteJson(stdout, reader, catalog, partitions, disc, checksums);
            else
                WriteText(stdout, reader, catalog, partitions, checksums);
            if (disc is not null && !parse.GetValue(json))
                DiscFormatting.WriteText(stdout, disc);
            return Task.FromResult(IsoCommandLine.ExitSuccess);
        }, cancellationToken));
        return command;
    }

    private static List<string> Extensions(IsoImageReader reader)
    {
        IsoVolumeInfo v = reader.Volume;
        var list = new List<string>();
        if (v.RockRidge)
            list.Add(v.Extensions.Count > 0 ? $"Rock Ridge ({string.Join(", ", v.Extensions)})" : "Rock Ridge");
        if (v.JolietLevel is int level)
            list.Add("Joliet level " + level.ToString(CultureInfo.InvariantCulture));
        if (v.Udf is { } udf)
            list.Add(v.UdfOnly ? $"UDF {udf.Revision} (no ISO 9660)" : $"UDF {udf.Revision}");
        if (v.ElTorito)
            list.Add("El Torito");
        if (reader.PartitionTable.HasGpt)
            list.Add("GPT");
        else if (reader.PartitionTable.Mbr.Count > 0)
            list.Add("MBR");
        if (reader.PartitionTable.HasApplePartitionMap)
            list.Add("Apple partition map");
        if (reader.PartitionTable.HasHfsPlus)
            list.Add("HFS+");
        return list;
    }

    private static string Describe(IsoBootEntry e) => string.Create(CultureInfo.InvariantCulture,
        $"{e.Platform}, {e.Emulation}, {(e.Bootable ? "bootable" : "not bootable")}, load segment 0x{e.LoadSegment:X4}, {e.SectorCount} sectors of 512 bytes at sector {e.LoadLba}");

    private static string Describe(IsoPartition p) => string.Create(CultureInfo.InvariantCulture,
        $"{p.Scheme} {p.Index}: type {p.Type}{(p.TypeName is null ? "" : " (" + p.TypeName + ")")}, sectors {p.FirstSector}..{p.FirstSector + p.SectorCount - 1} of 512 bytes{(string.IsNullOrEmpty(p.Name) ? "" : ", name '" + p.Name + "'")}{(p.Bootable ? ", bootable" : "")}");

    /// <summary>The checksums an image carries, one description each ("isomd5sum (implantisomd5)", "libisofs MD5: …").</summary>
    private static List<string> Checksums(IsoChecksumSummary found)
    {
        var list = new List<string>();
        if (found.IsoMd5Sum)
            list.Add("isomd5sum (implantisomd5) in the primary volume descriptor");
        if (found.Md5Tags.Count > 0 || found.ChecksumArray)
        {
            var parts = new List<string>(found.Md5Tags);
            if (found.ChecksumArray)
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"checksum array with the MD5s of {found.FilesWithMd5} files"));
            list.Add("libisofs MD5 (xorriso -md5): " + string.Join(", ", parts));
        }
        return list;
    }

    private static void WriteText(TextWriter o, IsoImageReader reader, IsoBootCatalog? catalog, IsoPartitionTable partitions, IsoChecksumSummary checksums)
    {
        IsoVolumeInfo v = reader.Volume;
        void Line(string label, string? value)
        {
            if (!string.IsNullOrEmpty(value))
                o.WriteLine($"{label + ":",-18}{value}");
        }
        Line("Image", string.Create(CultureInfo.InvariantCulture, $"{reader.ImagePath} ({reader.Length} bytes)"));
        Line("Volume id", v.VolumeId.Length == 0 ? "(none)" : v.VolumeId);
        if (v.JolietVolumeId is string jv && jv != v.VolumeId)
            Line("Joliet volume id", jv);
        Line("System id", v.SystemId);
        Line("Volume set id", v.VolumeSetId);
        Line("Publisher", v.Publisher);
        Line("Data preparer", v.DataPreparer);
        Line("Application", v.Application);
        Line("UUID", v.Uuid ?? "(none)");
        if (v.GrubUuid != v.Uuid)
            Line("GRUB UUID", v.GrubUuid ?? "(none)");
        Line("Created", ImageFormatting.IsoDate(v.Created));
        Line("Modified", ImageFormatting.IsoDate(v.Modified));
        Line("Expires", ImageFormatting.IsoDate(v.Expires));
        Line("Effective", ImageFormatting.IsoDate(v.Effective));
        Line("Volume size", string.Create(CultureInfo.InvariantCulture, $"{v.VolumeSectors} sectors ({(long)v.VolumeSectors * 2048} bytes)"));
        List<string> extensions = Extensions(reader);
        Line("Extensions", extensions.Count == 0 ? "none (plain ISO 9660)" : string.Join(", ", extensions));
        Line("Names from", NamesOption.Describe(reader.Namespace));
        if (v.Udf is { } udf)
        {
            Line("UDF revision", $"{udf.Revision} ({(udf.Recognition.Length > 0 ? udf.Recognition : "no NSR descriptor")})");
            Line("UDF volume id", udf.VolumeId);
            if (udf.LogicalVolumeId != udf.VolumeId)
                Line("UDF logical volume", udf.LogicalVolumeId);
            if (udf.FileSetId != udf.LogicalVolumeId)
                Line("UDF file set", udf.FileSetId);
            Line("UDF volume set", udf.VolumeSetId);
            Line("UDF written by", udf.Implementation);
            Line("UDF recorded", ImageFormatting.IsoDate(udf.Recorded));
            Line("UDF integrity", string.Create(CultureInfo.InvariantCulture,
                $"{(udf.IntegrityClosed switch { true => "closed", false => "open", null => "no descriptor" })}, {udf.Files} files, {udf.Directories} directories"));
            foreach (IsoUdfPartition p in udf.Partitions)
            {
                Line("UDF partition", string.Create(CultureInfo.InvariantCulture,
                    $"{p.Reference}: {p.Kind}, partition {p.Number}, {p.Length} blocks from sector {p.Start}, {p.Access}"));
            }
        }
        List<string> sums = Checksums(checksums);
        if (sums.Count == 0)
            Line("Checksums", "none");
        foreach (string sum in sums)
            Line("Checksums", sum);
        if (checksums.CompressedFiles > 0)
            Line("Compressed", IsoCommandLine.Count(checksums.CompressedFiles, "file") + " (zisofs)");
        if (catalog is not null)
        {
            Line("Boot catalog", string.Create(CultureInfo.InvariantCulture,
                $"sector {catalog.Lba}, validation entry {(catalog.ValidationEntryValid ? "valid" : "DAMAGED")}{(catalog.IdString.Length > 0 ? ", id '" + catalog.IdString + "'" : "")}"));
            foreach (IsoBootEntry e in catalog.Entries)
                Line("Boot entry " + e.Index.ToString(CultureInfo.InvariantCulture), Describe(e));
        }
        foreach (IsoPartition p in partitions.Mbr.Concat(partitions.Gpt))
            Line("Partition", Describe(p));
        if (partitions.PartitionOffset > 0)
        {
            Line("Partition offset", string.Create(CultureInfo.InvariantCulture,
                $"{partitions.PartitionOffset} blocks: the volume is also a partition from sector {partitions.PartitionOffset * 4L} of 512 bytes, with descriptors of its own"));
        }
        foreach (string problem in (catalog?.Problems ?? []).Concat(partitions.Problems))
            Line("Problem", problem);
    }

    private static void WriteJson(TextWriter output, IsoImageReader reader, IsoBootCatalog? catalog, IsoPartitionTable partitions, DiscImage? disc,
        IsoChecksumSummary checksums)
    {
        IsoVolumeInfo v = reader.Volume;
        ImageFormatting.WriteJson(output, w =>
        {
            w.WriteStartObject();
            w.WriteString("image", reader.ImagePath);
            w.WriteNumber("size", reader.Length);
            w.WriteString("volumeId", v.VolumeId);
            if (v.JolietVolumeId is not null)
                w.WriteString("jolietVolumeId", v.JolietVolumeId);
            w.WriteString("systemId", v.SystemId);
            w.WriteString("volumeSetId", v.VolumeSetId);
            w.WriteString("publisher", v.Publisher);
            w.WriteString("dataPreparer", v.DataPreparer);
            w.WriteString("application", v.Application);
            w.WriteString("uuid", v.Uuid);
            w.WriteString("grubUuid", v.GrubUuid);
            w.WriteString("created", ImageFormatting.IsoDate(v.Created));
            w.WriteString("modified", ImageFormatting.IsoDate(v.Modified));
            w.WriteString("expires", ImageFormatting.IsoDate(v.Expires));
            w.WriteString("effective", ImageFormatting.IsoDate(v.Effective));
            w.WriteNumber("volumeSectors", v.VolumeSectors);
            w.WriteBoolean("rockRidge", v.RockRidge);
            if (v.JolietLevel is int level)
                w.WriteNumber("jolietLevel", level);
            w.WriteBoolean("elTorito", v.ElTorito);
            w.WriteStartArray("extensions");
            foreach (string e in Extensions(reader))
                w.WriteStringValue(e);
            w.WriteEndArray();
            w.WriteString("names", reader.Namespace.ToString());
            if (v.Udf is { } udf)
            {
                w.WriteStartObject("udf");
                w.WriteString("revision", udf.Revision);
                w.WriteString("recognition", udf.Recognition);
                w.WriteString("volumeId", udf.VolumeId);
                w.WriteString("logicalVolumeId", udf.LogicalVolumeId);
                w.WriteString("fileSetId", udf.FileSetId);
                w.WriteString("volumeSetId", udf.VolumeSetId);
                w.WriteString("implementation", udf.Implementation);
                w.WriteString("recorded", ImageFormatting.IsoDate(udf.Recorded));
                if (udf.IntegrityClosed is bool closed)
                    w.WriteBoolean("integrityClosed", closed);
                w.WriteNumber("files", udf.Files);
                w.WriteNumber("directories", udf.Directories);
                w.WriteBoolean("only", v.UdfOnly);
                w.WriteStartArray("partitions");
                foreach (IsoUdfPartition p in udf.Partitions)
                {
                    w.WriteStartObject();
                    w.WriteNumber("reference", p.Reference);
                    w.WriteString("kind", p.Kind);
                    w.WriteNumber("number", p.Number);
                    w.WriteNumber("start", p.Start);
                    w.WriteNumber("length", p.Length);
                    w.WriteString("access", p.Access);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteStartObject("checksums");
            w.WriteBoolean("isomd5sum", checksums.IsoMd5Sum);
            w.WriteStartArray("md5Tags");
            foreach (string tag in checksums.Md5Tags)
                w.WriteStringValue(tag);
            w.WriteEndArray();
            w.WriteBoolean("checksumArray", checksums.ChecksumArray);
            w.WriteNumber("filesWithMd5", checksums.FilesWithMd5);
            w.WriteEndObject();
            w.WriteNumber("compressedFiles", checksums.CompressedFiles);
            if (catalog is not null)
            {
                w.WriteStartObject("bootCatalog");
                w.WriteNumber("lba", catalog.Lba);
                w.WriteBoolean("valid", catalog.ValidationEntryValid);
                w.WriteString("id", catalog.IdString);
                w.WriteStartArray("entries");
                foreach (IsoBootEntry e in catalog.Entries)
                {
                    w.WriteStartObject();
                    w.WriteNumber("index", e.Index);
                    w.WriteString("platform", e.Platform);
                    w.WriteNumber("platformId", e.PlatformId);
                    w.WriteBoolean("bootable", e.Bootable);
                    w.WriteString("emulation", e.Emulation);
                    w.WriteNumber("loadSegment", e.LoadSegment);
                    w.WriteNumber("systemType", e.SystemType);
                    w.WriteNumber("sectorCount", e.SectorCount);
                    w.WriteNumber("lba", e.LoadLba);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteStartArray("partitions");
            foreach (IsoPartition p in partitions.Mbr.Concat(partitions.Gpt))
            {
                w.WriteStartObject();
                w.WriteString("scheme", p.Scheme);
                w.WriteNumber("index", p.Index);
                w.WriteString("type", p.Type);
                if (p.TypeName is not null)
                    w.WriteString("typeName", p.TypeName);
                w.WriteNumber("firstSector", p.FirstSector);
                w.WriteNumber("sectorCount", p.SectorCount);
                if (!string.IsNullOrEmpty(p.Name))
                    w.WriteString("name", p.Name);
                w.WriteBoolean("bootable", p.Bootable);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("partitionOffset", partitions.PartitionOffset);
            w.WriteStartArray("problems");
            foreach (string problem in (catalog?.Problems ?? []).Concat(partitions.Problems))
                w.WriteStringValue(problem);
            w.WriteEndArray();
            if (disc is not null)
                DiscFormatting.WriteJson(w, disc);
            w.WriteEndObject();
        });
    }
}
