using IsoBuild.Sectors;
using IsoBuild.ElTorito;
using IsoBuild.Iso9660;

namespace IsoBuild.Reading;

/// <summary>The volume descriptor set from sector 16 to the terminator (ECMA-119 8, 6.7.1).</summary>
internal sealed class VolumeDescriptorSet
{
    /// <summary>More descriptors than this before a terminator means the set is damaged.</summary>
    public const int MaxDescriptors = 64;

    public required VolumeDescriptor Primary { get; init; }
    public VolumeDescriptor? Joliet { get; init; }
    public uint? BootCatalogSector { get; init; }
    public required uint TerminatorSector { get; init; }

    public static VolumeDescriptorSet Read(ImageSource source)
    {
        if (source.Length < (16 + 1) * (long)ImageSource.SectorSize)
        {
            IsoBuildException.Throw(ErrorCodes.NotAnImage,
                $"{source.Name} is {source.Length} bytes, too short for an ISO 9660 image (volume descriptors start at byte 32768).");
        }
        VolumeDescriptor? primary = null;
        VolumeDescriptor? joliet = null;
        uint? catalog = null;
        for (uint i = 0; i < MaxDescriptors; i++)
        {
            uint sector = 16 + i;
            if ((sector + 1) * (long)ImageSource.SectorSize > source.Length)
                break;
            byte[] b = new byte[ImageSource.SectorSize];
            source.ReadExactly(sector * (long)ImageSource.SectorSize, b, ErrorCodes.MalformedVolumeDescriptor, $"The volume descriptor at sector {sector}");
            ReadOnlySpan<byte> identifier = b.AsSpan(VolumeDescriptor.StandardIdentifierOffset, VolumeDescriptor.StandardIdentifier.Length);
            if (!identifier.SequenceEqual(VolumeDescriptor.StandardIdentifier))
            {
                if (i == 0 && identifier.SequenceEqual(VolumeDescriptor.InterruptedPatchIdentifier))
                {
                    IsoBuildException.Throw(ErrorCodes.InterruptedPatch,
                        $"{source.Name} is incomplete: an incremental build was interrupted while it patched the image in place, so it may hold a mix of two builds' files. Build the image again; the next build, incremental or not, replaces it whole.");
                }
                if (i == 0)
                {
                    IsoBuildException.Throw(ErrorCodes.NotAnImage,
                        $"{source.Name} is not an ISO 9660 image: sector 16 does not hold a volume descriptor (no 'CD001').");
                }
                IsoBuildException.Throw(ErrorCodes.MalformedVolumeDescriptor,
                    $"The volume descriptor at sector {sector} has no 'CD001' identifier and no terminator came before it: the descriptor set is damaged.");
            }
            byte type = b[VolumeDescriptor.TypeOffset];
            if (type == VolumeDescriptor.TypeTerminator)
            {
                if (primary is null)
                {
                    IsoBuildException.Throw(ErrorCodes.MalformedVolumeDescriptor,
                        $"{source.Name} has no primary volume descriptor before the terminator at sector {sector}.");
                }
                return new VolumeDescriptorSet { Primary = primary, Joliet = joliet, BootCatalogSector = catalog, TerminatorSector = sector };
            }
            switch (type)
            {
                case VolumeDescriptor.TypePrimary when primary is null:
                    primary = Check(VolumeDescriptor.Read(b, sector));
                    break;
                case VolumeDescriptor.TypeSupplementary when joliet is null:
                    VolumeDescriptor supplementary = VolumeDescriptor.Read(b, sector);
                    if (supplementary.IsJoliet)
                        joliet = Check(supplementary);
                    break;
                case VolumeDescriptor.TypeBootRecord when BootRecord.TryRead(b, out uint catalogSector):
                    catalog = catalogSector;
                    break;
            }
        }
        IsoBuildException.Throw(ErrorCodes.MalformedVolumeDescriptor,
            $"{source.Name} has no volume descriptor set terminator within {MaxDescriptors} sectors of sector 16: the descriptor set is damaged.");
        return null;
    }

    private static VolumeDescriptor Check(VolumeDescriptor d)
    {
        if (d.LogicalBlockSize != ImageSource.SectorSize)
        {
            IsoBuildException.Throw(d.LogicalBlockSize is 512 or 1024 ? ErrorCodes.UnsupportedImage : ErrorCodes.MalformedVolumeDescriptor,
                $"The volume descriptor at sector {d.Sector} gives a logical block size of {d.LogicalBlockSize} bytes; IsoBuild reads images with 2048-byte blocks only.");
        }
        if (d.RootRecordLength != VolumeDescriptor.RootDirectoryRecordLength)
        {
            IsoBuildException.Throw(ErrorCodes.MalformedVolumeDescriptor,
                $"The root directory record of the volume descriptor at sector {d.Sector} is {d.RootRecordLength} bytes long instead of 34: the descriptor is damaged.");
        }
        return d;
    }
}
