using System.Text.RegularExpressions;
using IsoBuild.Testing;

namespace IsoBuild.Tool.Tests;

/// <summary>Habits the repository keeps: tests that need other programs say so; the engine's namespaces do not form cycles.</summary>
public partial class RepositoryTests
{
    [GeneratedRegex("""ExternalTool\.(?:Run|Require|Find)\(\s*\[?\s*"(?<tool>[^"]+)"|ExternalTool\.Python|boot-check|make-payloads|ForeignImages\.|ReaderExercise\.|qemu""")]
    private static partial Regex UsesProgram();

    [GeneratedRegex(@"^(?<attributes>(?:\[[^\n]*\]\n)*)public (?:sealed |static )?(?:partial )?class (?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex TestClass();

    [Fact]
    public void Every_test_class_that_runs_another_program_carries_the_External_trait()
    {
        // Tests that run what build/install-deps.sh installs (readers, QEMU, GRUB, disc tools) are marked, so that
        // `dotnet test --filter "Category!=External"` runs the rest on a machine without them.
        // A partial class carries the trait once, on any of its declarations.
        var marked = new HashSet<string>(StringComparer.Ordinal);
        var running = new List<(string File, string Name)>();
        foreach (string file in Directory.EnumerateFiles(Path.Combine(Repository.Root, "tests"), "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(Repository.Root, file);
            if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.StartsWith("tests/Shared/", StringComparison.Ordinal) || file.EndsWith(nameof(RepositoryTests) + ".cs", StringComparison.Ordinal))
                continue;
            string text = File.ReadAllText(file);
            bool external = UsesProgram().Matches(text).Any(m => !m.Groups["tool"].Success || ExternalTool.Packages.ContainsKey(m.Groups["tool"].Value));
            foreach (Match c in TestClass().Matches(text))
            {
                if (c.Groups["attributes"].Value.Contains("[Trait(Category.Name, Category.External)]", StringComparison.Ordinal))
                    marked.Add(c.Groups["name"].Value);
                if (external)
                    running.Add((relative, c.Groups["name"].Value));
            }
        }
        var untagged = running.Where(c => !marked.Contains(c.Name)).Select(c => $"{c.File}: {c.Name}").ToList();
        int tagged = running.Count(c => marked.Contains(c.Name));
        Assert.True(untagged.Count == 0, "Add [Trait(Category.Name, Category.External)] to: " + string.Join(", ", untagged));
        Assert.True(tagged >= 20, $"only {tagged} test classes are marked External: the check finds nothing");
    }

    [GeneratedRegex(@"^namespace (?<ns>IsoBuild(?:\.\w+)?);", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    [GeneratedRegex(@"^using (?<ns>IsoBuild\.\w+);|\b(?<ns>IsoBuild\.\w+)\.[A-Z]", RegexOptions.Multiline)]
    private static partial Regex Uses();

    [Fact]
    public void The_engines_namespaces_depend_on_each_other_without_cycles()
    {
        // The root namespace is the façade and the shared vocabulary (errors, settings, results); every other
        // namespace is a format or a stage, and their dependencies must form no cycle.
        var edges = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(Path.Combine(Repository.Root, "src", "IsoBuild"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains("/obj/", StringComparison.Ordinal))
                continue;
            string text = File.ReadAllText(file);
            string from = Namespace().Match(text).Groups["ns"].Value;
            if (from is "" or "IsoBuild")
                continue;
            foreach (Match m in Uses().Matches(text))
            {
                string to = m.Groups["ns"].Value;
                if (to != from)
                    (edges.TryGetValue(from, out HashSet<string>? set) ? set : edges[from] = []).Add(to);
            }
        }
        Assert.True(edges.Count >= 10, "the check finds too few namespaces");
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new Stack<string>();
        string? Visit(string ns)
        {
            if (state.GetValueOrDefault(ns) == 2)
                return null;
            if (state.GetValueOrDefault(ns) == 1)
                return string.Join(" -> ", path.Reverse().SkipWhile(p => p != ns).Append(ns));
            state[ns] = 1;
            path.Push(ns);
            foreach (string next in edges.GetValueOrDefault(ns) ?? [])
            {
                if (Visit(next) is { } cycle)
                    return cycle;
            }
            path.Pop();
            state[ns] = 2;
            return null;
        }
        foreach (string ns in edges.Keys.Order(StringComparer.Ordinal))
            Assert.Null(Visit(ns));
    }
}
