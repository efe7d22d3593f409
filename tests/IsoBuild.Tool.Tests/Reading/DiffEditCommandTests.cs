using System.Text.Json;
using IsoBuild.Testing;

namespace IsoBuild.Tool.Tests.Reading;

/// <summary>diff finds exactly what changed between two builds; edit remasters an image from another writer.</summary>
[Trait(Category.Name, Category.External)]
public sealed class DiffEditCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("diff-edit");

    public void Dispose() => _dir.Dispose();

    private string Write(string root, string relative, string text, bool executable = false)
    {
        string path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, executable ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100);
        return path;
    }

    [Fact]
    public void Diff_reports_exactly_the_added_removed_and_changed_files()
    {
        string a = _dir.CreateDirectory("a");
        Write(a, "same.txt", "same");
        Write(a, "changed.txt", "one");
        Write(a, "removed.txt", "gone");
        Write(a, "dir/keep.bin", "keep");
        Write(a, "mode.sh", "#!/bin/sh");
        File.CreateSymbolicLink(Path.Combine(a, "link"), "same.txt");
        string b = _dir.CreateDirectory("b");
        Write(b, "same.txt", "same");
        Write(b, "changed.txt", "two");
        Write(b, "added.txt", "new");
        Write(b, "dir/keep.bin", "keep");
        Write(b, "dir/new/deep.txt", "deep");
        Write(b, "mode.sh", "#!/bin/sh", executable: true);
        File.CreateSymbolicLink(Path.Combine(b, "link"), "changed.txt");
        string isoA = _dir.Combine("a.iso");
        string isoA2 = _dir.Combine("a2.iso");
        string isoB = _dir.Combine("b.iso");
        ReadingCli.Run("pack", a, "-o", isoA, "-q").Succeeded();
        ReadingCli.Run("pack", a, "-o", isoA2, "-q").Succeeded();
        ReadingCli.Run("pack", b, "-o", isoB, "-q").Succeeded();

        CliResult diff = ReadingCli.Run("diff", isoA, isoB);
        Assert.Equal(1, diff.ExitCode);
        // Different trees get different volume UUIDs (docs/determinism.md), which diff reports after the files.
        string UuidOf(string image)
        {
            using var reader = IsoBuild.Reading.IsoImageReader.Open(image);
            return reader.Volume.Uuid!;
        }
        Assert.Equal(
            ["+ /added.txt", "+ /dir/new", "+ /dir/new/deep.txt", "- /removed.txt", "~ /changed.txt (content)", "~ /link (link target)", "~ /mode.sh (mode)",
             $"uuid: '{UuidOf(isoA)}' -> '{UuidOf(isoB)}'"],
            diff.Lines);

        using JsonDocument json = JsonDocument.Parse(ReadingCli.Run("diff", isoA, isoB, "--json").Output);
        Assert.False(json.RootElement.GetProperty("same").GetBoolean());
        Assert.Equal(["/removed.txt"], json.RootElement.GetProperty("removed").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("content", json.RootElement.GetProperty("changed")[0].GetProperty("changes")[0].GetString());

        CliResult same = ReadingCli.Run("diff", isoA, isoA2);
        Assert.Equal(0, same.ExitCode);
        Assert.Equal(string.Empty, same.Output);

        CliResult volume = ReadingCli.Run("diff", isoA, ForeignImages.Xorriso(a, _dir.Combine("a-xorriso.iso")));
        Assert.Equal(1, volume.ExitCode);
        Assert.Contains("data preparer: '' -> 'XORRISO", volume.Output, StringComparison.Ordinal);

        CliResult trouble = ReadingCli.Run("diff", isoA, _dir.Combine("missing.iso"));
        Assert.Equal(2, trouble.ExitCode);
        Assert.Contains("error ISO0200:", trouble.Error, StringComparison.Ordinal);
        Assert.Equal(2, ReadingCli.Run("diff", isoA).ExitCode);
    }

    [Fact]
    public void Edit_adds_replaces_and_removes_files_of_an_xorriso_image_keeping_its_volume_id()
    {
        string src = _dir.CreateDirectory("base-src");
        Write(src, "README.txt", "read me");
        Write(src, "etc/config.cfg", "old config");
        Write(src, "bin/tool.sh", "#!/bin/sh\necho tool\n", executable: true);
        Write(src, "remove-me/x.txt", "x");
        File.CreateSymbolicLink(Path.Combine(src, "link"), "README.txt");
        string baseIso = ForeignImages.Xorriso(src, _dir.Combine("base.iso"), extra: ["-V", "BASEVOL"]);
        string userData = Write(_dir.Path, "user-data", "#cloud-config\n");
        string config = Write(_dir.Path, "config.cfg", "new config!");

        string outIso = _dir.Combine("remastered.iso");
        string[] args = ["edit", baseIso, "-o", outIso, "--add", "autoinstall/user-data=" + userData, "--add", "etc/config.cfg=" + config, "--remove", "remove-me"];
        ReadingCli.Run(args).Succeeded();

        // The expected tree: the base's with the changes.
        string expected = _dir.CreateDirectory("expected");
        Write(expected, "README.txt", "read me");
        Write(expected, "etc/config.cfg", "new config!");
        Write(expected, "bin/tool.sh", "#!/bin/sh\necho tool\n", executable: true);
        Write(expected, "autoinstall/user-data", "#cloud-config\n");
        File.CreateSymbolicLink(Path.Combine(expected, "link"), "README.txt");
        string extracted = _dir.Combine("extracted");
        ReadingCli.Run("extract", outIso, "-o", extracted, "-q").Succeeded();
        TreeSnapshot.AssertEqual(TreeSnapshot.Take(expected), TreeSnapshot.Take(extracted), "edited image");

        using (JsonDocument info = JsonDocument.Parse(ReadingCli.Run("info", outIso, "--json").Succeeded().Output))
            Assert.Equal("BASEVOL", info.RootElement.GetProperty("volumeId").GetString());
        string sevenZip = ExternalTool.Run("7zz", "l", outIso).EnsureSuccess().StandardOutput;
        Assert.Contains("autoinstall/user-data", sevenZip, StringComparison.Ordinal);
        Assert.DoesNotContain("remove-me", sevenZip, StringComparison.Ordinal);
        string xorriso = ExternalTool.Run("xorriso", "-indev", outIso, "-find", "/", "-exec", "lsdl").EnsureSuccess().StandardOutput;
        Assert.Contains("'/autoinstall/user-data'", xorriso, StringComparison.Ordinal);
        Assert.Contains("'/link' -> 'README.txt'", xorriso, StringComparison.Ordinal);
        Assert.EndsWith(": sound", ReadingCli.Run("verify", outIso).Succeeded().Output.Trim(), StringComparison.Ordinal);

        // Deterministic like pack: the same edit gives the same bytes.
        string again = _dir.Combine("again.iso");
        ReadingCli.Run([.. args[..3], again, .. args[4..]]).Succeeded();
        Assert.Equal(File.ReadAllBytes(outIso), File.ReadAllBytes(again));

        // diff sees exactly the edit.
        Assert.Equal(["+ /autoinstall", "+ /autoinstall/user-data", "- /remove-me", "- /remove-me/x.txt", "~ /etc/config.cfg (content, modified time)"],
            ReadingCli.Run("diff", baseIso, outIso).Lines.Where(l => l[0] is '+' or '-' or '~' && !l.StartsWith("~ /README", StringComparison.Ordinal)
                && !l.StartsWith("~ /bin/", StringComparison.Ordinal) && !l.StartsWith("~ /link", StringComparison.Ordinal)));
    }

    [Fact]
    public void Edit_may_write_over_its_base_and_override_the_volume_id()
    {
        string src = _dir.CreateDirectory("inplace-src");
        Write(src, "a.txt", "a");
        string image = _dir.Combine("inplace.iso");
        ReadingCli.Run("pack", src, "-o", image, "-V", "FIRST", "-q").Succeeded();
        string extra = Write(_dir.Path, "extra.txt", "extra");
        ReadingCli.Run("edit", image, "-o", image, "--add", "more/extra.txt=" + extra, "-V", "SECOND", "-q").Succeeded();
        Assert.Equal(["/a.txt", "/more", "/more/extra.txt"], ReadingCli.Run("ls", image, "-R").Succeeded().Lines);
        Assert.Contains("Volume id:        SECOND", ReadingCli.Run("info", image).Output, StringComparison.Ordinal);
        string extracted = _dir.Combine("inplace-out");
        ReadingCli.Run("extract", image, "-o", extracted, "-q").Succeeded();
        Assert.Equal("a", File.ReadAllText(Path.Combine(extracted, "a.txt")));
        Assert.Equal("extra", File.ReadAllText(Path.Combine(extracted, "more", "extra.txt")));

        CliResult missing = ReadingCli.Run("edit", image, "-o", _dir.Combine("x.iso"), "--remove", "not/there");
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("error ISO0209:", missing.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.Combine("x.iso")));
    }
}
