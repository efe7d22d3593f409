using IsoBuild.Iso9660;
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

    [Fact]
    public void Many_look_alike_names_get_the_numbers_a_plain_first_free_search_gives()
    {
        // Long names that map to one ISO name, mixed with names that are themselves numbered forms.
        var random = new Random(5);
        List<string> originals = [.. Enumerable.Range(0, 3000)
            .Select(i => random.Next(4) == 0 ? $"A_RATHER_LONG_NAME_FOR_A_FILE_{random.Next(50)}.TXT" : $"a rather long name for a file in a directory {i}.txt")
            .Distinct().Order(StringComparer.Ordinal)];
        string[] natural = [.. originals.Select(n => IsoNames.FileName(n))];
        string Numbered(int i, int n) => IsoNames.NumberedFileName(originals[i], n);

        string[] result = UniqueNames.Assign(natural, Numbered, StringComparer.Ordinal, i => originals[i]);

        // The reference: every later claimant takes the first number from 1 up that is still free.
        var taken = new HashSet<string>(StringComparer.Ordinal);
        string?[] expected = new string?[natural.Length];
        var losers = new List<int>();
        for (int i = 0; i < natural.Length; i++)
        {
            if (taken.Add(natural[i]))
                expected[i] = natural[i];
            else
                losers.Add(i);
        }
        foreach (int i in losers)
        {
            int n = 1;
            while (!taken.Add(Numbered(i, n)))
                n++;
            expected[i] = Numbered(i, n);
        }
        Assert.Equal(expected, result);
        Assert.Equal(result.Length, result.Distinct(StringComparer.Ordinal).Count());
    }
}
