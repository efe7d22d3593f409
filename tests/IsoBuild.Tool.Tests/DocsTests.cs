using System.Reflection;
using IsoBuild.Options;
using IsoBuild.Testing;

namespace IsoBuild.Tool.Tests;

/// <summary>Every error code and every image option is documented where users look for it.</summary>
public class DocsTests
{
    private static string Doc(string name) => File.ReadAllText(Path.Combine(Repository.Root, "docs", name));

    [Fact]
    public void Every_error_code_is_in_errors_md()
    {
        string docs = Doc("errors.md");
        var codes = typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToList();
        Assert.True(codes.Count >= 40);
        Assert.All(codes, c => Assert.Contains($"| {c} |", docs, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_image_option_is_in_cli_md_and_msbuild_md()
    {
        string cli = Doc("cli.md"), msbuild = Doc("msbuild.md");
        Assert.All(ImageOptions.All, o => Assert.Contains($"`{o.CliName}", cli, StringComparison.Ordinal));
        Assert.All(ImageOptions.All, o => Assert.Contains($"| `{o.MetadataName}` | `", msbuild, StringComparison.Ordinal));
    }
}
