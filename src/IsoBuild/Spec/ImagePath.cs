namespace IsoBuild.Spec;

/// <summary>Paths inside an image: '/'-separated, relative to the root, no empty, '.' or '..' segments.</summary>
public static class ImagePath
{
    /// <summary>Normalizes a user-given path in the image ('\' becomes '/', leading and trailing '/' are dropped).</summary>
    /// <exception cref="IsoBuildException">ISO0003 when a segment is empty, '.', '..' or holds a NUL.</exception>
    public static string Normalize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (IsNormalized(path))
            return path; // the usual case, a path a walk made: no copy, no split
        string p = path.Replace('\\', '/').Trim('/');
        if (p.Length == 0)
            return string.Empty;
        foreach (string segment in p.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == ".." || segment.Contains('\0', StringComparison.Ordinal))
            {
                IsoBuildException.Throw(ErrorCodes.InvalidImagePath,
                    $"The path in the image '{path}' is not valid: use '/'-separated names relative to the image root, without empty, '.' or '..' parts.");
            }
        }
        return p;
    }

    /// <summary>Whether <paramref name="path"/> is already what <see cref="Normalize"/> makes of it.</summary>
    private static bool IsNormalized(string path)
    {
        int segmentStart = 0;
        for (int i = 0; i <= path.Length; i++)
        {
            char c = i < path.Length ? path[i] : '/';
            if (c is '\\' or '\0')
                return false;
            if (c != '/')
                continue;
            ReadOnlySpan<char> segment = path.AsSpan(segmentStart, i - segmentStart);
            if (segment.Length == 0 || segment is "." or "..")
                return false;
            segmentStart = i + 1;
        }
        return true;
    }

    /// <summary>Joins two normalized paths.</summary>
    public static string Combine(string parent, string child) =>
        parent.Length == 0 ? child : child.Length == 0 ? parent : parent + "/" + child;

    /// <summary>The parent of a normalized path ("" for the root's children).</summary>
    public static string Parent(string path)
    {
        int slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }

    /// <summary>The last segment of a normalized path.</summary>
    public static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];
}
