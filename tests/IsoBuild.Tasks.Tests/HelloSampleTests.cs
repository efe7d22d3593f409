using IsoBuild.Testing;

namespace IsoBuild.Tasks.Tests;

/// <summary>The README's main command builds the sample image.</summary>
public class HelloSampleTests
{
    [Fact]
    public void Dotnet_build_of_samples_hello_writes_a_readable_image()
    {
        string sample = Path.Combine(Repository.Root, "samples", "hello");
        string image = Path.Combine(sample, "bin", "hello.iso");
        // As in a fresh clone: no output folders yet, so MSBuild leaves '\' in $(OutDir) (see IsoImageItem.MSBuildPath).
        foreach (string dir in new[] { "bin", "obj" })
        {
            if (Directory.Exists(Path.Combine(sample, dir)))
                Directory.Delete(Path.Combine(sample, dir), recursive: true);
        }
        ToolResult build = DotnetBuild.Run(sample);
        build.EnsureSuccess();
        Assert.Contains("hello -> " + image, build.StandardOutput, StringComparison.Ordinal);
        ToolResult list = ExternalTool.Run("xorriso", "-indev", image, "-find", "/", "-type", "f").EnsureSuccess();
        Assert.Contains("'/README.txt'", list.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("'/app/hello.dll'", list.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Volume id    : 'HELLO'", list.AllOutput, StringComparison.Ordinal);
    }
}
