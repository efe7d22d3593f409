namespace IsoBuild.Udf;

/// <summary>
/// The descriptor CRC of ECMA-167 1/7.2.6: CRC-ITU-T (x^16 + x^12 + x^5 + 1), initial value 0, not reflected.
/// </summary>
internal static class UdfCrc
{
    private static readonly ushort[] Table = CreateTable();

    private static ushort[] CreateTable()
    {
        var table = new ushort[256];
        for (int i = 0; i < 256; i++)
        {
            int c = i << 8;
            for (int k = 0; k < 8; k++)
                c = (c & 0x8000) != 0 ? (c << 1) ^ 0x1021 : c << 1;
            table[i] = (ushort)c;
        }
        return table;
    }

    public static ushort Compute(ReadOnlySpan<byte> data)
    {
        ushort crc = 0;
        foreach (byte b in data)
            crc = (ushort)((crc << 8) ^ Table[((crc >> 8) ^ b) & 0xFF]);
        return crc;
    }
}
