using IsoBuild.Tool.Mkisofs;

namespace IsoBuild.Tool.Tests.Mkisofs;

/// <summary>Option values as xorriso reads them: GUIDs, partition types, intervals, modes, dates, platforms.</summary>
public class ValueTests
{
    [Theory]
    [InlineData("C12A7328-F81F-11D2-BA4B-00A0C93EC93B", "28732ac11ff8d211ba4b00a0c93ec93b")]
    [InlineData("EBD0A0A2-B9E5-4433-87C0-68B6B72699C7", "a2a0d0ebe5b9334487c068b6b72699c7")]
    [InlineData("48465300-0000-11AA-AA11-00306543ECAC", "005346480000AA11AA1100306543ECAC")]
    public void A_guid_as_text_and_as_32_hex_digits_in_disk_order_are_the_same(string text, string diskOrder)
    {
        Guid fromText = MkisofsValues.Guid(text)!.Value;
        Assert.Equal(fromText, MkisofsValues.Guid(diskOrder));
        Assert.Equal(Convert.FromHexString(diskOrder), fromText.ToByteArray());
    }

    [Theory]
    [InlineData("C12A7328F81F11D2BA4B00A0C93EC93B0")]
    [InlineData("{C12A7328-F81F-11D2-BA4B-00A0C93EC93B}")]
    [InlineData("C12A7328-F81F-11D2-BA4B-00A0C93EC93G")]
    [InlineData("28732ac11ff8d211ba4b00a0c93ec93")]
    public void Other_guid_spellings_are_not_guids(string text) => Assert.Null(MkisofsValues.Guid(text));

    [Theory]
    [InlineData("FAT12", 0x01, null)]
    [InlineData("FAT16", 0x06, null)]
    [InlineData("Linux", 0x83, null)]
    [InlineData("0xef", 0xEF, null)]
    [InlineData("0x0", 0x00, null)]
    [InlineData("0xEF", 0xEF, null)]
    [InlineData("C12A7328-F81F-11D2-BA4B-00A0C93EC93B", 0xEF, "C12A7328-F81F-11D2-BA4B-00A0C93EC93B")]
    [InlineData("a2a0d0ebe5b9334487c068b6b72699c7", 0x83, "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7")]
    public void Appended_partition_types(string text, int mbr, string? gpt)
    {
        Assert.Equal(new MkisofsPartitionType((byte)mbr, gpt is null ? null : new Guid(gpt)), MkisofsValues.AppendedPartitionType("-append_partition", text));
    }

    [Theory]
    [InlineData("0x83", 0x83, null)]
    [InlineData("23", 23, null)]
    [InlineData("0", 0, null)]
    [InlineData("EBD0A0A2-B9E5-4433-87C0-68B6B72699C7", 0x83, "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7")]
    public void Iso_partition_types(string text, int mbr, string? gpt)
    {
        Assert.Equal(new MkisofsPartitionType((byte)mbr, gpt is null ? null : new Guid(gpt)), MkisofsValues.IsoPartitionType("-iso_mbr_part_type", text));
        Assert.Null(MkisofsValues.IsoPartitionType("-iso_mbr_part_type", "default"));
    }

    [Fact]
    public void Intervals_scale_their_numbers_and_a_scaled_end_is_the_last_byte_of_its_unit()
    {
        MkisofsDiskSource source = MkisofsValues.DiskSource("--grub2-mbr", "--interval:local_fs:0d-0d:zero_mbrpt,zero_apm,440-443,1k-2k:/tmp/my:image.iso");
        MkisofsDiskInterval interval = source.Interval!;
        Assert.Equal(("/tmp/my:image.iso", 0L, 511L), (interval.Path, interval.StartByte, interval.EndByte));
        Assert.Equal((true, false, true), (interval.ZeroMbrPartitionTable, interval.ZeroGpt, interval.ZeroApm));
        Assert.Equal([(440L, 443L), (1024L, 3071L)], interval.ZeroRanges);
        Assert.Equal("/tmp/my:image.iso", source.Path);

        Assert.Equal((2048L, (2048L * 3) - 1), Range("--interval:local_fs:1s-2s::f"));
        Assert.Equal((0L, (2L * 1024 * 1024) - 1), Range("--interval:local_fs:0-1m::f"));
        Assert.Equal((5L, 9L), Range("--interval:local_fs:5-9::f"));

        static (long, long) Range(string text) => MkisofsValues.DiskSource("-G", text).Interval is { } i ? (i.StartByte, i.EndByte) : default;
    }

    [Theory]
    [InlineData("--interval:imported_iso:0-100::", true)]
    [InlineData("--interval:local_fs:0-100:x", false)]
    [InlineData("--interval:local_fs:100-0::f", false)]
    [InlineData("--interval:local_fs:0-1q::f", false)]
    [InlineData("--interval:local_fs:0-100:zero_all:f", false)]
    [InlineData("--interval:local_fs:0-100::", false)]
    [InlineData("--interval:remote:0-100::f", false)]
    public void Bad_intervals_are_refused(string text, bool declined)
    {
        MkisofsUsageException e = Assert.Throws<MkisofsUsageException>(() => MkisofsValues.DiskSource("-G", text));
        Assert.Equal(declined ? MkisofsRefusal.Declined : MkisofsRefusal.BadValue, e.Refusal);
        Assert.Equal("-G", e.Option);
    }

    [Theory]
    [InlineData("0644", "644")]
    [InlineData("0", "0")]
    [InlineData("04755", "4755")]
    [InlineData("a+r", "444")]
    [InlineData("u+rwx,go+rx", "755")]
    [InlineData("a=r,u+w", "644")]
    [InlineData("a+rwx,o-w", "775")]
    [InlineData("u+s,g+s,o+t", "7000")]
    [InlineData("ug=rw,o=", "660")]
    public void Modes_are_exact(string text, string octal)
    {
        Assert.Equal(Convert.ToInt32(octal, 8), MkisofsValues.Mode("-file-mode", text));
    }

    [Theory]
    [InlineData("x86", 0)]
    [InlineData("PPC", 1)]
    [InlineData("Mac", 2)]
    [InlineData("efi", 0xEF)]
    [InlineData("0xef", 0xEF)]
    [InlineData("239", 0xEF)]
    [InlineData("0", 0)]
    public void Platforms(string text, int id) => Assert.Equal((byte)id, MkisofsValues.Platform("-eltorito-platform", text));

    [Theory]
    [InlineData("2023111422132000", "2023-11-14T22:13:20.000+00:00")]
    [InlineData("1970010100000000", "1970-01-01T00:00:00.000+00:00")]
    [InlineData("2999123123595999", "2999-12-31T23:59:59.990+00:00")]
    public void Modification_dates_are_utc_with_hundredths(string text, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), MkisofsValues.ModificationDate("--modification-date", text));
    }

    [Theory]
    [InlineData("graft", false, null, "graft")]
    [InlineData(@"a\=b", false, null, @"a\=b")]
    [InlineData(@"a\=b", true, null, "a=b")]
    [InlineData(@"a\\=b", true, @"a\", "b")]
    [InlineData(@"a\\\=b=c", true, @"a\=b", "c")]
    [InlineData(@"x\y=z", true, @"x\y", "z")]
    public void Pathspecs_split_and_unescape(string pathspec, bool graftPoints, string? target, string source)
    {
        Assert.Equal((target, source), MkisofsPaths.SplitPathspec(pathspec, graftPoints));
    }

    [Theory]
    [InlineData("/", "a/b", "/a/b")]
    [InlineData("/", "/a//b/", "/a/b")]
    [InlineData("/r", "/a", "/r/a")]
    [InlineData("/r", "./a/../b", "/r/b")]
    [InlineData("/", "../../x", "/x")]
    [InlineData("/", "", "/")]
    public void Image_paths_join_below_the_root(string root, string path, string expected) => Assert.Equal(expected, MkisofsPaths.Join(root, path));
}
