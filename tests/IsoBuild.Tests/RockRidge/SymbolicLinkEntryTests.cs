using System.Text;
using IsoBuild.RockRidge;

namespace IsoBuild.Tests.RockRidge;

public class SymbolicLinkEntryTests
{
    private static string ReadBack(IEnumerable<SymbolicLinkEntry> entries)
    {
        var target = new StringBuilder();
        bool needsSeparator = false;
        foreach (SymbolicLinkEntry e in entries)
        {
            byte[] sl = e.Write();
            Assert.True(sl.Length <= SuspEntry.MaxLength);
            Assert.True(SymbolicLinkEntry.TryRead(sl, out SymbolicLinkEntry read));
            Assert.Equal(e.Flags, read.Flags);
            Assert.Equal(e.Components.Select(c => (c.Flags, Convert.ToHexString(c.Text))), read.Components.Select(c => (c.Flags, Convert.ToHexString(c.Text))));
            read.AppendTo(target, ref needsSeparator);
        }
        return target.ToString();
    }

    [Theory]
    [InlineData("tool.sh", "tool.sh")]
    [InlineData("/", "/")]
    [InlineData(".", ".")]
    [InlineData("", ".")]
    [InlineData("../../hello.txt", "../../hello.txt")]
    [InlineData("/usr/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libc.so.6")]
    [InlineData("./a/./b/../c", "./a/./b/../c")]
    [InlineData("dir//x/", "dir/x")]
    public void Targets_read_back_as_written(string target, string expected) =>
        Assert.Equal(expected, ReadBack(SymbolicLinkEntry.Split(target)));

    [Fact]
    public void Root_parent_and_current_are_component_flags_without_text()
    {
        SymbolicLinkEntry sl = Assert.Single(SymbolicLinkEntry.Split("/../."));
        Assert.Equal([SymbolicLinkComponent.FlagRoot, SymbolicLinkComponent.FlagParent, SymbolicLinkComponent.FlagCurrent], sl.Components.Select(c => c.Flags));
        Assert.All(sl.Components, c => Assert.Empty(c.Text));
    }

    [Theory]
    [InlineData(40, 10)]    // many components over several entries
    [InlineData(1, 600)]    // one component longer than a component record holds
    [InlineData(3, 300)]
    public void Long_targets_continue_over_entries_and_read_back(int components, int length)
    {
        string target = string.Join('/', Enumerable.Range(0, components).Select(i => new string((char)('a' + i % 26), length)));
        List<SymbolicLinkEntry> entries = SymbolicLinkEntry.Split(target);
        Assert.True(entries.Count > 1);
        Assert.All(entries.SkipLast(1), e => Assert.True(e.Continues));
        Assert.False(entries[^1].Continues);
        // Every entry but the last ends inside a component, so readers agree on where the '/' go.
        Assert.All(entries.SkipLast(1), e => Assert.True(e.Components[^1].Continues));
        Assert.Equal(target, ReadBack(entries));
    }

    [Fact]
    public void A_hand_made_SL_reads_as_RRIP_describes_it()
    {
        // "/usr" then "lib" continued in the next entry as "64": /usr/lib64.
        byte[] first = [(byte)'S', (byte)'L', 4 + 1 + 2 + 5 + 5, 1, 0x01, 0x08, 0, 0, 3, (byte)'u', (byte)'s', (byte)'r', 0x01, 3, (byte)'l', (byte)'i', (byte)'b'];
        byte[] second = [(byte)'S', (byte)'L', 4 + 1 + 4, 1, 0x00, 0x00, 2, (byte)'6', (byte)'4'];
        Assert.True(SymbolicLinkEntry.TryRead(first, out SymbolicLinkEntry a));
        Assert.True(SymbolicLinkEntry.TryRead(second, out SymbolicLinkEntry b));
        Assert.True(a.Continues);
        Assert.Equal(3, a.Components.Count);
        var target = new StringBuilder();
        bool separator = false;
        a.AppendTo(target, ref separator);
        b.AppendTo(target, ref separator);
        Assert.Equal("/usr/lib64", target.ToString());
    }

    [Fact]
    public void A_component_longer_than_its_entry_is_cut_at_the_entry_end()
    {
        byte[] sl = [(byte)'S', (byte)'L', 9, 1, 0, 0, 200, (byte)'a', (byte)'b'];
        Assert.True(SymbolicLinkEntry.TryRead(sl, out SymbolicLinkEntry read));
        Assert.Equal("ab"u8.ToArray(), Assert.Single(read.Components).Text);
        Assert.False(SymbolicLinkEntry.TryRead([(byte)'S', (byte)'L', 4, 1], out _));
    }
}
