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

    private const int AtCurrentDirectory = -100; // AT_FDCWD

    [LibraryImport("libc", EntryPoint = "openat")]
    private static partial int OpenAt(int directory, byte* path, int flags);

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
        return Open(AtCurrentDirectory, path) is int descriptor and >= 0 && Read(descriptor, buffer, expected, out length);
    }

    /// <summary>
    /// <paramref name="path"/> opened to read, relative to <paramref name="directory"/> (a descriptor, or
    /// <see cref="AtCurrentDirectory"/>); -1 when it was not opened here.
    /// </summary>
    private static int Open(int directory, ReadOnlySpan<char> path)
    {
        if (s_unavailable)
            return -1;
        try
        {
            // PATH_MAX bytes; a path that might not fit them in UTF-8 (over 1,365 characters) is left to .NET.
            Span<byte> utf8 = stackalloc byte[4096];
            if (path.Contains('\0') || System.Text.Encoding.UTF8.GetMaxByteCount(path.Length) >= utf8.Length)
                return -1;
            int bytes = System.Text.Encoding.UTF8.GetBytes(path, utf8);
            utf8[bytes] = 0;
            fixed (byte* name = utf8)
                return OpenAt(directory, name, OpenReadOnlyCloseOnExec);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_unavailable = true;
            return -1;
        }
    }

    /// <summary>Reads from an open file's start as <see cref="TryRead"/> says, and closes it.</summary>
    private static bool Read(int descriptor, Span<byte> buffer, int expected, out int length)
    {
        length = 0;
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

    /// <summary>
    /// Reads files one after another, each opened by its name relative to its directory, which stays open while the
    /// files that follow are in it too: the kernel then resolves one name per file instead of a whole path, as the
    /// source walk's <c>statx</c> calls do. For one thread that reads files in the order of a tree (the writer's
    /// read-ahead). A directory replaced while it is open is read as it was opened, the one the walk saw.
    /// </summary>
    public sealed class InDirectories : IDisposable
    {
        private string? _directory;
        private int _descriptor = -1;

        /// <summary>As <see cref="StartOfFile.TryRead"/>, for the file <paramref name="name"/> of <paramref name="directory"/>.</summary>
        public bool TryRead(string directory, ReadOnlySpan<char> name, Span<byte> buffer, int expected, out int length)
        {
            length = 0;
            if (!ReferenceEquals(directory, _directory) && directory != _directory)
            {
                Dispose();
                _directory = directory;
                _descriptor = Open(AtCurrentDirectory, directory);
            }
            return _descriptor >= 0 && Open(_descriptor, name) is int file and >= 0 && Read(file, buffer, expected, out length);
        }

        public void Dispose()
        {
            if (_descriptor >= 0)
                _ = Close(_descriptor); // a directory opened to read: nothing to lose
            _descriptor = -1;
            _directory = null;
        }
    }
}
