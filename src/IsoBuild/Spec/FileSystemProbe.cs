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
/// Tells regular files from FIFOs, devices and sockets, which .NET's FileSystemInfo does not. On Unix it asks the
/// runtime's own native shim (System.Native's lstat, whose mode bits use the portable S_IF* values).
/// </summary>
internal static unsafe partial class FileSystemProbe
{
    private const int TypeMask = 0xF000;

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat")]
    private static extern int LStat(byte* path, byte* status);

    private static bool s_nativeUnavailable;

    public static FileSystemKind GetKind(FileSystemInfo info)
    {
        // On Unix one lstat answers everything (missing, link, directory, special file) without a readlink per entry.
        if (!OperatingSystem.IsWindows() && !s_nativeUnavailable)
        {
            FileSystemKind kind = LStatKind(info.FullName);
            if (!s_nativeUnavailable)
                return kind;
        }
        if (!info.Exists && info.LinkTarget is null)
            return FileSystemKind.Missing;
        if (info.LinkTarget is not null)
            return FileSystemKind.Symlink;
        return info is DirectoryInfo ? FileSystemKind.Directory : FileSystemKind.Regular;
    }

    private static FileSystemKind LStatKind(string path)
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
            return FileSystemKind.Regular;
        }
        if (rc != 0)
            return FileSystemKind.Missing;
        int mode = *(int*)(status + 4);
        return (mode & TypeMask) switch
        {
            0x1000 => FileSystemKind.Fifo,
            0x2000 => FileSystemKind.CharacterDevice,
            0x4000 => FileSystemKind.Directory,
            0x6000 => FileSystemKind.BlockDevice,
            0xA000 => FileSystemKind.Symlink,
            0xC000 => FileSystemKind.Socket,
            _ => FileSystemKind.Regular,
        };
    }
}
