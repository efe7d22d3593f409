using IsoBuild.Spec;

namespace IsoBuild.Tests.Spec;

public class BuildTimestampTests
{
    [Fact]
    public void Default_is_1980_when_nothing_is_given()
    {
        Assert.Equal(new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero), BuildTimestamp.Resolve(null, null));
    }

    [Fact]
    public void SOURCE_DATE_EPOCH_wins_over_the_option()
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), BuildTimestamp.Resolve("2001-01-01", "1700000000"));
    }

    [Theory]
    [InlineData("1700000000", 1700000000)]
    [InlineData("2023-11-14T22:13:20Z", 1700000000)]
    [InlineData("2023-11-15T00:13:20+02:00", 1700000000)]
    [InlineData("2023-11-14T22:13:20", 1700000000)]
    [InlineData("2023-11-14T22:13:20.999Z", 1700000000)]
    public void Option_takes_unix_seconds_or_ISO_8601(string text, long expected)
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(expected), BuildTimestamp.Resolve(text, null));
        Assert.Equal(TimeSpan.Zero, BuildTimestamp.Resolve(text, null).Offset);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("-5")]
    [InlineData("100")]
    [InlineData("99999999999")]
    public void Bad_timestamps_get_ISO0006(string text)
    {
        var e = Assert.Throws<IsoBuildException>(() => BuildTimestamp.Resolve(text, null));
        Assert.Equal(ErrorCodes.InvalidTimestamp, e.Code);
    }
}
