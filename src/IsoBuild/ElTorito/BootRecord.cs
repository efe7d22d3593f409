using System.Buffers.Binary;
using IsoBuild.Iso9660;

namespace IsoBuild.ElTorito;

/// <summary>El Torito 1.0, 2.0: the boot record volume descriptor, which points at the boot catalog.</summary>
internal static class BootRecord
{
    public const int SystemIdOffset = 7;
    public const int SystemIdLength = 32;
    public const int CatalogOffset = 0x47;
    public static ReadOnlySpan<byte> SystemId => "EL TORITO SPECIFICATION"u8;

    public static void Write(Span<byte> sector, uint catalogSector)
    {
        sector[..VolumeDescriptor.Size].Clear();
        VolumeDescriptor.WriteHeader(sector, VolumeDescriptor.TypeBootRecord);
        SystemId.CopyTo(sector[SystemIdOffset..]); // padded with zeros, not spaces
        BinaryPrimitives.WriteUInt32LittleEndian(sector[CatalogOffset..], catalogSector);
    }

    /// <summary>
    /// Reads the boot catalog's sector from a boot record descriptor whose system id names El Torito; false for any
    /// other boot record. Only the name is compared, not its padding: El Torito asks for zeros there, a reader need not insist.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> sector, out uint catalogSector)
    {
        catalogSector = 0;
        if (sector[VolumeDescriptor.TypeOffset] != VolumeDescriptor.TypeBootRecord || !sector.Slice(SystemIdOffset, SystemId.Length).SequenceEqual(SystemId))
            return false;
        catalogSector = BinaryPrimitives.ReadUInt32LittleEndian(sector[CatalogOffset..]);
        return true;
    }
}
