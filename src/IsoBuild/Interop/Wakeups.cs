using System.Runtime.InteropServices;

namespace IsoBuild.Interop;

/// <summary>
/// A count of wake-ups that threads wait for (a counting semaphore) whose waits sleep in the kernel at once. On
/// Linux it is an eventfd in semaphore mode: <see cref="Wait"/> is one read(2), which sleeps until
/// <see cref="Release"/> adds to the count. .NET's own waits on Unix (<see cref="Monitor"/>, events, semaphores) go
/// through a lock of their wait subsystem that spins with sched_yield whenever two threads reach it at once — as
/// the two sides of a hand-off do each time one wakes the other. Elsewhere, or where the kernel refuses an
/// eventfd, it is a <see cref="Semaphore"/>.
/// </summary>
/// <remarks>Disposed only once no thread waits on it and none will release it.</remarks>
internal sealed unsafe partial class Wakeups : IDisposable
{
    private const int EINTR = 4;
    private const int SemaphoreCloseOnExec = 0x80001; // EFD_SEMAPHORE | EFD_CLOEXEC

    private int _descriptor = -1;
    private readonly Semaphore? _semaphore;

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    private static partial int EventFd(uint initial, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int descriptor, ulong* value, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int descriptor, ulong* value, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);

    public Wakeups()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                _descriptor = EventFd(0, SemaphoreCloseOnExec);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                _descriptor = -1;
            }
        }
        if (_descriptor < 0)
            _semaphore = new Semaphore(0, int.MaxValue);
    }

    /// <summary>Whether the waits are the kernel's own (an eventfd) rather than .NET's.</summary>
    internal bool InKernel => _semaphore is null;

    /// <summary>Sleeps until a wake-up is there to take, and takes it.</summary>
    public void Wait()
    {
        if (_semaphore is not null)
        {
            _semaphore.WaitOne();
            return;
        }
        ulong value;
        while (Read(_descriptor, &value, sizeof(ulong)) != sizeof(ulong))
            ThrowUnlessInterrupted("read");
    }

    /// <summary>Adds <paramref name="count"/> wake-ups (none when it is 0): as many waits return.</summary>
    public void Release(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
            return;
        if (_semaphore is not null)
        {
            _semaphore.Release(count);
            return;
        }
        ulong value = (ulong)count;
        while (Write(_descriptor, &value, sizeof(ulong)) != sizeof(ulong))
            ThrowUnlessInterrupted("write");
    }

    private static void ThrowUnlessInterrupted(string call)
    {
        int error = Marshal.GetLastPInvokeError();
        if (error != EINTR)
            throw new IOException($"A wake-up between IsoBuild's threads failed: {call} on an eventfd gave errno {error}.");
    }

    public void Dispose()
    {
        int descriptor = Interlocked.Exchange(ref _descriptor, -1);
        if (descriptor >= 0)
            _ = Close(descriptor); // nothing was written through it that a failed close could lose
        _semaphore?.Dispose();
    }
}
