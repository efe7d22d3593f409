using IsoBuild.Iso9660;

namespace IsoBuild.Tests.Iso9660;

public class IsoDateTests
{
    [Fact]
    public void Record_date_is_years_since_1900_in_utc()
    {
        byte[] b = new byte[7];
        IsoDate.WriteRecordDate(b, new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(2)));
        Assert.Equal(new byte[] { 124, 5, 6, 5, 8, 9, 0 }, b);
        Assert.Equal(new DateTimeOffset(2024, 5, 6, 5, 8, 9, TimeSpan.Zero), IsoDate.ReadRecordDate(b));
    }

    [Fact]
    public void Volume_date_is_digits_and_zero_offset()
    {
        byte[] b = new byte[17];
        IsoDate.WriteVolumeDate(b, new DateTimeOffset(1999, 12, 31, 23, 59, 58, TimeSpan.Zero));
        Assert.Equal("1999123123595800"u8.ToArray(), b[..16]);
        Assert.Equal(0, b[16]);
        Assert.Equal(new DateTimeOffset(1999, 12, 31, 23, 59, 58, TimeSpan.Zero), IsoDate.ReadVolumeDate(b));
    }

    [Fact]
    public void Unspecified_volume_date_is_all_zero_digits()
    {
        byte[] b = new byte[17];
        IsoDate.WriteVolumeDate(b, null);
        Assert.Equal("0000000000000000"u8.ToArray(), b[..16]);
        Assert.Null(IsoDate.ReadVolumeDate(b));
    }
}
