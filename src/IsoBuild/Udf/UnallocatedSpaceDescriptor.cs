using System.Buffers.Binary;

namespace IsoBuild.Udf;

/// <summary>ECMA-167 3/10.8: the volume space no partition uses. IsoBuild records none (UDF 2.2.5: may be empty).</summary>
internal sealed record UnallocatedSpaceDescriptor
{
    public const int FixedSize = 24;
    public const int SequenceNumberOffset = 16;
    public const int CountOffset = 20;
    public const int ExtentsOffset = 24;

    public uint SequenceNumber { get; init; }
    public IReadOnlyList<ExtentDescriptor> Extents { get; init; } = [];

    public int Size => FixedSize + ExtentDescriptor.Size * Extents.Count;

    public void Write(Span<byte> destination, uint location, ushort version)
    {
        Span<byte> d = destination[..Size];
        d.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(d[SequenceNumberOffset..], SequenceNumber);
        BinaryPrimitives.WriteUInt32LittleEndian(d[CountOffset..], (uint)Extents.Count);
        for (int i = 0; i < Extents.Count; i++)
            Extents[i].Write(d[(ExtentsOffset + i * ExtentDescriptor.Size)..]);
        DescriptorTag.Write(d, TagIdentifier.UnallocatedSpaceDescriptor, version, UdfFormat.TagSerialNumber, location);
    }

    public static UnallocatedSpaceDescriptor Read(ReadOnlySpan<byte> sector)
    {
        uint count = Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(sector[CountOffset..]), (uint)(sector.Length - ExtentsOffset) / ExtentDescriptor.Size);
        var extents = new ExtentDescriptor[count];
        for (int i = 0; i < count; i++)
            extents[i] = ExtentDescriptor.Read(sector[(ExtentsOffset + i * ExtentDescriptor.Size)..]);
        return new() { SequenceNumber = BinaryPrimitives.ReadUInt32LittleEndian(sector[SequenceNumberOffset..]), Extents = extents };
    }

    public bool Equals(UnallocatedSpaceDescriptor? other) => other is not null && SequenceNumber == other.SequenceNumber && Extents.SequenceEqual(other.Extents);

    public override int GetHashCode() => HashCode.Combine(SequenceNumber, Extents.Count);
}
