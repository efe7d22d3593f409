using System.Security.Cryptography;
using IsoBuild.Iso9660;
using IsoBuild.Spec;

namespace IsoBuild.Incremental;

/// <summary>
/// A key for everything in an image but its files' data. Two builds with equal keys write the same system area,
/// descriptors, path tables and directories, with every file's data at the same sectors.
/// </summary>
/// <remarks>
/// The key hashes what the layout and the metadata are made from instead of making them: IsoBuild's own code (its
/// assembly's module version id, which changes with every change to the code) and every property of the spec and its
/// entries that reaches the image, in the spec's order. An image that boots also has metadata made from file
/// contents (the boot catalog, MBR boot code, the GPT of its EFI image); its caller adds the hash of the metadata
/// itself. A property added to <see cref="ImageSpec"/> or <see cref="ImageEntry"/> must be added here (a test lists
/// them).
/// </remarks>
internal static class MetadataKey
{
    private static readonly Guid CodeVersion = typeof(MetadataKey).Assembly.ManifestModule.ModuleVersionId;

    public static string Compute(ImageSpec spec, byte[]? metadataHash)
    {
        // Hashed as it is written, through a small buffer: a key of many entries is megabytes, which in one array
        // would cost a full garbage collection.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var writer = new BinaryWriter(new BufferedStream(new HashStream(hash), 1 << 16), System.Text.Encoding.UTF8))
        {
            writer.Write(CodeVersion.ToByteArray());
            Write(writer, spec.VolumeId);
            Write(writer, spec.Publisher);
            Write(writer, spec.DataPreparer);
            writer.Write(spec.Joliet);
            writer.Write(spec.RockRidge);
            writer.Write(spec.IsoLevel);
            writer.Write(spec.Timestamp.UtcTicks);
            writer.Write(spec.Timestamp.Offset.Ticks);
            Write(writer, spec.VolumeUuid?.ToString());
            // Written only with UDF: the key of an image without it stays what it was.
            if (spec.Udf is { } udf)
            {
                writer.Write("udf");
                writer.Write((ushort)udf.Revision);
                writer.Write(udf.Primary);
                writer.Write(udf.Symlinks);
            }
            writer.Write(metadataHash?.Length ?? 0);
            writer.Write(metadataHash ?? []);
            Write(writer, spec.BaseVolume);
            writer.Write(spec.Zisofs is not null);
            if (spec.Zisofs is { } zisofs)
            {
                writer.Write(zisofs.BlockSize);
                writer.Write(zisofs.Exclude.Count);
                foreach (string pattern in zisofs.Exclude)
                    writer.Write(pattern);
            }
            writer.Write(spec.Deduplicate);
            writer.Write(spec.Md5);
            writer.Write(spec.ImplantMd5);
            writer.Write(spec.Sha256);
            writer.Write(spec.Entries.Count);
            // Hard links reach the image (one extent, one serial number, the link count): each entry names the first
            // entry it is a hard link of, never what the file system calls it.
            var firstLink = new Dictionary<object, int>();
            for (int i = 0; i < spec.Entries.Count; i++)
            {
                ImageEntry entry = spec.Entries[i];
                writer.Write(entry.Path);
                writer.Write((byte)entry.Kind);
                writer.Write(entry.Length);
                writer.Write(entry.Executable);
                Write(writer, entry.LinkTarget);
                Write(writer, entry.Attributes);
                writer.Write(entry.HardLink is { } link ? firstLink.TryAdd(link, i) ? i : firstLink[link] : -1);
                writer.Write((byte)entry.HiddenFrom);
                writer.Write(entry.SortWeight);
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>An edit's kept descriptors: every field the new descriptors take from them.</summary>
    private static void Write(BinaryWriter writer, BaseVolume? volume)
    {
        writer.Write(volume is not null);
        if (volume is null)
            return;
        foreach (VolumeDescriptor? d in new[] { volume.Primary, volume.Joliet })
        {
            writer.Write(d is not null);
            if (d is null)
                continue;
            foreach (string text in new[] { d.SystemId, d.VolumeId, d.VolumeSetId, d.Publisher, d.DataPreparer, d.Application, d.CopyrightFile, d.AbstractFile, d.BibliographicFile })
                writer.Write(text);
            foreach (DateTimeOffset? date in new[] { d.Created, d.Modified, d.Expires, d.Effective })
                Write(writer, date);
        }
        Write(writer, volume.VolumeId);
        Write(writer, volume.Publisher);
        Write(writer, volume.DataPreparer);
        writer.Write(volume.KeepDates);
        Write(writer, volume.Root);
    }

    /// <summary>What an entry keeps of its record in a base image.</summary>
    private static void Write(BinaryWriter writer, EntryAttributes? kept)
    {
        writer.Write(kept is not null);
        if (kept is null)
            return;
        writer.Write(kept.Mode ?? uint.MaxValue);
        writer.Write(kept.Links ?? uint.MaxValue);
        writer.Write(kept.UserId);
        writer.Write(kept.GroupId);
        byte[] times = kept.Times?.Write() ?? [];
        writer.Write(times.Length);
        writer.Write(times);
        Write(writer, kept.RecordDate);
        Write(writer, kept.IsoName);
        Write(writer, kept.JolietName);
        writer.Write(kept.ExtraSystemUse.Count);
        foreach (byte[] entry in kept.ExtraSystemUse)
        {
            writer.Write(entry.Length);
            writer.Write(entry);
        }
    }

    private static void Write(BinaryWriter writer, DateTimeOffset? date)
    {
        writer.Write(date is not null);
        writer.Write(date?.UtcTicks ?? 0);
        writer.Write(date?.Offset.Ticks ?? 0);
    }

    private static void Write(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
            writer.Write(value);
    }

    /// <summary>A stream that only feeds what is written to it to a hash.</summary>
    private sealed class HashStream(IncrementalHash hash) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Write(byte[] buffer, int offset, int count) => hash.AppendData(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => hash.AppendData(buffer);
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
