using IsoBuild.Interop;

namespace IsoBuild.Tests.Interop;

/// <summary>
/// <see cref="Wakeups"/> counts wake-ups: a wait takes one, sleeping until there is one to take; on Linux the count
/// is an eventfd's, so that a waiting thread sleeps in the kernel without spinning first.
/// </summary>
public sealed class WakeupsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void Waits_sleep_in_the_kernel_on_linux()
    {
        using var wakeups = new Wakeups();
        Assert.Equal(OperatingSystem.IsLinux(), wakeups.InKernel);
    }

    [Fact]
    public void A_wake_up_released_before_the_wait_is_taken_by_it_and_each_wait_takes_one()
    {
        using var wakeups = new Wakeups();
        wakeups.Release(2);
        wakeups.Wait();
        wakeups.Wait();
        int returned = 0;
        var waiter = new Thread(() =>
        {
            wakeups.Wait();
            Interlocked.Increment(ref returned);
        });
        waiter.Start();
        // Two wake-ups were released and two taken: the third wait sleeps until a third is released.
        Assert.False(waiter.Join(TimeSpan.FromMilliseconds(200)));
        Assert.Equal(0, Volatile.Read(ref returned));
        wakeups.Release();
        Assert.True(waiter.Join(Patience));
        Assert.Equal(1, returned);
    }

    [Fact]
    public void A_release_of_several_wakes_as_many_waiting_threads_and_no_more()
    {
        using var wakeups = new Wakeups();
        int returned = 0;
        Thread[] waiters = [.. Enumerable.Range(0, 3).Select(_ => new Thread(() =>
        {
            wakeups.Wait();
            Interlocked.Increment(ref returned);
        }))];
        foreach (Thread waiter in waiters)
            waiter.Start();
        wakeups.Release(2);
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref returned) == 2, Patience));
        Thread.Sleep(200);
        Assert.Equal(2, Volatile.Read(ref returned));
        wakeups.Release(0);
        Thread.Sleep(100);
        Assert.Equal(2, Volatile.Read(ref returned));
        wakeups.Release();
        foreach (Thread waiter in waiters)
            Assert.True(waiter.Join(Patience));
        Assert.Equal(3, returned);
    }

    [Fact]
    public void A_negative_count_is_refused()
    {
        using var wakeups = new Wakeups();
        Assert.Throws<ArgumentOutOfRangeException>(() => wakeups.Release(-1));
    }

    [Fact]
    public void Two_threads_handing_off_twenty_thousand_times_lose_no_wake_up()
    {
        // The pattern of the read-ahead: each side waits for the other's release, back and forth.
        using var ping = new Wakeups();
        using var pong = new Wakeups();
        const int Rounds = 20_000;
        var other = new Thread(() =>
        {
            for (int i = 0; i < Rounds; i++)
            {
                ping.Wait();
                pong.Release();
            }
        });
        other.Start();
        for (int i = 0; i < Rounds; i++)
        {
            ping.Release();
            pong.Wait();
        }
        Assert.True(other.Join(Patience));
    }
}
