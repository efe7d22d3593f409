using System.Security.Cryptography;
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
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
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
            writer.Write(metadataHash?.Length ?? 0);
            writer.Write(metadataHash ?? []);
            writer.Write(spec.Entries.Count);
            foreach (ImageEntry entry in spec.Entries)
            {
                writer.Write(entry.Path);
                writer.Write((byte)entry.Kind);
                writer.Write(entry.Length);
                writer.Write(entry.Executable);
                Write(writer, entry.LinkTarget);
            }
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    private static void Write(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
            writer.Write(value);
    }
}
