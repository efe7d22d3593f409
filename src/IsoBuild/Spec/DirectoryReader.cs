using System.Collections.Concurrent;
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
/// Reads the directories of a source tree on another thread, a few ahead of the walk and in the order the walk
/// visits them (depth first, entries in ordinal order, into every entry that lstat calls a directory), so that
/// listing and stat-ing the next directories overlaps with making the entries of this one.
/// </summary>
/// <remarks>
/// The walk takes the listings in turn with <see cref="Next"/>. A directory it reaches another way (through a
/// followed link) it reads itself. At most <see cref="Lookahead"/> listings wait, so memory stays bounded by a few
/// directories whatever the size of the tree. On one processor there is no thread: <see cref="Next"/> reads.
/// </remarks>
internal sealed class DirectoryReader : IDisposable
{
    private const int Lookahead = 16;
    private readonly BlockingCollection<DirectoryListing> _listings = new(Lookahead);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task? _reader;
    private Exception? _failure;

    public DirectoryReader(string root)
    {
        if (Environment.ProcessorCount > 1)
            _reader = Task.Factory.StartNew(() => ReadAll(root), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The listing of <paramref name="directory"/>, the next directory of the walk.</summary>
    public DirectoryListing Next(string directory)
    {
        if (_reader is null)
            return DirectoryListing.Read(directory);
        if (!_listings.TryTake(out DirectoryListing? listing, Timeout.Infinite))
            throw new InvalidOperationException($"Reading the source tree ahead of the walk stopped before '{directory}'.", _failure);
        if (!string.Equals(listing.DirectoryPath, directory, StringComparison.Ordinal))
            throw new InvalidOperationException($"The source walk reached '{directory}' where '{listing.DirectoryPath}' was read ahead.");
        return listing;
    }

    private void ReadAll(string root)
    {
        try
        {
            Read(root);
        }
        catch (OperationCanceledException)
        {
            // The walk stopped (it failed, or it is done): nothing more to read.
        }
        catch (Exception e)
        {
            _failure = e; // the walk's Next reports it
        }
        finally
        {
            _listings.CompleteAdding();
        }
    }

    private void Read(string directory)
    {
        DirectoryListing listing = DirectoryListing.Read(directory);
        _listings.Add(listing, _stop.Token);
        for (int i = 0; i < listing.Names.Length; i++)
        {
            if (listing.Statuses[i].Kind == FileSystemKind.Directory)
                Read(Path.Join(directory, listing.Names[i]));
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _reader?.Wait(); // ReadAll catches everything
        _stop.Dispose();
        _listings.Dispose();
    }
}
