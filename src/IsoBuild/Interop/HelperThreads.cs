using System.Runtime.InteropServices;

namespace IsoBuild.Interop;

/// <summary>
/// Starts the engine's helper threads (background threads with a name). Compiled ahead of time, .NET's
/// <see cref="Thread.Start()"/> waits for the new thread to run by calling sched_yield in a loop; when the new thread
/// is queued on the other processor — idle and asleep on a virtual machine, or busy — that was hundreds to thousands
/// of yields a thread. On Linux the starting thread therefore keeps to the processor it runs on while it starts the
/// thread, which inherits that: the new thread is queued behind it, the first yield runs it, and its first act is to
/// take back the processors the starting thread had. The starting thread takes them back as soon as the start returns.
/// Elsewhere, or where the kernel refuses, threads start as usual.
/// </summary>
internal static unsafe partial class HelperThreads
{
    private const int MaskBytes = 128; // cpu_set_t: 1,024 processors

    private static bool s_pinning = OperatingSystem.IsLinux();

    [LibraryImport("libc", EntryPoint = "sched_getaffinity")]
    private static partial int GetAffinity(int thread, nuint size, byte* mask);

    [LibraryImport("libc", EntryPoint = "sched_setaffinity")]
    private static partial int SetAffinity(int thread, nuint size, byte* mask);

    [LibraryImport("libc", EntryPoint = "sched_getcpu")]
    private static partial int CurrentProcessor();

    /// <summary>Starts <paramref name="body"/> on a new background thread named <paramref name="name"/>.</summary>
    public static Thread Start(string name, Action body)
    {
        byte[]? processors = ProcessorsOfThisThread();
        var thread = new Thread(() =>
        {
            if (processors is not null)
                Restore(processors);
            body();
        })
        { IsBackground = true, Name = name };
        bool kept = processors is not null && KeepToThisProcessor();
        try
        {
            thread.Start();
        }
        finally
        {
            if (kept)
                Restore(processors!);
        }
        return thread;
    }

    /// <summary>The processors the calling thread may run on, or null where that cannot be told or changed.</summary>
    private static byte[]? ProcessorsOfThisThread()
    {
        if (!s_pinning)
            return null;
        var mask = new byte[MaskBytes];
        try
        {
            fixed (byte* p = mask)
            {
                if (GetAffinity(0, MaskBytes, p) == 0)
                    return mask;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
        s_pinning = false;
        return null;
    }

    private static bool KeepToThisProcessor()
    {
        int processor = CurrentProcessor();
        if (processor is < 0 or >= MaskBytes * 8)
            return false;
        byte* one = stackalloc byte[MaskBytes];
        new Span<byte>(one, MaskBytes).Clear();
        one[processor / 8] = (byte)(1 << (processor % 8));
        if (SetAffinity(0, MaskBytes, one) == 0)
            return true;
        s_pinning = false;
        return false;
    }

    /// <summary>
    /// Lets the calling thread run on <paramref name="processors"/> again. Should the kernel refuse, the thread keeps
    /// to one processor: slower, never wrong.
    /// </summary>
    private static void Restore(byte[] processors)
    {
        fixed (byte* p = processors)
            _ = SetAffinity(0, MaskBytes, p);
    }
}
