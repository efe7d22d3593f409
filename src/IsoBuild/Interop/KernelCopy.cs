using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace IsoBuild.Interop;

/// <summary>
/// Linux's copy_file_range(2): the kernel copies file data without passing it through this process (and shares
/// extents where the file system can). Where the call is missing or refused for the pair of files, callers copy
/// through a buffer instead.
/// </summary>
internal static partial class KernelCopy
{
    private const int ENOSYS = 38;
    private const int EXDEV = 18;
    private const int EINVAL = 22;
    private const int EOPNOTSUPP = 95;
    private const int EBADF = 9;
    private const int EPERM = 1;
    private const int EINTR = 4;

    private static bool s_unavailable = !OperatingSystem.IsLinux();

    [LibraryImport("libc", EntryPoint = "copy_file_range", SetLastError = true)]
    private static partial nint CopyFileRange(SafeFileHandle source, ref long sourceOffset, SafeFileHandle destination, ref long destinationOffset,
        nuint length, uint flags);

    /// <summary>Whether a copy can be tried at all (Linux, and the call was not found missing).</summary>
    public static bool Available => !s_unavailable;

    /// <summary>
    /// Copies at most <paramref name="count"/> bytes from <paramref name="source"/> at <paramref name="sourceOffset"/>
    /// to <paramref name="destination"/> at <paramref name="destinationOffset"/>. Returns the bytes copied (0 at the
    /// source's end), or -1 when the kernel cannot copy between these files and nothing was copied.
    /// </summary>
    /// <exception cref="IOException">The copy failed (no space, file too large, I/O error).</exception>
    public static long TryCopy(SafeFileHandle source, long sourceOffset, SafeFileHandle destination, long destinationOffset, long count)
    {
        if (s_unavailable)
            return -1;
        while (true)
        {
            nint copied;
            try
            {
                copied = CopyFileRange(source, ref sourceOffset, destination, ref destinationOffset, (nuint)count, 0);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                s_unavailable = true;
                return -1;
            }
            if (copied >= 0)
                return copied;
            int errno = Marshal.GetLastPInvokeError();
            switch (errno)
            {
                case EINTR:
                    continue;
                case ENOSYS:
                    s_unavailable = true;
                    return -1;
                case EXDEV or EINVAL or EOPNOTSUPP or EBADF or EPERM:
                    return -1;
                default:
                    throw new IOException(Marshal.GetPInvokeErrorMessage(errno), errno);
            }
        }
    }
}
