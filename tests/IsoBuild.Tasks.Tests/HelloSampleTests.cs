using IsoBuild.Testing;

namespace IsoBuild.Tasks.Tests;

/// <summary>The README's main command, <c>dotnet publish samples/hello</c>, builds the sample image from the publish output.</summary>
[Collection(DotnetBuild.Samples)]
[Trait(Category.Name, Category.External)]
public class HelloSampleTests
{
    [Fact]
    public void Dotnet_publish_of_samples_hello_writes_a_readable_image_of_the_publish_output()
    {
        string sample = DotnetBuild.CleanSample("hello");
        string image = Path.Combine(sample, "bin", "hello.iso");
        ToolResult build = DotnetBuild.Dotnet(sample, null, "publish", "-nologo").EnsureSuccess();
        Assert.Contains("hello -> " + image, build.StandardOutput, StringComparison.Ordinal);
        ToolResult list = ExternalTool.Run("xorriso", "-indev", image, "-find", "/", "-type", "f").EnsureSuccess();
        Assert.Contains("'/README.txt'", list.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("'/app/hello.dll'", list.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("'/app/hello.runtimeconfig.json'", list.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Volume id    : 'HELLO'", list.AllOutput, StringComparison.Ordinal);
    }
}
