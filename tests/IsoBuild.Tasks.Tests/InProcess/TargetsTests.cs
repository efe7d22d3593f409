using IsoBuild.Testing;
using Microsoft.Build.Execution;
using Microsoft.Build.Framework;

namespace IsoBuild.Tasks.Tests.InProcess;

/// <summary>
/// The props and targets evaluated and built in this process: defaults, hook points, multi-targeting, item metadata
/// mapped to the same options as the command line, coded errors, and MSBuild cancel.
/// </summary>
[Collection(InProcessMSBuild.Collection)]
public class TargetsTests
{
    private const string ImageItems = """
  <PropertyGroup><Src Condition="'$(Src)' == ''">payload</Src></PropertyGroup>
  <ItemGroup>
    <IsoImage Include="out/app.iso" SourceDirectory="$(Src)" VolumeId="$(Vol)" Joliet="$(J)" Timestamp="$(Ts)" BiosBoot="$(Bb)" VolumeUuid="$(Uuid)" />
    <IsoContent Include="notes.txt" PathInImage="docs/" />
  </ItemGroup>
""";

    [Fact]
    public void Evaluation_gives_the_documented_defaults_and_hook_points()
    {
        using var t = NewProject(out string project);
        InProcessMSBuild.Evaluate(project, InProcessMSBuild.Properties(), p =>
        {
            Assert.Equal("Build", p.GetPropertyValue("IsoImagesRunAfter"));
            Assert.Equal("true", p.GetPropertyValue("EnableIsoImages"));
            Assert.Equal("Build", p.Targets["_IsoBuildAfterBuild"].AfterTargets);
            Assert.Equal("Clean", p.Targets["CleanIsoImages"].AfterTargets);
            Assert.Contains("BuildIsoImages", p.Targets.Keys);
            Assert.Equal(string.Empty, p.GetPropertyValue("_IsoBuildTaskHost"));
            // .NET Framework MSBuild (MSBuildRuntimeType Full, which no test can set) gets the .NET task host.
            var targets = p.Imports.Select(i => i.ImportedProject).Single(x => x.FullPath.EndsWith("build/IsoBuild.targets", StringComparison.Ordinal));
            Assert.Contains(targets.Properties, e => e.Name == "_IsoBuildTaskHost" && e.Value == "net" && e.Condition == "'$(MSBuildRuntimeType)' == 'Full'");
            Assert.Contains(targets.UsingTasks, u => u.TaskName == "IsoBuild.Tasks.CreateIsoImage" && u.Runtime == "NET" && u.TaskFactory == "TaskHostFactory"
                && u.Condition == "'$(_IsoBuildTaskHost)' == 'net'");
            Assert.All(targets.UsingTasks, u => Assert.Equal("IsoBuild.Tasks.CreateIsoImage", u.TaskName));
            // Visual Studio's fast up-to-date check sees the image and the extra content.
            Assert.Contains(t.Combine("out", "app.iso"), p.GetItems("UpToDateCheckBuilt").Select(i => i.EvaluatedInclude));
            Assert.Contains("notes.txt", p.GetItems("UpToDateCheckInput").Select(i => i.EvaluatedInclude));
        });
        InProcessMSBuild.Evaluate(project, InProcessMSBuild.Properties(("IsoBuildUseTaskHost", "true")),
            p => Assert.Equal("host", p.GetPropertyValue("_IsoBuildTaskHost")));
        InProcessMSBuild.Evaluate(project, InProcessMSBuild.Properties(("IsoImagesRunAfter", "Publish")),
            p => Assert.DoesNotContain(p.GetItems("UpToDateCheckBuilt"), i => i.EvaluatedInclude.EndsWith(".iso", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_multi_targeting_project_builds_its_images_in_the_outer_build_only()
    {
        using var t = NewProject(out string project, "<PropertyGroup><TargetFramework /><TargetFrameworks>net8.0;net10.0</TargetFrameworks></PropertyGroup>");
        InProcessMSBuild.Evaluate(project, InProcessMSBuild.Properties(), p => Assert.Equal("true", p.GetPropertyValue("_IsoBuildRunsHere")));
        InProcessMSBuild.Evaluate(project, InProcessMSBuild.Properties(("TargetFramework", "net10.0")),
            p => Assert.Equal(string.Empty, p.GetPropertyValue("_IsoBuildRunsHere")));
    }

    [Fact]
    public void Item_metadata_gives_the_bytes_the_command_line_gives_for_the_same_options()
    {
        using var t = NewProject(out string project);
        var properties = InProcessMSBuild.Properties(("Vol", "MAPPED"), ("J", "false"), ("Ts", "2024-01-02T03:04:05Z"), ("Uuid", "2024-01-02-03-04-05-06"));
        (BuildResult result, RecordingLogger log) = InProcessMSBuild.Build(project, "BuildIsoImages", properties);
        Assert.True(result.OverallResult == BuildResultCode.Success, string.Join('\n', log.Errors.Select(e => e.Message)));
        Assert.Contains(log.Messages, m => m.StartsWith("IsoImage: " + t.Combine("out", "app.iso") + " (", StringComparison.Ordinal));

        DotnetBuild.Tool(t.Path, "pack", "payload", "docs/notes.txt=notes.txt", "-o", "cli.iso", "--volume-id", "MAPPED", "--no-joliet",
            "--timestamp", "2024-01-02T03:04:05Z", "--volume-uuid", "2024010203040506").EnsureSuccess();
        Assert.Equal(File.ReadAllBytes(t.Combine("cli.iso")), File.ReadAllBytes(t.Combine("out", "app.iso")));
        using var image = IsoBuild.Reading.IsoImageReader.Open(t.Combine("out", "app.iso"));
        Assert.Equal("2024-01-02-03-04-05-06", image.Volume.Uuid);
    }

    [Theory]
    [InlineData("Src", "missing", "ISO0001", "The source 'missing' does not exist")]
    [InlineData("Vol", "A VOLUME ID THAT IS FAR TOO LONG FOR ISO", "ISO0005", "The volume id")]
    [InlineData("Ts", "yesterday", "ISO0006", "The Timestamp 'yesterday' is not a date")]
    [InlineData("J", "maybe", "ISO0018", "Joliet=\"maybe\" is not a boolean")]
    [InlineData("Uuid", "tomorrow", "ISO0020", "The VolumeUuid 'tomorrow' is not a volume UUID")]
    [InlineData("Bb", "boot/none.img", "ISO0100", "BiosBoot names '/boot/none.img', which is not a file in the image")]
    public void Bad_metadata_fails_the_build_with_a_coded_error_in_MSBuild_words_and_keeps_the_previous_image(string property, string value, string code, string words)
    {
        using var t = NewProject(out string project);
        Assert.Equal(BuildResultCode.Success, InProcessMSBuild.Build(project, "BuildIsoImages", InProcessMSBuild.Properties()).Result.OverallResult);
        byte[] previous = File.ReadAllBytes(t.Combine("out", "app.iso"));

        (BuildResult result, RecordingLogger log) = InProcessMSBuild.Build(project, "BuildIsoImages", InProcessMSBuild.Properties((property, value)));
        Assert.Equal(BuildResultCode.Failure, result.OverallResult);
        BuildErrorEventArgs error = Assert.Single(log.Errors);
        Assert.Equal(code, error.Code);
        Assert.Equal(project, error.File);
        Assert.StartsWith("out/app.iso: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(words, error.Message, StringComparison.Ordinal);
        // An MSBuild user is told metadata names, never the command line's flags.
        Assert.DoesNotMatch(" --?[a-z]", error.Message);
        Assert.Equal(previous, File.ReadAllBytes(t.Combine("out", "app.iso")));
    }

    [Fact]
    public void Cancelling_the_build_mid_write_keeps_the_previous_image_and_leaves_no_temporary_file()
    {
        using var t = NewProject(out string project);
        InProcessMSBuild.CancelMidWrite(t, project);
    }

    private static TempDirectory NewProject(out string project, string extra = "")
    {
        var t = new TempDirectory("in-process");
        File.WriteAllText(Path.Combine(t.CreateDirectory("payload"), "readme.txt"), "in process");
        File.WriteAllText(t.Combine("notes.txt"), "notes");
        project = DotnetBuild.WriteProject(t.Path, ImageItems + extra);
        return t;
    }
}
