using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using IsoBuild.Layout;
using IsoBuild.Spec;
using IsoBuild.Writing;

namespace IsoBuild.Incremental;

/// <summary>
/// What the last build of an image wrote: the image's length and modification time, the hash of everything in it but
/// file data (<see cref="ImageWriter.MetadataHash"/>), and a change stamp per file. <see cref="Dirty"/> is set
/// before an image is patched in place and cleared after, so an interrupted patch is never trusted.
/// </summary>
/// <remarks>
/// Equal metadata hashes mean equal names, sizes and order of files, so the stamps are kept by position
/// (<see cref="ImageWriter.DataFiles"/> order), 8 bytes each, rather than by name: a manifest of 100,000 files is about
/// a megabyte of base64 and reads in a few milliseconds.
/// </remarks>
internal sealed record BuildManifest
{
    public const int CurrentVersion = 2;
    public const int StampLength = sizeof(ulong);

    public int Version { get; init; } = CurrentVersion;

    public bool Dirty { get; init; }

    public long ImageLength { get; init; }

    public long ImageWriteTicks { get; init; }

    public string MetadataHash { get; init; } = string.Empty;

    /// <summary>The change stamp of each data file (see <see cref="Stamp"/>), <see cref="StampLength"/> bytes each, in image order.</summary>
    public byte[] Stamps { get; init; } = [];

    /// <summary>The stamps of <paramref name="files"/>, in their order.</summary>
    public static byte[] StampAll(IReadOnlyList<LayoutNode> files)
    {
        byte[] stamps = new byte[files.Count * StampLength];
        for (int i = 0; i < files.Count; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(stamps.AsSpan(i * StampLength), Stamp(files[i]));
        return stamps;
    }

    /// <summary>
    /// A file on disk is stamped with its path, size and modification time, the way MSBuild and make decide what
    /// changed (64-bit FNV-1a of them); other content (bytes made in memory, files of a base image) with the SHA-256
    /// of its bytes (the first 64 bits).
    /// </summary>
    public static ulong Stamp(LayoutNode file)
    {
        ContentSource content = file.Entry!.Content!;
        if (content is FileContentSource source)
        {
            // What the source walk's lstat saw, when it saw the file; otherwise the file system is asked now.
            string path = source.FullPath;
            if (source.ModifiedTicks != 0)
                return Fnv(source.Length, source.ModifiedTicks, path);
            var info = new FileInfo(path);
            return info.Exists ? Fnv(info.Length, info.LastWriteTimeUtc.Ticks, path) : Fnv(-1, -1, path);
        }
        using Stream stream = content.OpenRead();
        return BinaryPrimitives.ReadUInt64LittleEndian(SHA256.HashData(stream));
    }

    private static ulong Fnv(long length, long ticks, string path)
    {
        const ulong prime = 0x100000001b3;
        ulong hash = 0xcbf29ce484222325;
        Span<byte> numbers = stackalloc byte[2 * sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(numbers, length);
        BinaryPrimitives.WriteInt64LittleEndian(numbers[sizeof(long)..], ticks);
        foreach (byte b in numbers)
            hash = (hash ^ b) * prime;
        foreach (char c in path)
            hash = (hash ^ c) * prime;
        return hash;
    }

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
