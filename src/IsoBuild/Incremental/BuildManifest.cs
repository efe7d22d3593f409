using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;
using IsoBuild.Layout;
using IsoBuild.Spec;
using IsoBuild.Writing;

namespace IsoBuild.Incremental;

/// <summary>
/// What the last build of an image wrote: the image's length and modification time, the key of everything in it but
/// file data (<see cref="Key"/>), its counts of files and directories, and per file with data its change stamp and
/// its first sector. <see cref="Dirty"/> is set before an image is patched in place and cleared after, so an
/// interrupted patch is never trusted.
/// </summary>
/// <remarks>
/// Equal keys mean equal names, sizes and order of files, so stamps and extents are kept by position (the order of
/// <see cref="ImagePatcher"/>'s tracked files), 8 and 4 bytes each, rather than by name: a manifest of 100,000 files
/// is about a megabyte of base64 and reads in a few milliseconds.
/// </remarks>
internal sealed record BuildManifest
{
    public const int CurrentVersion = 3;
    public const int StampLength = sizeof(ulong);

    public int Version { get; init; } = CurrentVersion;

    public bool Dirty { get; init; }

    public long ImageLength { get; init; }

    public long ImageWriteTicks { get; init; }

    /// <summary>See <see cref="ImagePatcher"/>: the spec's metadata and IsoBuild's code, hashed.</summary>
    public string Key { get; init; } = string.Empty;

    public int Files { get; init; }

    public int Directories { get; init; }

    /// <summary>The change stamp of each tracked file (see <see cref="Stamp"/>), <see cref="StampLength"/> bytes each.</summary>
    public byte[] Stamps { get; init; } = [];

    /// <summary>The first sector of each tracked file's data, 4 bytes each (little-endian).</summary>
    public byte[] Extents { get; init; } = [];

    /// <summary>True when the manifest holds a stamp and an extent for each of <paramref name="files"/> tracked files.</summary>
    public bool Tracks(int files) => Stamps.Length == files * StampLength && Extents.Length == files * sizeof(uint);

    /// <summary>The first sector of tracked file <paramref name="file"/>.</summary>
    public uint Extent(int file) => BinaryPrimitives.ReadUInt32LittleEndian(Extents.AsSpan(file * sizeof(uint)));

    /// <summary>The stamps of <paramref name="files"/>, in their order.</summary>
    public static byte[] StampAll(IReadOnlyList<ImageEntry> files)
    {
        byte[] stamps = new byte[files.Count * StampLength];
        for (int i = 0; i < files.Count; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(stamps.AsSpan(i * StampLength), Stamp(files[i].Content!));
        return stamps;
    }

    /// <summary>The extents of <paramref name="files"/> in <paramref name="layout"/>, in their order.</summary>
    public static byte[] ExtentsOf(IReadOnlyList<ImageEntry> files, ImageLayout layout)
    {
        var extentOf = new Dictionary<ImageEntry, uint>(layout.Files.Count, ReferenceEqualityComparer.Instance);
        foreach (LayoutNode node in layout.DataFiles)
            extentOf[node.Entry!] = node.DataExtent;
        byte[] extents = new byte[files.Count * sizeof(uint)];
        for (int i = 0; i < files.Count; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(extents.AsSpan(i * sizeof(uint)), extentOf[files[i]]);
        return extents;
    }

    /// <summary>A content's change stamp (<see cref="ContentSource.ChangeStamp"/>): each kind of content says how it is stamped.</summary>
    public static ulong Stamp(ContentSource content) => content.ChangeStamp();

    /// <summary>The manifest at <paramref name="path"/>, or null when there is none or it cannot be read.</summary>
    public static BuildManifest? TryRead(string path)
    {
        try
        {
            using FileStream stream = File.OpenRead(path);
            BuildManifest? manifest = JsonSerializer.Deserialize(stream, BuildManifestJson.Default.BuildManifest);
            return manifest?.Version == CurrentVersion ? manifest : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Writes the manifest whole (temporary file, flushed to disk, renamed) so a crash leaves the old or the new one.</summary>
    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temporary = path + AtomicFile.TemporarySuffix;
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, this, BuildManifestJson.Default.BuildManifest);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>The manifest's JSON form, made at compile time: reading and writing it costs no reflection at run time.</summary>
[JsonSerializable(typeof(BuildManifest))]
internal sealed partial class BuildManifestJson : JsonSerializerContext;
