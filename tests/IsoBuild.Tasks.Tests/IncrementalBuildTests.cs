using IsoBuild.Testing;

namespace IsoBuild.Tasks.Tests;

/// <summary>
/// Real dotnet build runs of one project, in sequence: the image is left untouched when nothing changed, and is
/// rebuilt for changed content, a removed file, a changed option or SOURCE_DATE_EPOCH; dotnet clean removes it.
/// </summary>
[Trait(Category.Name, Category.External)]
public class IncrementalBuildTests
{
    private const string Skipped = "; up to date, not rewritten)";

    [Fact]
    public void The_image_is_rebuilt_exactly_when_its_inputs_change_and_clean_removes_it()
    {
        using var t = new TempDirectory("incremental");
        string payload = t.CreateDirectory("payload");
        File.WriteAllText(Path.Combine(payload, "a.txt"), "first");
        File.WriteAllText(Path.Combine(payload, "b.txt"), "to be removed");
        DotnetBuild.WriteProject(t.Path, """
  <ItemGroup>
    <IsoImage Include="out/app.iso" SourceDirectory="payload" VolumeId="$(IsoVolumeId)" />
  </ItemGroup>
  <PropertyGroup><IsoVolumeId Condition="'$(IsoVolumeId)' == ''">FIRST</IsoVolumeId></PropertyGroup>
""");
        string image = t.Combine("out", "app.iso");
        DateTime Stamp() => File.GetLastWriteTimeUtc(image);
        string Build(params string[] args) => DotnetBuild.Run(t.Path, ["-v:n", .. args]).EnsureSuccess().StandardOutput;

        Build();
        DateTime first = Stamp();

        // Nothing changed: skipped, and the image is not touched.
        Assert.Contains(Skipped, Build(), StringComparison.Ordinal);
        Assert.Equal(first, Stamp());

        // Changed content: rebuilt, and the image holds the new content.
        File.WriteAllText(Path.Combine(payload, "a.txt"), "second");
        Assert.DoesNotContain(Skipped, Build(), StringComparison.Ordinal);
        Assert.Equal("second", ExternalTool.Run("bsdtar", "-xOf", image, "a.txt").EnsureSuccess().StandardOutput);

        // Same length, other content: the image is patched in place, and equals what dotnet iso pack makes.
        File.WriteAllText(Path.Combine(payload, "a.txt"), "SECOND");
        Assert.Contains("patched in place, 1 file rewritten", Build(), StringComparison.Ordinal);
        Assert.Equal("SECOND", ExternalTool.Run("bsdtar", "-xOf", image, "a.txt").EnsureSuccess().StandardOutput);
        DotnetBuild.Tool(t.Path, "pack", "payload", "-o", "cli.iso", "--volume-id", "FIRST").EnsureSuccess();
        Assert.Equal(File.ReadAllBytes(t.Combine("cli.iso")), File.ReadAllBytes(image));

        // A removed file: rebuilt, and the file is gone.
        File.Delete(Path.Combine(payload, "b.txt"));
        Assert.DoesNotContain(Skipped, Build(), StringComparison.Ordinal);
        Assert.DoesNotContain("b.txt", ExternalTool.Run("bsdtar", "-tf", image).EnsureSuccess().StandardOutput, StringComparison.Ordinal);

        // A changed option: rebuilt with it.
        Assert.DoesNotContain(Skipped, Build("-p:IsoVolumeId=SECOND"), StringComparison.Ordinal);
        Assert.Contains("Volume id: SECOND", ExternalTool.Run("isoinfo", "-d", "-i", image).EnsureSuccess().StandardOutput, StringComparison.Ordinal);
        Assert.Contains(Skipped, Build("-p:IsoVolumeId=SECOND"), StringComparison.Ordinal);

        // Another SOURCE_DATE_EPOCH: rebuilt with that date.
        ToolResult dated = DotnetBuild.Dotnet(t.Path, new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = "1700000000" }, "build", "-nologo", "-v:n", "-p:IsoVolumeId=SECOND").EnsureSuccess();
        Assert.DoesNotContain(Skipped, dated.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Creation Time: 2023111422132000", ExternalTool.Run("xorriso", "-indev", image, "-pvd_info").EnsureSuccess().StandardOutput, StringComparison.Ordinal);

        // dotnet clean removes the image and the manifest of its last build.
        Assert.Single(Directory.GetFiles(t.Combine("obj"), "*.isobuild.manifest", SearchOption.AllDirectories));
        DotnetBuild.Dotnet(t.Path, null, "clean", "-nologo", "-p:IsoVolumeId=SECOND").EnsureSuccess();
        Assert.False(File.Exists(image));
        Assert.Empty(Directory.GetFiles(t.Combine("obj"), "*.isobuild.manifest", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_second_build_and_a_build_from_another_folder_leave_the_image_untouched()
    {
        using var t = new TempDirectory("incremental-folders");
        string project = t.CreateDirectory("app");
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(project, "payload")).FullName, "a.txt"), "a");
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(project, "config", "sub")).FullName, "c.cfg"), "c");
        // Metadata written with '\' (as $(OutDir) is), which MSBuild turns into '/' only where the path exists
        // relative to the folder the build was started from: the first build of a fresh project and a build started
        // elsewhere see other text.
        DotnetBuild.WriteProject(project, """
  <ItemGroup>
    <IsoImage Include="$(BaseOutputPath)app.iso" SourceDirectory="payload" Sources="conf=config\sub\;out=$(OutDir)" />
  </ItemGroup>
""");
        string image = Path.Combine(project, "bin", "app.iso");
        DotnetBuild.Run(project, "-v:n").EnsureSuccess();
        Assert.Contains("conf/c.cfg", ExternalTool.Run("bsdtar", "-tf", image).EnsureSuccess().StandardOutput, StringComparison.Ordinal);
        DateTime written = File.GetLastWriteTimeUtc(image);
        foreach ((string folder, string[] args) in new[] { (project, Array.Empty<string>()), (t.Path, ["app/app.csproj"]), (project, []) })
        {
            string log = DotnetBuild.Run(folder, ["-v:n", .. args]).EnsureSuccess().StandardOutput;
            Assert.Contains(Skipped, log, StringComparison.Ordinal);
            Assert.Equal(written, File.GetLastWriteTimeUtc(image));
        }
    }

    [Fact]
    public void IsoContent_items_go_to_their_PathInImage_and_publish_output_can_be_the_content()
    {
        using var t = new TempDirectory("publish");
        File.WriteAllText(t.Combine("Program.cs"), "System.Console.WriteLine(\"hi\");");
        File.WriteAllText(t.Combine("notes.md"), "# notes");
        Directory.CreateDirectory(t.Combine("docs", "sub"));
        File.WriteAllText(t.Combine("docs", "sub", "page.html"), "<p/>");
        DotnetBuild.WriteProject(t.Path, """
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <EnableDefaultItems>true</EnableDefaultItems>
    <IsoImagesRunAfter>Publish</IsoImagesRunAfter>
  </PropertyGroup>
  <ItemGroup>
    <IsoImage Include="$(MSBuildProjectDirectory)/image/app.iso" Sources="app=$(PublishDir)" VolumeId="PUBLISHED" />
    <IsoContent Include="notes.md" PathInImage="README.md" />
    <IsoContent Include="docs/**/*.html" PathInImage="manual/%(RecursiveDir)" />
  </ItemGroup>
""");
        string image = t.Combine("image", "app.iso");
        DotnetBuild.Run(t.Path).EnsureSuccess();
        Assert.False(File.Exists(image), "with IsoImagesRunAfter=Publish, dotnet build makes no image");
        DotnetBuild.Dotnet(t.Path, null, "publish", "-nologo").EnsureSuccess();
        string list = ExternalTool.Run("bsdtar", "-tf", image).EnsureSuccess().StandardOutput;
        Assert.Contains("app/app.dll", list, StringComparison.Ordinal);
        Assert.Contains("README.md", list, StringComparison.Ordinal);
        Assert.Contains("manual/sub/page.html", list, StringComparison.Ordinal);
    }
}
