using System.Runtime.InteropServices;
using System.Text;

namespace IsoBuild.Spec;

/// <summary>What lstat says a path is.</summary>
internal enum FileSystemKind
{
    Regular,
    Directory,
    Symlink,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
    Missing,
}

/// <summary>
/// What one lstat says of a path: its kind, and for a regular file its length, whether anyone may execute it and
/// when it was last modified (UTC ticks, as <see cref="FileSystemInfo.LastWriteTimeUtc"/> gives them).
/// </summary>
internal readonly record struct FileSystemStatus(FileSystemKind Kind, long Length, bool Executable, long ModifiedTicks = 0);

/// <summary>
/// Tells regular files from FIFOs, devices and sockets, which .NET's FileSystemInfo does not. On Unix it asks the
/// runtime's own native shim (System.Native's lstat, whose mode bits use the portable S_IF* values).
/// </summary>
internal static unsafe partial class FileSystemProbe
{
    private const int TypeMask = 0xF000;

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat")]
    private static extern int LStat(byte* path, byte* status);

    private static bool s_nativeUnavailable;

    private const int ExecuteBits = 0x49; // S_IXUSR | S_IXGRP | S_IXOTH

    public static FileSystemKind GetKind(FileSystemInfo info) => GetStatus(info).Kind;

    public static FileSystemStatus GetStatus(FileSystemInfo info) => GetStatus(info.FullName, info);

    public static FileSystemStatus GetStatus(string path) => GetStatus(path, null);

    private static FileSystemStatus GetStatus(string path, FileSystemInfo? info)
    {
        // On Unix one lstat answers everything (missing, link, directory, special file, length, mode) without a
        // readlink or a second stat per entry.
        if (!OperatingSystem.IsWindows() && !s_nativeUnavailable)
        {
            FileSystemStatus status = LStatus(path);
            if (!s_nativeUnavailable)
                return status;
        }
        info ??= Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
        if (!info.Exists && info.LinkTarget is null)
            return new FileSystemStatus(FileSystemKind.Missing, 0, false);
        if (info.LinkTarget is not null)
            return new FileSystemStatus(FileSystemKind.Symlink, 0, false);
        if (info is not FileInfo file)
            return new FileSystemStatus(FileSystemKind.Directory, 0, false);
        bool executable = !OperatingSystem.IsWindows() &&
            (file.UnixFileMode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        return new FileSystemStatus(FileSystemKind.Regular, file.Length, executable, file.LastWriteTimeUtc.Ticks);
    }

    private static FileSystemStatus LStatus(string path)
    {
        int byteCount = Encoding.UTF8.GetByteCount(path);
        Span<byte> utf8 = byteCount < 1024 ? stackalloc byte[byteCount + 1] : new byte[byteCount + 1];
        Encoding.UTF8.GetBytes(path, utf8);
        utf8[byteCount] = 0;
        byte* status = stackalloc byte[256];
        int rc;
        try
        {
            fixed (byte* p = utf8)
                rc = LStat(p, status);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_nativeUnavailable = true;
            return default;
        }
        if (rc != 0)
            return new FileSystemStatus(FileSystemKind.Missing, 0, false);
        // System.Native's FileStatus: int Flags, int Mode, uint Uid, uint Gid, long Size, long ATime, long ATimeNsec,
        // long MTime, long MTimeNsec, ...
        int mode = *(int*)(status + 4);
        long size = *(long*)(status + 16);
        long modifiedSeconds = *(long*)(status + 40);
        long modifiedNanoseconds = *(long*)(status + 48);
        FileSystemKind kind = (mode & TypeMask) switch
        {
            0x1000 => FileSystemKind.Fifo,
            0x2000 => FileSystemKind.CharacterDevice,
            0x4000 => FileSystemKind.Directory,
            0x6000 => FileSystemKind.BlockDevice,
            0xA000 => FileSystemKind.Symlink,
            0xC000 => FileSystemKind.Socket,
            _ => FileSystemKind.Regular,
        };
        return kind == FileSystemKind.Regular
            ? new FileSystemStatus(kind, size, (mode & ExecuteBits) != 0, ModifiedTicks(modifiedSeconds, modifiedNanoseconds))
            : new FileSystemStatus(kind, 0, (mode & ExecuteBits) != 0);
    }

    /// <summary>The ticks .NET reports for a Unix modification time (seconds and nanoseconds since the epoch).</summary>
    private static long ModifiedTicks(long seconds, long nanoseconds)
    {
        try
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanoseconds / 100).UtcTicks;
        }
        catch (ArgumentOutOfRangeException)
        {
            return 0; // beyond what DateTime holds: unknown, so the manifest asks the file system again
        }
    }
}
