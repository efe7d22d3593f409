using IsoBuild.Reading;
using IsoBuild.Testing;

namespace IsoBuild.Tasks.Tests;

/// <summary><c>&lt;IsoImage BaseImage="..." RemovePaths="..." /&gt;</c>: start from an image, drop paths, add or replace files.</summary>
[Trait(Category.Name, Category.External)]
public sealed class BaseImageTests
{
    [Fact]
    public void An_IsoImage_with_a_BaseImage_keeps_the_base_content_with_the_items_changes()
    {
        using var dir = new TempDirectory("msbuild-base");
        string baseSource = dir.CreateDirectory("base-src");
        File.WriteAllText(Path.Combine(baseSource, "keep.txt"), "kept");
        File.WriteAllText(Path.Combine(baseSource, "config.cfg"), "old");
        Directory.CreateDirectory(Path.Combine(baseSource, "drop", "deeper"));
        File.WriteAllText(Path.Combine(baseSource, "drop", "deeper", "x.txt"), "x");
        File.WriteAllText(Path.Combine(baseSource, "gone.txt"), "gone");
        ForeignImages.Xorriso(baseSource, dir.Combine("base.iso"), extra: ["-V", "BASEVOL"]);
        string payload = dir.CreateDirectory("payload");
        File.WriteAllText(Path.Combine(payload, "config.cfg"), "new");
        File.WriteAllText(Path.Combine(payload, "added.txt"), "added");

        string root = Repository.Root;
        File.WriteAllText(dir.Combine("remaster.proj"), $"""
            <Project>
              <Import Project="{root}/src/IsoBuild.Tasks/build/IsoBuild.props" />
              <PropertyGroup>
                <IsoBuildTasksAssembly>{Repository.TasksDll}</IsoBuildTasksAssembly>
                <IsoBuildUseTaskHost>true</IsoBuildUseTaskHost>
              </PropertyGroup>
              <ItemGroup>
                <IsoImage Include="out.iso" BaseImage="base.iso" RemovePaths="drop; gone.txt" SourceDirectory="payload" />
              </ItemGroup>
              <Import Project="{root}/src/IsoBuild.Tasks/build/IsoBuild.targets" />
              <Target Name="Build" />
            </Project>
            """);
        ExternalTool.Run("dotnet", ["msbuild", dir.Combine("remaster.proj"), "-t:BuildIsoImages", "-nologo", "-nodeReuse:false"], workingDirectory: dir.Path)
            .EnsureSuccess();

        using IsoImageReader image = IsoImageReader.Open(dir.Combine("out.iso"));
        Assert.Equal("BASEVOL", image.Volume.VolumeId);
        Assert.Equal(["/added.txt", "/config.cfg", "/keep.txt"], image.EnumerateDescendants().Select(e => e.Path));
        Assert.Equal("new", new StreamReader(image.Find("config.cfg")!.OpenRead()).ReadToEnd());
        Assert.Equal("kept", new StreamReader(image.Find("keep.txt")!.OpenRead()).ReadToEnd());
    }
}
