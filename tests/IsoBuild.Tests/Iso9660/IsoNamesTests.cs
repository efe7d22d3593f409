using IsoBuild.Iso9660;

namespace IsoBuild.Tests.Iso9660;

public class IsoNamesTests
{
    [Theory]
    [InlineData("readme.txt", "README.TXT")]
    [InlineData("README", "README.")]
    [InlineData("my file-1.tar.gz", "MY_FILE_1_TAR.GZ")]
    [InlineData(".bashrc", ".BASHRC")]
    [InlineData("Ünïcødé.txt", "_N_C_D_.TXT")]
    [InlineData("\u0131d\u017Fa.txt", "_D_A.TXT")] // dotless i and long s: Unicode upper-cases them to I and S; only a-z are upper-cased
    [InlineData("a_very_long_file_name_that_goes_on_and_on.text", "A_VERY_LONG_FILE_NAME_THAT.TEXT")]
    [InlineData("name.averyveryverylongextensionthatislong", "NAME.AVERYVER")]
    public void File_names_map_to_d_characters(string name, string expected)
    {
        string mapped = IsoNames.FileName(name);
        Assert.Equal(expected, mapped);
        Assert.True(mapped.Replace(".", "", StringComparison.Ordinal).All(IsoNames.IsDCharacter));
        Assert.True(mapped.Length - 1 <= IsoNames.MaxFileNameAndExtension);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_file_name_made_at_once_is_its_mapped_name_and_extension_joined_by_a_dot(bool level1)
    {
        var random = new Random(24);
        const string alphabet = "abcXYZ019._-~ éü";
        string[] names = [.. Enumerable.Range(0, 2000).Select(_ => new string([.. Enumerable.Range(0, random.Next(1, 50)).Select(_ => alphabet[random.Next(alphabet.Length)])])),
            ".", "..", "a.", ".b", new string('n', 40) + "." + new string('e', 20)];
        foreach (string name in names)
        {
            (string b, string e) = IsoNames.SplitFileName(name, level1);
            Assert.Equal(b + "." + e, IsoNames.FileName(name, level1));
        }
    }

    [Fact]
    public void Directory_names_have_no_dot_and_at_most_31_characters()
    {
        Assert.Equal("V1_2", IsoNames.DirectoryName("v1.2"));
        Assert.Equal(31, IsoNames.DirectoryName(new string('x', 40)).Length);
    }

    [Fact]
    public void Numbered_names_keep_the_extension_and_the_length_limit()
    {
        Assert.Equal("README_1.TXT", IsoNames.NumberedFileName("readme.txt", 1));
        string n = IsoNames.NumberedFileName(new string('a', 40) + ".txt", 12);
        Assert.EndsWith("_12.TXT", n, StringComparison.Ordinal);
        Assert.Equal(IsoNames.MaxFileNameAndExtension + 1, n.Length);
        Assert.Equal(IsoNames.MaxDirectoryName, IsoNames.NumberedDirectoryName(new string('d', 40), 7).Length);
    }

    [Fact]
    public void Ordering_compares_name_then_extension()
    {
        Assert.True(IsoNames.Compare("A.B;1", "A1.B;1") < 0);
        Assert.True(IsoNames.Compare("AB.C;1", "A.CD;1") > 0);
        Assert.True(IsoNames.Compare("A.TXT;1", "A_B.TXT;1") < 0);
        Assert.Equal(0, IsoNames.Compare("X.Y;1", "X.Y"));
    }
}
