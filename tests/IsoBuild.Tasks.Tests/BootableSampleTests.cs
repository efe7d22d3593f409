using IsoBuild.Testing;

namespace IsoBuild.Tasks.Tests;

/// <summary>samples/bootable builds a BIOS + UEFI hybrid image with one command, and it boots.</summary>
[Collection(DotnetBuild.Samples)]
[Trait(Category.Name, Category.External)]
public class BootableSampleTests
{
    [Fact]
    public void Dotnet_build_of_samples_bootable_writes_an_image_that_boots_from_a_USB_stick_in_BIOS_and_UEFI()
    {
        string sample = DotnetBuild.CleanSample("bootable");
        ToolResult build = DotnetBuild.Run(sample);
        build.EnsureSuccess();
        string image = Path.Combine(sample, "bin", "bootable.iso");
        Assert.Contains("bootable -> " + image, build.StandardOutput, StringComparison.Ordinal);
        foreach (string mode in new[] { "bios-disk", "uefi-disk" })
        {
            ToolResult boot = ExternalTool.Run("bash", [Path.Combine(Repository.Root, "tests", "boot", "boot-check.sh"), image, mode, "BOOTABLE", "90"],
                timeout: TimeSpan.FromMinutes(3));
            Assert.True(boot.ExitCode == 0, $"samples/bootable did not boot as {mode}:\n{boot.AllOutput}");
        }
    }
}
