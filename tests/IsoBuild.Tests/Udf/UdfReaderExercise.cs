using IsoBuild.Reading;
using IsoBuild.Sectors;
using IsoBuild.Spec;
using IsoBuild.Udf;

namespace IsoBuild.Testing;

/// <summary>
/// Drives every UDF reading path over one image: open, info, every entry, every file's bytes (bounded), link
/// targets, the verifier, and the image reader of the read commands asked for UDF names. A damaged image may only end in an <see cref="IsoBuildException"/>. Shared by the
/// UDF mutation test and the fuzz harness (build/IsoBuild.Fuzz).
/// </summary>
internal static class UdfReaderExercise
{
    public const long MaxBytesRead = 64L << 20;

    /// <summary>Returns the codes met: of a coded error that ended reading, and of every problem the verifier listed.</summary>
    public static List<string> Run(byte[] image)
    {
        var codes = new List<string>();
        using var source = new StreamImageSource(new MemoryStream(image, writable: false), leaveOpen: false);
        try
        {
            if (!UdfVolume.Detect(source))
                return codes;
        }
        catch (IsoBuildException e)
        {
            codes.Add(e.Code);
            return codes;
        }
        try
        {
            UdfVolume volume = UdfVolume.Open(source);
            _ = volume.Info.Partitions.Count + volume.Info.VolumeIdentifier.Length;
            byte[] buffer = new byte[64 * 1024];
            long read = 0;
            var pending = new Stack<UdfEntry>();
            pending.Push(volume.Root);
            while (pending.Count > 0)
            {
                foreach (UdfEntry entry in pending.Pop().GetChildren())
                {
                    _ = entry.Path + entry.LinkTarget;
                    if (entry.Kind == EntryKind.Directory)
                        pending.Push(entry);
                    else if (entry.Kind == EntryKind.File && read < MaxBytesRead)
                    {
                        using Stream s = entry.OpenRead();
                        int n;
                        while (read < MaxBytesRead && (n = s.Read(buffer)) > 0)
                            read += n;
                    }
                }
            }
        }
        catch (IsoBuildException e)
        {
            codes.Add(e.Code);
        }
        codes.AddRange(UdfVerifier.Verify(source).Select(p => p.Code));
        // The same image as the read commands see it: IsoImageReader asked for its UDF names.
        try
        {
            using IsoImageReader reader = IsoImageReader.Open(new MemoryStream(image, writable: false), leaveOpen: false, IsoNamespace.Udf);
            _ = reader.Volume.Udf?.Revision;
            byte[] buffer = new byte[64 * 1024];
            long read = 0;
            foreach (IsoEntry entry in reader.EnumerateDescendants())
            {
                _ = entry.Path + entry.LinkTarget + entry.Extents.Count;
                if (entry.Kind != EntryKind.File || read >= MaxBytesRead)
                    continue;
                using Stream s = entry.OpenRead();
                int n;
                while (read < MaxBytesRead && (n = s.Read(buffer)) > 0)
                    read += n;
            }
        }
        catch (IsoBuildException e)
        {
            codes.Add(e.Code);
        }
        return codes;
    }
}
