using System.Buffers.Binary;
using IsoBuild.Iso9660;

namespace IsoBuild.ElTorito;

/// <summary>El Torito 1.0, 2.0: the boot record volume descriptor, which points at the boot catalog.</summary>
internal static class BootRecord
{
    public const int SystemIdOffset = 7;
    public const int CatalogOffset = 0x47;
    public static ReadOnlySpan<byte> SystemId => "EL TORITO SPECIFICATION"u8;

    public static void Write(Span<byte> sector, uint catalogSector)
    {
        sector[..VolumeDescriptor.Size].Clear();
        VolumeDescriptor.WriteHeader(sector, VolumeDescriptor.TypeBootRecord);
        SystemId.CopyTo(sector[SystemIdOffset..]); // padded with zeros, not spaces
        BinaryPrimitives.WriteUInt32LittleEndian(sector[CatalogOffset..], catalogSector);
    }
}
