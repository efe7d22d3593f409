using IsoBuild.Spec;

namespace IsoBuild.Options.Tests;

/// <summary>The option table: each option once, for both doors, its values parsed with coded errors in the door's words.</summary>
public class ImageOptionsTests
{
    private static readonly ImageOptionContext CommandLine = new("/", FrontDoor.CommandLine);
    private static readonly ImageOptionContext MSBuild = new("/", FrontDoor.MSBuild);

    [Fact]
    public void Names_are_unique_and_each_option_sets_its_own_setting()
    {
        Assert.Equal(ImageOptions.All.Count, ImageOptions.All.Select(o => o.CliName).Distinct().Count());
        Assert.Equal(ImageOptions.All.Count, ImageOptions.All.Select(o => o.MetadataName).Distinct().Count());
        Assert.Equal(ImageOptions.All.Count, ImageOptions.All.Select(o => o.Setting).Distinct().Count());
        Assert.All(ImageOptions.All, o => Assert.StartsWith("--", o.CliName, StringComparison.Ordinal));
    }

    [Fact]
    public void Values_apply_to_the_spec()
    {
        ImageSpec spec = new ImageSpecBuilder().Build();
        var values = new Dictionary<string, string>
        {
            ["VolumeId"] = "VOL", ["Joliet"] = "false", ["IsoLevel"] = "2", ["Timestamp"] = "1700000000", ["BiosBoot"] = "boot/x.img",
            ["BootLoadSize"] = "8",
        };
        ImageSpec applied = ImageOptions.Apply(spec, o => values.GetValueOrDefault(o.MetadataName), MSBuild);
        Assert.Equal(("VOL", false, 2, 1700000000L, "boot/x.img", 8),
            (applied.VolumeId, applied.Joliet, applied.IsoLevel, applied.Timestamp.ToUnixTimeSeconds(), applied.Boot!.BiosImage, applied.Boot.BiosLoadSize));
        // SOURCE_DATE_EPOCH, given by the door, wins over the option.
        ImageSpec dated = ImageOptions.Apply(spec, o => values.GetValueOrDefault(o.MetadataName), MSBuild with { SourceDateEpoch = "1600000000" });
        Assert.Equal(1600000000L, dated.Timestamp.ToUnixTimeSeconds());
    }

    [Theory]
    [InlineData("IsoLevel", "4", "--iso-level 4 is not an ISO 9660 level", "IsoLevel=\"4\" is not an ISO 9660 level")]
    [InlineData("Joliet", "maybe", "--no-joliet maybe is not a boolean", "Joliet=\"maybe\" is not a boolean")]
    [InlineData("BootLoadSize", "four", "--boot-load-size four is not a whole number", "BootLoadSize=\"four\" is not a whole number")]
    public void A_bad_value_is_ISO0018_in_the_door_s_words(string option, string value, string commandLine, string msbuild)
    {
        ImageSpec spec = new ImageSpecBuilder().Build();
        foreach ((ImageOptionContext context, string expected) in new[] { (CommandLine, commandLine), (MSBuild, msbuild) })
        {
            IsoBuildException e = Assert.Throws<IsoBuildException>(() => ImageOptions.Apply(spec, o => o.MetadataName == option ? value : null, context));
            Assert.Equal(ErrorCodes.InvalidOption, e.Code);
            Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
        }
    }
}
