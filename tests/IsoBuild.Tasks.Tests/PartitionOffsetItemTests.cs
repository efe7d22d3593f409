using IsoBuild.Reading;
using IsoBuild.Testing;

namespace IsoBuild.Tasks.Tests;

/// <summary>
/// <c>PartitionOffset</c> metadata of an <c>IsoImage</c> gives the bytes of <c>dotnet iso pack --partition-offset</c>,
/// and an offset below 16 is the coded error at the project file.
/// </summary>
[Trait(Category.Name, Category.External)]
public class PartitionOffsetItemTests
{
    [Fact]
    public void Partition_offset_metadata_gives_the_bytes_of_the_command_line_option()
    {
        using var t = new TempDirectory("msbuild-offset");
        string payload = t.CreateDirectory("payload", "boot");
        File.WriteAllBytes(Path.Combine(payload, "loader.bin"), [.. Enumerable.Range(0, 4096).Select(i => (byte)i)]);
        File.WriteAllText(t.Combine("payload", "readme.txt"), "partition\n");
        File.WriteAllBytes(t.Combine("code.bin"), [.. Enumerable.Repeat((byte)0x90, 512)]);
        DotnetBuild.WriteProject(t.Path, """
  <ItemGroup>
    <IsoImage Include="out/offset.iso" SourceDirectory="payload" BiosBoot="boot/loader.bin" BootInfoTable="true"
              MbrCode="code.bin" MbrCodeStyle="isohybrid" IsohybridTable="true" PartitionOffset="16" />
  </ItemGroup>
""");
        DotnetBuild.Run(t.Path).EnsureSuccess();
        DotnetBuild.Tool(t.Path, "pack", "payload", "-o", "offset.iso", "--bios-boot", "boot/loader.bin", "--boot-info-table",
            "--mbr-code", "code.bin", "--mbr-code-style", "isohybrid", "--isohybrid-table", "--partition-offset", "16").EnsureSuccess();
        Assert.Equal(File.ReadAllBytes(t.Combine("offset.iso")), File.ReadAllBytes(t.Combine("out", "offset.iso")));
        using (IsoImageReader reader = IsoImageReader.Open(t.Combine("out", "offset.iso")))
            Assert.Equal(16, reader.PartitionTable.PartitionOffset);

        DotnetBuild.WriteProject(t.Path, """
  <ItemGroup>
    <IsoImage Include="out/offset.iso" SourceDirectory="payload" PartitionOffset="8" />
  </ItemGroup>
""");
        ToolResult refused = DotnetBuild.Run(t.Path);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("error ISO0123", refused.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("PartitionOffset", refused.StandardOutput, StringComparison.Ordinal);
    }
}
