using IsoBuild.Testing;

namespace IsoBuild.Tasks.Tests;

/// <summary>Both front doors make the same image from the same inputs, and MSBuild reports coded errors.</summary>
[Trait(Category.Name, Category.External)]
public class ByteEqualityTests
{
    [Fact]
    public void Dotnet_build_of_an_IsoImage_gives_the_bytes_of_dotnet_iso_pack()
    {
        using var t = new TempDirectory("msbuild");
        TestTrees.CreateVaried(t.CreateDirectory("payload"), withLongNames: true);
        File.WriteAllText(Path.Combine(t.CreateDirectory("cfg"), "x.cfg"), "setting=1");
        DotnetBuild.WriteProject(t.Path, """
  <ItemGroup>
    <IsoImage Include="out/app.iso" SourceDirectory="payload" Sources="boot/x.cfg=cfg/x.cfg;extra=cfg"
              VolumeId="APP_1_0" Publisher="IsoBuild tests" Timestamp="2024-05-01T12:00:00Z" RockRidge="true" />
  </ItemGroup>
""");
        ToolResult build = DotnetBuild.Run(t.Path);
        build.EnsureSuccess();
        Assert.Contains("app -> " + t.Combine("out", "app.iso"), build.StandardOutput, StringComparison.Ordinal);

        DotnetBuild.Tool(t.Path, "pack", "payload", "boot/x.cfg=cfg/x.cfg", "extra=cfg", "-o", "cli.iso",
            "--volume-id", "APP_1_0", "--publisher", "IsoBuild tests", "--timestamp", "2024-05-01T12:00:00Z").EnsureSuccess();
        Assert.Equal(File.ReadAllBytes(t.Combine("cli.iso")), File.ReadAllBytes(t.Combine("out", "app.iso")));
    }

    [Fact]
    public void Option_metadata_maps_to_the_same_options_as_the_command_line()
    {
        using var t = new TempDirectory("msbuild");
        File.WriteAllText(Path.Combine(t.CreateDirectory("payload"), "a.txt"), "a");
        DotnetBuild.WriteProject(t.Path, """
  <ItemGroup>
    <IsoImage Include="m.iso" SourceDirectory="payload" Joliet="false" RockRidge="false" VolumeId="PLAIN" />
  </ItemGroup>
""");
        DotnetBuild.Run(t.Path).EnsureSuccess();
        DotnetBuild.Tool(t.Path, "pack", "payload", "-o", "c.iso", "--no-joliet", "--no-rock-ridge", "-V", "PLAIN").EnsureSuccess();
        Assert.Equal(File.ReadAllBytes(t.Combine("c.iso")), File.ReadAllBytes(t.Combine("m.iso")));
        Assert.Contains("NO Joliet present", ExternalTool.Run("isoinfo", "-d", "-i", t.Combine("m.iso")).EnsureSuccess().StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_input_fails_the_build_with_a_coded_error_and_keeps_the_previous_image()
    {
        using var t = new TempDirectory("msbuild");
        File.WriteAllText(Path.Combine(t.CreateDirectory("payload"), "a.txt"), "a");
        DotnetBuild.WriteProject(t.Path, """
  <ItemGroup>
    <IsoImage Include="e.iso" SourceDirectory="payload" VolumeId="$(IsoVolumeId)" Sources="$(IsoSources)" />
  </ItemGroup>
""");
        DotnetBuild.Run(t.Path, "-p:IsoVolumeId=GOOD").EnsureSuccess();
        byte[] previous = File.ReadAllBytes(t.Combine("e.iso"));

        ToolResult missing = DotnetBuild.Run(t.Path, "-p:IsoVolumeId=GOOD", "-p:IsoSources=nothing-here");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("error ISO0001", missing.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("nothing-here", missing.StandardOutput, StringComparison.Ordinal);

        ToolResult badId = DotnetBuild.Run(t.Path, "-p:IsoVolumeId=bad!id");
        Assert.NotEqual(0, badId.ExitCode);
        Assert.Contains("error ISO0005", badId.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(previous, File.ReadAllBytes(t.Combine("e.iso")));
    }
}
