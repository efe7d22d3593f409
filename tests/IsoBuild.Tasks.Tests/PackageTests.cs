using System.IO.Compression;
using System.Xml.Linq;
using IsoBuild.Testing;

namespace IsoBuild.Tasks.Tests;

/// <summary>
/// The packages as a user gets them: <c>dotnet pack</c> of the solution into a local feed, a new project that
/// references the IsoBuild package from it, and the dotnet-iso tool installed from it. Everything restores from that
/// feed alone, into a private package folder, under a version no other run uses.
/// </summary>
[Collection(DotnetBuild.Samples)]
public class PackageTests
{
    [Fact]
    public void Packed_packages_build_an_image_incrementally_and_the_packed_tool_makes_the_same_bytes()
    {
        using var t = new TempDirectory("packages");
        string feed = t.CreateDirectory("feed");
        string version = "0.1.0-test." + Guid.NewGuid().ToString("N")[..12];
        var env = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = t.CreateDirectory("nuget-packages") };

        // As a release makes them (build/pack.sh), built apart from the suite's own build output.
        ExternalTool.Run("bash", [Path.Combine(Repository.Root, "build", "pack.sh"), feed, "-p:PackageVersion=" + version,
            "-p:ArtifactsPath=" + t.CreateDirectory("artifacts")], Repository.Root, DotnetBuild.Environment, TimeSpan.FromMinutes(10)).EnsureSuccess();
        Assert.Equal([$"IsoBuild.{version}.nupkg", $"IsoBuild.Core.{version}.nupkg", $"dotnet-iso.{version}.nupkg", $"dotnet-iso.any.{version}.nupkg", $"dotnet-iso.linux-x64.{version}.nupkg"],
            Directory.GetFiles(feed).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        CheckTaskPackage(Path.Combine(feed, $"IsoBuild.{version}.nupkg"));
        CheckLibraryPackage(Path.Combine(feed, $"IsoBuild.Core.{version}.nupkg"));
        CheckToolPackages(feed, version);
        // The task's worker is the tool's native executable.
        Assert.Equal(Entry(Path.Combine(feed, $"dotnet-iso.linux-x64.{version}.nupkg"), "tools/any/linux-x64/dotnet-iso"),
            Entry(Path.Combine(feed, $"IsoBuild.{version}.nupkg"), "tasks/net10.0/linux-x64/dotnet-iso"));

        // A user's project: its own NuGet.Config (the feed only) and global.json, and a PackageReference.
        string project = t.CreateDirectory("consumer");
        File.WriteAllText(Path.Combine(project, "NuGet.Config"), $"""
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="{feed}" />
  </packageSources>
</configuration>
""");
        File.Copy(Path.Combine(Repository.Root, "global.json"), Path.Combine(project, "global.json"));
        Directory.CreateDirectory(Path.Combine(project, "payload"));
        File.WriteAllText(Path.Combine(project, "payload", "readme.txt"), "from a package");
        File.WriteAllText(Path.Combine(project, "Program.cs"), "System.Console.WriteLine(\"hi\");");
        File.WriteAllText(Path.Combine(project, "consumer.csproj"), $"""
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <IsPackable>true</IsPackable>
  </PropertyGroup>
  <ItemGroup>
    <IsoImage Include="image/consumer.iso" SourceDirectory="payload" VolumeId="CONSUMER" />
  </ItemGroup>
</Project>
""");
        // As the README says: dotnet add package, which marks a development dependency PrivateAssets="all".
        DotnetBuild.Dotnet(project, env, "add", "package", "IsoBuild", "--version", version).EnsureSuccess();
        Assert.Contains("PrivateAssets", File.ReadAllText(Path.Combine(project, "consumer.csproj")), StringComparison.Ordinal);
        string image = Path.Combine(project, "image", "consumer.iso");
        ToolResult first = DotnetBuild.Dotnet(project, env, "build", "-nologo", "-v:d").EnsureSuccess();
        Assert.Contains("consumer -> " + image, first.StandardOutput, StringComparison.Ordinal);
        // On linux-x64 the image is built by the native worker the package carries (which NuGet extracts without its executable bit).
        Assert.Contains($"IsoBuild builds the images in its worker '{Path.Combine(env["NUGET_PACKAGES"]!, "isobuild", version, "tasks", "net10.0", "linux-x64", "dotnet-iso")}'",
            first.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"IsoImage: .*consumer\.iso \(\d+ bytes \([0-9.]+ MiB\), 1 file, 1 directory; full build \(no manifest of an earlier build\)\)", first.StandardOutput);
        DateTime written = File.GetLastWriteTimeUtc(image);

        ToolResult second = DotnetBuild.Dotnet(project, env, "build", "-nologo", "-v:n").EnsureSuccess();
        Assert.Matches(@"IsoImage: .*consumer\.iso \(.*; up to date, not rewritten\)", second.StandardOutput);
        Assert.Equal(written, File.GetLastWriteTimeUtc(image));

        // A development dependency: the user's own package does not depend on IsoBuild.
        DotnetBuild.Dotnet(project, env, "pack", "-nologo", "--no-build", "-c", "Debug", "-o", "nupkg").EnsureSuccess();
        Assert.DoesNotContain(Nuspec(Path.Combine(project, "nupkg", "consumer.1.0.0.nupkg")).Descendants(),
            e => e.Name.LocalName == "dependency" && (string?)e.Attribute("id") == "IsoBuild");

        // dotnet iso as a local tool from the feed: on linux-x64 the native one. --help works and pack gives the bytes
        // the build gave; so does the framework-dependent tool that other platforms get.
        DotnetBuild.Dotnet(project, env, "new", "tool-manifest").EnsureSuccess();
        DotnetBuild.Dotnet(project, env, "tool", "install", "dotnet-iso", "--version", version).EnsureSuccess();
        Assert.True(File.Exists(Path.Combine(env["NUGET_PACKAGES"]!, $"dotnet-iso.linux-x64/{version}/tools/any/linux-x64/dotnet-iso")),
            "the tool installed is the native one");
        ToolResult help = DotnetBuild.Dotnet(project, env, "iso", "--help").EnsureSuccess();
        foreach (string command in new[] { "pack", "ls", "info", "extract", "verify", "diff", "edit" })
            Assert.Contains(command, help.StandardOutput, StringComparison.Ordinal);
        DotnetBuild.Dotnet(project, env, "iso", "pack", "payload", "-o", "tool.iso", "--volume-id", "CONSUMER").EnsureSuccess();
        Assert.Equal(File.ReadAllBytes(image), File.ReadAllBytes(Path.Combine(project, "tool.iso")));
        string any = t.CreateDirectory("any");
        ZipFile.ExtractToDirectory(Path.Combine(feed, $"dotnet-iso.any.{version}.nupkg"), any);
        DotnetBuild.Dotnet(project, env, Path.Combine(any, "tools", "net10.0", "any", "dotnet-iso.dll"),
            "pack", "payload", "-o", "any.iso", "--volume-id", "CONSUMER").EnsureSuccess();
        Assert.Equal(File.ReadAllBytes(image), File.ReadAllBytes(Path.Combine(project, "any.iso")));

        DotnetBuild.Dotnet(project, env, "clean", "-nologo").EnsureSuccess();
        Assert.False(File.Exists(image), "dotnet clean removes the image");

        // The library package in a console app of its own: the same bytes from code.
        string app = t.CreateDirectory("library-user");
        File.Copy(Path.Combine(project, "NuGet.Config"), Path.Combine(app, "NuGet.Config"));
        File.Copy(Path.Combine(project, "global.json"), Path.Combine(app, "global.json"));
        File.WriteAllText(Path.Combine(app, "app.csproj"), $"""
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="IsoBuild.Core" Version="{version}" />
  </ItemGroup>
</Project>
""");
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
IsoBuild.IsoFile.CreateFromDirectory(args[0], args[1], s => s with { VolumeId = "CONSUMER" });
""");
        DotnetBuild.Dotnet(app, env, "run", "--", Path.Combine(project, "payload"), Path.Combine(app, "code.iso")).EnsureSuccess();
        Assert.Equal(File.ReadAllBytes(Path.Combine(project, "tool.iso")), File.ReadAllBytes(Path.Combine(app, "code.iso")));
    }

    private static byte[] Entry(string nupkg, string name)
    {
        using ZipArchive zip = ZipFile.OpenRead(nupkg);
        using Stream entry = zip.GetEntry(name)!.Open();
        using var bytes = new MemoryStream();
        entry.CopyTo(bytes);
        return bytes.ToArray();
    }

    private static void CheckLibraryPackage(string nupkg)
    {
        using ZipArchive zip = ZipFile.OpenRead(nupkg);
        string[] entries = [.. zip.Entries.Select(e => e.FullName)];
        Assert.Contains("lib/net10.0/IsoBuild.dll", entries);
        Assert.Contains("lib/net10.0/IsoBuild.xml", entries);
        CheckReadme(zip);
        CheckMetadata(Nuspec(zip), expectDevelopmentDependency: false);
        // A library for any .NET code: it depends on no other package.
        Assert.DoesNotContain(Nuspec(zip).Descendants(), e => e.Name.LocalName == "dependency");
    }

    private static void CheckTaskPackage(string nupkg)
    {
        using ZipArchive zip = ZipFile.OpenRead(nupkg);
        string[] entries = zip.Entries.Select(e => e.FullName).ToArray();
        foreach (string expected in new[]
        {
            "build/IsoBuild.props", "build/IsoBuild.targets", "buildMultiTargeting/IsoBuild.props", "buildMultiTargeting/IsoBuild.targets",
            "tasks/net10.0/IsoBuild.Tasks.dll", "tasks/net10.0/IsoBuild.dll", "README.md",
        })
        {
            Assert.Contains(expected, entries);
        }
        CheckReadme(zip);
        // The worker for linux-x64: a native executable.
        using (Stream worker = zip.GetEntry("tasks/net10.0/linux-x64/dotnet-iso")!.Open())
        {
            var magic = new byte[4];
            worker.ReadExactly(magic);
            Assert.Equal([0x7F, (byte)'E', (byte)'L', (byte)'F'], magic);
        }
        // The task is build-time only: nothing for the compiler, nothing that flows on.
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Contains("Microsoft.Build", StringComparison.Ordinal));
        CheckMetadata(Nuspec(zip), expectDevelopmentDependency: true);
    }

    /// <summary>
    /// dotnet-iso lists its per-platform packages and holds no tool itself; dotnet-iso.linux-x64 holds a native
    /// executable; dotnet-iso.any the framework-dependent tool.
    /// </summary>
    private static void CheckToolPackages(string feed, string version)
    {
        string Settings(ZipArchive zip, string entry)
        {
            using var reader = new StreamReader(zip.GetEntry(entry)!.Open());
            return reader.ReadToEnd();
        }
        using (ZipArchive pointer = ZipFile.OpenRead(Path.Combine(feed, $"dotnet-iso.{version}.nupkg")))
        {
            XElement packages = XDocument.Parse(Settings(pointer, "tools/any/any/DotnetToolSettings.xml")).Root!.Element("RuntimeIdentifierPackages")!;
            Assert.Equal(["linux-x64=dotnet-iso.linux-x64", "any=dotnet-iso.any"],
                packages.Elements().Select(e => $"{e.Attribute("RuntimeIdentifier")?.Value}={e.Attribute("Id")?.Value}"));
            Assert.DoesNotContain(pointer.Entries, e => e.FullName.EndsWith(".dll", StringComparison.Ordinal));
            CheckMetadata(Nuspec(pointer), expectDevelopmentDependency: false);
        }
        using (ZipArchive native = ZipFile.OpenRead(Path.Combine(feed, $"dotnet-iso.linux-x64.{version}.nupkg")))
        {
            using Stream executable = native.GetEntry("tools/any/linux-x64/dotnet-iso")!.Open();
            var magic = new byte[4];
            executable.ReadExactly(magic);
            Assert.Equal([0x7F, (byte)'E', (byte)'L', (byte)'F'], magic);
            // What runs and nothing else: no assemblies, no symbols, no XML docs.
            Assert.Equal(["DotnetToolSettings.xml", "dotnet-iso"],
                native.Entries.Where(e => e.FullName.StartsWith("tools/", StringComparison.Ordinal)).Select(e => Path.GetFileName(e.FullName)).Order(StringComparer.Ordinal));
            CheckReadme(native);
        }
        using (ZipArchive any = ZipFile.OpenRead(Path.Combine(feed, $"dotnet-iso.any.{version}.nupkg")))
        {
            Assert.Contains(any.Entries, e => e.FullName == "tools/net10.0/any/dotnet-iso.dll");
            Assert.DoesNotContain(any.Entries.Select(e => e.FullName).Where(n => n.StartsWith("tools/", StringComparison.Ordinal)),
                n => n.EndsWith(".pdb", StringComparison.Ordinal) || n.EndsWith(".dbg", StringComparison.Ordinal)
                    || (n.EndsWith(".xml", StringComparison.Ordinal) && !n.EndsWith("/DotnetToolSettings.xml", StringComparison.Ordinal)));
            Assert.Contains("<Command Name=\"dotnet-iso\"", Settings(any, "tools/net10.0/any/DotnetToolSettings.xml"), StringComparison.Ordinal);
            // Any .NET 10 runtime runs it, not only the newest patch.
            Assert.Contains("\"version\": \"10.0.0\"", Settings(any, "tools/net10.0/any/dotnet-iso.runtimeconfig.json"), StringComparison.Ordinal);
        }
    }

    /// <summary>The README NuGet shows speaks to the package's users, not to a clone of the repository.</summary>
    private static void CheckReadme(ZipArchive package)
    {
        using var reader = new StreamReader(package.GetEntry("README.md")!.Open());
        string readme = reader.ReadToEnd();
        Assert.DoesNotContain("build/test.sh", readme, StringComparison.Ordinal);
        Assert.DoesNotContain("samples/", readme, StringComparison.Ordinal);
        Assert.DoesNotContain("src/", readme, StringComparison.Ordinal);
        Assert.Contains("dotnet ", readme, StringComparison.Ordinal);
    }

    private static void CheckMetadata(XDocument nuspec, bool expectDevelopmentDependency)
    {
        string? Value(string name) => nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.False(string.IsNullOrEmpty(Value("projectUrl")));
        Assert.NotNull(nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == "repository")?.Attribute("url"));
        Assert.Equal(expectDevelopmentDependency ? "true" : null, Value("developmentDependency"));
    }

    private static XDocument Nuspec(string nupkg)
    {
        using ZipArchive zip = ZipFile.OpenRead(nupkg);
        return Nuspec(zip);
    }

    private static XDocument Nuspec(ZipArchive zip)
    {
        using Stream stream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return XDocument.Load(stream);
    }
}
