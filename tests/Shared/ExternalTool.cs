using System.Diagnostics;
using System.Text;

namespace IsoBuild.Testing;

/// <summary>The result of running another program.</summary>
public sealed record ToolResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public ToolResult EnsureSuccess()
    {
        if (ExitCode != 0)
            throw new Xunit.Sdk.XunitException($"'{Command}' exited with {ExitCode}.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
        return this;
    }

    public string AllOutput => StandardOutput + StandardError;
}

/// <summary>
/// Runs the independent readers our images are checked against. A missing reader fails the test with the package to
/// install: build/test.sh installs them all, so nothing is silently skipped.
/// </summary>
public static class ExternalTool
{
    /// <summary>The programs the suite runs that build/install-deps.sh installs, each with its Debian package.</summary>
    public static IReadOnlyDictionary<string, string> Packages { get; } = new Dictionary<string, string>()
    {
        ["xorriso"] = "xorriso", ["osirrox"] = "xorriso", ["genisoimage"] = "genisoimage", ["isoinfo"] = "genisoimage",
        ["7zz"] = "7zip", ["bsdtar"] = "libarchive-tools", ["iso-info"] = "libcdio-utils", ["/usr/bin/python3"] = "python3-pycdlib",
        ["qemu-system-x86_64"] = "qemu-system-x86", ["sgdisk"] = "gdisk", ["fsck.fat"] = "dosfstools", ["mdir"] = "mtools",
        ["mcopy"] = "mtools", ["fdisk"] = "fdisk", ["grub-mkimage"] = "grub-pc-bin", ["grub-mkrescue"] = "grub-common",
        ["bchunk"] = "bchunk", ["nrg2iso"] = "nrg2iso", ["mdf2iso"] = "mdf2iso", ["ccd2iso"] = "ccd2iso", ["iat"] = "iat",
        ["chdman"] = "mame-tools", ["cd-info"] = "libcdio-utils", ["cueconvert"] = "cuetools", ["blkid"] = "util-linux",
        ["udfinfo"] = "udftools", ["mkudffs"] = "udftools", ["cpio"] = "cpio",
        ["implantisomd5"] = "isomd5sum", ["checkisomd5"] = "isomd5sum", ["mkzftree"] = "genisoimage",
    };

    public static string Require(string tool)
    {
        string? path = Find(tool);
        if (path is null)
        {
            string package = Packages.GetValueOrDefault(tool, tool);
            throw new Xunit.Sdk.XunitException($"'{tool}' is not installed. Run build/install-deps.sh (or: apt-get install {package}).");
        }
        return path;
    }

    public static string? Find(string tool)
    {
        if (tool.Contains('/'))
            return File.Exists(tool) ? tool : null;
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Concat(["/usr/sbin", "/sbin"]))
        {
            string candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    public static ToolResult Run(string tool, IEnumerable<string> arguments, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null, string? standardInput = null)
    {
        string path = Require(tool);
        var psi = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string a in arguments)
            psi.ArgumentList.Add(a);
        psi.Environment["LC_ALL"] = "C.UTF-8";
        if (environment is not null)
        {
            foreach ((string k, string? v) in environment)
            {
                if (v is null)
                    psi.Environment.Remove(k);
                else
                    psi.Environment[k] = v;
            }
        }
        using var process = Process.Start(psi)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
            process.StandardInput.Write(standardInput);
        process.StandardInput.Close();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            // What it printed before it was stopped says where it hung.
            string printed = Task.WaitAll([stdout, stderr], TimeSpan.FromSeconds(5)) ? (stdout.Result + stderr.Result).Trim() : "(its output did not end)";
            throw new Xunit.Sdk.XunitException($"'{tool} {string.Join(' ', arguments)}' did not finish in time. It printed:\n{printed}");
        }
        return new ToolResult($"{tool} {string.Join(' ', psi.ArgumentList)}", process.ExitCode, stdout.Result, stderr.Result);
    }

    public static ToolResult Run(string tool, params string[] arguments) => Run(tool, (IEnumerable<string>)arguments);

    /// <summary>Runs a Python snippet with the system Python, which has pycdlib.</summary>
    public static ToolResult Python(string script, params string[] arguments) =>
        Run("/usr/bin/python3", ["-c", script, .. arguments]);
}
