using IsoBuild.Testing;
using Microsoft.Build.Execution;

namespace IsoBuild.Tasks.Tests.InProcess;

/// <summary>
/// Misconfiguration that would otherwise go unnoticed gets a coded diagnostic at the project file, and each image is
/// up to date on its own.
/// </summary>
[Collection(InProcessMSBuild.Collection)]
[Trait(Category.Name, Category.External)]
public class DiagnosticsTests
{
    [Fact]
    public void Unknown_metadata_is_a_warning_that_names_the_metadata_it_most_likely_meant()
    {
        using var t = Project(out string project, """
  <ItemGroup>
    <IsoImage Include="out/app.iso" SourceDir="payload" VolumeLabel="APP" Frobnicate="yes" Sources="payload" />
  </ItemGroup>
""");
        (BuildResult result, RecordingLogger log) = InProcessMSBuild.Build(project, "BuildIsoImages", InProcessMSBuild.Properties());
        Assert.Equal(BuildResultCode.Success, result.OverallResult);
        Assert.All(log.Warnings, w => Assert.Equal(("ISO0300", project), (w.Code, w.File)));
        Assert.Equal(3, log.Warnings.Count);
        Assert.Contains(log.Warnings, w => w.Message!.Contains("'SourceDir'", StringComparison.Ordinal) && w.Message.EndsWith("Did you mean 'SourceDirectory'?", StringComparison.Ordinal));
        Assert.Contains(log.Warnings, w => w.Message!.Contains("'VolumeLabel'", StringComparison.Ordinal) && w.Message.EndsWith("Did you mean 'VolumeId'?", StringComparison.Ordinal));
        Assert.Contains(log.Warnings, w => w.Message!.Contains("'Frobnicate'", StringComparison.Ordinal) && w.Message.Contains("docs/msbuild.md", StringComparison.Ordinal));
        // Known metadata in any case is known: MSBuild metadata names ignore case.
        using var u = Project(out string other, """<ItemGroup><IsoImage Include="out/app.iso" sourcedirectory="payload" VOLUMEID="APP" /></ItemGroup>""");
        Assert.Empty(InProcessMSBuild.Build(other, "BuildIsoImages", InProcessMSBuild.Properties()).Log.Warnings);
    }

    [Theory]
    [InlineData("AfterCompile", true)]
    [InlineData("Publish", false)]
    [InlineData("publish", false)]
    public void An_IsoImagesRunAfter_that_would_build_no_image_is_an_error(string value, bool error)
    {
        using var t = Project(out string project, $"""
  <PropertyGroup><IsoImagesRunAfter>{value}</IsoImagesRunAfter></PropertyGroup>
  <ItemGroup><IsoImage Include="out/app.iso" SourceDirectory="payload" /></ItemGroup>
""");
        Assert.Equal(BuildResultCode.Success, InProcessMSBuild.Build(project, "Restore", InProcessMSBuild.Properties()).Result.OverallResult);
        (BuildResult result, RecordingLogger log) = InProcessMSBuild.Build(project, "Build", InProcessMSBuild.Properties());
        if (error)
        {
            Assert.Equal(BuildResultCode.Failure, result.OverallResult);
            Assert.Contains(log.Errors, e => e.Code == "ISO0301" && e.File == project && e.Message!.Contains($"'{value}'", StringComparison.Ordinal));
        }
        else
        {
            Assert.Equal(BuildResultCode.Success, result.OverallResult);
            Assert.False(File.Exists(t.Combine("out", "app.iso")), "after Build, an image that runs after Publish is not built");
        }
    }

    [Fact]
    public void IsoContent_for_no_image_is_a_warning_and_IsoContent_without_PathInImage_goes_to_the_root()
    {
        using var t = Project(out string project, """
  <ItemGroup>
    <IsoImage Include="out/app.iso" SourceDirectory="payload" />
    <IsoContent Include="notes.txt" Image="other.iso" PathInImage="lost.txt" />
    <IsoContent Include="notes.txt" />
  </ItemGroup>
""");
        (BuildResult result, RecordingLogger log) = InProcessMSBuild.Build(project, "BuildIsoImages", InProcessMSBuild.Properties());
        Assert.Equal(BuildResultCode.Success, result.OverallResult);
        var warning = Assert.Single(log.Warnings);
        Assert.Equal("ISO0302", warning.Code);
        Assert.Contains("Image=\"other.iso\"", warning.Message, StringComparison.Ordinal);
        string list = ExternalTool.Run("bsdtar", "-tf", t.Combine("out", "app.iso")).EnsureSuccess().StandardOutput;
        Assert.Contains("notes.txt", list.Split('\n'));
        Assert.DoesNotContain("lost.txt", list, StringComparison.Ordinal);
    }

    [Fact]
    public void RemovePaths_without_a_BaseImage_is_an_error()
    {
        using var t = Project(out string project, """<ItemGroup><IsoImage Include="out/app.iso" SourceDirectory="payload" RemovePaths="readme.txt" /></ItemGroup>""");
        (BuildResult result, RecordingLogger log) = InProcessMSBuild.Build(project, "BuildIsoImages", InProcessMSBuild.Properties());
        Assert.Equal(BuildResultCode.Failure, result.OverallResult);
        Assert.Contains(log.Errors, e => e.Code == "ISO0303" && e.Message!.StartsWith("out/app.iso: RemovePaths", StringComparison.Ordinal));
        Assert.False(File.Exists(t.Combine("out", "app.iso")));
    }

    [Fact]
    public void Each_image_is_rebuilt_when_and_only_when_its_own_inputs_change()
    {
        using var t = Project(out string project, """
  <ItemGroup>
    <IsoImage Include="out/app.iso" SourceDirectory="payload" />
    <IsoImage Include="out/extra.iso" SourceDirectory="extra" />
  </ItemGroup>
""");
        File.WriteAllText(Path.Combine(t.CreateDirectory("extra"), "extra.txt"), "extra");
        string app = t.Combine("out", "app.iso"), extra = t.Combine("out", "extra.iso");
        RecordingLogger Build()
        {
            (BuildResult result, RecordingLogger log) = InProcessMSBuild.Build(project, "BuildIsoImages", InProcessMSBuild.Properties());
            Assert.True(result.OverallResult == BuildResultCode.Success, string.Join('\n', log.Errors.Select(e => e.Message)));
            return log;
        }
        bool UpToDate(RecordingLogger log, string image) =>
            log.Messages.Any(m => m.StartsWith($"IsoImage: {image} (", StringComparison.Ordinal) && m.EndsWith("; up to date, not rewritten)", StringComparison.Ordinal));

        Build();
        (DateTime a, DateTime e) = (File.GetLastWriteTimeUtc(app), File.GetLastWriteTimeUtc(extra));
        RecordingLogger noop = Build();
        Assert.True(UpToDate(noop, app) && UpToDate(noop, extra), "a build without changes rewrote an image");
        Assert.Equal((a, e), (File.GetLastWriteTimeUtc(app), File.GetLastWriteTimeUtc(extra)));

        File.WriteAllText(t.Combine("payload", "readme.txt"), "changed, and longer than before");
        RecordingLogger changed = Build();
        Assert.False(UpToDate(changed, app), "the image whose input changed was not rebuilt");
        Assert.True(UpToDate(changed, extra), "the other image was rebuilt");
        Assert.Equal(e, File.GetLastWriteTimeUtc(extra));
        Assert.Equal("changed, and longer than before", ExternalTool.Run("bsdtar", "-xOf", app, "readme.txt").EnsureSuccess().StandardOutput);
    }

    private static TempDirectory Project(out string project, string body)
    {
        var t = new TempDirectory("diagnostics");
        File.WriteAllText(Path.Combine(t.CreateDirectory("payload"), "readme.txt"), "payload");
        File.WriteAllText(t.Combine("notes.txt"), "notes");
        project = DotnetBuild.WriteProject(t.Path, body);
        return t;
    }
}
