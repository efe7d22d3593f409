using IsoBuild.Testing;

namespace IsoBuild.Tasks.Tests;

/// <summary>
/// The compression, identical-file and checksum metadata of an <c>IsoImage</c> give the bytes of the same
/// <c>dotnet iso pack</c> options, with the SHA-256 file beside the image, and a bad combination is a coded error.
/// </summary>
[Trait(Category.Name, Category.External)]
public class StorageOptionTests
{
    [Fact]
    public void Storage_metadata_gives_the_bytes_of_the_same_command_line_options()
    {
        using var t = new TempDirectory("msbuild-storage");
        string payload = t.CreateDirectory("payload");
        TestTrees.CreateVaried(payload, withLongNames: true);
        string text = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"line {i % 97} of the payload\n"));
        File.WriteAllText(Path.Combine(payload, "text.txt"), text);
        File.WriteAllText(Path.Combine(payload, "text-copy.txt"), text);
        File.WriteAllText(Path.Combine(payload, "kept.log"), text + "!");
        DotnetBuild.WriteProject(t.Path, """
  <ItemGroup>
    <IsoImage Include="out/z.iso" SourceDirectory="payload" Zisofs="true" ZisofsBlockSize="64k" ZisofsExclude="*.log;links/*" Md5="true" Sha256="true" />
    <IsoImage Include="out/i.iso" SourceDirectory="payload" Deduplicate="false" ImplantMd5="true" />
  </ItemGroup>
""");
        DotnetBuild.Run(t.Path).EnsureSuccess();
        DotnetBuild.Tool(t.Path, "pack", "payload", "-o", "z.iso", "--zisofs", "--zisofs-block-size", "64k", "--zisofs-exclude", "*.log",
            "--zisofs-exclude", "links/*", "--md5", "--sha256").EnsureSuccess();
        DotnetBuild.Tool(t.Path, "pack", "payload", "-o", "i.iso", "--no-dedup", "--implant-md5").EnsureSuccess();
        Assert.Equal(File.ReadAllBytes(t.Combine("z.iso")), File.ReadAllBytes(t.Combine("out", "z.iso")));
        Assert.Equal(File.ReadAllBytes(t.Combine("i.iso")), File.ReadAllBytes(t.Combine("out", "i.iso")));
        ExternalTool.Run("sha256sum", ["-c", "z.iso.sha256"], workingDirectory: t.Combine("out")).EnsureSuccess();
        Assert.Equal(0, ExternalTool.Run("checkisomd5", t.Combine("out", "i.iso")).ExitCode);

        // dotnet clean takes the SHA-256 file with the image.
        DotnetBuild.Dotnet(t.Path, null, "clean").EnsureSuccess();
        Assert.False(File.Exists(t.Combine("out", "z.iso")));
        Assert.False(File.Exists(t.Combine("out", "z.iso.sha256")));
        DotnetBuild.Run(t.Path).EnsureSuccess();

        // Both MD5 schemes at once: a coded error at the project file, the images of the last build kept.
        DotnetBuild.WriteProject(t.Path, """
  <ItemGroup>
    <IsoImage Include="out/z.iso" SourceDirectory="payload" Md5="true" ImplantMd5="true" />
  </ItemGroup>
""");
        ToolResult both = DotnetBuild.Run(t.Path);
        Assert.NotEqual(0, both.ExitCode);
        Assert.Contains("error ISO0814", both.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Md5 and ImplantMd5 cannot both be had", both.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(t.Combine("z.iso")), File.ReadAllBytes(t.Combine("out", "z.iso")));
    }
}
