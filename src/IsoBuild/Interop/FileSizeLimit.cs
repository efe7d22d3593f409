using System.Runtime.InteropServices;

namespace IsoBuild.Interop;

/// <summary>
/// A write past the file size limit (<c>ulimit -f</c>) raises SIGXFSZ, whose default action kills the process before
/// it can say anything. Ignoring the signal makes the write fail with EFBIG instead, which is reported as ISO0015
/// like a full disk, and the temporary file is removed.
/// </summary>
internal static partial class FileSizeLimit
{
    private const int SIGXFSZ = 25; // Linux and macOS
    private static readonly IntPtr SIG_IGN = 1;

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial IntPtr Signal(int signal, IntPtr handler);

    public static void ReportInsteadOfDying()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            try
            {
                Signal(SIGXFSZ, SIG_IGN);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // Without libc's signal() the default action stays; nothing else changes.
            }
        }
    }
}
