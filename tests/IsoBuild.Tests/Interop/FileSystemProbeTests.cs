using IsoBuild.Interop;
using IsoBuild.Testing;

namespace IsoBuild.Tests.Interop;

/// <summary>
/// The probe's answers agree with FileInfo, by statx (Linux) and by the public .NET APIs it falls back to, and statx
/// tells special files apart, which FileInfo cannot.
/// </summary>
public class FileSystemProbeTests
{
    [Fact]
    public void Statx_and_the_fallback_agree_with_FileInfo()
    {
        Assert.True(FileSystemProbe.UseStatx, "statx is used on Linux");
        using var t = new TempDirectory("probe");
        string plain = t.Combine("plain.txt"), exec = t.Combine("run.sh"), empty = t.Combine("empty"), dir = t.CreateDirectory("dir");
        File.WriteAllText(plain, "some text");
        File.WriteAllText(exec, "#!/bin/sh\n");
        File.SetUnixFileMode(exec, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupExecute);
        File.WriteAllBytes(empty, []);
        File.SetLastWriteTimeUtc(plain, new DateTime(2003, 4, 5, 6, 7, 8, DateTimeKind.Utc).AddTicks(4567891));
        File.CreateSymbolicLink(t.Combine("link"), "plain.txt");
        File.CreateSymbolicLink(t.Combine("dangling"), "nowhere");
        File.CreateSymbolicLink(t.Combine("dirlink"), "dir");
        string[] names = ["plain.txt", "run.sh", "empty", "dir", "link", "dangling", "dirlink", "missing"];

        FileSystemStatus Expected(string name)
        {
            string path = t.Combine(name);
            var info = new FileInfo(path);
            if (info.LinkTarget is not null)
                return new FileSystemStatus(FileSystemKind.Symlink, 0, false);
            if (Directory.Exists(path))
                return new FileSystemStatus(FileSystemKind.Directory, 0, false);
            if (!info.Exists)
                return new FileSystemStatus(FileSystemKind.Missing, 0, false);
            bool executable = (info.UnixFileMode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
            return new FileSystemStatus(FileSystemKind.Regular, info.Length, executable, info.LastWriteTimeUtc.Ticks);
        }
        static FileSystemStatus KindOnlyForNonFiles(FileSystemStatus s) => s.Kind == FileSystemKind.Regular ? s : s with { Executable = false };

        FileSystemStatus[] listed = FileSystemProbe.GetStatuses(t.Path, names);
        for (int i = 0; i < names.Length; i++)
        {
            Assert.Equal(Expected(names[i]), KindOnlyForNonFiles(listed[i]));
            Assert.Equal(Expected(names[i]), KindOnlyForNonFiles(FileSystemProbe.GetStatus(t.Combine(names[i]))));
        }
        Assert.True(listed[1].Executable);
        Assert.Equal(new DateTime(2003, 4, 5, 6, 7, 8, DateTimeKind.Utc).AddTicks(4567891).Ticks, listed[0].ModifiedTicks);
        try
        {
            FileSystemProbe.UseStatx = false;
            FileSystemStatus[] fallback = FileSystemProbe.GetStatuses(t.Path, names);
            for (int i = 0; i < names.Length; i++)
                Assert.Equal(Expected(names[i]), fallback[i]);
        }
        finally
        {
            FileSystemProbe.UseStatx = true;
        }
    }

    [Fact]
    public void Statx_tells_a_FIFO_from_a_file()
    {
        using var t = new TempDirectory("probe-fifo");
        ExternalTool.Run("mkfifo", t.Combine("pipe")).EnsureSuccess();
        Assert.Equal(FileSystemKind.Fifo, FileSystemProbe.GetStatus(t.Combine("pipe")).Kind);
        Assert.Equal(FileSystemKind.Fifo, FileSystemProbe.GetStatuses(t.Path, ["pipe"])[0].Kind);
    }
}
