using IsoBuild.Testing;

namespace IsoBuild.Tasks.Tests;

/// <summary>Real <c>dotnet build</c> runs of temporary projects that use this repository's task and targets.</summary>
internal static class DotnetBuild
{
    /// <summary>The samples share one ProjectReference to the task project: their builds run one at a time.</summary>
    public const string Samples = "samples";

    /// <summary>What every dotnet run of the tests gets: no telemetry, no node reuse, no SOURCE_DATE_EPOCH of the caller's.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Environment = new Dictionary<string, string?>
    {
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["SOURCE_DATE_EPOCH"] = null,
    };

    /// <summary>Writes a project that imports the repository's IsoBuild props and targets around <paramref name="body"/>.</summary>
    public static string WriteProject(string directory, string body)
    {
        string build = Path.Combine(Repository.Root, "src", "IsoBuild.Tasks", "build");
        string project = Path.Combine(directory, "app.csproj");
        File.WriteAllText(project, $"""
<Project>
  <Import Project="{build}/IsoBuild.props" />
  <Import Project="Sdk.props" Sdk="Microsoft.NET.Sdk" />
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <IsoBuildTasksAssembly>{Repository.TasksDll}</IsoBuildTasksAssembly>
    <IsoBuildUseTaskHost>true</IsoBuildUseTaskHost>
    <EnableDefaultItems>false</EnableDefaultItems>
  </PropertyGroup>
{body}
  <Import Project="Sdk.targets" Sdk="Microsoft.NET.Sdk" />
  <Import Project="{build}/IsoBuild.targets" />
</Project>
""");
        return project;
    }

    /// <summary>A sample's folder as in a fresh clone: no bin or obj yet.</summary>
    public static string CleanSample(string name)
    {
        string sample = Path.Combine(Repository.Root, "samples", name);
        foreach (string dir in new[] { "bin", "obj" })
        {
            if (Directory.Exists(Path.Combine(sample, dir)))
                Directory.Delete(Path.Combine(sample, dir), recursive: true);
        }
        return sample;
    }

    public static ToolResult Run(string projectDirectory, params string[] arguments) =>
        ExternalTool.Run("dotnet", ["build", "-nologo", .. arguments], projectDirectory, Environment, TimeSpan.FromMinutes(5));

    /// <summary>Runs any dotnet command with the same clean environment plus <paramref name="extra"/> variables.</summary>
    public static ToolResult Dotnet(string workingDirectory, IDictionary<string, string?>? extra, params string[] arguments)
    {
        var env = new Dictionary<string, string?>(Environment);
        foreach ((string k, string? v) in extra ?? new Dictionary<string, string?>())
            env[k] = v;
        return ExternalTool.Run("dotnet", arguments, workingDirectory, env, TimeSpan.FromMinutes(5));
    }

    public static ToolResult Tool(string workingDirectory, params string[] arguments) =>
        ExternalTool.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "dotnet-iso.dll"), .. arguments], workingDirectory, Environment);
}
