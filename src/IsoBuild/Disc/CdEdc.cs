namespace IsoBuild.Disc;

/// <summary>
/// The error detection code of a CD-ROM sector (ECMA-130 14.3): a 32-bit CRC with the polynomial
/// (x^16 + x^15 + x^2 + 1)(x^16 + x^2 + x + 1), least significant bit first, starting from zero, stored little-endian.
/// In the CRC catalogues it is CRC-32/CD-ROM-EDC (check value 0x6EC2EDC4).
/// </summary>
internal static class CdEdc
{
    // The product polynomial 0x8001801B, bit-reversed because the code is computed least significant bit first.
    private const uint ReversedPolynomial = 0xD8018001;

    private static readonly uint[] s_table = CreateTable();

    private static uint[] CreateTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint r = i;
            for (int bit = 0; bit < 8; bit++)
                r = (r & 1) != 0 ? (r >> 1) ^ ReversedPolynomial : r >> 1;
            table[i] = r;
        }
        return table;
    }

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint edc = 0;
        uint[] table = s_table;
        foreach (byte b in data)
            edc = (edc >> 8) ^ table[(byte)(edc ^ b)];
        return edc;
    }
}
