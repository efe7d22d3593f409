using IsoBuild.Layout;

namespace IsoBuild.Tests.Layout;

public class UniqueNamesTests
{
    [Fact]
    public void First_claimant_keeps_the_name_and_later_ones_are_numbered()
    {
        string[] natural = ["A.TXT", "A.TXT", "B.TXT", "A.TXT"];
        string[] result = UniqueNames.Assign(natural, (i, n) => $"A_{n}.TXT", StringComparer.Ordinal, i => $"#{i}");
        Assert.Equal(["A.TXT", "A_1.TXT", "B.TXT", "A_2.TXT"], result);
    }

    [Fact]
    public void Numbered_names_avoid_natural_names_of_later_siblings()
    {
        // "A_1.TXT" is someone's natural name, so the renamed duplicate must skip it.
        string[] natural = ["A.TXT", "A.TXT", "A_1.TXT"];
        string[] result = UniqueNames.Assign(natural, (i, n) => $"A_{n}.TXT", StringComparer.Ordinal, i => $"#{i}");
        Assert.Equal(["A.TXT", "A_2.TXT", "A_1.TXT"], result);
        Assert.Equal(result.Length, result.Distinct().Count());
    }

    [Fact]
    public void When_no_name_can_be_made_the_error_is_coded()
    {
        var e = Assert.Throws<IsoBuildException>(() =>
            UniqueNames.Assign(["X", "X"], (i, n) => "X", StringComparer.Ordinal, i => "/x"));
        Assert.Equal(ErrorCodes.NameCollision, e.Code);
        Assert.Contains("/x", e.Message, StringComparison.Ordinal);
    }
}
