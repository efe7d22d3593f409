using IsoBuild.Spec;

namespace IsoBuild.Options.Tests;

/// <summary>The engine's messages in each front door's words: flags on the command line, metadata in a project.</summary>
public class WordingTests
{
    [Theory]
    [InlineData(FrontDoor.CommandLine, "Use --iso-level 3, which records it in several extents")]
    [InlineData(FrontDoor.MSBuild, "Use IsoLevel=\"3\", which records it in several extents")]
    public void A_setting_with_a_value_is_written_as_the_door_writes_it(FrontDoor door, string expected)
    {
        ImageSpec spec = new ImageSpecBuilder().AddBytes("big", new byte[10]).Build() with { IsoLevel = 2 };
        spec = spec with { Entries = [new ImageEntry("big", EntryKind.File, new HugeContent())] };
        IsoBuildException e = Assert.Throws<IsoBuildException>(() => IsoImageBuilder.Plan(spec, "x.iso"));
        Assert.Contains(expected, Wording.Format(e, door), StringComparison.Ordinal);
        Assert.Contains("Use IsoLevel = 3", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FrontDoor.CommandLine, "which needs Rock Ridge: leave out --no-rock-ridge, or --follow-symlinks to record what it points to.")]
    [InlineData(FrontDoor.MSBuild, "which needs Rock Ridge: RockRidge=\"true\", or FollowSymlinks=\"true\" to record what it points to.")]
    public void Switches_are_worded_as_the_flag_or_its_absence(FrontDoor door, string expected)
    {
        ImageSpec spec = new ImageSpecBuilder().AddSymlink("link", "target").Build() with { RockRidge = false };
        IsoBuildException e = Assert.Throws<IsoBuildException>(() => IsoImageBuilder.Plan(spec, "x.iso"));
        Assert.EndsWith(expected, Wording.Format(e, door), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_setting_an_option_sets_is_named_by_that_option_and_hints_follow_the_door()
    {
        foreach (ImageOption option in ImageOptions.All)
        {
            Assert.Equal(option.CliName, Wording.Word(option.Setting.Named(), FrontDoor.CommandLine));
            Assert.Equal(option.MetadataName, Wording.Word(option.Setting.Named(), FrontDoor.MSBuild));
        }
        var missing = new IsoBuildException(ErrorCodes.PathNotInImage, "'/x' is not in the image.");
        Assert.EndsWith("dotnet iso ls IMAGE -R", Wording.Format(missing, FrontDoor.CommandLine), StringComparison.Ordinal);
        Assert.EndsWith("dotnet iso ls BASE.iso -R", Wording.Format(missing, FrontDoor.MSBuild), StringComparison.Ordinal);
    }

    private sealed class HugeContent : ContentSource
    {
        public override long Length => 5L << 30;
        public override string Description => "a huge file";
        public override Stream OpenRead() => throw new NotSupportedException();
    }
}
