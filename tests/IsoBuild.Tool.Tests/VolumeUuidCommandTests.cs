using System.Text.Json;
using IsoBuild.Testing;
using IsoBuild.Tool.Tests.Reading;

namespace IsoBuild.Tool.Tests;

/// <summary>
/// The volume UUID as blkid (and so udev's /dev/disk/by-uuid) sees it: different images made with one
/// SOURCE_DATE_EPOCH get different ones, one tree packed twice the same one, an explicit one is honoured, edit keeps
/// its base's, and info and diff show it as blkid does.
/// </summary>
[Trait(Category.Name, Category.External)]
public sealed class VolumeUuidCommandTests : IDisposable
{
    private const string Epoch = "1700000000";
    private readonly TempDirectory _dir = new("volume-uuid");

    public void Dispose() => _dir.Dispose();

    private static string Blkid(string image)
    {
        ExternalTool.Require("blkid");
        // -p probes the file itself (no cache); the UUID is what udev links under /dev/disk/by-uuid.
        ToolResult r = ExternalTool.Run("blkid", "-p", "-o", "value", "-s", "UUID", image).EnsureSuccess();
        return r.StandardOutput.Trim();
    }

    private string Pack(string source, string output, params string[] options)
    {
        Cli.RunProcess(new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = Epoch }, _dir.Path, ["pack", source, "-o", output, "-q", .. options]).EnsureSuccess();
        return _dir.Combine(output);
    }

    private static (string Text, string? Json, string? GrubJson) Info(string image)
    {
        string text = ReadingInfo(image, json: false);
        using JsonDocument json = JsonDocument.Parse(ReadingInfo(image, json: true));
        string uuidLine = text.Split('\n').Single(l => l.StartsWith("UUID:", StringComparison.Ordinal));
        Assert.DoesNotContain("GRUB UUID:", text, StringComparison.Ordinal);
        return (uuidLine["UUID:".Length..].Trim(), json.RootElement.GetProperty("uuid").GetString(), json.RootElement.GetProperty("grubUuid").GetString());
    }

    private static string ReadingInfo(string image, bool json)
    {
        return (json ? ReadingCli.Run("info", image, "--json") : ReadingCli.Run("info", image)).Succeeded().Output;
    }

    private static void AssertShownAsBlkidSeesIt(string image, string expected)
    {
        Assert.Equal(expected, Blkid(image));
        (string text, string? json, string? grub) = Info(image);
        Assert.Equal(expected, text);
        Assert.Equal(expected, json);
        Assert.Equal(expected, grub);
    }

    private static string Write(string root, string relative, string text)
    {
        string path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Different_trees_packed_with_one_SOURCE_DATE_EPOCH_get_different_blkid_UUIDs()
    {
        // An installer-like tree and two cloud-init seeds, one release, one SOURCE_DATE_EPOCH.
        string installer = _dir.CreateDirectory("installer");
        Write(installer, "boot/grub/grub.cfg", "menuentry install {}\n");
        Write(installer, "casper/vmlinuz", new string('k', 5000));
        string seedA = _dir.CreateDirectory("seed-a");
        Write(seedA, "user-data", "#cloud-config\nhostname: alpha\n");
        Write(seedA, "meta-data", "instance-id: alpha\n");
        string seedB = _dir.CreateDirectory("seed-b");
        Write(seedB, "user-data", "#cloud-config\nhostname: bravo-2\n");
        Write(seedB, "meta-data", "instance-id: bravo-2\n");
        string[] images =
        [
            Pack("installer", "installer.iso"), Pack("seed-a", "seed-a.iso", "-V", "cidata"), Pack("seed-b", "seed-b.iso", "-V", "cidata"),
            Pack("seed-a", "seed-a-plain.iso", "-V", "cidata", "--no-rock-ridge"),
        ];
        string[] uuids = [.. images.Select(Blkid)];
        Assert.Equal(uuids.Length, uuids.Distinct(StringComparer.Ordinal).Count());
        foreach ((string image, string uuid) in images.Zip(uuids))
        {
            // Within the minute after the timestamp (2023-11-14T22:13:20Z), as info shows it.
            Assert.Matches(@"^2023-11-14-22-1[34]-\d\d-\d\d$", uuid);
            AssertShownAsBlkidSeesIt(image, uuid);
        }
    }

    [Fact]
    public void One_tree_packed_twice_from_another_place_order_and_mtimes_gets_the_same_UUID()
    {
        string first = _dir.CreateDirectory("first");
        TestTrees.CreateVaried(first, withLongNames: true);
        string second = _dir.CreateDirectory("elsewhere", "deeper", "second");
        var random = new Random(3);
        foreach (string entry in Directory.EnumerateFileSystemEntries(first, "*", SearchOption.AllDirectories).OrderDescending(StringComparer.Ordinal))
        {
            string target = Path.Combine(second, Path.GetRelativePath(first, entry));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var info = new FileInfo(entry);
            if (info.LinkTarget is not null)
                File.CreateSymbolicLink(target, info.LinkTarget);
            else if (Directory.Exists(entry))
                Directory.CreateDirectory(target);
            else
                File.Copy(entry, target);
        }
        foreach (string p in Directory.EnumerateFileSystemEntries(second, "*", SearchOption.AllDirectories).Where(p => new FileInfo(p).LinkTarget is null))
            File.SetLastWriteTimeUtc(p, new DateTime(1999, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(random.Next()));

        string a = Pack("first", "first.iso");
        string b = Pack(Path.Combine("elsewhere", "deeper", "second"), "second.iso");
        Assert.Equal(Blkid(a), Blkid(b));
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        AssertShownAsBlkidSeesIt(b, Blkid(a));
    }

    [Theory]
    [InlineData("2024-05-01-12-34-56-78")]
    [InlineData("2024050112345678")]
    public void An_explicit_UUID_is_honoured_and_shown_by_blkid_and_info(string given)
    {
        string src = _dir.CreateDirectory("explicit");
        Write(src, "a.txt", "a");
        foreach (string[] extra in new[] { Array.Empty<string>(), ["--no-rock-ridge"] })
        {
            string image = Pack("explicit", $"explicit{extra.Length}.iso", ["--volume-uuid", given, .. extra]);
            AssertShownAsBlkidSeesIt(image, "2024-05-01-12-34-56-78");
            string pvd = ExternalTool.Run("xorriso", "-indev", image, "-pvd_info").EnsureSuccess().StandardOutput;
            Assert.Contains("Modif. Time  : 2024050112345678", pvd, StringComparison.Ordinal);
            Assert.Contains("Creation Time: 2023111422132000", pvd, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_bad_UUID_is_ISO0020_and_writes_nothing()
    {
        string src = _dir.CreateDirectory("bad");
        Write(src, "a.txt", "a");
        CliResult r = ReadingCli.Run("pack", src, "-o", _dir.Combine("bad.iso"), "--volume-uuid", "2024-02-30-00-00-00-00");
        Assert.NotEqual(0, r.ExitCode);
        Assert.StartsWith("error ISO0020: The --volume-uuid '2024-02-30-00-00-00-00' is not a volume UUID", r.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.Combine("bad.iso")));
    }

    [Fact]
    public void Edit_keeps_the_base_s_UUID_even_from_another_writer_unless_told_otherwise()
    {
        string src = _dir.CreateDirectory("base-src");
        Write(src, "boot/grub/grub.cfg", "search --fs-uuid --set=root 2020-01-02-03-04-05-06\n");
        string baseIso = ForeignImages.Xorriso(src, _dir.Combine("base.iso"), extra: ["--modification-date=2020010203040506"]);
        Assert.Equal("2020-01-02-03-04-05-06", Blkid(baseIso));
        string extra = Write(_dir.Path, "user-data", "#cloud-config\n");

        string kept = _dir.Combine("kept.iso");
        Cli.RunProcess(new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = Epoch }, _dir.Path,
            "edit", baseIso, "-o", kept, "--add", "user-data=" + extra, "-q").EnsureSuccess();
        AssertShownAsBlkidSeesIt(kept, "2020-01-02-03-04-05-06");

        string set = _dir.Combine("set.iso");
        Cli.RunProcess(new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = Epoch }, _dir.Path,
            "edit", baseIso, "-o", set, "--add", "user-data=" + extra, "--volume-uuid", "2021-01-01-00-00-00-00", "-q").EnsureSuccess();
        AssertShownAsBlkidSeesIt(set, "2021-01-01-00-00-00-00");

        string auto = _dir.Combine("auto.iso");
        Cli.RunProcess(new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = Epoch }, _dir.Path,
            "edit", baseIso, "-o", auto, "--add", "user-data=" + extra, "--volume-uuid", "auto", "-q").EnsureSuccess();
        Assert.Matches(@"^2023-11-14-22-1[34]-\d\d-\d\d$", Blkid(auto));
        AssertShownAsBlkidSeesIt(auto, Blkid(auto));
    }

    [Fact]
    public void Diff_reports_a_changed_UUID()
    {
        string src = _dir.CreateDirectory("diff");
        Write(src, "a.txt", "a");
        string a = Pack("diff", "diff-a.iso");
        string b = Pack("diff", "diff-b.iso", "--volume-uuid", "2024-05-01-12-00-00-00");
        CliResult d = ReadingCli.Run("diff", a, b);
        Assert.Equal(1, d.ExitCode);
        Assert.Equal($"uuid: '{Blkid(a)}' -> '2024-05-01-12-00-00-00'", d.Output.Trim());
        Assert.Equal(0, ReadingCli.Run("diff", a, Pack("diff", "diff-a2.iso")).ExitCode);
    }

    [Fact]
    public void Info_shows_the_UUID_of_other_writers_images_as_blkid_does()
    {
        string src = _dir.CreateDirectory("foreign");
        TestTrees.CreateVaried(src);
        foreach (string image in new[]
        {
            ForeignImages.Xorriso(src, _dir.Combine("xorriso.iso")),
            ForeignImages.Xorriso(src, _dir.Combine("xorriso-uuid.iso"), extra: ["--modification-date=2011121314151617"]),
            ForeignImages.Genisoimage(src, _dir.Combine("genisoimage.iso")),
            ForeignImages.Genisoimage(src, _dir.Combine("genisoimage-joliet.iso"), rockRidge: false),
        })
        {
            string line = ReadingInfo(image, json: false).Split('\n').Single(l => l.StartsWith("UUID:", StringComparison.Ordinal));
            Assert.Equal(Blkid(image), line["UUID:".Length..].Trim());
        }
    }
}
