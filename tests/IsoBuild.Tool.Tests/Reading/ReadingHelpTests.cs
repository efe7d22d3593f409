using IsoBuild.Testing;

namespace IsoBuild.Tool.Tests.Reading;

/// <summary>Every reading command has help and a section in docs/cli.md (DocsTests checks the error codes).</summary>
public sealed class ReadingHelpTests
{
    [Theory]
    [InlineData("ls", "--recursive")]
    [InlineData("info", "--json")]
    [InlineData("extract", "--output")]
    [InlineData("verify", "IMAGE")]
    [InlineData("diff", "--json")]
    [InlineData("edit", "--remove")]
    public void Commands_have_help_and_docs(string command, string option)
    {
        CliResult help = ReadingCli.Run(command, "--help").Succeeded();
        Assert.Contains(option, help.Output, StringComparison.Ordinal);
        string docs = File.ReadAllText(Path.Combine(Repository.Root, "docs", "cli.md"));
        Assert.Contains($"### `dotnet iso {command}`", docs, StringComparison.Ordinal);
        Assert.Contains(command, ReadingCli.Run("--help").Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Edit_help_offers_the_pack_options()
    {
        string help = ReadingCli.Run("edit", "--help").Succeeded().Output;
        foreach (IsoBuild.Options.ImageOption option in IsoBuild.Options.ImageOptions.All)
            Assert.Contains(option.CliName, help, StringComparison.Ordinal);
    }
}
