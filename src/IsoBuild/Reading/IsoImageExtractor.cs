using IsoBuild.Spec;

namespace IsoBuild.Reading;

/// <summary>What an extraction wrote and what it refused.</summary>
/// <param name="Files">Files written.</param>
/// <param name="Directories">Directories created or reused.</param>
/// <param name="Links">Symbolic links created.</param>
/// <param name="Refused">Entries not extracted, and why.</param>
public sealed record IsoExtractResult(int Files, int Directories, int Links, IReadOnlyList<IsoExtractRefusal> Refused);

/// <summary>An entry <see cref="IsoImageExtractor"/> did not extract.</summary>
/// <param name="Path">Its path in the image.</param>
/// <param name="Reason">Why: a name or link target that would leave the target directory, or what failed.</param>
public sealed record IsoExtractRefusal(string Path, string Reason)
{
    /// <summary>The error code of what failed reading the image (ISO0211 for data past its end), or null for a refused name or link, or a write that failed.</summary>
    public string? Code { get; init; }

    /// <summary>"PATH: reason".</summary>
    public override string ToString() => $"{Path}: {Reason}";
}

/// <summary>
/// Extracts entries of an image into a directory without ever writing outside it: names that are empty, ".", "..",
/// or hold '/', '\' or NUL are refused, links are created only when they resolve inside the directory (following
/// the image's own links), existing symbolic links in the directory are never followed, and links are created last.
/// </summary>
public static class IsoImageExtractor
{
    private const int MaxLinkHops = 40;

    /// <summary>Extracts <paramref name="paths"/> (the whole image when empty) into <paramref name="directory"/>, keeping their paths from the image root.</summary>
    /// <exception cref="IsoBuildException">ISO0209 when a path is not in the image, ISO0215 when the directory cannot be used.</exception>
    public static IsoExtractResult Extract(IsoImageReader image, IReadOnlyList<string> paths, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(paths);
        string target = Path.GetFullPath(directory);
        if (File.Exists(target))
            IsoBuildException.Throw(ErrorCodes.ExtractTargetUnusable, $"The extraction target '{target}' is a file. Name a directory.");
        try
        {
            Directory.CreateDirectory(target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IsoBuildException(ErrorCodes.ExtractTargetUnusable, $"The extraction target '{target}' cannot be created: {e.Message}", e);
        }
        var selected = new List<IsoEntry>();
        foreach (string p in paths.Count == 0 ? ["/"] : paths)
        {
            selected.Add(image.Find(p) ?? throw new IsoBuildException(ErrorCodes.PathNotInImage,
                $"'{p}' is not in the image."));
        }
        var run = new Run(image, target, cancellationToken);
        foreach (IsoEntry entry in selected)
            run.Extract(entry);
        run.CreateLinks();
        return new IsoExtractResult(run.Files, run.Directories, run.Links, run.Refused);
    }

    /// <summary>Why a name cannot be a file name inside the target, or null when it can.</summary>
    public static string? UnsafeNameReason(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
            return "the name is empty";
        if (name is "." or "..")
            return $"the name '{name}' would leave its directory";
        if (name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal))
            return $"the name '{name}' holds a path separator";
        if (name.AsSpan().IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            return $"the name '{name}' holds a character file names may not hold";
        return null;
    }

    private sealed class Run(IsoImageReader image, string target, CancellationToken cancellationToken)
    {
        private readonly HashSet<IsoEntry> _done = [];
        private readonly HashSet<string> _written = new(StringComparer.Ordinal);
        private readonly List<(IsoEntry Entry, List<string> Segments)> _links = [];

        public int Files { get; private set; }
        public int Directories { get; private set; }
        public int Links { get; private set; }
        public List<IsoExtractRefusal> Refused { get; } = [];

        public void Extract(IsoEntry selected)
        {
            List<string>? segments = Segments(selected);
            if (segments is null)
                return;
            if (selected.Kind == EntryKind.Directory)
            {
                // The path down to the selected directory.
                if (!EnsureDirectory(selected, segments))
                    return;
                var stack = new Stack<(IsoEntry, List<string>)>();
                stack.Push((selected, segments));
                while (stack.Count > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    (IsoEntry dir, List<string> dirSegments) = stack.Pop();
                    IReadOnlyList<IsoEntry> children;
                    try
                    {
                        children = dir.GetChildren();
                    }
                    catch (IsoBuildException e)
                    {
                        Refuse(dir, $"the directory cannot be read: {e.Code}: {e.Message}", e.Code);
                        continue;
                    }
                    foreach (IsoEntry child in children.OrderBy(c => c.Name, StringComparer.Ordinal))
                    {
                        if (UnsafeNameReason(child.Name) is string why)
                        {
                            Refuse(child, why);
                            continue;
                        }
                        List<string> childSegments = [.. dirSegments, child.Name];
                        switch (child.Kind)
                        {
                            case EntryKind.Directory:
                                if (EnsureDirectory(child, childSegments))
                                    stack.Push((child, childSegments));
                                break;
                            case EntryKind.File:
                                WriteFile(child, childSegments);
                                break;
                            default:
                                _links.Add((child, childSegments));
                                break;
                        }
                    }
                }
            }
            else if (selected.Kind == EntryKind.File)
            {
                WriteFile(selected, segments);
            }
            else
            {
                _links.Add((selected, segments));
            }
        }

        /// <summary>The names from the root to the entry, or null (refused) when one of them is not a safe name.</summary>
        private List<string>? Segments(IsoEntry entry)
        {
            var names = new List<string>();
            for (IsoEntry? e = entry; e?.Parent is not null; e = e.Parent)
            {
                if (UnsafeNameReason(e.Name) is string why)
                {
                    Refuse(entry, why);
                    return null;
                }
                names.Add(e.Name);
            }
            names.Reverse();
            return names;
        }

        /// <summary>A hostile image may name two entries alike; the first one wins and the others are refused.</summary>
        private bool FirstAt(IsoEntry entry)
        {
            if (_written.Add(entry.Path))
                return true;
            Refuse(entry, "another entry of the same name was extracted already");
            return false;
        }

        private void Refuse(IsoEntry entry, string why, string? code = null) => Refused.Add(new IsoExtractRefusal(entry.Path, why) { Code = code });

        private string Local(List<string> segments) => segments.Count == 0 ? target : Path.Combine([target, .. segments]);

        /// <summary>Creates each directory on the way without following any symbolic link found there.</summary>
        private bool EnsureDirectory(IsoEntry entry, List<string> segments)
        {
            for (int i = 1; i <= segments.Count; i++)
            {
                string p = Local(segments[..i]);
                if (new FileInfo(p).LinkTarget is not null)
                {
                    Refuse(entry, $"'{p}' is a symbolic link, which extraction does not follow");
                    return false;
                }
                if (Directory.Exists(p))
                    continue;
                if (File.Exists(p))
                {
                    Refuse(entry, $"'{p}' is a file where a directory is needed");
                    return false;
                }
                if (!Try(entry, () => Directory.CreateDirectory(p)))
                    return false;
            }
            if (_done.Add(entry) && segments.Count > 0)
                Directories++;
            return true;
        }

        /// <summary>Removes a file or link in the way (a link itself, never what it points to).</summary>
        private bool ClearPlace(IsoEntry entry, string p)
        {
            var info = new FileInfo(p);
            if (info.LinkTarget is null && Directory.Exists(p))
            {
                Refuse(entry, $"'{p}' is a directory");
                return false;
            }
            return info.LinkTarget is null && !info.Exists || Try(entry, () => File.Delete(p));
        }

        private void WriteFile(IsoEntry entry, List<string> segments)
        {
            if (!_done.Add(entry) || !FirstAt(entry))
                return;
            if (segments.Count > 1 && !EnsureParents(entry, segments))
                return;
            string p = Local(segments);
            if (!ClearPlace(entry, p))
                return;
            bool ok = Try(entry, () =>
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
                if (!OperatingSystem.IsWindows())
                    options.UnixCreateMode = entry.IsExecutable ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100;
                using (Stream source = entry.OpenRead())
                using (var output = new FileStream(p, options))
                    source.CopyTo(output, 1 << 20);
                if (entry.ModifiedTime is DateTimeOffset t)
                    File.SetLastWriteTimeUtc(p, t.UtcDateTime);
            });
            if (ok)
                Files++;
        }

        private bool EnsureParents(IsoEntry entry, List<string> segments)
        {
            for (int i = 1; i < segments.Count; i++)
            {
                string p = Local(segments[..i]);
                if (new FileInfo(p).LinkTarget is not null)
                {
                    Refuse(entry, $"'{p}' is a symbolic link, which extraction does not follow");
                    return false;
                }
                if (!Directory.Exists(p) && !Try(entry, () => Directory.CreateDirectory(p)))
                    return false;
            }
            return true;
        }

        public void CreateLinks()
        {
            foreach ((IsoEntry entry, List<string> segments) in _links)
            {
                if (!_done.Add(entry) || !FirstAt(entry))
                    continue;
                string linkTarget = entry.LinkTarget ?? string.Empty;
                if (EscapeReason(entry, segments, linkTarget) is string why)
                {
                    Refuse(entry, why);
                    continue;
                }
                if (segments.Count > 1 && !EnsureParents(entry, segments))
                    continue;
                string p = Local(segments);
                if (ClearPlace(entry, p) && Try(entry, () => File.CreateSymbolicLink(p, linkTarget)))
                    Links++;
            }
        }

        /// <summary>
        /// Why the link would point outside the target, or null when it stays inside. The target is resolved in the
        /// image, following the image's own links, since those become links on disk too.
        /// </summary>
        private string? EscapeReason(IsoEntry link, List<string> segments, string linkTarget)
        {
            if (linkTarget.Length == 0)
                return "the link has no target";
            if (linkTarget.StartsWith('/') || linkTarget.Contains('\\', StringComparison.Ordinal) || Path.IsPathRooted(linkTarget) || linkTarget.Contains('\0', StringComparison.Ordinal))
                return $"the link target '{linkTarget}' is absolute, so it points outside the extraction directory";
            var position = segments[..^1];
            int hops = 0;
            return Resolve(position, linkTarget, ref hops) ? null : $"the link target '{linkTarget}' leads outside the extraction directory";
        }

        private bool Resolve(List<string> position, string linkTarget, ref int hops)
        {
            if (linkTarget.StartsWith('/'))
                return false;
            string[] parts = linkTarget.Split('/', StringSplitOptions.RemoveEmptyEntries);
            foreach (string part in parts)
            {
                if (part == ".")
                    continue;
                if (part == "..")
                {
                    if (position.Count == 0)
                        return false;
                    position.RemoveAt(position.Count - 1);
                    continue;
                }
                position.Add(part);
                IsoEntry? here = SafeFind(position);
                if (here is { Kind: EntryKind.Symlink })
                {
                    if (++hops > MaxLinkHops)
                        return false;
                    position.RemoveAt(position.Count - 1);
                    if (!Resolve(position, here.LinkTarget ?? string.Empty, ref hops))
                        return false;
                }
            }
            return true;
        }

        private IsoEntry? SafeFind(List<string> position)
        {
            try
            {
                return image.Find("/" + string.Join('/', position));
            }
            catch (IsoBuildException)
            {
                return null;
            }
        }

        private bool Try(IsoEntry entry, Action action)
        {
            try
            {
                action();
                return true;
            }
            catch (IsoBuildException e)
            {
                Refuse(entry, $"{e.Code}: {e.Message}", e.Code);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Refuse(entry, e.Message);
            }
            return false;
        }
    }
}
