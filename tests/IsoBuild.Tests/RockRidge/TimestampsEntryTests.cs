using System.Text;
using IsoBuild.RockRidge;

namespace IsoBuild.Tests.RockRidge;

public class TimestampsEntryTests
{
    private static readonly DateTimeOffset T = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void What_IsoBuild_records_reads_back()
    {
        TimestampsEntry written = TimestampsEntry.Uniform(T);
        byte[] tf = written.Write();
        Assert.Equal(SuspEntry.TimestampsLength, tf.Length);
        Assert.Equal(0x0E, tf[4]);
        Assert.True(TimestampsEntry.TryRead(tf, out TimestampsEntry read));
        Assert.Equal(written, read);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void All_seven_times_read_back_in_either_form(bool longForm)
    {
        var written = new TimestampsEntry
        {
            Created = T.AddDays(-1),
            Modified = T,
            Accessed = T.AddSeconds(1),
            AttributesChanged = T.AddSeconds(2),
            Backup = T.AddYears(-10),
            Expires = longForm ? new DateTimeOffset(9999, 12, 31, 23, 59, 59, 990, TimeSpan.Zero) : new DateTimeOffset(2155, 12, 31, 23, 59, 59, TimeSpan.Zero),
            Effective = longForm ? new DateTimeOffset(1, 1, 1, 0, 0, 0, 10, TimeSpan.Zero) : new DateTimeOffset(1900, 1, 1, 0, 0, 1, TimeSpan.Zero),
            LongForm = longForm,
        };
        byte[] tf = written.Write();
        Assert.Equal(4 + 1 + 7 * (longForm ? 17 : 7), tf.Length);
        Assert.Equal(longForm ? 0xFF : 0x7F, tf[4]);
        Assert.True(TimestampsEntry.TryRead(tf, out TimestampsEntry read));
        Assert.Equal(written, read);
    }

    [Fact]
    public void Only_flagged_times_are_recorded_in_flag_order()
    {
        var written = new TimestampsEntry { Accessed = T, Effective = T.AddDays(1) };
        byte[] tf = written.Write();
        Assert.Equal(0x44, tf[4]);
        Assert.Equal(4 + 1 + 2 * 7, tf.Length);
        Assert.True(TimestampsEntry.TryRead(tf, out TimestampsEntry read));
        Assert.Equal(written, read);
    }

    [Fact]
    public void A_hand_made_long_form_TF_reads_as_RRIP_describes_it()
    {
        // Long form with creation then modification, the modification at GMT-5 (offset -20 quarter hours).
        byte[] tf = new byte[4 + 1 + 2 * 17];
        tf[0] = (byte)'T'; tf[1] = (byte)'F'; tf[2] = (byte)tf.Length; tf[3] = 1;
        tf[4] = 0x80 | 0x01 | 0x02;
        Encoding.ASCII.GetBytes("2001010100000000").CopyTo(tf, 5);
        Encoding.ASCII.GetBytes("2023070809101150").CopyTo(tf, 5 + 17);
        tf[5 + 17 + 16] = unchecked((byte)-20);
        Assert.True(TimestampsEntry.TryRead(tf, out TimestampsEntry read));
        Assert.True(read.LongForm);
        Assert.Equal(new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero), read.Created);
        Assert.Equal(new DateTimeOffset(2023, 7, 8, 9, 10, 11, 500, TimeSpan.FromHours(-5)), read.Modified);
        Assert.Null(read.Accessed);
    }

    [Fact]
    public void Times_the_entry_ends_before_read_as_not_recorded()
    {
        byte[] tf = TimestampsEntry.Uniform(T).Write();
        Assert.True(TimestampsEntry.TryRead(tf.AsSpan(0, 4 + 1 + 7 + 3), out TimestampsEntry read));
        Assert.Equal(T, read.Modified);
        Assert.Null(read.Accessed);
        Assert.Null(read.AttributesChanged);
        Assert.False(TimestampsEntry.TryRead(tf.AsSpan(0, 4), out _));
    }

    [Fact]
    public void A_date_that_is_no_date_reads_as_null()
    {
        byte[] tf = TimestampsEntry.Uniform(T).Write();
        tf[5 + 1] = 13; // month 13 in the modification date
        Assert.True(TimestampsEntry.TryRead(tf, out TimestampsEntry read));
        Assert.Null(read.Modified);
        Assert.Equal(T, read.Accessed);
    }
}
