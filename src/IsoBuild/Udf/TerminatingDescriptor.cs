namespace IsoBuild.Udf;

/// <summary>ECMA-167 3/10.9 and 4/14.2: ends a volume descriptor sequence, an integrity sequence or a file set descriptor sequence.</summary>
internal static class TerminatingDescriptor
{
    public const int Size = 512;

    public static void Write(Span<byte> destination, uint location, ushort version)
    {
        Span<byte> d = destination[..Size];
        d.Clear();
        DescriptorTag.Write(d, TagIdentifier.TerminatingDescriptor, version, UdfFormat.TagSerialNumber, location);
    }
}
