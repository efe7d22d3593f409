using System.Runtime.InteropServices;
using System.Text;

namespace IsoBuild.Interop;

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
/// <remarks>
/// <see cref="HardLink"/> identifies a regular file that has more than one name (a link count above 1), so that the
/// names of one file found in a walk can be told to be one file; it is null for every other file, and where the
/// system does not say (statx is Linux only).
/// </remarks>
internal readonly record struct FileSystemStatus(FileSystemKind Kind, long Length, bool Executable, long ModifiedTicks = 0, FileIdentity? HardLink = null);

/// <summary>The device and inode of a file: equal for every name of one file (its hard links), never stored in an image.</summary>
internal sealed record FileIdentity(ulong Device, ulong Inode);

/// <summary>
/// Tells regular files from directories, links, FIFOs, devices and sockets — which .NET's FileSystemInfo does not —
/// through documented interfaces only: on Linux statx(2), whose struct is the same on every architecture; on macOS
/// lstat(2) for the file type (st_mode in the 64-bit-inode struct stat of &lt;sys/stat.h&gt;) with the rest from
/// FileSystemInfo; elsewhere FileSystemInfo alone, which cannot tell special files from regular ones.
/// </summary>
internal static unsafe partial class FileSystemProbe
{
    private const int TypeMask = 0xF000;
    private const int ExecuteBits = 0x49; // S_IXUSR | S_IXGRP | S_IXOTH

    // statx(2): a name relative to an open directory (a listing's entries: the kernel resolves one name per entry
    // instead of the whole path), or a full path relative to AT_FDCWD.
    [LibraryImport("libc", EntryPoint = "open")]
    private static partial int Open(byte* path, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static partial int Statx(int directory, byte* name, int flags, uint mask, byte* status);

    // macOS: the 64-bit-inode lstat; on x86_64 the plain symbol is the legacy 32-bit-inode one.
    [LibraryImport("libc", EntryPoint = "lstat")]
    private static partial int MacLstat(byte* path, byte* status);

    [LibraryImport("libc", EntryPoint = "lstat$INODE64")]
    private static partial int MacLstatInode64(byte* path, byte* status);

    private const int AtCurrentDirectory = -100; // AT_FDCWD
    private const int OpenReadOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC
    private const int SymlinkNoFollow = 0x100; // AT_SYMLINK_NOFOLLOW: what lstat sees
    private const uint StatxTypeModeSizeModified = 0x1 | 0x2 | 0x40 | 0x200; // STATX_TYPE | STATX_MODE | STATX_MTIME | STATX_SIZE
    private const uint StatxLinksAndInode = 0x4 | 0x100; // STATX_NLINK | STATX_INO
    private const int StatxSize = 256;
    private const int StatxMaskOffset = 0;       // __u32 stx_mask: what the kernel filled in
    private const int StatxLinksOffset = 16;     // __u32 stx_nlink
    private const int StatxInodeOffset = 32;     // __u64 stx_ino
    private const int StatxDeviceOffset = 136;   // __u32 stx_dev_major, __u32 stx_dev_minor
    private const int StatxModeOffset = 28;      // __u16 stx_mode
    private const int StatxSizeOffset = 40;      // __u64 stx_size
    private const int StatxMtimeOffset = 112;    // struct statx_timestamp stx_mtime { __s64 tv_sec; __u32 tv_nsec; }
    private const int MacStatSize = 144;         // sizeof(struct stat), 64-bit inodes
    private const int MacStatModeOffset = 4;     // mode_t st_mode, after dev_t st_dev
    private const int ENOSYS = 38;
    private const int EPERM = 1;
    private const int ENOENT = 2;
    private const int ENOTDIR = 20;

    private static bool s_statxUnavailable = !OperatingSystem.IsLinux();
    private static bool s_macLstatUnavailable = !OperatingSystem.IsMacOS();

    /// <summary>Whether paths are stat-ed with statx (Linux, while the call works); tests turn it off to check the fallback.</summary>
    internal static bool UseStatx
    {
        get => !s_statxUnavailable;
        set => s_statxUnavailable = !value || !OperatingSystem.IsLinux();
    }

    /// <summary>
    /// The lstat of entries <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> − 1 of
    /// <paramref name="directory"/>, into <paramref name="statuses"/>: entry i is named
    /// <paramref name="names"/>[<paramref name="nameStarts"/>[i]..<paramref name="nameStarts"/>[i + 1]]. Each name is
    /// stat-ed relative to the open directory, so that the kernel resolves one name instead of a whole path.
    /// </summary>
    public static void GetStatuses(string directory, ReadOnlySpan<char> names, int[] nameStarts, int first, int count, FileSystemStatus[] statuses)
    {
        int descriptor = OpenDirectory(directory);
        try
        {
            for (int i = first; i < first + count; i++)
            {
                ReadOnlySpan<char> name = names[nameStarts[i]..nameStarts[i + 1]];
                statuses[i] = (descriptor >= 0 ? StatxStatus(descriptor, name) : null) ?? GetStatus(Path.Join(directory, name));
            }
        }
        finally
        {
            if (descriptor >= 0)
                _ = Close(descriptor); // a directory opened to read: nothing to lose
        }
    }

    /// <summary>The lstat of each of the entries <paramref name="names"/> of <paramref name="directory"/>.</summary>
    public static FileSystemStatus[] GetStatuses(string directory, string[] names)
    {
        int[] starts = new int[names.Length + 1];
        for (int i = 0; i < names.Length; i++)
            starts[i + 1] = starts[i] + names[i].Length;
        var statuses = new FileSystemStatus[names.Length];
        GetStatuses(directory, string.Concat(names), starts, 0, names.Length, statuses);
        return statuses;
    }

    public static FileSystemKind GetKind(FileSystemInfo info) => GetStatus(info.FullName).Kind;

    public static FileSystemStatus GetStatus(FileSystemInfo info) => GetStatus(info.FullName);

    /// <summary>What lstat says of <paramref name="path"/> (a link is not followed).</summary>
    public static FileSystemStatus GetStatus(string path)
    {
        if (StatxStatus(AtCurrentDirectory, path) is { } status)
            return status;
        return FromFileSystemInfo(path, MacFileType(path));
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

    /// <summary>What statx says of <paramref name="name"/> relative to <paramref name="directory"/>; null when it cannot tell.</summary>
    private static FileSystemStatus? StatxStatus(int directory, ReadOnlySpan<char> name)
    {
        if (s_statxUnavailable)
            return null;
        byte* status = stackalloc byte[StatxSize];
        int rc;
        try
        {
            fixed (byte* utf8 = NullTerminated(name, stackalloc byte[1024]))
                rc = Statx(directory, utf8, SymlinkNoFollow, StatxTypeModeSizeModified | StatxLinksAndInode, status);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_statxUnavailable = true;
            return null;
        }
        if (rc != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            // A kernel before 4.11, or a sandbox that forbids the call: FileSystemInfo from now on.
            if (errno is ENOSYS or EPERM)
                s_statxUnavailable = true;
            return errno is ENOENT or ENOTDIR ? new FileSystemStatus(FileSystemKind.Missing, 0, false) : null;
        }
        FileSystemStatus result = Status(*(ushort*)(status + StatxModeOffset), *(long*)(status + StatxSizeOffset),
            *(long*)(status + StatxMtimeOffset), *(uint*)(status + StatxMtimeOffset + sizeof(long)));
        // Only files with several names get an identity: a walk then keeps one object per hard-linked file only.
        if (result.Kind == FileSystemKind.Regular && (*(uint*)(status + StatxMaskOffset) & StatxLinksAndInode) == StatxLinksAndInode &&
            *(uint*)(status + StatxLinksOffset) > 1)
        {
            result = result with { HardLink = new FileIdentity(*(ulong*)(status + StatxDeviceOffset), *(ulong*)(status + StatxInodeOffset)) };
        }
        return result;
    }

    /// <summary>On macOS, the S_IF* type of <paramref name="path"/> from lstat; null elsewhere or when it cannot tell.</summary>
    private static int? MacFileType(string path)
    {
        if (s_macLstatUnavailable)
            return null;
        byte* status = stackalloc byte[MacStatSize];
        int rc;
        try
        {
            fixed (byte* p = NullTerminated(path, stackalloc byte[1024]))
                rc = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? MacLstatInode64(p, status) : MacLstat(p, status);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_macLstatUnavailable = true;
            return null;
        }
        return rc == 0 ? *(ushort*)(status + MacStatModeOffset) & TypeMask : null;
    }

    /// <summary>
    /// What public .NET APIs say: missing, link, directory, or a file with its length, execute bits and modification
    /// time; <paramref name="fileType"/>, when known, tells special files apart.
    /// </summary>
    private static FileSystemStatus FromFileSystemInfo(string path, int? fileType)
    {
        FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
        if (!info.Exists && info.LinkTarget is null)
            return new FileSystemStatus(FileSystemKind.Missing, 0, false);
        if (info.LinkTarget is not null)
            return new FileSystemStatus(FileSystemKind.Symlink, 0, false);
        if (info is not FileInfo file)
            return new FileSystemStatus(FileSystemKind.Directory, 0, false);
        FileSystemKind kind = fileType is int type ? Kind(type) : FileSystemKind.Regular;
        if (kind != FileSystemKind.Regular)
            return new FileSystemStatus(kind, 0, false);
        bool executable = !OperatingSystem.IsWindows() &&
            (file.UnixFileMode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        return new FileSystemStatus(FileSystemKind.Regular, file.Length, executable, file.LastWriteTimeUtc.Ticks);
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

    private static FileSystemKind Kind(int mode) => (mode & TypeMask) switch
    {
        0x1000 => FileSystemKind.Fifo,
        0x2000 => FileSystemKind.CharacterDevice,
        0x4000 => FileSystemKind.Directory,
        0x6000 => FileSystemKind.BlockDevice,
        0xA000 => FileSystemKind.Symlink,
        0xC000 => FileSystemKind.Socket,
        _ => FileSystemKind.Regular,
    };

    /// <summary>The status of a Unix mode (its S_IF* type and permission bits), size and modification time.</summary>
    private static FileSystemStatus Status(int mode, long size, long modifiedSeconds, long modifiedNanoseconds)
    {
        FileSystemKind kind = Kind(mode);
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
