using System.Buffers.Binary;
using System.Text;

namespace IsoBuild.Tests.Reading;

/// <summary>Finds and patches structures in image files, to craft damaged and hostile images.</summary>
internal static class ImageBytes
{
    public const int Sector = 2048;

    public static int IndexOf(byte[] data, ReadOnlySpan<byte> pattern, int start = 0)
    {
        int i = data.AsSpan(start).IndexOf(pattern);
        if (i < 0)
            throw new Xunit.Sdk.XunitException($"Pattern {Convert.ToHexString(pattern)} not found in the image.");
        return start + i;
    }

    /// <summary>The offset of the Rock Ridge NM entry (flags 0) holding exactly <paramref name="name"/>.</summary>
    public static int NameEntry(byte[] image, string name)
    {
        byte[] n = Encoding.UTF8.GetBytes(name);
        byte[] pattern = [(byte)'N', (byte)'M', (byte)(5 + n.Length), 1, 0, .. n];
        return IndexOf(image, pattern);
    }

    /// <summary>Renames a Rock Ridge name in place (same byte length).</summary>
    public static void RenameRockRidge(byte[] image, string from, string to)
    {
        byte[] t = Encoding.UTF8.GetBytes(to);
        Assert.Equal(Encoding.UTF8.GetByteCount(from), t.Length);
        t.CopyTo(image, NameEntry(image, from) + 5);
    }

    /// <summary>The offset of the directory record whose identifier is <paramref name="identifier"/> (ASCII).</summary>
    public static int Record(byte[] image, string identifier)
    {
        byte[] id = Encoding.ASCII.GetBytes(identifier);
        byte[] pattern = [(byte)id.Length, .. id];
        int at = IndexOf(image, pattern, 17 * Sector) - 32;
        Assert.True(image[at] >= 33 + id.Length, "not a directory record");
        return at;
    }

    public static uint Extent(byte[] image, int record) => BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(record + 2));

    public static void SetExtent(byte[] image, int record, uint extent)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(record + 2), extent);
        BinaryPrimitives.WriteUInt32BigEndian(image.AsSpan(record + 6), extent);
    }

    public static void SetDataLength(byte[] image, int record, uint length)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(record + 10), length);
        BinaryPrimitives.WriteUInt32BigEndian(image.AsSpan(record + 14), length);
    }
}
