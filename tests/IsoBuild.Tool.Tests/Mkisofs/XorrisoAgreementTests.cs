using IsoBuild.Testing;
using IsoBuild.Tool.Mkisofs;

namespace IsoBuild.Tool.Tests.Mkisofs;

/// <summary>
/// The El Torito entries the parser models agree with the catalog real xorriso writes for the same options: it builds
/// an image from a small tree and reports its catalog (platform, emulation, load size, image, patches).
/// </summary>
[Trait(Category.Name, Category.External)]
public class XorrisoAgreementTests
{
    private static readonly Dictionary<string, int> s_sizes = new(StringComparer.Ordinal)
    {
        ["b.bin"] = 5000, ["b2.bin"] = 3000, ["e.img"] = 10000, ["fd.img"] = 1474560,
    };

    [Theory]
    [InlineData("-b b.bin -no-emul-boot -boot-load-size 4 -boot-info-table --grub2-boot-info --efi-boot e.img -boot-info-table -e b2.bin -no-emul-boot")]
    [InlineData("--efi-boot e.img -b b.bin -no-emul-boot")]
    [InlineData("-b b.bin -e e.img -no-emul-boot")]
    [InlineData("-no-emul-boot -boot-load-size 4 -boot-info-table -b b.bin")]
    [InlineData("-eltorito-alt-boot -b b.bin -no-emul-boot -boot-load-size 4")]
    [InlineData("-b b.bin -no-emul-boot -eltorito-alt-boot -e e.img -no-emul-boot -boot-load-size 3")]
    [InlineData("-eltorito-platform PPC -b b.bin -no-emul-boot -eltorito-platform x86 -b fd.img -eltorito-alt-boot -eltorito-platform Mac -b b2.bin -no-emul-boot -c cat/boot.cat")]
    [InlineData("-b b.bin -no-emul-boot -boot-load-size full -eltorito-alt-boot -eltorito-platform efi -b b2.bin -no-emul-boot")]
    [InlineData("-e e.img -no-emul-boot -eltorito-alt-boot -b b.bin -no-emul-boot -boot-load-size 7 -c /deep/x.cat")]
    [InlineData("--no-emul-boot --boot-load-size 2 --eltorito-boot b.bin --boot-catalog-hide")]
    [InlineData("-b b2.bin -no-emul-boot --efi-boot e.img --efi-boot b.bin")]
    public void The_catalog_xorriso_writes_matches_the_parsed_entries(string options)
    {
        using var t = new TempDirectory("mkisofs-agree");
        string tree = t.CreateDirectory("tree");
        foreach ((string name, int size) in s_sizes)
            File.WriteAllBytes(Path.Combine(tree, name), [.. Enumerable.Range(0, size).Select(i => (byte)(i % 251))]);
        string[] arguments = [.. Argv.Split(options), "-o", "out.iso", "tree"];

        ExternalTool.Run("xorriso", ["-as", "mkisofs", .. arguments], t.Path).EnsureSuccess();
        string report = ExternalTool.Run("xorriso", ["-indev", "out.iso", "-report_el_torito", "plain"], t.Path).EnsureSuccess().StandardOutput;

        MkisofsRequest request = MkisofsCommandLine.ParseMkisofs(arguments);
        Assert.Equal(Expected(request), Reported(report));
    }

    /// <summary>The catalog as xorriso's plain report shows it, from the parsed request and the files' sizes.</summary>
    private static List<string> Expected(MkisofsRequest request)
    {
        var lines = new List<string>();
        if (!request.ElTorito.CatalogHidden)
            lines.Add($"cat {request.ElTorito.CatalogPath}");
        int n = 0;
        foreach (MkisofsBootEntry e in request.ElTorito.Entries)
        {
            n++;
            int size = s_sizes[e.ImagePath!.TrimStart('/')];
            string platform = e.Platform switch { 0 => "BIOS", 1 => "PPC", 2 => "Mac", 0xEF => "UEFI", _ => $"0x{e.Platform:x2}" };
            string emulation = e.Emulation switch { MkisofsEmulation.NoEmulation => "none", MkisofsEmulation.Floppy => "fd1.4", _ => "hd" };
            int load = e.Emulation != MkisofsEmulation.NoEmulation ? 1 : e.LoadSize.Rule switch
            {
                MkisofsLoadSizeRule.Sectors => e.LoadSize.Sectors,
                MkisofsLoadSizeRule.WholeImage => (size + 2047) / 2048 * 4,
                MkisofsLoadSizeRule.WholeImageInSectors => (size + 511) / 512,
                _ => throw new InvalidOperationException("no appended partitions here"),
            };
            lines.Add($"img {n} {platform} {emulation} {load}");
            lines.Add($"path {n} {e.ImagePath}");
            string opts = string.Join(' ', new[] { e.BootInfoTable ? "boot-info-table" : null, e.Grub2BootInfo ? "grub2-boot-info" : null }.OfType<string>());
            if (opts.Length > 0)
                lines.Add($"opts {n} {opts}");
        }
        return [.. lines.Order(StringComparer.Ordinal)];
    }

    private static List<string> Reported(string report)
    {
        var lines = new List<string>();
        foreach (string line in report.Split('\n'))
        {
            string[] colon = line.Split(':', 2);
            if (colon.Length < 2)
                continue;
            string[] words = colon[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (colon[0].Trim())
            {
                case "El Torito cat path": lines.Add($"cat {words[0]}"); break;
                case "El Torito boot img": lines.Add($"img {words[0]} {words[1]} {words[3]} {words[6]}"); break;
                case "El Torito img path": lines.Add($"path {words[0]} {words[1]}"); break;
                case "El Torito img opts": lines.Add($"opts {words[0]} {string.Join(' ', words[1..])}"); break;
            }
        }
        return [.. lines.Order(StringComparer.Ordinal)];
    }
}

/// <summary>
/// The pathspecs the parser models (targets, escapes, -root, positional -graft-points and -m) put the same files
/// where real xorriso puts them.
/// </summary>
[Trait(Category.Name, Category.External)]
public class XorrisoPathspecAgreementTests
{
    [Theory]
    [InlineData("x=y -root r d1 -m '*.o' d2 -graft-points 'a\\=b/c\\\\d=f1' 'we\\=ird' 'g/=d1'")]
    [InlineData("-graft-points /deep/er/=d2 f1 single=f1 -x sub d1")]
    [InlineData("-m '*.txt' d1 -graft-points -root /top -exclude 'c.*' more=d1 'x\\=y' renamed=x=y")]
    public void Xorriso_puts_the_files_where_the_parsed_pathspecs_say(string options)
    {
        using var t = new TempDirectory("mkisofs-paths");
        foreach (string file in (string[])["d1/a.txt", "d1/b.o", "d1/sub/c.o", "d2/d.txt", "d2/e.o", "x=y", "we=ird", "f1"])
        {
            Directory.CreateDirectory(Path.GetDirectoryName(t.Combine(file))!);
            File.WriteAllText(t.Combine(file), file);
        }
        string[] arguments = [.. Argv.Split(options), "-o", "out.iso"];
        ExternalTool.Run("xorriso", ["-as", "mkisofs", .. arguments], t.Path).EnsureSuccess();
        string listing = ExternalTool.Run("xorriso", ["-indev", "out.iso", "-find", "/", "-type", "f"], t.Path).EnsureSuccess().StandardOutput;
        string[] reported = [.. listing.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim().Trim('\'')).Order(StringComparer.Ordinal)];

        MkisofsRequest request = MkisofsCommandLine.ParseMkisofs(arguments);
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (MkisofsPathspec p in request.Pathspecs)
        {
            string source = Path.Combine(t.Path, p.Source);
            bool isDirectory = Directory.Exists(source);
            string target = p.TargetPath ?? (isDirectory ? MkisofsPaths.Join(p.Root, "") : MkisofsPaths.Join(p.Root, Path.GetFileName(source)));
            if (!isDirectory)
            {
                expected.Add(target);
                continue;
            }
            foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(source, file);
                if (!relative.Split('/').Any(part => p.Exclusions.Any(x => x.MatchesLeafName && Glob(x.Value).IsMatch(part))))
                    expected.Add(MkisofsPaths.Join(target, relative));
            }
        }
        Assert.Equal(expected, reported);

        static System.Text.RegularExpressions.Regex Glob(string pattern) =>
            new("^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$");
    }
}
