using System.Buffers.Binary;
using System.Text;

namespace IsoBuild.Hybrid;

/// <summary>UEFI 2.x 5.3.3: a GPT partition entry, in 512-byte sectors (an inclusive range).</summary>
/// <param name="Type">The partition type GUID; <see cref="Guid.Empty"/> marks an unused entry.</param>
/// <param name="Id">The unique partition GUID.</param>
/// <param name="FirstSector">The first 512-byte sector.</param>
/// <param name="LastSector">The last 512-byte sector, inclusive.</param>
/// <param name="Name">UTF-16, at most 36 code units; recorded padded with zeros.</param>
/// <param name="Attributes">Bit 0 required, bit 1 no block I/O protocol, bit 2 legacy BIOS bootable.</param>
internal readonly record struct GptPartition(Guid Type, Guid Id, ulong FirstSector, ulong LastSector, string Name, ulong Attributes = 0)
{
    public const int Size = 128;
    public const int TypeOffset = 0;
    public const int IdOffset = 16;
    public const int FirstSectorOffset = 32;
    public const int LastSectorOffset = 40;
    public const int AttributesOffset = 48;
    public const int NameOffset = 56;
    public const int NameLength = 72;
    public const ulong AttributeLegacyBiosBootable = 1UL << 2;

    public bool IsEmpty => Type == Guid.Empty;

    public void Write(Span<byte> entry)
    {
        Span<byte> e = entry[..Size];
        e.Clear();
        Type.TryWriteBytes(e[TypeOffset..]);
        Id.TryWriteBytes(e[IdOffset..]);
        BinaryPrimitives.WriteUInt64LittleEndian(e[FirstSectorOffset..], FirstSector);
        BinaryPrimitives.WriteUInt64LittleEndian(e[LastSectorOffset..], LastSector);
        BinaryPrimitives.WriteUInt64LittleEndian(e[AttributesOffset..], Attributes);
        Encoding.Unicode.GetBytes(Name.AsSpan(0, Math.Min(Name.Length, NameLength / 2)), e[NameOffset..]);
    }

    public static GptPartition Read(ReadOnlySpan<byte> entry) => new(
        new Guid(entry.Slice(TypeOffset, 16)),
        new Guid(entry.Slice(IdOffset, 16)),
        BinaryPrimitives.ReadUInt64LittleEndian(entry[FirstSectorOffset..]),
        BinaryPrimitives.ReadUInt64LittleEndian(entry[LastSectorOffset..]),
        Encoding.Unicode.GetString(entry.Slice(NameOffset, NameLength)).TrimEnd('\0'),
        BinaryPrimitives.ReadUInt64LittleEndian(entry[AttributesOffset..]));
}
