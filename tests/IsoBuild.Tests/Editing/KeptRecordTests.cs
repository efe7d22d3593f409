using IsoBuild.Editing;
using IsoBuild.Iso9660;
using IsoBuild.Reading;
using IsoBuild.Spec;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Editing;

/// <summary>
/// An edit keeps what it was not asked to change: every untouched entry's Rock Ridge attributes, record dates and
/// ISO 9660 and Joliet names, and every field of the volume descriptors; added files get IsoBuild's normalised
/// attributes and the build timestamp.
/// </summary>
[Trait(Category.Name, Category.External)]
public sealed class KeptRecordTests : IDisposable
{
    private static readonly DateTimeOffset BuildTime = new(2024, 2, 3, 4, 5, 6, TimeSpan.Zero);
    private const string LongName = "A rather long file name with spaces and more than sixty-four characters in it.txt";
    private readonly TempDirectory _dir = new("kept-records");

    public void Dispose() => _dir.Dispose();

    /// <summary>An xorriso image with owners, groups, modes, times, long names and every descriptor field set.</summary>
    private string XorrisoBase()
    {
        string src = _dir.CreateDirectory("src");
        Directory.CreateDirectory(Path.Combine(src, "etc"));
        Directory.CreateDirectory(Path.Combine(src, "bin"));
        Directory.CreateDirectory(Path.Combine(src, "docs"));
        File.WriteAllText(Path.Combine(src, "README.txt"), "read me");
        File.WriteAllText(Path.Combine(src, "etc", "config.cfg"), "old config");
        File.WriteAllText(Path.Combine(src, "etc", "remove.me"), "gone");
        File.WriteAllText(Path.Combine(src, "bin", "tool.sh"), "#!/bin/sh\n");
        File.WriteAllText(Path.Combine(src, "docs", LongName), "long");
        File.CreateSymbolicLink(Path.Combine(src, "link"), "README.txt");
        File.SetLastWriteTimeUtc(Path.Combine(src, "README.txt"), new DateTime(2019, 5, 6, 7, 8, 9, DateTimeKind.Utc));
        string image = _dir.Combine("base.iso");
        ExternalTool.Run("xorriso", "-outdev", image, "-volid", "BASEVOL", "-publisher", "Pub lisher", "-application_id", "An app",
            "-system_id", "SYSID", "-volset_id", "VOLSET", "-copyright_file", "COPY.TXT", "-abstract_file", "ABS.TXT",
            "-biblio_file", "BIB.TXT", "-preparer_id", "Prep", "-joliet", "on",
            "-volume_date", "c", "2019050607080900", "-volume_date", "x", "2031050607080900",
            "-map", src, "/", "-chown_r", "1000", "/", "--", "-chgrp", "1234", "/etc", "--", "-chmod", "0750", "/bin/tool.sh", "--",
            "-chmod", "0555", "/etc", "--", "-alter_date", "a", "2018010203040500", "/etc/config.cfg", "--", "-commit").EnsureSuccess();
        return image;
    }

    private string Edit(string baseImage, string output)
    {
        ImageSpecBuilder builder = new ImageSpecBuilder(_dir.Path).AddBaseImage(baseImage, ["etc/remove.me"]);
        builder.AddBytes("etc/config.cfg", "new config"u8.ToArray());
        builder.AddBytes("added/new.txt", "new"u8.ToArray());
        IsoImageBuilder.Build(builder.Build() with { Timestamp = BuildTime }, output);
        return output;
    }

    private static Dictionary<string, IsoEntry> Entries(IsoImageReader image)
    {
        var all = image.EnumerateDescendants().ToDictionary(e => e.Path, StringComparer.Ordinal);
        all["/"] = image.Root;
        return all;
    }

    [Fact]
    public void Untouched_entries_keep_their_attributes_dates_and_names_and_added_ones_are_normalised()
    {
        string baseImage = XorrisoBase();
        string edited = Edit(baseImage, _dir.Combine("edited.iso"));
        using IsoImageReader a = IsoImageReader.Open(baseImage);
        using IsoImageReader b = IsoImageReader.Open(edited);
        Dictionary<string, IsoEntry> before = Entries(a);
        Dictionary<string, IsoEntry> after = Entries(b);
        string[] changed = ["/etc/config.cfg", "/etc/remove.me", "/added", "/added/new.txt"];
        Assert.Equal(before.Keys.Except(changed).Order(StringComparer.Ordinal), after.Keys.Except(changed).Order(StringComparer.Ordinal));
        int compared = 0;
        foreach (string path in before.Keys.Except(changed))
        {
            EntryAttributes x = before[path].Recorded!;
            EntryAttributes y = after[path].Recorded!;
            Assert.True(x.Mode == y.Mode, $"{path}: mode {x.Mode} -> {y.Mode}");
            Assert.True((x.UserId, x.GroupId) == (y.UserId, y.GroupId), $"{path}: owner {x.UserId}:{x.GroupId} -> {y.UserId}:{y.GroupId}");
            Assert.True(x.Times!.Write().AsSpan().SequenceEqual(y.Times!.Write()), $"{path}: Rock Ridge times differ");
            Assert.True(x.RecordDate == y.RecordDate, $"{path}: record date {x.RecordDate} -> {y.RecordDate}");
            Assert.True(x.IsoName == y.IsoName, $"{path}: ISO 9660 name {x.IsoName} -> {y.IsoName}");
            if (before[path].Kind != EntryKind.Directory)
                Assert.True(x.Links == y.Links, $"{path}: links {x.Links} -> {y.Links}");
            compared++;
        }
        Assert.Equal(8, compared);
        // The facts the base was made with, seen through the edit.
        Assert.Equal(0x416Du, after["/etc"].Recorded!.Mode); // 040555
        Assert.Equal(1234u, after["/etc"].Recorded!.GroupId);
        Assert.Equal(0x81E8u, after["/bin/tool.sh"].Recorded!.Mode);
        Assert.Equal(1000u, after["/bin/tool.sh"].Recorded!.UserId);
        Assert.Equal(new DateTimeOffset(2019, 5, 6, 7, 8, 9, TimeSpan.Zero), after["/README.txt"].ModifiedTime!.Value.ToUniversalTime());

        // Added and replaced files: normalised attributes and the build timestamp.
        foreach (string path in new[] { "/etc/config.cfg", "/added/new.txt" })
        {
            EntryAttributes y = after[path].Recorded!;
            Assert.Equal(0x81A4u, y.Mode);
            Assert.Equal((0u, 0u), (y.UserId, y.GroupId));
            Assert.Equal(BuildTime, y.Times!.Modified);
            Assert.Equal(BuildTime, y.RecordDate);
        }
        Assert.Equal(BuildTime, after["/added"].Recorded!.RecordDate);

        // Joliet: the same names, the long one as the base truncated it.
        using IsoImageReader ja = IsoImageReader.Open(baseImage, IsoNamespace.Joliet);
        using IsoImageReader jb = IsoImageReader.Open(edited, IsoNamespace.Joliet);
        Assert.Equal(
            ja.EnumerateDescendants().Select(e => e.Path).Except(["/etc/remove.me"]).Order(StringComparer.Ordinal),
            jb.EnumerateDescendants().Select(e => e.Path).Except(["/added", "/added/new.txt"]).Order(StringComparer.Ordinal));
        Assert.Contains(jb.Find("docs")!.GetChildren(), e => e.Name.Length < LongName.Length && LongName.StartsWith(e.Name[..20], StringComparison.Ordinal));

        // Every descriptor field, in both descriptors.
        foreach ((VolumeDescriptor x, VolumeDescriptor y) in new[] { (a.Descriptors.Primary, b.Descriptors.Primary), (a.Descriptors.Joliet!, b.Descriptors.Joliet!) })
        {
            Assert.Equal(
                (x.SystemId, x.VolumeId, x.VolumeSetId, x.Publisher, x.DataPreparer, x.Application, x.CopyrightFile, x.AbstractFile, x.BibliographicFile),
                (y.SystemId, y.VolumeId, y.VolumeSetId, y.Publisher, y.DataPreparer, y.Application, y.CopyrightFile, y.AbstractFile, y.BibliographicFile));
            Assert.Equal((x.Created, x.Modified, x.Expires, x.Effective), (y.Created, y.Modified, y.Expires, y.Effective));
        }
        Assert.Equal("SYSID", b.Volume.SystemId);
        Assert.Equal(new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero), b.Volume.Expires!.Value.ToUniversalTime());
    }

    [Fact]
    public void The_same_base_and_changes_give_the_same_bytes()
    {
        string baseImage = XorrisoBase();
        string one = Edit(baseImage, _dir.Combine("one.iso"));
        string two = Edit(baseImage, _dir.Combine("two.iso"));
        Assert.Equal(File.ReadAllBytes(one), File.ReadAllBytes(two));
        using IsoImageReader e = IsoImageReader.Open(one);
        Assert.Equal("BASEVOL", e.Volume.VolumeId);
    }
}
