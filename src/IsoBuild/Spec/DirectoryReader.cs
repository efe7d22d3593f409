using IsoBuild.Interop;
using System.IO.Enumeration;

namespace IsoBuild.Spec;

/// <summary>
/// One source directory as the walk reads it: its entries' names in ordinal order and what lstat says of each, or why
/// it could not be read. The names are one run of characters, one name after the other (<see cref="Name"/> is a view
/// of it): listing a directory makes no string per entry.
/// </summary>
/// <remarks>
/// A listing's arrays come from a small pool and go back to it when the walk is done with the listing
/// (<see cref="Release"/>), so that the threads that read directories ahead allocate next to nothing: the walk's
/// thread, which makes the entries, is then about the only one that grows the heap. Two threads that allocate at
/// once meet on the collector's allocation lock, and the one that waits while the other commits memory spins
/// (sched_yield) — more often the larger the tree.
/// </remarks>
internal sealed class DirectoryListing
{
    // Every entry, hidden ones too; nothing about them is asked here: the one lstat per entry tells everything.
    private static readonly EnumerationOptions All = new() { AttributesToSkip = 0, IgnoreInaccessible = false };

    private Buffers? _buffers; // null once released (and for a directory that could not be read)

    private DirectoryListing(string directoryPath, Buffers? buffers, int count, Exception? error)
    {
        DirectoryPath = directoryPath;
        _buffers = buffers;
        Count = count;
        Error = error;
    }

    public string DirectoryPath { get; }

    public Exception? Error { get; }

    public int Count { get; }

    /// <summary>Every entry's name, in ordinal order, one after the other.</summary>
    public ReadOnlySpan<char> Names => Count == 0 ? [] : Held.Names.AsSpan(0, Held.Starts[Count]);

    /// <summary>What lstat said of each entry, in the order of the names.</summary>
    public ReadOnlySpan<FileSystemStatus> Statuses => Count == 0 ? [] : Held.Statuses.AsSpan(0, Count);

    /// <summary>The name of entry <paramref name="i"/>.</summary>
    public ReadOnlySpan<char> Name(int i) => Held.Names.AsSpan(Held.Starts[i], Held.Starts[i + 1] - Held.Starts[i]);

    /// <summary>Where the name of entry <paramref name="i"/> starts in <see cref="Names"/>.</summary>
    public int NameStart(int i) => Held.Starts[i];

    private Buffers Held => _buffers ?? throw new InvalidOperationException($"The listing of '{DirectoryPath}' was used after its release.");

    public static DirectoryListing Failed(string directory, Exception error) => new(directory, null, 0, error);

    /// <summary>Lists and stats a directory on the calling thread.</summary>
    public static DirectoryListing Read(string directory)
    {
        DirectoryListing listing = List(directory);
        if (listing.Error is null)
            listing.Stat(0, listing.Count);
        return listing;
    }

    /// <summary>Lists a directory's names, sorted; their statuses are left to <see cref="Stat"/>.</summary>
    public static DirectoryListing List(string directory)
    {
        Buffers buffers = Buffers.Rent();
        int count;
        try
        {
            using var collector = new NameCollector(directory, buffers);
            while (collector.MoveNext())
            {
            }
            count = buffers.Found.Count;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            Buffers.Return(buffers);
            return Failed(directory, e);
        }
        buffers.Sort(count);
        return new DirectoryListing(directory, buffers, count, null);
    }

    /// <summary>Stats entries <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> − 1.</summary>
    public void Stat(int first, int count) => FileSystemProbe.GetStatuses(DirectoryPath, Held.Names, Held.Starts, first, count, Held.Statuses);

    /// <summary>Gives the listing's arrays back for another directory; the listing is not used after this.</summary>
    public void Release()
    {
        if (_buffers is { } buffers)
        {
            _buffers = null;
            Buffers.Return(buffers);
        }
    }

    /// <summary>The arrays of one listing, and what listing the directory needs on the way; they grow to the largest directory seen.</summary>
    private sealed class Buffers
    {
        private const int Kept = 32;                // about what the readers' lookahead and the walk's depth hold at once
        private const int LargestKept = 64 << 10;   // entries: the arrays of a huge directory are not kept for good
        private static readonly Stack<Buffers> s_pool = new();

        public char[] Names = new char[4096];
        public int[] Starts = new int[257];
        public FileSystemStatus[] Statuses = new FileSystemStatus[256];

        // Listing: the names as the directory gives them, each one's place, and the order that sorts them.
        public char[] Unsorted = new char[4096];
        public int UnsortedLength;
        public readonly List<(int Start, int Length)> Found = [];
        public int[] Order = new int[256];

        public static Buffers Rent()
        {
            lock (s_pool)
            {
                if (s_pool.TryPop(out Buffers? buffers))
                    return buffers;
            }
            return new Buffers();
        }

        public static void Return(Buffers buffers)
        {
            if (buffers.Statuses.Length > LargestKept)
                return;
            Array.Clear(buffers.Statuses); // statuses hold hard-link identities: keep none alive
            buffers.Found.Clear();
            buffers.UnsortedLength = 0;
            lock (s_pool)
            {
                if (s_pool.Count < Kept)
                    s_pool.Push(buffers);
            }
        }

        /// <summary>Puts the <paramref name="count"/> names found in ordinal order into <see cref="Names"/> and <see cref="Starts"/>, with room for their statuses.</summary>
        public void Sort(int count)
        {
            if (Order.Length < count)
                Order = new int[Math.Max(count, Order.Length * 2)];
            Span<int> order = Order.AsSpan(0, count);
            for (int i = 0; i < count; i++)
                order[i] = i;
            order.Sort(new NameOrder(Unsorted, Found));
            if (Starts.Length < count + 1)
                Starts = new int[Math.Max(count + 1, Starts.Length * 2)];
            if (Statuses.Length < count)
                Statuses = new FileSystemStatus[Math.Max(count, Statuses.Length * 2)];
            if (Names.Length < UnsortedLength)
                Names = new char[Math.Max(UnsortedLength, Names.Length * 2)];
            Starts[0] = 0;
            for (int i = 0; i < count; i++)
            {
                (int start, int length) = Found[order[i]];
                Unsorted.AsSpan(start, length).CopyTo(Names.AsSpan(Starts[i]));
                Starts[i + 1] = Starts[i] + length;
            }
        }

        /// <summary>Adds a name as the directory gives it.</summary>
        public void Add(ReadOnlySpan<char> name)
        {
            if (UnsortedLength + name.Length > Unsorted.Length)
                Array.Resize(ref Unsorted, Math.Max(Unsorted.Length * 2, UnsortedLength + name.Length));
            name.CopyTo(Unsorted.AsSpan(UnsortedLength));
            Found.Add((UnsortedLength, name.Length));
            UnsortedLength += name.Length;
        }
    }

    /// <summary>Orders found names ordinally (a comparer that is a struct: sorting makes no delegate).</summary>
    private readonly struct NameOrder(char[] names, List<(int Start, int Length)> found) : IComparer<int>
    {
        public int Compare(int a, int b) =>
            names.AsSpan(found[a].Start, found[a].Length).SequenceCompareTo(names.AsSpan(found[b].Start, found[b].Length));
    }

    /// <summary>Collects the names of a directory's entries into a listing's buffers.</summary>
    private sealed class NameCollector(string directory, Buffers buffers) : FileSystemEnumerator<bool>(directory, All)
    {
        protected override bool TransformEntry(ref FileSystemEntry entry)
        {
            buffers.Add(entry.FileName);
            return true;
        }
    }
}

/// <summary>
/// Reads the directories of a source tree on other threads, a few ahead of the walk and in about the order the walk
/// visits them (depth first, entries in ordinal order), so that listing and stat-ing the next directories overlaps
/// with making the entries of this one, and several directories are stat-ed at once. A large directory is stat-ed in
/// parts by every reader that has nothing else to do, and by the walk when it waits for it.
/// </summary>
/// <remarks>
/// <para>
/// The walk takes listings with <see cref="Next"/>; one that no reader has started yet it reads itself. A directory
/// it reaches another way (through a followed link) it reads without the reader. At most <see cref="Lookahead"/>
/// listings are read and not yet taken, so memory stays bounded by a few directories whatever the size of the tree.
/// On one processor there are no threads: <see cref="Next"/> reads.
/// </para>
/// <para>
/// Threads that wait sleep at once (<see cref="Wakeups"/>) rather than spin: on a machine with few cores, or busy
/// with other work, a spinning thread takes the core that the thread it waits for needs. A waiting thread is woken
/// only once the one that wakes it has left the lock (a thread woken by <see cref="Monitor.Pulse(object)"/> would
/// wake while the lock is still held and spin, with sched_yield, to take it back). The walk waits on the one
/// directory it needs and is woken by whoever completes it; readers stopped by a full lookahead are woken when the
/// walk has taken half of it, so that they meet the walk a few times per lookahead, not once per directory.
/// </para>
/// </remarks>
internal sealed class DirectoryReader : IDisposable
{
    private const int Lookahead = 16;

    /// <summary>A directory of this many entries or more is stat-ed in parts of <see cref="PartSize"/>, on several threads.</summary>
    private const int PartsFrom = 1024;
    private const int PartSize = 256;

    /// <summary>A directory to read: not started, being read, or read (<see cref="Listing"/> set, under the slot's monitor).</summary>
    private sealed class Slot
    {
        public bool Started;
        public DirectoryListing? Listing;
        public bool WalkWaits; // the walk waits for this listing on _walkWakes (or is about to)

        // A large directory stat-ed in parts: its names, the next part to hand out and the parts not yet done.
        public DirectoryListing? Parts;
        public int NextPart;
        public int PartsLeft;
        public Exception? PartError;
    }

    private readonly object _lock = new(); // guards the fields below
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly Stack<string> _pending = new(); // directories to read; the one the walk needs soonest on top
    private readonly Queue<Slot> _parted = new();    // large directories with parts not yet handed out
    private readonly Thread[] _readers;
    private int _ahead; // listings started and not yet taken
    private int _waitingReaders; // readers that wait on _readerWakes (or are about to)
    private readonly Wakeups _readerWakes = new();
    private readonly Wakeups _walkWakes = new();
    private bool _stopped;

    public DirectoryReader(string root)
    {
        int readers = Math.Min(Environment.ProcessorCount, 4);
        _readers = readers > 1 ? new Thread[readers] : [];
        // The readers start before there is anything to read, and each finds nothing and sleeps: starting a thread
        // waits for it to run (HelperThreads), and a reader already busy with the root would compete with the next.
        for (int i = 0; i < _readers.Length; i++)
            _readers[i] = HelperThreads.Start("IsoBuild directory reader", ReadAhead);
        int wake;
        lock (_lock)
        {
            _slots.Add(root, new Slot());
            _pending.Push(root);
            wake = TakeWaitingReaders();
        }
        _readerWakes.Release(wake);
    }

    /// <summary>The listing of <paramref name="directory"/>, the next directory of the walk.</summary>
    public DirectoryListing Next(string directory)
    {
        Slot slot;
        bool readHere = false;
        int wake = 0;
        lock (_lock)
        {
            if (!_slots.Remove(directory, out slot!))
                throw new InvalidOperationException($"The source walk reached '{directory}', which no listing named.");
            if (!slot.Started)
            {
                slot.Started = true;
                readHere = true;
            }
            else
            {
                _ahead--;
                if (_pending.Count > 0 && _ahead == Lookahead / 2)
                    wake = TakeWaitingReaders();
            }
        }
        _readerWakes.Release(wake);
        if (readHere)
        {
            Read(directory, slot);
        }
        else
        {
            // A large directory's parts still to do are done here rather than waited for.
            while (TakePart(slot) is int part)
                DoPart(slot, part);
        }
        while (true)
        {
            lock (slot)
            {
                if (slot.Listing is { } listing)
                    return listing;
                slot.WalkWaits = true;
            }
            _walkWakes.Wait();
        }
    }

    /// <summary>Under the lock: the number of readers waiting, who are now to be woken (by releasing as many wake-ups, after leaving it).</summary>
    private int TakeWaitingReaders()
    {
        int waiting = _waitingReaders;
        _waitingReaders = 0;
        return waiting;
    }

    private void ReadAhead()
    {
        while (true)
        {
            string? directory = null;
            Slot? slot = null;
            int part = 0;
            lock (_lock)
            {
                while (true)
                {
                    if (_stopped)
                        return;
                    if (_parted.TryPeek(out slot))
                    {
                        if (slot.NextPart * PartSize >= slot.Parts!.Count)
                        {
                            _parted.Dequeue(); // the walk took the last part
                            continue;
                        }
                        part = slot.NextPart++;
                        if (slot.NextPart * PartSize >= slot.Parts.Count)
                            _parted.Dequeue();
                        break;
                    }
                    if (_pending.Count > 0 && _ahead < Lookahead)
                    {
                        string next = _pending.Pop();
                        if (!_slots.TryGetValue(next, out slot) || slot.Started)
                            continue; // the walk read it itself
                        directory = next;
                        slot.Started = true;
                        _ahead++;
                        break;
                    }
                    _waitingReaders++;
                    slot = null;
                    break;
                }
            }
            if (slot is null)
            {
                _readerWakes.Wait();
                continue;
            }
            if (directory is null)
                DoPart(slot, part);
            else
                Read(directory, slot);
        }
    }

    /// <summary>Lists and stats a directory, a large one in parts that other threads may share.</summary>
    private void Read(string directory, Slot slot)
    {
        DirectoryListing listing;
        try
        {
            listing = DirectoryListing.List(directory);
            if (listing.Error is null && listing.Count >= PartsFrom && _readers.Length > 0)
            {
                int wake;
                lock (_lock)
                {
                    slot.Parts = listing;
                    slot.PartsLeft = (listing.Count + PartSize - 1) / PartSize;
                    _parted.Enqueue(slot);
                    wake = TakeWaitingReaders();
                }
                _readerWakes.Release(wake);
                while (TakePart(slot) is int part)
                    DoPart(slot, part);
                return; // whoever does the last part completes the listing
            }
            if (listing.Error is null)
                listing.Stat(0, listing.Count);
        }
        catch (Exception e)
        {
            listing = DirectoryListing.Failed(directory, e); // the walk reports it when it gets there
        }
        Complete(slot, listing);
    }

    /// <summary>The next part of <paramref name="slot"/>'s large directory that nobody has taken, or null.</summary>
    private int? TakePart(Slot slot)
    {
        lock (_lock)
        {
            if (slot.Parts is null || slot.NextPart * PartSize >= slot.Parts.Count)
                return null;
            return slot.NextPart++; // a reader drops the slot from the queue once it finds every part handed out
        }
    }

    private void DoPart(Slot slot, int part)
    {
        DirectoryListing listing = slot.Parts!;
        Exception? error = null;
        try
        {
            int first = part * PartSize;
            listing.Stat(first, Math.Min(PartSize, listing.Count - first));
        }
        catch (Exception e)
        {
            error = e;
        }
        bool last;
        lock (_lock)
        {
            slot.PartError ??= error;
            last = --slot.PartsLeft == 0;
        }
        if (last)
            Complete(slot, slot.PartError is { } e ? DirectoryListing.Failed(listing.DirectoryPath, e) : listing);
    }

    /// <summary>Queues a listing's subdirectories (the first on top), then hands the listing to the walk.</summary>
    private void Complete(Slot slot, DirectoryListing listing)
    {
        int wake = 0;
        lock (_lock)
        {
            bool queued = false;
            for (int i = listing.Count - 1; i >= 0; i--)
            {
                if (listing.Statuses[i].Kind != FileSystemKind.Directory)
                    continue;
                string child = Path.Join(listing.DirectoryPath, listing.Name(i));
                _slots[child] = new Slot();
                _pending.Push(child);
                queued = true;
            }
            if (queued && _ahead < Lookahead)
                wake = TakeWaitingReaders();
        }
        _readerWakes.Release(wake);
        bool walkWaits;
        lock (slot)
        {
            slot.Listing = listing;
            (walkWaits, slot.WalkWaits) = (slot.WalkWaits, false);
        }
        if (walkWaits)
            _walkWakes.Release();
    }

    public void Dispose()
    {
        int wake;
        lock (_lock)
        {
            _stopped = true;
            wake = TakeWaitingReaders();
        }
        _readerWakes.Release(wake);
        foreach (Thread reader in _readers)
            reader.Join();
        _readerWakes.Dispose();
        _walkWakes.Dispose();
    }
}
