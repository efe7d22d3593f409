using IsoBuild.Sectors;
using System.Buffers.Binary;
using System.Text;
using IsoBuild.Iso9660;

namespace IsoBuild.Reading;

/// <summary>One primary or supplementary volume descriptor as recorded (ECMA-119 8.4, 8.5).</summary>
internal sealed class ParsedVolumeDescriptor
{
    public required uint Sector { get; init; }
    public required byte Type { get; init; }
    public required byte[] Bytes { get; init; }
    public required bool Joliet { get; init; }
    public int JolietLevel { get; init; }

    public string Text(int offset, int length)
    {
        ReadOnlySpan<byte> f = Bytes.AsSpan(offset, length);
        string s = Joliet ? Encoding.BigEndianUnicode.GetString(f[..(length & ~1)]) : Encoding.Latin1.GetString(f);
        return s.TrimEnd(' ', '\0');
    }

    public uint VolumeSpaceSize => BothEndian.ReadUInt32(Bytes.AsSpan(VolumeDescriptor.VolumeSpaceSizeOffset), out _);
    public ushort LogicalBlockSize => BothEndian.ReadUInt16(Bytes.AsSpan(VolumeDescriptor.LogicalBlockSizeOffset), out _);
    public uint PathTableSize => BothEndian.ReadUInt32(Bytes.AsSpan(VolumeDescriptor.PathTableSizeOffset), out _);
    public uint TypeLPathTable => BinaryPrimitives.ReadUInt32LittleEndian(Bytes.AsSpan(VolumeDescriptor.TypeLPathTableOffset));
    public uint TypeMPathTable => BinaryPrimitives.ReadUInt32BigEndian(Bytes.AsSpan(VolumeDescriptor.TypeMPathTableOffset));

    public RawDirectoryRecord Root => RawDirectoryRecord.Parse(Bytes.AsSpan(VolumeDescriptor.RootDirectoryRecordOffset, 34),
        $"the root record of the volume descriptor at sector {Sector}");

    /// <summary>Both-endian numbers whose halves disagree (ECMA-119 7.2.3, 7.3.3), by name.</summary>
    public IEnumerable<string> InconsistentNumbers()
    {
        ReadOnlySpan<byte> b = Bytes;
        var bad = new List<string>();
        BothEndian.ReadUInt32(b[VolumeDescriptor.VolumeSpaceSizeOffset..], out bool c);
        if (!c) bad.Add("volume space size");
        BothEndian.ReadUInt16(b[VolumeDescriptor.VolumeSetSizeOffset..], out c);
        if (!c) bad.Add("volume set size");
        BothEndian.ReadUInt16(b[VolumeDescriptor.VolumeSequenceNumberOffset..], out c);
        if (!c) bad.Add("volume sequence number");
        BothEndian.ReadUInt16(b[VolumeDescriptor.LogicalBlockSizeOffset..], out c);
        if (!c) bad.Add("logical block size");
        BothEndian.ReadUInt32(b[VolumeDescriptor.PathTableSizeOffset..], out c);
        if (!c) bad.Add("path table size");
        return bad;
    }
}

/// <summary>The volume descriptor set from sector 16 to the terminator (ECMA-119 8, 6.7.1).</summary>
internal sealed class VolumeDescriptorSet
{
    /// <summary>More descriptors than this before a terminator means the set is damaged.</summary>
    public const int MaxDescriptors = 64;
    public const int ElToritoCatalogPointerOffset = 0x47;
    public static ReadOnlySpan<byte> ElToritoSystemId => "EL TORITO SPECIFICATION"u8;

    public required ParsedVolumeDescriptor Primary { get; init; }
    public ParsedVolumeDescriptor? Joliet { get; init; }
    public uint? BootCatalogSector { get; init; }
    public required uint TerminatorSector { get; init; }

    public static VolumeDescriptorSet Read(ImageSource source)
    {
        if (source.Length < (16 + 1) * (long)ImageSource.SectorSize)
        {
            IsoBuildException.Throw(ErrorCodes.NotAnImage,
                $"{source.Name} is {source.Length} bytes, too short for an ISO 9660 image (volume descriptors start at byte 32768).");
        }
        ParsedVolumeDescriptor? primary = null;
        ParsedVolumeDescriptor? joliet = null;
        uint? catalog = null;
        for (uint i = 0; i < MaxDescriptors; i++)
        {
            uint sector = 16 + i;
            if ((sector + 1) * (long)ImageSource.SectorSize > source.Length)
                break;
            byte[] b = new byte[ImageSource.SectorSize];
            source.ReadExactly(sector * (long)ImageSource.SectorSize, b, ErrorCodes.MalformedVolumeDescriptor, $"The volume descriptor at sector {sector}");
            if (!b.AsSpan(1, 5).SequenceEqual(VolumeDescriptor.StandardIdentifier))
            {
                if (i == 0 && b.AsSpan(1, 5).SequenceEqual(VolumeDescriptor.InterruptedPatchIdentifier))
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
            byte type = b[0];
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
                    primary = Check(new ParsedVolumeDescriptor { Sector = sector, Type = type, Bytes = b, Joliet = false });
                    break;
                case VolumeDescriptor.TypeSupplementary when joliet is null && JolietLevel(b) is int level:
                    joliet = Check(new ParsedVolumeDescriptor { Sector = sector, Type = type, Bytes = b, Joliet = true, JolietLevel = level });
                    break;
                case VolumeDescriptor.TypeBootRecord when b.AsSpan(7, ElToritoSystemId.Length).SequenceEqual(ElToritoSystemId):
                    catalog = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(ElToritoCatalogPointerOffset));
                    break;
            }
        }
        IsoBuildException.Throw(ErrorCodes.MalformedVolumeDescriptor,
            $"{source.Name} has no volume descriptor set terminator within {MaxDescriptors} sectors of sector 16: the descriptor set is damaged.");
        return null;
    }

    /// <summary>Joliet is a supplementary descriptor whose escape sequences name UCS-2 level 1, 2 or 3 (%/@, %/C, %/E).</summary>
    private static int? JolietLevel(ReadOnlySpan<byte> b)
    {
        ReadOnlySpan<byte> escapes = b.Slice(VolumeDescriptor.EscapeSequencesOffset, 32);
        for (int i = 0; i + 2 < escapes.Length; i++)
        {
            if (escapes[i] == '%' && escapes[i + 1] == '/')
            {
                switch (escapes[i + 2])
                {
                    case (byte)'@': return 1;
                    case (byte)'C': return 2;
                    case (byte)'E': return 3;
                }
            }
        }
        return null;
    }

    private static ParsedVolumeDescriptor Check(ParsedVolumeDescriptor d)
    {
        if (d.LogicalBlockSize != ImageSource.SectorSize)
        {
            IsoBuildException.Throw(d.LogicalBlockSize is 512 or 1024 ? ErrorCodes.UnsupportedImage : ErrorCodes.MalformedVolumeDescriptor,
                $"The volume descriptor at sector {d.Sector} gives a logical block size of {d.LogicalBlockSize} bytes; IsoBuild reads images with 2048-byte blocks only.");
        }
        if (d.Bytes[VolumeDescriptor.RootDirectoryRecordOffset] != 34)
        {
            IsoBuildException.Throw(ErrorCodes.MalformedVolumeDescriptor,
                $"The root directory record of the volume descriptor at sector {d.Sector} is {d.Bytes[VolumeDescriptor.RootDirectoryRecordOffset]} bytes long instead of 34: the descriptor is damaged.");
        }
        return d;
    }
}
