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

    // Linux: statx(2) of a name relative to an open directory, so the kernel resolves one name per entry instead of
    // the whole path. struct statx has the same layout on every architecture.
    [LibraryImport("libc", EntryPoint = "open")]
    private static partial int Open(byte* path, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static partial int Statx(int directory, byte* name, int flags, uint mask, byte* status);

    private const int OpenReadOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC
    private const int SymlinkNoFollow = 0x100; // AT_SYMLINK_NOFOLLOW: what lstat sees
    private const uint StatxTypeModeSizeModified = 0x1 | 0x2 | 0x40 | 0x200; // STATX_TYPE | STATX_MODE | STATX_MTIME | STATX_SIZE
    private const int ENOSYS = 38;
    private const int EPERM = 1;
    private static bool s_statxUnavailable = !OperatingSystem.IsLinux();

    /// <summary>Whether directory listings are stat-ed with statx (Linux, while the call works); tests turn it off.</summary>
    internal static bool UseStatx
    {
        get => !s_statxUnavailable;
        set => s_statxUnavailable = !value || !OperatingSystem.IsLinux();
    }

    /// <summary>
    /// The lstat of each of the entries <paramref name="names"/> of <paramref name="directory"/>; a large directory's on
    /// several threads, since a walk mostly waits for the kernel (smaller ones are read side by side by
    /// <see cref="DirectoryReader"/>).
    /// </summary>
    public static FileSystemStatus[] GetStatuses(string directory, string[] names)
    {
        const int ParallelFrom = 1024;
        var statuses = new FileSystemStatus[names.Length];
        int descriptor = OpenDirectory(directory);
        try
        {
            Func<int, FileSystemStatus> status = descriptor >= 0
                ? i => StatxStatus(descriptor, names[i]) ?? GetStatus(Path.Join(directory, names[i]))
                : i => GetStatus(Path.Join(directory, names[i]));
            if (names.Length < ParallelFrom || Environment.ProcessorCount == 1)
            {
                for (int i = 0; i < names.Length; i++)
                    statuses[i] = status(i);
            }
            else
            {
                Parallel.For(0, names.Length, i => statuses[i] = status(i));
            }
        }
        finally
        {
            if (descriptor >= 0)
                _ = Close(descriptor); // a directory opened to read: nothing to lose
        }
        return statuses;
    }

    /// <summary>A descriptor of <paramref name="directory"/> for statx, or -1 where there is none.</summary>
    private static int OpenDirectory(string directory)
    {
        if (s_statxUnavailable)
            return -1;
        try
        {
            fixed (byte* path = NullTerminated(directory, stackalloc byte[1024]))
                return Open(path, OpenReadOnlyCloseOnExec);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_statxUnavailable = true;
            return -1;
        }
    }

    /// <summary>What statx says of the entry <paramref name="name"/> of the open directory; null when it cannot tell.</summary>
    private static FileSystemStatus? StatxStatus(int directory, string name)
    {
        if (s_statxUnavailable)
            return null;
        byte* status = stackalloc byte[256];
        int rc;
        try
        {
            fixed (byte* utf8 = NullTerminated(name, stackalloc byte[512]))
                rc = Statx(directory, utf8, SymlinkNoFollow, StatxTypeModeSizeModified, status);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_statxUnavailable = true;
            return null;
        }
        if (rc != 0)
        {
            // A kernel before 4.11, or a sandbox that forbids the call: lstat from now on.
            if (Marshal.GetLastPInvokeError() is ENOSYS or EPERM)
                s_statxUnavailable = true;
            return null; // missing, or statx refused: lstat of the path says which
        }
        // struct statx: ... u16 stx_mode at 28, u64 stx_size at 40, stx_mtime { s64 tv_sec; u32 tv_nsec; } at 112.
        return Status(*(ushort*)(status + 28), *(long*)(status + 40), *(long*)(status + 112), *(uint*)(status + 120));
    }

    /// <summary><paramref name="text"/> in UTF-8 with a NUL after it, in <paramref name="buffer"/> when it fits.</summary>
    private static Span<byte> NullTerminated(ReadOnlySpan<char> text, Span<byte> buffer)
    {
        int byteCount = Encoding.UTF8.GetByteCount(text);
        Span<byte> utf8 = byteCount < buffer.Length ? buffer[..(byteCount + 1)] : new byte[byteCount + 1];
        Encoding.UTF8.GetBytes(text, utf8);
        utf8[byteCount] = 0;
        return utf8;
    }

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
        byte* status = stackalloc byte[256];
        int rc;
        try
        {
            fixed (byte* p = NullTerminated(path, stackalloc byte[1024]))
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
        return Status(*(int*)(status + 4), *(long*)(status + 16), *(long*)(status + 40), *(long*)(status + 48));
    }

    /// <summary>The status of a Unix mode (its S_IF* type and permission bits), size and modification time.</summary>
    private static FileSystemStatus Status(int mode, long size, long modifiedSeconds, long modifiedNanoseconds)
    {
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
