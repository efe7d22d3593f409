namespace IsoBuild.Udf;

/// <summary>ECMA-167 3/10.2: at sector 256 and at the last sector; points at the main and reserve volume descriptor sequences.</summary>
internal readonly record struct AnchorVolumeDescriptorPointer(ExtentDescriptor MainSequence, ExtentDescriptor ReserveSequence)
{
    public const int Size = 512;
    public const int MainSequenceOffset = 16;
    public const int ReserveSequenceOffset = 24;

    public void Write(Span<byte> destination, uint location, ushort version)
    {
        Span<byte> d = destination[..Size];
        d.Clear();
        MainSequence.Write(d[MainSequenceOffset..]);
        ReserveSequence.Write(d[ReserveSequenceOffset..]);
        DescriptorTag.Write(d, TagIdentifier.AnchorVolumeDescriptorPointer, version, UdfFormat.TagSerialNumber, location);
    }

    public static AnchorVolumeDescriptorPointer Read(ReadOnlySpan<byte> source) =>
        new(ExtentDescriptor.Read(source[MainSequenceOffset..]), ExtentDescriptor.Read(source[ReserveSequenceOffset..]));
}
