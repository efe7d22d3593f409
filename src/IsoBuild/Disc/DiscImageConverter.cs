using IsoBuild.Sectors;
using System.Globalization;
using System.Text;
using IsoBuild.Writing;

namespace IsoBuild.Disc;

/// <summary>What a conversion wrote and what it left behind.</summary>
/// <param name="Track">The track converted, or null when the input was an ISO image.</param>
/// <param name="Sectors">The 2048-byte sectors written.</param>
/// <param name="LeftBehind">What the input held that the output does not (other tracks, subchannel…); empty when nothing.</param>
/// <param name="Outputs">The files written (for BIN/CUE the .bin and the .cue).</param>
public sealed record DiscConversion(DiscTrack? Track, long Sectors, IReadOnlyList<string> LeftBehind, IReadOnlyList<string> Outputs);

/// <summary>
/// Converts between raw disc images and ISO images: the data track of a BIN/CUE, NRG, MDF/MDS, CCD/IMG or raw-sector
/// image to an ISO image (its 2048-byte user data, byte for byte what bchunk, nrg2iso, mdf2iso, ccd2iso and iat give),
/// and an ISO image (or a raw image's data track) to a BIN/CUE pair of Mode 1/2352 sectors with sync, header, EDC and
/// ECC (ECMA-130), which depends only on the input's bytes and the output's name.
/// </summary>
public static class DiscImageConverter
{
    private const int SectorsPerBlock = 64;

    /// <summary>Writes the data track (the first, or <paramref name="track"/>) of <paramref name="input"/> as an ISO image.</summary>
    /// <exception cref="IsoBuildException">ISO07xx for a damaged or unsuitable disc image, ISO0007/ISO0015 when the output cannot be written.</exception>
    public static DiscConversion ToIso(string input, string output, int? track = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(input);
        ArgumentException.ThrowIfNullOrEmpty(output);
        (ImageSource source, DiscImage? image, DiscTrack? t) = OpenInput(input, track);
        using (source)
        {
            string full = Path.GetFullPath(output);
            long sectors = (source.Length + ImageSource.SectorSize - 1) / ImageSource.SectorSize;
            using AtomicFile file = AtomicFile.Create(full);
            Copy(source, sectors, file.Stream, (block, count, first) => block.AsSpan(0, count * ImageSource.SectorSize), full, cancellationToken);
            file.Commit();
            return new DiscConversion(t, sectors, image is null || t is null ? [] : image.LeftBehind(t), [full]);
        }
    }

    /// <summary>
    /// Writes <paramref name="input"/> (an ISO image, or a raw image's data track) as Mode 1/2352 sectors in a .bin
    /// beside <paramref name="outputCue"/>, with the cue sheet naming it.
    /// </summary>
    public static DiscConversion ToBinCue(string input, string outputCue, int? track = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(input);
        ArgumentException.ThrowIfNullOrEmpty(outputCue);
        (ImageSource source, DiscImage? image, DiscTrack? t) = OpenInput(input, track);
        using (source)
        {
            string cuePath = Path.GetFullPath(outputCue);
            string binPath = Path.ChangeExtension(cuePath, ".bin");
            if (string.Equals(binPath, Path.GetFullPath(input), StringComparison.Ordinal))
                throw new IsoBuildException(ErrorCodes.UnsupportedConversion, $"The BIN file '{binPath}' would overwrite the input: name the output differently.");
            long sectors = (source.Length + ImageSource.SectorSize - 1) / ImageSource.SectorSize;
            byte[] raw = new byte[SectorsPerBlock * CdSector.RawSize];
            using (AtomicFile bin = AtomicFile.Create(binPath))
            {
                Copy(source, sectors, bin.Stream, (block, count, first) =>
                {
                    for (int i = 0; i < count; i++)
                        CdSector.WriteMode1(raw.AsSpan(i * CdSector.RawSize, CdSector.RawSize), first + i, block.AsSpan(i * ImageSource.SectorSize, ImageSource.SectorSize));
                    return raw.AsSpan(0, count * CdSector.RawSize);
                }, binPath, cancellationToken);
                bin.Commit();
            }
            var sheet = new CueSheet();
            var file = new CueFile { Name = Path.GetFileName(binPath), Type = "BINARY" };
            var cueTrack = new CueTrack { Number = 1, DataType = "MODE1/2352" };
            cueTrack.Indexes.Add(new CueIndex(1, new Msf(0, 0, 0)));
            file.Tracks.Add(cueTrack);
            sheet.Files.Add(file);
            using (AtomicFile cue = AtomicFile.Create(cuePath))
            {
                cue.Stream.Write(Encoding.UTF8.GetBytes(sheet.Write()));
                cue.Commit();
            }
            return new DiscConversion(t, sectors, image is null || t is null ? [] : image.LeftBehind(t), [binPath, cuePath]);
        }
    }

    private static (ImageSource Source, DiscImage? Image, DiscTrack? Track) OpenInput(string input, int? track)
    {
        string full = Path.GetFullPath(input);
        DiscImage? image = DiscImage.TryOpen(full);
        if (image is null)
        {
            if (track is int n && n != 1)
                throw new IsoBuildException(ErrorCodes.NoDataTrack, string.Create(CultureInfo.InvariantCulture, $"'{full}' is an ISO image, one data track: there is no track {n}."));
            return (ImageSource.OpenFile(full), null, null);
        }
        DiscTrack t = image.DataTrack(track);
        return (DiscTrackSource.Open(image, t.Number), image, t);
    }

    private delegate ReadOnlySpan<byte> Encode(byte[] block, int count, long firstSector);

    private static void Copy(ImageSource source, long sectors, Stream output, Encode encode, string outputPath, CancellationToken cancellationToken)
    {
        byte[] block = new byte[SectorsPerBlock * ImageSource.SectorSize];
        for (long s = 0; s < sectors; s += SectorsPerBlock)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = (int)Math.Min(SectorsPerBlock, sectors - s);
            int bytes = (int)Math.Min(count * (long)ImageSource.SectorSize, source.Length - s * ImageSource.SectorSize);
            source.ReadExactly(s * ImageSource.SectorSize, block.AsSpan(0, bytes), ErrorCodes.TrackOutsideFile, "The data to convert");
            // An ISO image whose length is not whole sectors ends in zeros, as a disc's last sector would.
            block.AsSpan(bytes, count * ImageSource.SectorSize - bytes).Clear();
            try
            {
                output.Write(encode(block, count, s));
            }
            catch (IOException e)
            {
                throw new IsoBuildException(ErrorCodes.WriteFailed, $"Writing '{outputPath}' failed: {e.Message}", e);
            }
        }
    }
}
