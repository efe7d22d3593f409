using IsoBuild.Testing;

namespace IsoBuild.Tasks.Tests;

/// <summary>The UDF metadata of an IsoImage item mean what dotnet iso pack's UDF options mean: the same bytes.</summary>
[Trait(Category.Name, Category.External)]
public class UdfItemTests
{
    [Fact]
    public void Udf_metadata_give_the_bytes_of_the_command_lines_UDF_options()
    {
        using var t = new TempDirectory("msbuild-udf");
        TestTrees.CreateVaried(t.CreateDirectory("payload"), withSymlink: true, withLongNames: true);
        DotnetBuild.WriteProject(t.Path, """
  <ItemGroup>
    <IsoImage Include="bridge.iso" SourceDirectory="payload" Udf="true" VolumeId="UDF_ITEM" Timestamp="2024-05-01T12:00:00Z" />
    <IsoImage Include="primary.iso" SourceDirectory="payload" UdfRevision="2.50" UdfPrimary="true" UdfSymlinks="true" Timestamp="2024-05-01T12:00:00Z" />
  </ItemGroup>
""");
        DotnetBuild.Run(t.Path).EnsureSuccess();
        DotnetBuild.Tool(t.Path, "pack", "payload", "-o", "bridge-cli.iso", "--udf", "-V", "UDF_ITEM", "--timestamp", "2024-05-01T12:00:00Z").EnsureSuccess();
        DotnetBuild.Tool(t.Path, "pack", "payload", "-o", "primary-cli.iso", "--udf-revision", "2.50", "--udf-primary", "--udf-symlinks",
            "--timestamp", "2024-05-01T12:00:00Z").EnsureSuccess();
        Assert.Equal(File.ReadAllBytes(t.Combine("bridge-cli.iso")), File.ReadAllBytes(t.Combine("bridge.iso")));
        Assert.Equal(File.ReadAllBytes(t.Combine("primary-cli.iso")), File.ReadAllBytes(t.Combine("primary.iso")));
        ToolResult info = ExternalTool.Run("udfinfo", t.Combine("primary.iso")).EnsureSuccess();
        Assert.Contains("udfrev=2.50\n", info.StandardOutput, StringComparison.Ordinal);
    }
}
