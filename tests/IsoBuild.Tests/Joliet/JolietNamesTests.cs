using IsoBuild.Joliet;

namespace IsoBuild.Tests.Joliet;

public class JolietNamesTests
{
    [Fact]
    public void Names_that_fit_are_kept_exactly()
    {
        Assert.Equal("Ünïcödé ñ 日本語.txt", JolietNames.Name("Ünïcödé ñ 日本語.txt", isDirectory: false));
        Assert.Equal("readme", JolietNames.Name("readme", isDirectory: false));
    }

    [Fact]
    public void Forbidden_characters_become_underscores()
    {
        Assert.Equal("a_b_c_d_e_f.txt", JolietNames.Name("a*b:c;d?e\\f.txt", isDirectory: false));
    }

    [Fact]
    public void Long_file_names_are_cut_to_62_characters_plus_version_keeping_the_extension()
    {
        string name = JolietNames.Name(new string('n', 200) + ".txt", isDirectory: false);
        Assert.Equal(JolietNames.MaxLength - JolietNames.Version.Length, name.Length);
        Assert.EndsWith("n.txt", name, StringComparison.Ordinal);
        Assert.Equal(JolietNames.MaxLength, JolietNames.Name(new string('d', 100), isDirectory: true).Length);
    }

    [Fact]
    public void Numbered_names_put_the_number_before_the_extension()
    {
        Assert.Equal("file~2.txt", JolietNames.Numbered("file.txt", isDirectory: false, 2));
        string n = JolietNames.Numbered(new string('n', 200) + ".txt", isDirectory: false, 3);
        Assert.EndsWith("~3.txt", n, StringComparison.Ordinal);
        Assert.Equal(62, n.Length);
    }

    [Fact]
    public void Characters_outside_UCS_2_become_one_underscore_each()
    {
        Assert.Equal("emoji _ file _.txt", JolietNames.Name("emoji 😀 file 𝄞.txt", isDirectory: false));
        Assert.Equal("lone _", JolietNames.Name("lone \uD800", isDirectory: false));
        Assert.DoesNotContain(JolietNames.Name(new string('a', 60) + "😀😀😀.txt", isDirectory: false), char.IsSurrogate);
    }
}
