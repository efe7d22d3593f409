using System.Text;
using IsoBuild.RockRidge;

namespace IsoBuild.Tests.RockRidge;

public class SuspEntryTests
{
    [Fact]
    public void SP_has_the_check_bytes()
    {
        Assert.Equal(new byte[] { (byte)'S', (byte)'P', 7, 1, 0xBE, 0xEF, 0 }, SuspEntry.SharingProtocol());
    }

    [Fact]
    public void ER_names_RRIP_1_12()
    {
        byte[] er = SuspEntry.ExtensionReference();
        Assert.Equal("ER", Encoding.ASCII.GetString(er, 0, 2));
        Assert.Equal(er.Length, er[2]);
        Assert.Equal(10, er[4]);
        Assert.Equal("IEEE_P1282", Encoding.ASCII.GetString(er, 8, er[4]));
    }

    [Fact]
    public void PX_is_44_bytes_with_normalised_owner()
    {
        byte[] px = SuspEntry.PosixAttributes(0x81ED, 1, 42);
        Assert.Equal(44, px.Length);
        Assert.Equal(44, px[2]);
        Assert.Equal(new byte[] { 0xED, 0x81, 0, 0, 0, 0, 0x81, 0xED }, px[4..12]);
        Assert.All(px[20..36], b => Assert.Equal(0, b));
        Assert.Equal(42, px[36]);
    }

    [Fact]
    public void TF_holds_three_dates()
    {
        byte[] tf = SuspEntry.Timestamps(new DateTimeOffset(2000, 1, 2, 3, 4, 5, TimeSpan.Zero));
        Assert.Equal(5 + 21, tf.Length);
        Assert.Equal(0x0E, tf[4]);
        Assert.Equal(new byte[] { 100, 1, 2, 3, 4, 5, 0 }, tf[5..12]);
    }

    [Fact]
    public void Long_names_are_split_over_NM_entries_with_the_continue_flag()
    {
        string name = new string('ü', 200); // 400 bytes of UTF-8
        List<byte[]> nm = SuspEntry.AlternateName(name).ToList();
        Assert.Equal(2, nm.Count);
        Assert.Equal(AlternateNameEntry.FlagContinue, nm[0][4]);
        Assert.Equal(0, nm[1][4]);
        Assert.All(nm, e => Assert.True(e.Length <= 255));
        string joined = Encoding.UTF8.GetString(nm.SelectMany(e => e[5..]).ToArray());
        Assert.Equal(name, joined);
    }

    [Fact]
    public void Symlink_components_mark_root_parent_and_current()
    {
        byte[] sl = Assert.Single(SuspEntry.SymbolicLink("/usr/../lib/./x"));
        byte[] data = sl[5..];
        Assert.Equal(new byte[] { SymbolicLinkComponent.FlagRoot, 0, 0, 3, (byte)'u', (byte)'s', (byte)'r', SymbolicLinkComponent.FlagParent, 0,
            0, 3, (byte)'l', (byte)'i', (byte)'b', SymbolicLinkComponent.FlagCurrent, 0, 0, 1, (byte)'x' }, data);
    }

    [Fact]
    public void Long_link_targets_continue_over_several_SL_entries()
    {
        string target = string.Join('/', Enumerable.Range(0, 40).Select(i => $"component{i:00}"));
        List<byte[]> sl = SuspEntry.SymbolicLink(target).ToList();
        Assert.True(sl.Count > 1);
        Assert.All(sl.SkipLast(1), e => Assert.Equal(SymbolicLinkEntry.FlagContinue, e[4]));
        Assert.Equal(0, sl[^1][4]);
        Assert.All(sl, e => Assert.True(e.Length <= 255));
        Assert.Equal(target, JoinLikeAReader(sl));
        // Every entry but the last ends inside a component, so readers agree on where the '/' go.
        Assert.All(sl.SkipLast(1), e => Assert.Equal(SymbolicLinkComponent.FlagContinue, LastComponentFlags(e)));
    }

    [Fact]
    public void A_component_longer_than_255_bytes_is_split_with_the_continue_flag()
    {
        string target = "a/" + new string('x', 600) + "/b";
        Assert.Equal(target, JoinLikeAReader(SuspEntry.SymbolicLink(target).ToList()));
    }

    /// <summary>Joins components the way the RRIP text reads: '/' between components unless one continues.</summary>
    private static string JoinLikeAReader(List<byte[]> entries)
    {
        var sb = new StringBuilder();
        bool continued = true;
        foreach (byte[] e in entries)
        {
            for (int o = 5; o < e.Length; o += 2 + e[o + 1])
            {
                byte flags = e[o];
                if (!continued)
                    sb.Append('/');
                if ((flags & SymbolicLinkComponent.FlagRoot) != 0)
                    sb.Append('/');
                else if ((flags & SymbolicLinkComponent.FlagParent) != 0)
                    sb.Append("..");
                else if ((flags & SymbolicLinkComponent.FlagCurrent) != 0)
                    sb.Append('.');
                else
                    sb.Append(Encoding.UTF8.GetString(e, o + 2, e[o + 1]));
                continued = (flags & (SymbolicLinkComponent.FlagContinue | SymbolicLinkComponent.FlagRoot)) != 0;
            }
        }
        return sb.ToString();
    }

    private static byte LastComponentFlags(byte[] e)
    {
        int last = 5;
        for (int o = 5; o < e.Length; o += 2 + e[o + 1])
            last = o;
        return e[last];
    }

    [Fact]
    public void CE_records_block_offset_and_length_both_endian()
    {
        byte[] ce = new byte[28];
        SuspEntry.WriteContinuation(ce, 20, 100, 300);
        Assert.Equal("CE", Encoding.ASCII.GetString(ce, 0, 2));
        Assert.Equal(28, ce[2]);
        Assert.Equal(20, ce[4]);
        Assert.Equal(20, ce[11]);
        Assert.Equal(100, ce[12]);
        Assert.Equal(300 & 0xFF, ce[20]);
        Assert.Equal(1, ce[26]);
    }
}
