using IsoBuild.Layout;
using IsoBuild.RockRidge;

namespace IsoBuild.Tests.Layout;

public class SystemUsePlanTests
{
    private static List<byte[]> Entries(params int[] lengths) => lengths.Select(l => new byte[l]).ToList();

    [Fact]
    public void Entries_that_fit_stay_in_the_record()
    {
        SystemUsePlan plan = SystemUsePlan.Create(Entries(44, 26, 20), 100);
        Assert.Equal(3, plan.InRecordCount);
        Assert.Equal(90, plan.InRecordLength);
        Assert.Empty(plan.Areas);
    }

    [Fact]
    public void Overflow_moves_to_a_continuation_area_behind_a_CE_entry()
    {
        SystemUsePlan plan = SystemUsePlan.Create(Entries(44, 26, 209), 188);
        Assert.Equal(2, plan.InRecordCount);
        Assert.Equal(44 + 26 + SuspEntry.ContinuationLength, plan.InRecordLength);
        (int start, int count, int length) = Assert.Single(plan.Areas);
        Assert.Equal((2, 1, 209), (start, count, length));
    }

    [Fact]
    public void More_than_a_block_chains_areas_and_none_exceeds_a_block()
    {
        List<byte[]> entries = Entries(Enumerable.Repeat(250, 20).ToArray());
        SystemUsePlan plan = SystemUsePlan.Create(entries, 150);
        Assert.True(plan.Areas.Count >= 3);
        Assert.All(plan.Areas, a => Assert.True(a.Length <= 2048));
        Assert.Equal(20, plan.InRecordCount + plan.Areas.Sum(a => a.Count));
        Assert.All(plan.Areas.SkipLast(1), a => Assert.Equal(a.Count * 250 + SuspEntry.ContinuationLength, a.Length));
    }
}
