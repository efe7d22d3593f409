using System.Buffers.Binary;
using System.Text;

namespace IsoBuild.ElTorito;

/// <summary>
/// El Torito 2.1: the validation entry, the first 32 bytes of the boot catalog: header id 01, the platform of the
/// default entry, an id string naming the catalog's maker, a checksum that makes the entry's 16-bit words sum to
/// zero, and the key bytes 55 AA.
/// </summary>
/// <param name="PlatformId">The platform of the default entry (<see cref="BootCatalog.PlatformBios"/>, ...).</param>
/// <param name="IdString">ASCII, at most 24 characters; recorded padded with zeros.</param>
internal readonly record struct ValidationEntry(byte PlatformId, string IdString = "")
{
    public const int Size = BootCatalog.EntrySize;
    public const int HeaderIdOffset = 0;
    public const int PlatformIdOffset = 1;
    public const int IdStringOffset = 4;
    public const int IdStringLength = 24;
    public const int ChecksumOffset = 28;
    public const int Key55Offset = 30;
    public const int KeyAAOffset = 31;
    public const byte HeaderId = 0x01;

    public void Write(Span<byte> entry)
    {
        Span<byte> v = entry[..Size];
        v.Clear();
        v[HeaderIdOffset] = HeaderId;
        v[PlatformIdOffset] = PlatformId;
        Encoding.ASCII.GetBytes(IdString.AsSpan(0, Math.Min(IdString.Length, IdStringLength)), v[IdStringOffset..]);
        v[Key55Offset] = 0x55;
        v[KeyAAOffset] = 0xAA;
        BinaryPrimitives.WriteUInt16LittleEndian(v[ChecksumOffset..], (ushort)(0x10000 - WordSum(v)));
    }

    /// <summary>Reads the fields whether or not the entry is sound; <see cref="IsKeyed"/> and <see cref="ChecksumMatches"/> tell.</summary>
    public static ValidationEntry Read(ReadOnlySpan<byte> entry) =>
        new(entry[PlatformIdOffset], Encoding.ASCII.GetString(entry.Slice(IdStringOffset, IdStringLength)).TrimEnd('\0', ' '));

    /// <summary>True when the entry starts with header id 01 and ends with the key bytes 55 AA.</summary>
    public static bool IsKeyed(ReadOnlySpan<byte> entry) =>
        entry[HeaderIdOffset] == HeaderId && entry[Key55Offset] == 0x55 && entry[KeyAAOffset] == 0xAA;

    /// <summary>True when the entry's 16-bit little-endian words, the checksum among them, sum to zero.</summary>
    public static bool ChecksumMatches(ReadOnlySpan<byte> entry) => WordSum(entry[..Size]) == 0;

    private static ushort WordSum(ReadOnlySpan<byte> entry)
    {
        ushort sum = 0;
        for (int i = 0; i < Size; i += 2)
            sum += BinaryPrimitives.ReadUInt16LittleEndian(entry[i..]);
        return sum;
    }
}
