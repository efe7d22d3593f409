using IsoBuild.RockRidge;

namespace IsoBuild.Tests.RockRidge;

public class DirectoryLinkEntryTests
{
    [Theory]
    [InlineData(SuspSignature.ChildLink, 42u)]
    [InlineData(SuspSignature.ParentLink, uint.MaxValue)]
    public void CL_and_PL_read_back_as_written(string signature, uint location)
    {
        var written = new DirectoryLinkEntry(signature, location);
        byte[] e = written.Write();
        Assert.Equal(12, e.Length);
        Assert.Equal(signature, SuspEntry.Signature(e));
        Assert.True(DirectoryLinkEntry.TryRead(e, out DirectoryLinkEntry read));
        Assert.Equal(written, read);
    }

    [Fact]
    public void A_hand_made_CL_reads_as_RRIP_describes_it()
    {
        Assert.True(DirectoryLinkEntry.TryRead([(byte)'C', (byte)'L', 12, 1, 42, 0, 0, 0, 0, 0, 0, 42], out DirectoryLinkEntry cl));
        Assert.Equal(new DirectoryLinkEntry(SuspSignature.ChildLink, 42), cl);
        Assert.False(DirectoryLinkEntry.TryRead([(byte)'C', (byte)'L', 11, 1, 42, 0, 0, 0, 0, 0, 0], out _));
    }

    [Fact]
    public void RE_is_a_header_alone()
    {
        Assert.Equal(new byte[] { (byte)'R', (byte)'E', 4, 1 }, RelocatedEntry.Write());
    }
}
