using System.Buffers.Binary;
using IsoBuild.Disc;

namespace IsoBuild.Tests.Disc;

/// <summary>ECMA-130 sectors: EDC, P/Q parity against the code's defining equations, headers, subheaders, MSF, subchannel.</summary>
public class CdSectorTests
{
    [Fact]
    public void Edc_is_crc32_cd_rom_edc_of_the_catalogues()
    {
        Assert.Equal(0x6EC2EDC4u, CdEdc.Compute("123456789"u8));
        Assert.Equal(0u, CdEdc.Compute([]));
    }

    [Fact]
    public void Q_subchannel_crc_is_crc16_gsm_of_the_catalogues()
    {
        Assert.Equal(0xCE3C, Subchannel.QCrc("123456789"u8));
    }

    // GF(2^8) with x^8 + x^4 + x^3 + x^2 + 1, by shift and add: no tables shared with the code under test.
    private static int Multiply(int a, int b)
    {
        int product = 0;
        for (; b != 0; b >>= 1)
        {
            if ((b & 1) != 0)
                product ^= a;
            a <<= 1;
            if ((a & 0x100) != 0)
                a ^= 0x11D;
        }
        return product;
    }

    private static int Power(int exponent)
    {
        int r = 1;
        for (int i = 0; i < exponent; i++)
            r = Multiply(r, 2);
        return r;
    }

    /// <summary>ECMA-130 Annex A: every P and Q code word (in both byte planes) has zero syndromes for H = [1…1; α^(n-1)…α^0].</summary>
    private static void AssertCodewordsHold(ReadOnlySpan<byte> sector)
    {
        ReadOnlySpan<byte> area = sector[12..];
        for (int plane = 0; plane < 2; plane++)
        {
            for (int column = 0; column < 43; column++)
            {
                int s0 = 0, s1 = 0;
                for (int i = 0; i < 26; i++)
                {
                    int v = area[2 * (43 * i + column) + plane];
                    s0 ^= v;
                    s1 ^= Multiply(Power(25 - i), v);
                }
                Assert.True(s0 == 0 && s1 == 0, $"P code word {column} plane {plane} has syndromes {s0}, {s1}");
            }
            for (int diagonal = 0; diagonal < 26; diagonal++)
            {
                int s0 = 0, s1 = 0;
                for (int i = 0; i < 45; i++)
                {
                    int word = i < 43 ? (44 * i + 43 * diagonal) % 1118 : 1118 + (i - 43) * 26 + diagonal;
                    int v = area[2 * word + plane];
                    s0 ^= v;
                    s1 ^= Multiply(Power(44 - i), v);
                }
                Assert.True(s0 == 0 && s1 == 0, $"Q code word {diagonal} plane {plane} has syndromes {s0}, {s1}");
            }
        }
    }

    private static byte[] RandomData(int seed, int length = 2048)
    {
        byte[] data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(16, 2)]
    [InlineData(333_000, 3)]
    [InlineData(-150, 4)]
    public void Mode1_sectors_satisfy_the_parity_equations_and_check_clean(long lba, int seed)
    {
        byte[] sector = new byte[CdSector.RawSize];
        CdSector.WriteMode1(sector, lba, RandomData(seed));
        AssertCodewordsHold(sector);
        Assert.Equal(CdSectorProblems.None, CdSector.Check(sector, lba));
        Assert.True(sector.AsSpan(0, 12).SequenceEqual(CdSector.Sync));
        Assert.Equal(Msf.FromLba(lba), Msf.ReadBcd(sector.AsSpan(12)));
        Assert.Equal(1, sector[15]);
        Assert.Equal(RandomData(seed), sector[16..2064]);
        Assert.Equal(CdEdc.Compute(sector.AsSpan(0, 2064)), BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(2064)));
        Assert.All(sector[2068..2076], b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_damaged_mode1_sector_is_named_for_what_is_wrong()
    {
        byte[] good = new byte[CdSector.RawSize];
        CdSector.WriteMode1(good, 100, RandomData(5));
        byte[] data = (byte[])good.Clone();
        data[500] ^= 1;
        Assert.Equal(CdSectorProblems.Edc | CdSectorProblems.Ecc, CdSector.Check(data, 100));
        byte[] parity = (byte[])good.Clone();
        parity[CdEcc.QParityOffset + 3] ^= 0x80;
        Assert.Equal(CdSectorProblems.Ecc, CdSector.Check(parity, 100));
        byte[] edc = (byte[])good.Clone();
        edc[2065] ^= 4; // the EDC is itself covered by the P and Q parity
        Assert.Equal(CdSectorProblems.Edc | CdSectorProblems.Ecc, CdSector.Check(edc, 100));
        Assert.Equal(CdSectorProblems.Address, CdSector.Check(good, 101));
        byte[] sync = (byte[])good.Clone();
        sync[3] = 0; // Mode 1's EDC starts at the sync; the parity starts at the header
        Assert.Equal(CdSectorProblems.Sync | CdSectorProblems.Edc, CdSector.Check(sync, 100));
    }

    [Fact]
    public void Mode2_form1_parity_leaves_out_the_header_and_form2_has_its_edc()
    {
        byte[] form1 = new byte[CdSector.RawSize];
        CdSector.WriteMode2Form1(form1, 1000, [1, 2, CdSector.SubmodeData, 0], RandomData(6));
        Assert.Equal(CdSectorProblems.None, CdSector.Check(form1, 1000));
        Assert.Equal(new byte[] { 1, 2, 8, 0, 1, 2, 8, 0 }, form1[16..24]);
        // With the header zeroed the parity equations hold: XA computes it so.
        byte[] zeroed = (byte[])form1.Clone();
        zeroed.AsSpan(12, 4).Clear();
        AssertCodewordsHold(zeroed);
        Assert.Equal(CdSectorProblems.Address, CdSector.Check(form1, 1001));
        byte[] subheader = (byte[])form1.Clone();
        subheader[20] ^= 1;
        Assert.True(CdSector.Check(subheader, 1000).HasFlag(CdSectorProblems.Subheader));

        byte[] form2 = new byte[CdSector.RawSize];
        CdSector.WriteMode2Form2(form2, 7, [0, 0, 0, 0], RandomData(7, 2324));
        Assert.True(CdSector.IsForm2(form2));
        Assert.Equal(CdSectorProblems.None, CdSector.Check(form2, 7));
        form2[1000] ^= 1;
        Assert.Equal(CdSectorProblems.Edc, CdSector.Check(form2, 7));
        form2.AsSpan(CdSector.Form2EdcOffset, 4).Clear(); // no EDC written: nothing to check
        Assert.Equal(CdSectorProblems.None, CdSector.Check(form2, 7));
    }

    [Fact]
    public void Msf_counts_the_two_second_pregap_and_parses_cue_times()
    {
        Assert.Equal(new Msf(0, 2, 0), Msf.FromLba(0));
        Assert.Equal(new Msf(0, 0, 0), Msf.FromLba(-150));
        Assert.Equal(new Msf(79, 59, 74), Msf.FromFrames(79 * 4500 + 59 * 75 + 74));
        Assert.True(Msf.TryParse("74:59:74", out Msf m));
        Assert.Equal(74 * 4500 + 59 * 75 + 74, m.TotalFrames);
        Assert.Equal("74:59:74", m.ToString());
        Assert.False(Msf.TryParse("00:60:00", out _));
        Assert.False(Msf.TryParse("00:00:75", out _));
        Assert.False(Msf.TryParse("0:0", out _));
        Assert.False(Msf.TryParse("-1:00:00", out _));
        Assert.Equal(0x59, Msf.ToBcd(59));
        Assert.Equal(59, Msf.FromBcd(0x59));
        Assert.Equal(-1, Msf.FromBcd(0x5A));
    }

    [Fact]
    public void Subchannel_interleaving_round_trips_and_q_carries_its_crc()
    {
        byte[] channels = new byte[96];
        new Random(3).NextBytes(channels);
        Subchannel.WriteQ(channels.AsSpan(12, 12), Subchannel.ControlData, 1, 1, 4, 4);
        Assert.True(Subchannel.CheckQ(channels.AsSpan(12, 12)));
        Assert.Equal(0x41, channels[12]);
        byte[] interleaved = new byte[96];
        Subchannel.Interleave(channels, interleaved);
        // Bit 7 of each byte is P, bit 6 Q.
        Assert.Equal((channels[0] >> 7) & 1, interleaved[0] >> 7);
        Assert.Equal((channels[12] >> 7) & 1, (interleaved[0] >> 6) & 1);
        byte[] back = new byte[96];
        Subchannel.Deinterleave(interleaved, back);
        Assert.Equal(channels, back);
        channels[15] ^= 1;
        Assert.False(Subchannel.CheckQ(channels.AsSpan(12, 12)));
    }
}
