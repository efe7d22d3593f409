namespace IsoBuild.Options.Tests;

public class SuggestionsTests
{
    private static readonly string[] Known = ["SourceDirectory", "Sources", "VolumeId", "Publisher", "--volume-id", "--recursive"];

    [Theory]
    [InlineData("SourceDir", "SourceDirectory")]     // a prefix
    [InlineData("sourcedirectory", "SourceDirectory")] // case
    [InlineData("Publsher", "Publisher")]            // an edit
    [InlineData("--volume", "--volume-id")]
    [InlineData("--recursiv", "--recursive")]
    [InlineData("Frobnicate", null)]                 // nothing close
    public void The_closest_known_name_or_none(string name, string? expected) =>
        Assert.Equal(expected, Suggestions.Closest(name, Known));

    [Fact]
    public void Synonyms_name_what_a_guess_meant() =>
        Assert.Equal("VolumeId", Suggestions.Closest("VolumeLabel", Known, new Dictionary<string, string> { ["VolumeLabel"] = "VolumeId" }));
}
