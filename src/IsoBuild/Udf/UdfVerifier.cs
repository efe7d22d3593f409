using IsoBuild.Sectors;
using IsoBuild.Spec;

namespace IsoBuild.Udf;

/// <summary>
/// Checks a UDF file system whole: the recognition sequence, both anchors, every descriptor's tag checksum, CRC and
/// recorded location, the integrity descriptor, every file entry and file identifier descriptor, and that every
/// extent lies inside its partition and the image. Returns the problems found (none for a sound image).
/// </summary>
internal static class UdfVerifier
{
    public static List<UdfProblem> Verify(ImageSource source, UdfReaderLimits? limits = null)
    {
        var problems = new List<UdfProblem>();
        UdfVolume volume;
        try
        {
            volume = UdfVolume.Open(source, limits, problems);
        }
        catch (IsoBuildException e)
        {
            problems.Add(new(e.Code, e.Message));
            return problems;
        }
        var pending = new Stack<UdfEntry>();
        pending.Push(volume.Root);
        while (pending.Count > 0)
        {
            UdfEntry dir = pending.Pop();
            IReadOnlyList<UdfEntry> children;
            try
            {
                children = dir.GetChildren();
            }
            catch (IsoBuildException e)
            {
                problems.Add(new(e.Code, e.Message));
                continue;
            }
            foreach (UdfEntry child in children)
            {
                if (child.Kind == EntryKind.Directory)
                    pending.Push(child);
            }
        }
        return problems;
    }
}
