using System.Buffers.Binary;

namespace IsoBuild.Disc;

/// <summary>What is wrong with a raw sector (ECMA-130 14, CD-ROM XA / Green Book for Mode 2).</summary>
[Flags]
internal enum CdSectorProblems
{
    None = 0,
    /// <summary>The 12 sync bytes are not 00 FF×10 00.</summary>
    Sync = 1,
    /// <summary>The header's address is not BCD or not the sector's place on the disc.</summary>
    Address = 2,
    /// <summary>The header's mode byte is neither 1 nor 2 in a data track.</summary>
    Mode = 4,
    /// <summary>The two copies of a Mode 2 subheader differ.</summary>
    Subheader = 8,
    /// <summary>The EDC does not match the bytes it covers.</summary>
    Edc = 16,
    /// <summary>The P or Q parity does not match.</summary>
    Ecc = 32,
}

/// <summary>
/// A raw 2352-byte CD-ROM sector: 12 sync bytes, a 4-byte header (BCD address and mode), then by mode:
/// Mode 1 (ECMA-130 14.3): 2048 bytes of user data, EDC over bytes 0..2063, 8 zero bytes, P and Q parity.
/// Mode 2 Form 1 (CD-ROM XA): an 8-byte subheader (4 bytes twice), 2048 bytes, EDC over 16..2071, P and Q parity
/// computed with the header taken as zero (so a sector can move without new parity).
/// Mode 2 Form 2: the subheader, 2324 bytes, and an optional EDC over 16..2347 (zero when not computed).
/// </summary>
internal static class CdSector
{
    public const int RawSize = 2352;
    public const int SyncLength = 12;
    public const int HeaderOffset = 12;
    public const int AddressOffset = 12;
    public const int ModeOffset = 15;
    public const int UserDataSize = 2048;

    public const int Mode1DataOffset = 16;
    public const int Mode1EdcOffset = 2064;
    public const int Mode1ZeroOffset = 2068;
    public const int Mode1ZeroLength = 8;

    public const int SubheaderOffset = 16;
    public const int SubheaderLength = 8;
    public const int SubmodeOffset = 18;
    public const int Mode2DataOffset = 24;
    public const int Form1EdcOffset = 2072;
    public const int Form2DataSize = 2324;
    public const int Form2EdcOffset = 2348;

    /// <summary>A Mode 2 sector without sync and header, as MODE2/2336 images hold it.</summary>
    public const int Mode2Size = 2336;

    /// <summary>Subheader submode bits (CD-ROM XA): Form 2, end of record, data, end of file.</summary>
    public const byte SubmodeForm2 = 0x20;
    public const byte SubmodeData = 0x08;

    public static ReadOnlySpan<byte> Sync => [0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00];

    public static bool HasSync(ReadOnlySpan<byte> sector) => sector.Length >= SyncLength && sector[..SyncLength].SequenceEqual(Sync);

    public static void WriteHeader(Span<byte> sector, long lba, byte mode)
    {
        Sync.CopyTo(sector);
        Msf.FromLba(lba).WriteBcd(sector[AddressOffset..]);
        sector[ModeOffset] = mode;
    }

    /// <summary>Writes a whole Mode 1 sector for <paramref name="userData"/> (2048 bytes) at <paramref name="lba"/>.</summary>
    public static void WriteMode1(Span<byte> sector, long lba, ReadOnlySpan<byte> userData)
    {
        WriteHeader(sector, lba, 1);
        userData[..UserDataSize].CopyTo(sector[Mode1DataOffset..]);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[Mode1EdcOffset..], CdEdc.Compute(sector[..Mode1EdcOffset]));
        sector.Slice(Mode1ZeroOffset, Mode1ZeroLength).Clear();
        CdEcc.Compute(sector[..RawSize]);
    }

    /// <summary>Writes a Mode 2 Form 1 sector: <paramref name="subheader"/> is the 4 bytes file, channel, submode, coding.</summary>
    public static void WriteMode2Form1(Span<byte> sector, long lba, ReadOnlySpan<byte> subheader, ReadOnlySpan<byte> userData)
    {
        WriteHeader(sector, lba, 2);
        WriteSubheader(sector, subheader, form2: false);
        userData[..UserDataSize].CopyTo(sector[Mode2DataOffset..]);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[Form1EdcOffset..], CdEdc.Compute(sector[SubheaderOffset..Form1EdcOffset]));
        ComputeMode2Ecc(sector);
    }

    /// <summary>Writes a Mode 2 Form 2 sector with its (optional, here always written) EDC.</summary>
    public static void WriteMode2Form2(Span<byte> sector, long lba, ReadOnlySpan<byte> subheader, ReadOnlySpan<byte> userData)
    {
        WriteHeader(sector, lba, 2);
        WriteSubheader(sector, subheader, form2: true);
        userData[..Form2DataSize].CopyTo(sector[Mode2DataOffset..]);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[Form2EdcOffset..], CdEdc.Compute(sector[SubheaderOffset..Form2EdcOffset]));
    }

    private static void WriteSubheader(Span<byte> sector, ReadOnlySpan<byte> subheader, bool form2)
    {
        Span<byte> s = sector.Slice(SubheaderOffset, SubheaderLength);
        subheader[..4].CopyTo(s);
        s[2] = form2 ? (byte)(s[2] | SubmodeForm2) : (byte)(s[2] & ~SubmodeForm2);
        s[..4].CopyTo(s[4..]);
    }

    // CD-ROM XA: the parity of a Form 1 sector is computed as if its header were zero.
    private static void ComputeMode2Ecc(Span<byte> sector)
    {
        Span<byte> header = stackalloc byte[4];
        sector.Slice(HeaderOffset, 4).CopyTo(header);
        sector.Slice(HeaderOffset, 4).Clear();
        CdEcc.Compute(sector);
        header.CopyTo(sector[HeaderOffset..]);
    }

    /// <summary>True when a Mode 2 sector's subheader says Form 2.</summary>
    public static bool IsForm2(ReadOnlySpan<byte> sector) => (sector[SubmodeOffset] & SubmodeForm2) != 0;

    /// <summary>
    /// Where a raw sector's 2048 bytes of file system data start, from its own mode byte: 16 for Mode 1, 24 for Mode 2
    /// (Form 1; of a Form 2 sector the first 2048 of its 2324 bytes, as bchunk and iat give them).
    /// <paramref name="fallback"/> is used for a mode byte that is neither.
    /// </summary>
    public static int UserDataOffset(ReadOnlySpan<byte> sector, int fallback) => sector[ModeOffset] switch
    {
        1 => Mode1DataOffset,
        2 => Mode2DataOffset,
        _ => fallback,
    };

    /// <summary>
    /// Checks a raw data sector: sync, header address (when <paramref name="expectedLba"/> is given), mode, and the EDC
    /// and parity its mode carries. A Form 2 sector whose EDC is zero has none to check.
    /// </summary>
    public static CdSectorProblems Check(ReadOnlySpan<byte> sector, long? expectedLba)
    {
        var problems = CdSectorProblems.None;
        if (!HasSync(sector))
            problems |= CdSectorProblems.Sync;
        if (expectedLba is long lba && Msf.ReadBcd(sector[AddressOffset..]) != Msf.FromLba(lba))
            problems |= CdSectorProblems.Address;
        switch (sector[ModeOffset])
        {
            case 1:
                if (BinaryPrimitives.ReadUInt32LittleEndian(sector[Mode1EdcOffset..]) != CdEdc.Compute(sector[..Mode1EdcOffset]))
                    problems |= CdSectorProblems.Edc;
                if (!CdEcc.Check(sector))
                    problems |= CdSectorProblems.Ecc;
                break;
            case 2:
                if (!sector.Slice(SubheaderOffset, 4).SequenceEqual(sector.Slice(SubheaderOffset + 4, 4)))
                    problems |= CdSectorProblems.Subheader;
                if (IsForm2(sector))
                {
                    uint stored = BinaryPrimitives.ReadUInt32LittleEndian(sector[Form2EdcOffset..]);
                    if (stored != 0 && stored != CdEdc.Compute(sector[SubheaderOffset..Form2EdcOffset]))
                        problems |= CdSectorProblems.Edc;
                }
                else
                {
                    if (BinaryPrimitives.ReadUInt32LittleEndian(sector[Form1EdcOffset..]) != CdEdc.Compute(sector[SubheaderOffset..Form1EdcOffset]))
                        problems |= CdSectorProblems.Edc;
                    Span<byte> copy = stackalloc byte[RawSize];
                    sector[..RawSize].CopyTo(copy);
                    copy.Slice(HeaderOffset, 4).Clear();
                    if (!CdEcc.Check(copy))
                        problems |= CdSectorProblems.Ecc;
                }
                break;
            default:
                problems |= CdSectorProblems.Mode;
                break;
        }
        return problems;
    }
}
