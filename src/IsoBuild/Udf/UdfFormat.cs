namespace IsoBuild.Udf;

/// <summary>Constants of the UDF volumes IsoBuild writes and reads.</summary>
internal static class UdfFormat
{
    /// <summary>The logical sector and block size: 2048, as on optical media and in every ISO image.</summary>
    public const int SectorSize = 2048;

    /// <summary>ECMA-167 3/8.4.2.1: the first anchor volume descriptor pointer is at sector 256.</summary>
    public const uint AnchorSector = 256;

    /// <summary>The tag serial number of every descriptor (3/7.2.5: the same in all descriptors of a volume).</summary>
    public const ushort TagSerialNumber = 1;

    /// <summary>UDF 2.2.3: the main and the reserve volume descriptor sequence extents are at least 16 sectors each.</summary>
    public const uint DescriptorSequenceSectors = 16;

    /// <summary>The largest extent one allocation descriptor records: whole sectors below 2^30 bytes.</summary>
    public const uint MaxExtentLength = 0x3FFF_F800;
}
