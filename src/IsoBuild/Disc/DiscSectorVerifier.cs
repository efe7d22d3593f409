using IsoBuild.Sectors;
using System.Globalization;

namespace IsoBuild.Disc;

/// <summary>
/// Checks every raw sector of every data track: sync, header address, mode, Mode 2 subheader copies, EDC, and P/Q
/// parity where the sector carries them (Mode 1 and Mode 2 Form 1; Form 2 only its EDC, when written). Sectors of
/// 2048 bytes carry nothing to check. Each bad sector is named by track, sector and disc address.
/// </summary>
internal static class DiscSectorVerifier
{
    public const int MaxReportedSectors = 50;
    private const int SectorsPerRead = 64;

    /// <summary>The bad sectors of <paramref name="path"/> when it is a raw disc image, each a line that starts with its code.</summary>
    public static IReadOnlyList<string> Problems(string path, CancellationToken cancellationToken)
    {
        DiscImage? image;
        try
        {
            image = DiscImage.TryOpen(path);
        }
        catch (IsoBuildException)
        {
            return []; // opening the reader reports it
        }
        return image is null ? [] : Verify(image, cancellationToken);
    }

    public static List<string> Verify(DiscImage image, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        long bad = 0;
        foreach (DiscTrack track in image.Tracks.Where(t => t.IsData && t.IsRaw))
        {
            using ImageSource file = DiscFiles.Open(track.File ?? image.Path!, image.Describe());
            int stride = track.Stride;
            byte[] block = new byte[SectorsPerRead * stride];
            byte[] expanded = new byte[CdSector.RawSize];
            for (long s = 0; s < track.Sectors; s += SectorsPerRead)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int count = (int)Math.Min(SectorsPerRead, track.Sectors - s);
                file.ReadExactly(track.FileOffset + s * stride, block.AsSpan(0, count * stride), ErrorCodes.TrackOutsideFile, $"Track {track.Number}");
                for (int i = 0; i < count; i++)
                {
                    long lba = track.Start + s + i;
                    ReadOnlySpan<byte> sector = block.AsSpan(i * stride, track.SectorSize);
                    CdSectorProblems found;
                    if (track.SectorSize == CdSector.RawSize)
                    {
                        found = CdSector.Check(sector, lba);
                    }
                    else
                    {
                        // A 2336-byte Mode 2 sector: its header is not stored and not covered by EDC or parity.
                        CdSector.WriteHeader(expanded, lba, 2);
                        sector.CopyTo(expanded.AsSpan(CdSector.SubheaderOffset));
                        found = CdSector.Check(expanded, null);
                    }
                    if (found == CdSectorProblems.None)
                        continue;
                    if (++bad <= MaxReportedSectors)
                        problems.Add(Describe(track, s + i, lba, found));
                }
            }
        }
        if (bad > MaxReportedSectors)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{ErrorCodes.BadSector}: {bad - MaxReportedSectors} more bad sectors (only the first {MaxReportedSectors} are listed); {bad} in all."));
        return problems;
    }

    private static string Describe(DiscTrack track, long sector, long lba, CdSectorProblems found)
    {
        var what = new List<string>();
        if (found.HasFlag(CdSectorProblems.Sync))
            what.Add("bad sync");
        if (found.HasFlag(CdSectorProblems.Address))
            what.Add("wrong header address");
        if (found.HasFlag(CdSectorProblems.Mode))
            what.Add("mode byte neither 1 nor 2");
        if (found.HasFlag(CdSectorProblems.Subheader))
            what.Add("subheader copies differ");
        if (found.HasFlag(CdSectorProblems.Edc))
            what.Add("EDC mismatch");
        if (found.HasFlag(CdSectorProblems.Ecc))
            what.Add("ECC mismatch");
        return string.Create(CultureInfo.InvariantCulture,
            $"{ErrorCodes.BadSector}: track {track.Number} sector {sector} (LBA {lba}, {Msf.FromLba(lba)}): {string.Join(", ", what)}.");
    }
}
