using IsoBuild.Interop;

namespace IsoBuild.Tests.Interop;

/// <summary>
/// <see cref="HelperThreads"/> starts named background threads; on Linux the starting thread keeps to one processor
/// while it starts one, and both threads then run on the processors the starting thread had.
/// </summary>
public sealed class HelperThreadsTests
{
    /// <summary>The processors the calling thread may run on, as the kernel lists them (Linux).</summary>
    private static string AllowedProcessors() =>
        File.ReadLines("/proc/thread-self/status").Single(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal));

    [Fact]
    public void Runs_the_body_on_a_named_background_thread()
    {
        string? name = null;
        bool background = false;
        int id = 0;
        Thread thread = HelperThreads.Start("IsoBuild test helper", () =>
        {
            name = Thread.CurrentThread.Name;
            background = Thread.CurrentThread.IsBackground;
            id = Environment.CurrentManagedThreadId;
        });
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)));
        Assert.Equal("IsoBuild test helper", name);
        Assert.True(background);
        Assert.NotEqual(Environment.CurrentManagedThreadId, id);
    }

    [Fact]
    public void Both_threads_run_on_the_starting_threads_processors_again()
    {
        if (!OperatingSystem.IsLinux())
            return; // the processors are kept only on Linux; elsewhere a start is Thread.Start
        string before = AllowedProcessors();
        string? helper = null;
        Thread thread = HelperThreads.Start("IsoBuild test helper", () => helper = AllowedProcessors());
        string after = AllowedProcessors();
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)));
        Assert.Equal(before, after);
        Assert.Equal(before, helper);
    }
}
