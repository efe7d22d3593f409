using System.Security.Cryptography;

namespace IsoBuild.Testing;

/// <summary>What a directory tree holds: every path with its kind, content hash, link target and executable bit.</summary>
public sealed record TreeItem(string Kind, string? Sha256, string? LinkTarget, bool Executable)
{
    public override string ToString() => $"{Kind} {Sha256?[..12]} {LinkTarget} {(Executable ? "x" : "")}";
}

public static class TreeSnapshot
{
    public static SortedDictionary<string, TreeItem> Take(string root, bool withModes = true, bool withLinks = true)
    {
        var items = new SortedDictionary<string, TreeItem>(StringComparer.Ordinal);
        void Walk(DirectoryInfo dir, string prefix)
        {
            foreach (FileSystemInfo child in dir.EnumerateFileSystemInfos())
            {
                string rel = prefix.Length == 0 ? child.Name : prefix + "/" + child.Name;
                if (child.LinkTarget is not null)
                {
                    if (withLinks)
                        items[rel] = new TreeItem("link", null, child.LinkTarget, false);
                }
                else if (child is DirectoryInfo d)
                {
                    items[rel] = new TreeItem("dir", null, null, false);
                    Walk(d, rel);
                }
                else
                {
                    using FileStream s = File.OpenRead(child.FullName);
                    bool exec = withModes && (child.UnixFileMode & UnixFileMode.UserExecute) != 0;
                    items[rel] = new TreeItem("file", Convert.ToHexString(SHA256.HashData(s)), null, exec);
                }
            }
        }
        Walk(new DirectoryInfo(root), "");
        return items;
    }

    /// <summary>Asserts two snapshots are equal, listing what differs.</summary>
    public static void AssertEqual(IDictionary<string, TreeItem> expected, IDictionary<string, TreeItem> actual, string what)
    {
        var problems = new List<string>();
        foreach ((string path, TreeItem item) in expected)
        {
            if (!actual.TryGetValue(path, out TreeItem? got))
                problems.Add($"missing: {path}");
            else if (got != item)
                problems.Add($"differs: {path}: expected {item}, got {got}");
        }
        foreach (string path in actual.Keys.Where(k => !expected.ContainsKey(k)))
            problems.Add($"unexpected: {path}");
        if (problems.Count > 0)
            throw new Xunit.Sdk.XunitException($"{what}: {problems.Count} differences:\n" + string.Join("\n", problems.Take(40)));
    }
}
