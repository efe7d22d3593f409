using IsoBuild.Layout;

namespace IsoBuild.Writing;

/// <summary>What one stretch of an image holds: bytes made from the layout, zeros, or a file's data.</summary>
internal enum ImageChunkKind
{
    /// <summary>Metadata rendered from the layout (<see cref="ImageChunk.Bytes"/>).</summary>
    Bytes,

    /// <summary><see cref="ImageChunk.Length"/> zero bytes.</summary>
    Zeros,

    /// <summary>The data of <see cref="ImageChunk.File"/> from its source (compressed when it is stored so), padded with zeros to whole sectors.</summary>
    FileData,
}

/// <summary>One stretch of an image, front to back (see <see cref="ImageRenderer"/>).</summary>
internal readonly record struct ImageChunk(ImageChunkKind Kind, ReadOnlyMemory<byte> Bytes, long Length, LayoutNode? File)
{
    public static ImageChunk Of(ReadOnlyMemory<byte> bytes) => new(ImageChunkKind.Bytes, bytes, bytes.Length, null);

    public static ImageChunk Zeros(long count) => new(ImageChunkKind.Zeros, default, count, null);

    public static ImageChunk Data(LayoutNode file) => new(ImageChunkKind.FileData, default, ImageLayout.Sectors(file.DataLength) * (long)ImageLayout.SectorSize, file);
}
