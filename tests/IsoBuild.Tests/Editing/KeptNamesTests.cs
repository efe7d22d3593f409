using IsoBuild.Layout;

namespace IsoBuild.Tests.Editing;

/// <summary>Which names of a base image an edit keeps: those still valid for the new image's level.</summary>
public sealed class KeptNamesTests
{
    [Theory]
    [InlineData("README.TXT", false, false, "README.TXT")]
    [InlineData("MACH_KERNEL", false, false, "MACH_KERNEL.")]
    [InlineData("MACH_KERNEL.", false, false, "MACH_KERNEL.")]
    [InlineData("readme.txt", false, false, null)]
    [InlineData("A.B.C", false, false, null)]
    [InlineData("A_VERY_LONG_NAME_OF_THIRTY_ONE.X", false, false, null)]
    [InlineData("LONGNAME1.TXT", false, true, null)]
    [InlineData("LONG.TXT", false, true, "LONG.TXT")]
    [InlineData("BOOT", true, false, "BOOT")]
    [InlineData("BOOT.D", true, false, null)]
    [InlineData("ELEVEN_CHAR", true, true, null)]
    public void Iso_names_are_kept_where_still_valid(string recorded, bool directory, bool level1, string? kept) =>
        Assert.Equal(kept, KeptNames.Iso(recorded, directory, level1));

    [Theory]
    [InlineData("Readme.txt", "Readme.txt")]
    [InlineData("A rather long file name with spaces and more than sixty-four .txt", "A rather long file name with spaces and more than sixty-four .txt")]
    [InlineData("bad:name", null)]
    [InlineData("", null)]
    public void Joliet_names_are_kept_where_still_valid(string recorded, string? kept) =>
        Assert.Equal(kept, KeptNames.Joliet(recorded));
}
