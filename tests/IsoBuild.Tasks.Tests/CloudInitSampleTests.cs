using IsoBuild.Testing;

namespace IsoBuild.Tasks.Tests;

/// <summary>samples/cloud-init builds a NoCloud seed image that readers see the way cloud-init needs it.</summary>
[Collection(DotnetBuild.Samples)]
[Trait(Category.Name, Category.External)]
public class CloudInitSampleTests
{
    [Fact]
    public void Dotnet_build_of_samples_cloud_init_writes_a_cidata_seed_with_exact_names_in_Rock_Ridge_and_Joliet()
    {
        string sample = DotnetBuild.CleanSample("cloud-init");
        string image = Path.Combine(sample, "bin", "seed.iso");
        ToolResult build = DotnetBuild.Run(sample).EnsureSuccess();
        Assert.Contains("cloud-init -> " + image, build.StandardOutput, StringComparison.Ordinal);

        // cloud-init's NoCloud source looks for a file system labelled cidata.
        Assert.Contains("Volume id: cidata", ExternalTool.Run("isoinfo", "-d", "-i", image).EnsureSuccess().StandardOutput, StringComparison.Ordinal);
        // Its UUID is its own (derived from its tree), not the default timestamp every image once shared.
        string uuid = ExternalTool.Run("blkid", "-p", "-o", "value", "-s", "UUID", image).EnsureSuccess().StandardOutput.Trim();
        Assert.Matches(@"^1980-01-01-00-00-\d\d-\d\d$", uuid);
        Assert.NotEqual("1980-01-01-00-00-00-00", uuid);
        string rockRidge = ExternalTool.Run("isoinfo", "-R", "-f", "-i", image).EnsureSuccess().StandardOutput;
        Assert.Equal(["/meta-data", "/user-data"], rockRidge.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        // Linux drops Joliet's ";1" version, so a reader without Rock Ridge finds the same names.
        string joliet = ExternalTool.Run("isoinfo", "-J", "-f", "-i", image).EnsureSuccess().StandardOutput;
        Assert.Equal(["/meta-data;1", "/user-data;1"], joliet.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        foreach (string name in new[] { "user-data", "meta-data" })
        {
            Assert.Equal(File.ReadAllText(Path.Combine(sample, "seed", name)),
                ExternalTool.Run("bsdtar", "-xOf", image, name).EnsureSuccess().StandardOutput);
        }
        Assert.StartsWith("#cloud-config\n", File.ReadAllText(Path.Combine(sample, "seed", "user-data")), StringComparison.Ordinal);
    }
}
