using IsoBuild.Sectors;
using IsoBuild.Hybrid;
using System.Text;
using IsoBuild.Reading;
using IsoBuild.RockRidge;

namespace IsoBuild.Tests.Reading;

/// <summary>SUSP/RRIP entries as our writer records them read back the same; other writers' forms are understood.</summary>
public sealed class SystemUseReaderTests
{
    private static SystemUseInfo Read(IEnumerable<byte[]> entries, int skip = 0)
    {
        byte[] area = [.. new byte[skip], .. entries.SelectMany(e => e)];
        using var source = new StreamImageSource(new MemoryStream(new byte[40 * 2048]), leaveOpen: false);
        return SystemUseReader.Read(source, area, skip, IsoReaderLimits.Default, "test");
    }

    [Theory]
    [InlineData("tool.sh")]
    [InlineData("../../hello.txt")]
    [InlineData("/usr/lib/x86_64-linux-gnu/libc.so.6")]
    [InlineData("./a/./b/../c")]
    [InlineData("dir/")]
    public void Link_targets_round_trip(string target)
    {
        string expected = target.TrimEnd('/');
        Assert.Equal(expected, Read(SuspEntry.SymbolicLink(target)).LinkTarget);
    }

    [Fact]
    public void Long_components_continue_across_entries_without_a_separator()
    {
        string target = new string('a', 300) + "/" + new string('b', 600) + "/c";
        List<byte[]> entries = SuspEntry.SymbolicLink(target).ToList();
        Assert.True(entries.Count > 3);
        Assert.Equal(target, Read(entries).LinkTarget);
    }

    [Fact]
    public void Long_names_continue_across_NM_entries()
    {
        string name = string.Concat(Enumerable.Repeat("名前", 200));
        Assert.True(SuspEntry.AlternateName(name).Count() > 2);
        SystemUseInfo info = Read([SuspEntry.PosixAttributes(0x81ED, 1, 7), .. SuspEntry.AlternateName(name), SuspEntry.Timestamps(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero))]);
        Assert.Equal(name, info.Name);
        Assert.Equal(0x81EDu, info.Mode);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero), info.Modified);
        Assert.True(info.AnyRockRidge);
    }

    [Fact]
    public void Sharing_protocol_skip_bytes_and_extension_ids_are_read()
    {
        SystemUseInfo root = Read([SuspEntry.SharingProtocol(), SuspEntry.ExtensionReference()]);
        Assert.True(root.SharingProtocol);
        Assert.Equal(0, root.SkipLength);
        Assert.Equal(["IEEE_P1282"], root.ExtensionIds);
        Assert.Equal("skipped", Read([Nm("skipped")], skip: 5).Name);
    }

    [Fact]
    public void Long_form_times_and_relocation_entries_are_read()
    {
        // TF with the long (17-byte) form: creation then modification.
        byte[] tf = new byte[4 + 1 + 2 * 17];
        tf[0] = (byte)'T'; tf[1] = (byte)'F'; tf[2] = (byte)tf.Length; tf[3] = 1;
        tf[4] = 0x80 | 0x01 | 0x02;
        Encoding.ASCII.GetBytes("2001010100000000").CopyTo(tf, 5);
        Encoding.ASCII.GetBytes("2023070809101100").CopyTo(tf, 5 + 17);
        byte[] cl = [(byte)'C', (byte)'L', 12, 1, 42, 0, 0, 0, 0, 0, 0, 42];
        byte[] re = [(byte)'R', (byte)'E', 4, 1];
        SystemUseInfo info = Read([tf, cl]);
        Assert.Equal(new DateTimeOffset(2023, 7, 8, 9, 10, 11, TimeSpan.Zero), info.Modified);
        Assert.Equal(42u, info.ChildLink);
        Assert.True(Read([re]).Relocated);
    }

    [Fact]
    public void Dot_and_dotdot_name_flags_read_as_dot_names()
    {
        Assert.Equal("..", Read([[(byte)'N', (byte)'M', 5, 1, 0x04]]).Name);
        Assert.Equal(".", Read([[(byte)'N', (byte)'M', 5, 1, 0x02]]).Name);
    }

    [Fact]
    public void Crc32_matches_the_IEEE_check_value() =>
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));

    [Theory]
    [InlineData("README.TXT;1", true, "README.TXT")]
    [InlineData("NOEXT.;1", true, "NOEXT")]
    [InlineData("DIR", true, "DIR")]
    [InlineData("name;x", true, "name;x")]
    [InlineData("Ünïcode.txt;1", false, "Ünïcode.txt")]
    [InlineData("dots.;1", false, "dots.")]
    public void Identifiers_lose_their_version_and_ISO_trailing_dot(string identifier, bool iso, string expected) =>
        Assert.Equal(expected, IsoImageReader.CleanIdentifier(identifier, stripDot: iso));

    private static byte[] Nm(string name)
    {
        byte[] n = Encoding.UTF8.GetBytes(name);
        return [(byte)'N', (byte)'M', (byte)(5 + n.Length), 1, 0, .. n];
    }
}
