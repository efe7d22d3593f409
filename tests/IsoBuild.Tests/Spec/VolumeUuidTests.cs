using IsoBuild.Spec;

namespace IsoBuild.Tests.Spec;

/// <summary>A volume UUID is written and read as blkid and GRUB print it, and as the 16 digits xorriso takes.</summary>
public class VolumeUuidTests
{
    [Theory]
    [InlineData("2024-05-01-12-34-56-78", "2024-05-01-12-34-56-78")]
    [InlineData("2024050112345678", "2024-05-01-12-34-56-78")]
    [InlineData("  1980-01-01-00-00-00-00 ", "1980-01-01-00-00-00-00")]
    [InlineData("2024-02-29-23-59-59-99", "2024-02-29-23-59-59-99")]
    [InlineData("9999-12-31-23-59-59-99", "9999-12-31-23-59-59-99")]
    [InlineData("0001-01-01-00-00-00-00", "0001-01-01-00-00-00-00")]
    public void Both_forms_parse_to_the_form_blkid_prints(string text, string expected)
    {
        VolumeUuid uuid = VolumeUuid.Parse(text);
        Assert.Equal(expected, uuid.ToString());
        Assert.Equal(TimeSpan.Zero, uuid.Date.Offset);
        Assert.Equal(uuid, VolumeUuid.Parse(uuid.ToString()));
    }

    [Fact]
    public void The_date_carries_the_hundredths()
    {
        VolumeUuid uuid = VolumeUuid.Parse("2024-05-01-12-34-56-78");
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 34, 56, 780, TimeSpan.Zero), uuid.Date);
    }

    [Theory]
    [InlineData("")]
    [InlineData("auto")]
    [InlineData("2024-05-01-12-34-56")]
    [InlineData("2024-05-01-12-34-56-789")]
    [InlineData("2024/05/01/12/34/56/78")]
    [InlineData("2024-05-01 12-34-56-78")]
    [InlineData("202405011234567")]
    [InlineData("20240501123456789")]
    [InlineData("2024-13-01-12-34-56-78")]
    [InlineData("2023-02-29-12-34-56-78")]
    [InlineData("2024-04-31-00-00-00-00")]
    [InlineData("2024-05-01-24-00-00-00")]
    [InlineData("2024-05-01-12-60-00-00")]
    [InlineData("2024-05-01-12-34-60-00")]
    [InlineData("0000-00-00-00-00-00-00")]
    [InlineData("2024-05-01-12-34-56-7x")]
    [InlineData("２０２４0501123456７8")]
    [InlineData("ffc3b4f2-6c3d-4a1e-9d3c-2f7c1a8e5b10")]
    public void Anything_else_is_ISO0020_naming_the_setting(string text)
    {
        Assert.False(VolumeUuid.TryParse(text, out _));
        IsoBuildException e = Assert.Throws<IsoBuildException>(() => VolumeUuid.Parse(text));
        Assert.Equal(ErrorCodes.InvalidVolumeUuid, e.Code);
        Assert.Contains(e.Settings, s => s.Setting == ImageSetting.VolumeUuid);
        Assert.Contains($"'{text}' is not a volume UUID", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_date_becomes_the_UUID_of_its_UTC_digits_cut_to_hundredths()
    {
        var local = new DateTimeOffset(2024, 5, 1, 14, 34, 56, TimeSpan.FromHours(2)).AddTicks(7_891_234);
        VolumeUuid uuid = VolumeUuid.FromDate(local);
        Assert.Equal("2024-05-01-12-34-56-78", uuid.ToString());
        Assert.Equal(VolumeUuid.Parse("2024050112345678"), uuid);
        Assert.NotEqual(VolumeUuid.Parse("2024050112345679"), uuid);
        Assert.Equal(VolumeUuid.Parse("2024050112345678").GetHashCode(), uuid.GetHashCode());
    }
}
