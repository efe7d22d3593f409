using IsoBuild.Interop;
using System.IO.Enumeration;

namespace IsoBuild.Spec;

/// <summary>
/// One source directory as the walk reads it: its entries' names in ordinal order and what lstat says of each, or why
/// it could not be read. The names are one string, one name after the other (<see cref="Name"/> is a view of it):
/// listing a directory makes one string, not one per entry.
/// </summary>
internal sealed class DirectoryListing
{
    // Every entry, hidden ones too; nothing about them is asked here: the one lstat per entry tells everything.
    private static readonly EnumerationOptions All = new() { AttributesToSkip = 0, IgnoreInaccessible = false };

    private readonly int[] _nameStarts; // name i is Names[_nameStarts[i].._nameStarts[i + 1]]

    private DirectoryListing(string directoryPath, string names, int[] nameStarts, FileSystemStatus[] statuses, Exception? error)
    {
        DirectoryPath = directoryPath;
        Names = names;
        _nameStarts = nameStarts;
        Statuses = statuses;
        Error = error;
    }

    public string DirectoryPath { get; }

    /// <summary>Every entry's name, in ordinal order, one after the other.</summary>
    public string Names { get; }

    public FileSystemStatus[] Statuses { get; }

    public Exception? Error { get; }

    public int Count => Statuses.Length;

    /// <summary>The name of entry <paramref name="i"/>.</summary>
    public ReadOnlySpan<char> Name(int i) => Names.AsSpan(_nameStarts[i], _nameStarts[i + 1] - _nameStarts[i]);

    /// <summary>Where the name of entry <paramref name="i"/> starts in <see cref="Names"/>.</summary>
    public int NameStart(int i) => _nameStarts[i];

    public static DirectoryListing Failed(string directory, Exception error) => new(directory, string.Empty, [0], [], error);

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
        var collector = new NameCollector(directory);
        List<(int Start, int Length)> found = [];
        try
        {
            using (collector)
            {
                while (collector.MoveNext())
                    found.Add(collector.Current);
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return Failed(directory, e);
        }
        char[] buffer = collector.Buffer;
        int[] order = new int[found.Count];
        for (int i = 0; i < order.Length; i++)
            order[i] = i;
        Array.Sort(order, (a, b) => buffer.AsSpan(found[a].Start, found[a].Length).SequenceCompareTo(buffer.AsSpan(found[b].Start, found[b].Length)));
        int[] starts = new int[found.Count + 1];
        for (int i = 0; i < order.Length; i++)
            starts[i + 1] = starts[i] + found[order[i]].Length;
        string names = string.Create(starts[^1], (buffer, found, order), static (span, state) =>
        {
            int at = 0;
            foreach (int i in state.order)
            {
                (int start, int length) = state.found[i];
                state.buffer.AsSpan(start, length).CopyTo(span[at..]);
                at += length;
            }
        });
        return new DirectoryListing(directory, names, starts, new FileSystemStatus[found.Count], null);
    }

    /// <summary>Stats entries <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> − 1.</summary>
    public void Stat(int first, int count) => FileSystemProbe.GetStatuses(DirectoryPath, Names, _nameStarts, first, count, Statuses);

    /// <summary>Collects the names of a directory's entries into one buffer, giving each one's place in it.</summary>
    private sealed class NameCollector(string directory) : FileSystemEnumerator<(int Start, int Length)>(directory, All)
    {
        public char[] Buffer { get; private set; } = new char[4096];
        private int _length;

        protected override (int Start, int Length) TransformEntry(ref FileSystemEntry entry)
        {
            ReadOnlySpan<char> name = entry.FileName;
            if (_length + name.Length > Buffer.Length)
            {
                char[] larger = new char[Math.Max(Buffer.Length * 2, _length + name.Length)];
                Buffer.AsSpan(0, _length).CopyTo(larger);
                Buffer = larger;
            }
            name.CopyTo(Buffer.AsSpan(_length));
            _length += name.Length;
            return (_length - name.Length, name.Length);
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
/// Threads that wait block at once (<see cref="Monitor.Wait(object)"/>) rather than spin: on a machine with few cores,
/// or busy with other work, a spinning thread takes the core that the thread it waits for needs. The walk waits on
/// the one directory it needs and is woken by whoever completes it; readers stopped by a full lookahead are woken
/// when the walk has taken half of it, so that they meet the walk a few times per lookahead, not once per directory.
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
        public bool WalkWaits;

        // A large directory stat-ed in parts: its names, the next part to hand out and the parts not yet done.
        public DirectoryListing? Parts;
        public int NextPart;
        public int PartsLeft;
        public Exception? PartError;
    }

    private readonly object _lock = new(); // guards the fields below; readers wait on it
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly Stack<string> _pending = new(); // directories to read; the one the walk needs soonest on top
    private readonly Queue<Slot> _parted = new();    // large directories with parts not yet handed out
    private readonly Thread[] _readers;
    private int _ahead; // listings started and not yet taken
    private int _waitingReaders;
    private bool _stopped;

    public DirectoryReader(string root)
    {
        _slots.Add(root, new Slot());
        _pending.Push(root);
        int readers = Math.Min(Environment.ProcessorCount, 4);
        _readers = readers > 1 ? new Thread[readers] : [];
        for (int i = 0; i < _readers.Length; i++)
        {
            _readers[i] = new Thread(ReadAhead) { IsBackground = true, Name = "IsoBuild directory reader" };
            _readers[i].Start();
        }
    }

    /// <summary>The listing of <paramref name="directory"/>, the next directory of the walk.</summary>
    public DirectoryListing Next(string directory)
    {
        Slot slot;
        bool readHere = false;
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
                if (_waitingReaders > 0 && _pending.Count > 0 && _ahead == Lookahead / 2)
                    Monitor.PulseAll(_lock);
            }
        }
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
        lock (slot)
        {
            while (slot.Listing is null)
            {
                slot.WalkWaits = true;
                Monitor.Wait(slot);
            }
            return slot.Listing;
        }
    }

    private void ReadAhead()
    {
        while (true)
        {
            string? directory = null;
            Slot slot;
            int part = 0;
            lock (_lock)
            {
                while (true)
                {
                    if (_stopped)
                        return;
                    if (_parted.TryPeek(out slot!))
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
                        if (!_slots.TryGetValue(next, out slot!) || slot.Started)
                            continue; // the walk read it itself
                        directory = next;
                        slot.Started = true;
                        _ahead++;
                        break;
                    }
                    _waitingReaders++;
                    Monitor.Wait(_lock);
                    _waitingReaders--;
                }
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
                lock (_lock)
                {
                    slot.Parts = listing;
                    slot.PartsLeft = (listing.Count + PartSize - 1) / PartSize;
                    _parted.Enqueue(slot);
                    if (_waitingReaders > 0)
                        Monitor.PulseAll(_lock);
                }
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
            if (queued && _waitingReaders > 0 && _ahead < Lookahead)
                Monitor.PulseAll(_lock);
        }
        lock (slot)
        {
            slot.Listing = listing;
            if (slot.WalkWaits)
                Monitor.Pulse(slot);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _stopped = true;
            Monitor.PulseAll(_lock);
        }
        foreach (Thread reader in _readers)
            reader.Join();
    }
}
