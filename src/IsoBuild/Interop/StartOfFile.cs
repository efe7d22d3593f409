using System.Runtime.InteropServices;

namespace IsoBuild.Interop;

/// <summary>
/// Reads the start of a file with three system calls (open, pread, close) where the system allows: the way small
/// source files are read, twice for files whose size another file shares (once to tell them apart, once to write
/// them). .NET's own file handles add a status call, the handle's bookkeeping and a full path's validation to every
/// open, which at a million small files costs more than the reading. Anything that goes wrong here — a path the
/// kernel refuses, a directory, an interrupted call, a system without these calls — is not reported: the caller
/// reads the file again through .NET, which reports it as it always does.
/// </summary>
internal static unsafe partial class StartOfFile
{
    private const int OpenReadOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC (Linux; 0x1000000 on macOS, not used)

    // pread's offset is a 64-bit off_t in 64-bit Linux processes; elsewhere .NET reads.
    private static bool s_unavailable = !(OperatingSystem.IsLinux() && Environment.Is64BitProcess);

    [LibraryImport("libc", EntryPoint = "open")]
    private static partial int Open(byte* path, int flags);

    [LibraryImport("libc", EntryPoint = "pread")]
    private static partial nint PositionedRead(int descriptor, byte* buffer, nint count, long offset);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);

    /// <summary>Whether this process reads file starts itself; tests turn it off to check the .NET path.</summary>
    internal static bool Enabled
    {
        get => !s_unavailable;
        set => s_unavailable = !value || !(OperatingSystem.IsLinux() && Environment.Is64BitProcess);
    }

    /// <summary>
    /// Reads <paramref name="path"/> from its start into <paramref name="buffer"/> until the buffer is full or the
    /// file ends; <paramref name="length"/> is how many bytes were read. A read that stops short at
    /// <paramref name="expected"/> bytes is taken for the end of the file (a regular file's reads stop short only at
    /// its end), which saves the read that would say so. False when the read was not made here (the caller reads
    /// through .NET instead).
    /// </summary>
    public static bool TryRead(string path, Span<byte> buffer, int expected, out int length)
    {
        length = 0;
        if (s_unavailable)
            return false;
        int descriptor;
        try
        {
            // PATH_MAX bytes; a path that might not fit them in UTF-8 (over 1,365 characters) is left to .NET.
            Span<byte> utf8 = stackalloc byte[4096];
            if (path.Contains('\0') || System.Text.Encoding.UTF8.GetMaxByteCount(path.Length) >= utf8.Length)
                return false;
            int bytes = System.Text.Encoding.UTF8.GetBytes(path, utf8);
            utf8[bytes] = 0;
            fixed (byte* name = utf8)
                descriptor = Open(name, OpenReadOnlyCloseOnExec);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_unavailable = true;
            return false;
        }
        if (descriptor < 0)
            return false;
        try
        {
            fixed (byte* start = buffer)
            {
                while (length < buffer.Length)
                {
                    nint asked = buffer.Length - length;
                    nint n = PositionedRead(descriptor, start + length, asked, length);
                    if (n < 0)
                        return false;
                    length += (int)n;
                    if (n == 0 || n < asked && length == expected)
                        break;
                }
            }
            return true;
        }
        finally
        {
            _ = Close(descriptor); // opened to read: nothing to lose
        }
    }
}
