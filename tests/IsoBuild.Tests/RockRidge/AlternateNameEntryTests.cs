using System.Text;
using IsoBuild.RockRidge;

namespace IsoBuild.Tests.RockRidge;

public class AlternateNameEntryTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("Straße.txt")]
    [InlineData("")]
    public void Short_names_are_one_entry_that_reads_back(string name)
    {
        AlternateNameEntry written = Assert.Single(AlternateNameEntry.Split(name));
        Assert.False(written.Continues);
        byte[] nm = written.Write();
        Assert.Equal(AlternateNameEntry.SplitLength(name), nm.Length);
        Assert.True(AlternateNameEntry.TryRead(nm, out AlternateNameEntry read));
        Assert.Equal(written.Flags, read.Flags);
        Assert.Equal(name, Encoding.UTF8.GetString(read.Name));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("Straße.txt")]
    [InlineData("")]
    [InlineData("\u65e5\u672c\u8a9e")]
    public void A_name_of_one_entry_is_written_in_place_as_it_is_made(string name)
    {
        Span<byte> written = stackalloc byte[SuspEntry.MaxLength];
        written.Fill(0xEE);
        int length = AlternateNameEntry.WriteSingle(name, written);
        Assert.Equal(Assert.Single(AlternateNameEntry.Split(name)).Write(), written[..length].ToArray());
    }

    [Fact]
    public void A_name_of_several_entries_is_not_written_in_place()
    {
        Span<byte> written = stackalloc byte[SuspEntry.MaxLength];
        Assert.Equal(-1, AlternateNameEntry.WriteSingle(new string('n', 251), written));
        Assert.Equal(SuspEntry.MaxLength, AlternateNameEntry.WriteSingle(new string('n', 250), written));
    }

    [Theory]
    [InlineData(250)] // exactly one full entry
    [InlineData(251)]
    [InlineData(1000)]
    public void Long_names_continue_and_read_back_joined(int bytes)
    {
        string name = new('n', bytes);
        List<AlternateNameEntry> written = AlternateNameEntry.Split(name).ToList();
        Assert.Equal((bytes + 249) / 250, written.Count);
        Assert.Equal(AlternateNameEntry.SplitLength(name), written.Sum(e => e.Write().Length));
        var joined = new List<byte>();
        foreach (AlternateNameEntry e in written)
        {
            byte[] nm = e.Write();
            Assert.True(nm.Length <= SuspEntry.MaxLength);
            Assert.True(AlternateNameEntry.TryRead(nm, out AlternateNameEntry read));
            Assert.Equal(e.Flags, read.Flags);
            joined.AddRange(read.Name);
        }
        Assert.All(written.SkipLast(1), e => Assert.True(e.Continues));
        Assert.False(written[^1].Continues);
        Assert.Equal(name, Encoding.UTF8.GetString(joined.ToArray()));
    }

    [Fact]
    public void Hand_made_NM_entries_read_as_RRIP_describes_them()
    {
        Assert.True(AlternateNameEntry.TryRead([(byte)'N', (byte)'M', 5, 1, 0x02], out AlternateNameEntry current));
        Assert.True(current.IsCurrent);
        Assert.True(AlternateNameEntry.TryRead([(byte)'N', (byte)'M', 5, 1, 0x04], out AlternateNameEntry parent));
        Assert.True(parent.IsParent);
        Assert.True(AlternateNameEntry.TryRead([(byte)'N', (byte)'M', 8, 1, 0x01, (byte)'a', (byte)'b', (byte)'c'], out AlternateNameEntry part));
        Assert.True(part.Continues);
        Assert.Equal("abc"u8.ToArray(), part.Name);
        Assert.False(AlternateNameEntry.TryRead([(byte)'N', (byte)'M', 4, 1], out _));
    }
}
