using IsoBuild.Interop;
using System.IO.Enumeration;

namespace IsoBuild.Spec;

/// <summary>
/// One source directory as the walk reads it: its entries' names in ordinal order and what lstat says of each, or why
/// it could not be read.
/// </summary>
internal sealed record DirectoryListing(string DirectoryPath, string[] Names, FileSystemStatus[] Statuses, Exception? Error)
{
    // Every entry, hidden ones too; nothing about them is asked here: the one lstat per entry tells everything.
    private static readonly EnumerationOptions All = new() { AttributesToSkip = 0, IgnoreInaccessible = false };

    public static DirectoryListing Read(string directory)
    {
        string[] names;
        try
        {
            names = [.. new FileSystemEnumerable<string>(directory, static (ref FileSystemEntry entry) => entry.FileName.ToString(), All)];
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return new DirectoryListing(directory, [], [], e);
        }
        Array.Sort(names, StringComparer.Ordinal);
        return new DirectoryListing(directory, names, FileSystemProbe.GetStatuses(directory, names), null);
    }
}

/// <summary>
/// Reads the directories of a source tree on other threads, a few ahead of the walk and in about the order the walk
/// visits them (depth first, entries in ordinal order), so that listing and stat-ing the next directories overlaps
/// with making the entries of this one, and several directories are stat-ed at once.
/// </summary>
/// <remarks>
/// The walk takes listings with <see cref="Next"/>; one that no reader has started yet it reads itself. A directory
/// it reaches another way (through a followed link) it reads without the reader. At most <see cref="Lookahead"/>
/// listings are read and not yet taken, so memory stays bounded by a few directories whatever the size of the tree.
/// On one processor there are no threads: <see cref="Next"/> reads.
/// </remarks>
internal sealed class DirectoryReader : IDisposable
{
    private const int Lookahead = 16;

    /// <summary>A directory to read: not started, being read, or read (<see cref="Listing"/> set).</summary>
    private sealed class Slot
    {
        public bool Started;
        public DirectoryListing? Listing;
    }

    private readonly object _lock = new(); // a monitor: the walk and the readers wait on it
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly Stack<string> _pending = new(); // directories to read; the one the walk needs soonest on top
    private readonly Thread[] _readers;
    private int _ahead; // listings started and not yet taken
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
        lock (_lock)
        {
            if (!_slots.Remove(directory, out slot!))
                throw new InvalidOperationException($"The source walk reached '{directory}', which no listing named.");
            if (slot.Started)
            {
                while (slot.Listing is null)
                    Monitor.Wait(_lock);
                _ahead--;
                Monitor.PulseAll(_lock);
                return slot.Listing;
            }
            slot.Started = true;
        }
        DirectoryListing listing = DirectoryListing.Read(directory);
        lock (_lock)
            Complete(slot, listing);
        return listing;
    }

    private void ReadAhead()
    {
        while (true)
        {
            string directory;
            Slot slot;
            lock (_lock)
            {
                while (!_stopped && (_pending.Count == 0 || _ahead >= Lookahead))
                    Monitor.Wait(_lock);
                if (_stopped)
                    return;
                directory = _pending.Pop();
                if (!_slots.TryGetValue(directory, out slot!) || slot.Started)
                    continue; // the walk read it itself
                slot.Started = true;
                _ahead++;
            }
            DirectoryListing listing;
            try
            {
                listing = DirectoryListing.Read(directory);
            }
            catch (Exception e)
            {
                listing = new DirectoryListing(directory, [], [], e); // the walk reports it when it gets there
            }
            lock (_lock)
                Complete(slot, listing);
        }
    }

    /// <summary>Records a listing and queues its subdirectories, the first on top. Called holding the lock.</summary>
    private void Complete(Slot slot, DirectoryListing listing)
    {
        slot.Listing = listing;
        for (int i = listing.Names.Length - 1; i >= 0; i--)
        {
            if (listing.Statuses[i].Kind != FileSystemKind.Directory)
                continue;
            string child = Path.Join(listing.DirectoryPath, listing.Names[i]);
            _slots[child] = new Slot();
            _pending.Push(child);
        }
        Monitor.PulseAll(_lock);
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
