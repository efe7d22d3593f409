namespace IsoBuild.Disc;

/// <summary>
/// The Reed-Solomon product code (RSPC) of a CD-ROM sector, ECMA-130 Annex A. The 2340 bytes from the header on are
/// 1170 16-bit words, coded as two independent byte planes (most and least significant bytes). P parity: 43 columns
/// of 24 words, each a (26,24) code, giving 172 bytes at offset 2076. Q parity: 26 diagonals of 43 words over the
/// data and the P parity, each a (45,43) code, giving 104 bytes at offset 2248. Arithmetic is in GF(2^8) with the
/// field polynomial x^8 + x^4 + x^3 + x^2 + 1, α = x.
/// </summary>
internal static class CdEcc
{
    /// <summary>Where the coded area starts: the header (ECMA-130 Annex A counts from it).</summary>
    public const int CodedAreaOffset = 12;
    public const int PParityOffset = 2076;
    public const int PParityLength = 172;
    public const int QParityOffset = 2248;
    public const int QParityLength = 104;

    private const int FieldPolynomial = 0x11D;

    // P: 86 byte columns (43 word columns x 2 planes), 24 rows, one row is 86 bytes.
    private const int PColumns = 86;
    private const int PRows = 24;
    // Q: 52 byte diagonals (26 x 2 planes) of 43 symbols; a step is one row plus one word (88 bytes), wrapping in
    // the 2236-byte area the Q code covers (header, data and P parity).
    private const int QDiagonals = 52;
    private const int QLength = 43;
    private const int QStep = 88;
    private const int QArea = QDiagonals * QLength;

    /// <summary>x·α in GF(2^8).</summary>
    private static readonly byte[] s_timesAlpha = CreateTimesAlpha();

    /// <summary>x / (1 + α) in GF(2^8).</summary>
    private static readonly byte[] s_overOnePlusAlpha = CreateOverOnePlusAlpha();

    private static byte[] CreateTimesAlpha()
    {
        var t = new byte[256];
        for (int i = 0; i < 256; i++)
            t[i] = (byte)((i << 1) ^ ((i & 0x80) != 0 ? FieldPolynomial : 0));
        return t;
    }

    private static byte[] CreateOverOnePlusAlpha()
    {
        byte[] times = CreateTimesAlpha();
        var t = new byte[256];
        for (int i = 0; i < 256; i++)
            t[i ^ times[i]] = (byte)i; // (1 + α)·i = i ^ α·i
        return t;
    }

    /// <summary>Computes the P and Q parity of a 2352-byte sector in place from its bytes 12..2075.</summary>
    public static void Compute(Span<byte> sector)
    {
        Span<byte> area = sector[CodedAreaOffset..];
        ComputeP(area, sector.Slice(PParityOffset, PParityLength));
        ComputeQ(area, sector.Slice(QParityOffset, QParityLength));
    }

    /// <summary>True when the P and Q parity of a 2352-byte sector match its bytes.</summary>
    public static bool Check(ReadOnlySpan<byte> sector)
    {
        Span<byte> p = stackalloc byte[PParityLength];
        Span<byte> q = stackalloc byte[QParityLength];
        ReadOnlySpan<byte> area = sector[CodedAreaOffset..];
        ComputeP(area, p);
        if (!p.SequenceEqual(sector.Slice(PParityOffset, PParityLength)))
            return false;
        ComputeQ(area, q);
        return q.SequenceEqual(sector.Slice(QParityOffset, QParityLength));
    }

    private static void ComputeP(ReadOnlySpan<byte> area, Span<byte> parity)
    {
        for (int column = 0; column < PColumns; column++)
        {
            int at = column;
            byte weighted = 0, sum = 0;
            for (int row = 0; row < PRows; row++, at += PColumns)
                Accumulate(area[at], ref weighted, ref sum);
            Finish(weighted, sum, out parity[column], out parity[column + PColumns]);
        }
    }

    private static void ComputeQ(ReadOnlySpan<byte> area, Span<byte> parity)
    {
        for (int diagonal = 0; diagonal < QDiagonals; diagonal++)
        {
            // Diagonal d starts in word row d/2, column 0; the plane is d's lowest bit.
            int at = (diagonal >> 1) * PColumns + (diagonal & 1);
            byte weighted = 0, sum = 0;
            for (int i = 0; i < QLength; i++)
            {
                Accumulate(area[at], ref weighted, ref sum);
                at += QStep;
                if (at >= QArea)
                    at -= QArea;
            }
            Finish(weighted, sum, out parity[diagonal], out parity[diagonal + QDiagonals]);
        }
    }

    // Horner's rule: after n symbols s_i, weighted = Σ s_i·α^(n-i) and sum = Σ s_i.
    private static void Accumulate(byte symbol, ref byte weighted, ref byte sum)
    {
        weighted = s_timesAlpha[weighted ^ symbol];
        sum ^= symbol;
    }

    // The two parity symbols p0 (weight α) and p1 (weight 1) make both checks of Annex A vanish:
    // sum + p0 + p1 = 0 and α·weighted + α·p0 + p1 = 0, so p0 = (α·weighted + sum) / (1 + α) and p1 = p0 + sum.
    private static void Finish(byte weighted, byte sum, out byte p0, out byte p1)
    {
        p0 = s_overOnePlusAlpha[s_timesAlpha[weighted] ^ sum];
        p1 = (byte)(p0 ^ sum);
    }
}
