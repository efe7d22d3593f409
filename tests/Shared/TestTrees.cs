using System.Text;

namespace IsoBuild.Testing;

/// <summary>Source trees that exercise name mapping, depth, sizes and content.</summary>
public static class TestTrees
{
    public static readonly string[] UnicodeNames =
    [
        "Ελληνικά.txt", "русский текст.txt", "日本語のファイル.txt", "中文文件.md", "한국어.txt", "עברית.txt",
        "العربية.txt", "हिन्दी.txt", "ไทย.txt", "Ünïcödé ñ ß.txt", "ｆｕｌｌｗｉｄｔｈ.txt",
    ];

    /// <summary>
    /// A tree that every reader should see the same through any namespace that can hold its names: Unicode names in
    /// several scripts, names that collide after ISO 9660 mapping, case-only differences, 13 levels, empty files and
    /// directories, sector-boundary sizes and a few MB of random data. All names fit Joliet's 64 characters.
    /// </summary>
    public static void CreateVaried(string root, int seed = 1, bool withSymlink = true, bool withLongNames = false)
    {
        var random = new Random(seed);
        void Write(string rel, int size)
        {
            string path = Path.Combine(root, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            byte[] data = new byte[size];
            random.NextBytes(data);
            File.WriteAllBytes(path, data);
        }
        foreach (string name in UnicodeNames)
            File.WriteAllText(Path.Combine(Dir(root, "unicode"), name), "text of " + name, Encoding.UTF8);
        // Collide after ISO 9660 mapping (upper case, '_' for other characters, 30-character limit).
        foreach (string name in new[] { "my file.txt", "my_file.txt", "my-file.txt", "My File.TXT", "my.file.txt",
                     "a_rather_long_file_name_that_is_cut_1.txt", "a_rather_long_file_name_that_is_cut_2.txt", "a_rather_long_file_name_that_is_cut_3.txt" })
            File.WriteAllText(Path.Combine(Dir(root, "collide"), name), name);
        // Case-only differences.
        foreach (string name in new[] { "readme", "README", "ReadMe", "Makefile", "makefile" })
            File.WriteAllText(Path.Combine(Dir(root, "case"), name), name + "!");
        Directory.CreateDirectory(Path.Combine(root, "case", "Dir"));
        Directory.CreateDirectory(Path.Combine(root, "case", "dir"));
        // 13 levels, with a path longer than 255 characters.
        string deep = root;
        for (int i = 1; i <= 13; i++)
            deep = Dir(deep, $"level{i:00}-directory-with-a-long-name");
        File.WriteAllText(Path.Combine(deep, "bottom.txt"), "the bottom");
        // Empty files and directories.
        Directory.CreateDirectory(Path.Combine(root, "empty-dir"));
        Directory.CreateDirectory(Path.Combine(root, "nested", "empty", "dirs"));
        File.WriteAllBytes(Path.Combine(Dir(root, "nested"), "empty.bin"), []);
        File.WriteAllBytes(Path.Combine(root, "zero"), []);
        // Sizes around the 2048-byte sector, and random data.
        foreach (int size in new[] { 1, 2047, 2048, 2049, 4096, 65537 })
            Write($"sizes/size-{size}.bin", size);
        Write("data/random-3mb.bin", 3 * 1024 * 1024 + 123);
        for (int i = 0; i < 40; i++)
            Write($"data/small/file{i:000}.dat", random.Next(0, 9000));
        // Names that need care: leading dot, no extension, several dots, spaces.
        File.WriteAllText(Path.Combine(root, ".hidden"), "dot file");
        File.WriteAllText(Path.Combine(root, "archive.tar.gz"), "not really");
        File.WriteAllText(Path.Combine(root, "with  two  spaces"), "spaces");
        string tool = Path.Combine(Dir(root, "bin"), "tool.sh");
        File.WriteAllText(tool, "#!/bin/sh\necho tool\n");
        File.SetUnixFileMode(tool, (UnixFileMode)0b111_101_101);
        if (withSymlink)
            File.CreateSymbolicLink(Path.Combine(root, "bin", "tool-link"), "tool.sh");
        if (withLongNames)
            CreateLongNames(root);
    }

    /// <summary>The folder of names Joliet cannot hold exactly.</summary>
    public const string BeyondJoliet = "beyond-joliet";

    /// <summary>
    /// Names Joliet cannot hold exactly, in <see cref="BeyondJoliet"/>: longer than its 64 characters (200 ASCII
    /// characters; 80 non-ASCII characters) or outside UCS-2 (emoji).
    /// </summary>
    public static void CreateLongNames(string root)
    {
        string dir = Dir(root, BeyondJoliet);
        File.WriteAllText(Path.Combine(dir, "emoji 😀 file.txt"), "outside the BMP");
        File.WriteAllText(Path.Combine(dir, new string('n', 196) + ".txt"), "two hundred");
        File.WriteAllText(Path.Combine(dir, new string('m', 196) + ".txt"), "two hundred, other");
        File.WriteAllText(Path.Combine(dir, string.Concat(Enumerable.Repeat("ü日", 40)) + ".txt"), "non-ASCII long");
        Directory.CreateDirectory(Path.Combine(dir, new string('d', 150)));
        File.WriteAllText(Path.Combine(dir, new string('d', 150), "inside.txt"), "inside a long directory");
    }

    private static string Dir(string parent, string name)
    {
        string p = Path.Combine(parent, name);
        Directory.CreateDirectory(p);
        return p;
    }
}
