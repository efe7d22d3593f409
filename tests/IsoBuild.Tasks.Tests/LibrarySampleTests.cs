using System.Diagnostics;
using IsoBuild.Testing;

namespace IsoBuild.Tasks.Tests;

/// <summary>
/// samples/library uses only the library's public API: its image of a directory, written to a file or to standard
/// output (a pipe), has the bytes of <c>dotnet iso pack</c> of the same directory.
/// </summary>
[Collection(DotnetBuild.Samples)]
public class LibrarySampleTests
{
    [Fact]
    public void The_library_sample_writes_the_bytes_of_dotnet_iso_pack_to_a_file_and_to_standard_output()
    {
        string sample = DotnetBuild.CleanSample("library");
        DotnetBuild.Dotnet(sample, null, "build", "-nologo", "-c", "Release").EnsureSuccess();
        string program = Path.Combine(sample, "bin", "Release", "net10.0", "library.dll");
        using var t = new TempDirectory("library-sample");
        string src = t.CreateDirectory("src");
        TestTrees.CreateVaried(src, withLongNames: true);
        var env = new Dictionary<string, string?>(DotnetBuild.Environment) { ["SOURCE_DATE_EPOCH"] = "1700000000" };

        ExternalTool.Run("dotnet", [program, src, t.Combine("library.iso"), "FROM_CODE"], t.Path, env).EnsureSuccess();
        ExternalTool.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "dotnet-iso.dll"), "pack", src, "-o", t.Combine("pack.iso"), "-V", "FROM_CODE"], t.Path, env).EnsureSuccess();
        byte[] expected = File.ReadAllBytes(t.Combine("pack.iso"));
        Assert.Equal(expected, File.ReadAllBytes(t.Combine("library.iso")));
        Assert.Equal(expected, StandardOutputOf(program, env, src, "-", "FROM_CODE"));
    }

    /// <summary>The bytes a program writes to standard output through a pipe.</summary>
    private static byte[] StandardOutputOf(string program, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(program);
        foreach (string a in arguments)
            psi.ArgumentList.Add(a);
        foreach ((string k, string? v) in environment)
        {
            if (v is null)
                psi.Environment.Remove(k);
            else
                psi.Environment[k] = v;
        }
        using var process = Process.Start(psi)!;
        using var bytes = new MemoryStream();
        Task<string> error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(bytes);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error.Result);
        return bytes.ToArray();
    }
}
