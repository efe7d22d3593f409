using IsoBuild.Interop;
using IsoBuild.Sectors;
using System.Globalization;
using System.Text;

namespace IsoBuild.Disc;

/// <summary>
/// A raw disc image — BIN/CUE, NRG, MDF/MDS, CCD/IMG/SUB, or raw sectors without a descriptor — recognised by its
/// content: its sessions and tracks, each with its mode, sector size, subchannel, place on the disc and place in
/// its file. An ISO image (2048-byte sectors, CD001 at sector 16) is not a raw disc image.
/// </summary>
public sealed class DiscImage
{
    private const int HeadLength = 64 * 1024;

    private DiscImage(string? path, DiscImageFormat format, IReadOnlyList<DiscTrack> tracks, string? subchannelFile)
    {
        Path = path;
        Format = format;
        Tracks = tracks;
        SubchannelFile = subchannelFile;
    }

    /// <summary>The image's path as given (the descriptor or the single file), or null when read from a stream.</summary>
    public string? Path { get; }

    /// <summary>The container format.</summary>
    public DiscImageFormat Format { get; }

    /// <summary>The tracks in disc order.</summary>
    public IReadOnlyList<DiscTrack> Tracks { get; }

    /// <summary>The number of sessions.</summary>
    public int Sessions => Tracks.Max(t => t.Session);

    /// <summary>A separate subchannel file (CloneCD's .sub) when there is one.</summary>
    public string? SubchannelFile { get; }

    /// <summary>
    /// Opens the raw disc image at <paramref name="path"/>; null when the file is not one (an ISO image, or
    /// something else the ISO reader will report on). Descriptors are found by content; a data file given instead
    /// of its descriptor (image.bin, image.img, image.mdf) is read through the descriptor beside it with the same name.
    /// </summary>
    /// <exception cref="IsoBuildException">ISO0200 when the file cannot be read; ISO07xx when a descriptor is damaged.</exception>
    public static DiscImage? TryOpen(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = System.IO.Path.GetFullPath(path);
        using ImageSource source = ImageSource.OpenFile(full);
        return TryRead(source, full);
    }

    /// <summary>Opens the raw disc image at <paramref name="path"/>, or fails with ISO0201 when it is not one.</summary>
    public static DiscImage Open(string path) =>
        TryOpen(path) ?? throw new IsoBuildException(ErrorCodes.NotAnImage,
            $"'{System.IO.Path.GetFullPath(path)}' is not a raw disc image (BIN/CUE, NRG, MDF/MDS, CCD/IMG, raw sectors).");

    /// <summary>
    /// Reads <paramref name="source"/> as a raw disc image; null when it is not one. With <paramref name="path"/>
    /// null (a stream) only the formats that hold everything in one file are recognised: NRG and raw sectors.
    /// </summary>
    internal static DiscImage? TryRead(ImageSource source, string? path, bool lookBeside = true)
    {
        // An ISO image first, with one small read: every file of an edit's base image is opened this way.
        if (IsIsoImage(source))
            return null;
        byte[] head = new byte[(int)Math.Min(HeadLength, source.Length)];
        source.ReadExactly(0, head, ErrorCodes.ImageUnreadable, "The start of the image");
        if (NrgImage.ReadFooter(source) is NrgFooter footer)
            return Validated(new DiscImage(path, DiscImageFormat.Nrg, NrgImage.ReadTracks(source, footer, path), null), source);
        if (path is not null)
        {
            if (MdsHeader.HasSignature(head))
                return FromMds(source, path);
            if (CcdFile.LooksLikeCcd(head))
                return FromCcd(source, path);
            if (CueSheet.LooksLikeCueSheet(head))
                return FromCue(source, path);
            if (lookBeside && FromSiblingDescriptor(path) is DiscImage sibling)
                return sibling;
        }
        return RawSectors(source, path, head);
    }

    /// <summary>
    /// Opens an image for the ISO reader: a raw disc image as the user data of its first data track (or of
    /// <paramref name="track"/>), anything else as the file itself.
    /// </summary>
    internal static ImageSource OpenSource(string path, int? track = null)
    {
        ImageSource file = ImageSource.OpenFile(path);
        try
        {
            if (TryRead(file, System.IO.Path.GetFullPath(path)) is not DiscImage image)
                return file;
            DiscTrack t = image.DataTrack(track);
            if (t.File is null || t.File == image.Path)
                return new DiscTrackSource(file, t, ownsContainer: true, $"track {t.Number} of {image.Describe()}");
            file.Dispose();
            return DiscTrackSource.Open(image, t.Number);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>A stream for the ISO reader: an NRG image or raw sectors as their first data track, anything else as it is.</summary>
    internal static ImageSource Wrap(ImageSource source)
    {
        try
        {
            if (TryRead(source, null) is not DiscImage image)
                return source;
            DiscTrack t = image.DataTrack();
            return new DiscTrackSource(source, t, ownsContainer: true, $"track {t.Number} of {source.Name}");
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>The first data track, or the track numbered <paramref name="number"/> when given.</summary>
    /// <exception cref="IsoBuildException">ISO0705 when there is no such data track.</exception>
    public DiscTrack DataTrack(int? number = null)
    {
        if (number is int n)
        {
            DiscTrack track = Tracks.FirstOrDefault(t => t.Number == n)
                ?? throw new IsoBuildException(ErrorCodes.NoDataTrack, string.Create(CultureInfo.InvariantCulture,
                    $"{Describe()} has no track {n}: its tracks are {string.Join(", ", Tracks.Select(t => t.Number))}."));
            if (!track.IsData)
                throw new IsoBuildException(ErrorCodes.NoDataTrack, string.Create(CultureInfo.InvariantCulture, $"Track {n} of {Describe()} is an audio track, which holds no file system."));
            return track;
        }
        return Tracks.FirstOrDefault(t => t.IsData)
            ?? throw new IsoBuildException(ErrorCodes.NoDataTrack, $"{Describe()} has only audio tracks: there is no file system to read or convert.");
    }

    /// <summary>
    /// What an ISO image of <paramref name="track"/> does not hold: the other tracks, the subchannel, Mode 2 subheaders
    /// and Form 2 data beyond 2048 bytes. Sync, headers and EDC/ECC are not listed: they follow from the data.
    /// </summary>
    public IReadOnlyList<string> LeftBehind(DiscTrack track)
    {
        ArgumentNullException.ThrowIfNull(track);
        var left = new List<string>();
        foreach (DiscTrack t in Tracks.Where(t => t != track))
        {
            left.Add(string.Create(CultureInfo.InvariantCulture,
                $"track {t.Number} ({(t.IsData ? "data, " + t.Describe() : "audio")}, {t.Sectors} sectors{(t.Session != track.Session ? ", session " + t.Session : "")})"));
        }
        if (track.SubchannelSize > 0 || Tracks.Any(t => t.SubchannelSize > 0))
            left.Add("subchannel data (96 bytes a sector)");
        if (SubchannelFile is not null)
            left.Add($"the subchannel file '{System.IO.Path.GetFileName(SubchannelFile)}'");
        if (track.Mode is DiscTrackMode.Mode2 or DiscTrackMode.Mode2Form1 or DiscTrackMode.Mode2Form2 && track.SectorSize != CdSector.UserDataSize)
            left.Add("Mode 2 subheaders (and the last 276 bytes of any Form 2 sector)");
        return left;
    }

    internal string Describe() => Path is null ? "the disc image" : $"'{Path}'";

    private static bool IsIsoImage(ImageSource source)
    {
        // ECMA-119 8.1: a volume descriptor at sector 16 ("CD001"), or a UDF/ECMA-167 recognition sequence there.
        const long At = 16 * 2048 + 1;
        if (source.Length < At + 5)
            return false;
        Span<byte> id = stackalloc byte[5];
        source.ReadExactly(At, id, ErrorCodes.ImageUnreadable, "Sector 16");
        return id.SequenceEqual("CD001"u8) || id.SequenceEqual("BEA01"u8) || id.SequenceEqual("NSR02"u8) || id.SequenceEqual("NSR03"u8);
    }

    private static string ReadText(ImageSource source, string path, int max, string code)
    {
        if (source.Length > max)
            throw new IsoBuildException(ErrorCodes.DiscLimitExceeded, $"The descriptor '{path}' is {source.Length} bytes, more than the {max} a descriptor may have.");
        byte[] bytes = new byte[source.Length];
        source.ReadExactly(0, bytes, code, "The descriptor");
        // Windows tools write their code page; UTF-8 when the bytes are valid UTF-8, else Latin-1 keeps every byte.
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }

    private static DiscImage FromCue(ImageSource source, string path)
    {
        string what = $"'{path}'";
        CueSheet sheet = CueSheet.Parse(ReadText(source, path, CueSheet.MaxLength, ErrorCodes.MalformedCueSheet), what);
        var tracks = new List<DiscTrack>();
        long fileStartLba = 0;
        long pregaps = 0;
        int session = 1;
        foreach (CueFile file in sheet.Files)
        {
            if (file.Tracks.Count == 0)
                continue;
            if (file.Type is not ("BINARY" or "MOTOROLA"))
            {
                throw new IsoBuildException(ErrorCodes.UnsupportedDiscImage,
                    $"The cue sheet {what} names '{file.Name}' as a {file.Type} file; IsoBuild reads the sectors of BINARY files only.");
            }
            string filePath = DiscFiles.Beside(path, file.Name);
            long fileLength = DiscFiles.Length(filePath, "the cue sheet " + what);
            long fileSectors = 0;
            for (int i = 0; i < file.Tracks.Count; i++)
            {
                CueTrack t = file.Tracks[i];
                (DiscTrackMode mode, int size, int sub) = CueSheet.Layout(t.DataType);
                int stride = size + sub;
                if (t.Session != session)
                {
                    // Redump's convention for later sessions: the lead-out, lead-in and pregap between them
                    // (6750 + 4500 + 150 sectors after session 1, 2250 + 4500 + 150 after later ones).
                    pregaps += session == 1 ? 11400 : 6900;
                    session = t.Session;
                }
                pregaps += t.Pregap?.TotalFrames ?? 0;
                long index1 = t.Indexes.First(x => x.Number == 1).Time.TotalFrames;
                long index0 = t.Indexes[0].Time.TotalFrames;
                long end = i + 1 < file.Tracks.Count ? file.Tracks[i + 1].Indexes[0].Time.TotalFrames : fileLength / stride;
                if (end < index1)
                {
                    IsoBuildException.Throw(ErrorCodes.TrackOutsideFile, string.Create(CultureInfo.InvariantCulture,
                        $"Track {t.Number} of the cue sheet {what} starts at sector {index1} of '{filePath}', which ends at sector {end}: the file is truncated or the sheet is wrong."));
                }
                tracks.Add(new DiscTrack
                {
                    Number = t.Number, Session = t.Session, Mode = mode, SectorSize = size, SubchannelSize = sub,
                    Start = fileStartLba + pregaps + index1, Sectors = end - index1, Pregap = index1 - index0 + (t.Pregap?.TotalFrames ?? 0),
                    File = filePath, FileOffset = index1 * stride,
                });
                fileSectors = end;
            }
            fileStartLba += fileSectors;
        }
        return Validated(new DiscImage(path, DiscImageFormat.BinCue, tracks, null), null);
    }

    private static DiscImage FromMds(ImageSource source, string path)
    {
        if (source.Length > MdsImage.MaxLength)
            throw new IsoBuildException(ErrorCodes.DiscLimitExceeded, $"The descriptor '{path}' is {source.Length} bytes, more than the {MdsImage.MaxLength} an .mds may have.");
        byte[] mds = new byte[source.Length];
        source.ReadExactly(0, mds, ErrorCodes.MalformedMds, "The .mds descriptor");
        return Validated(new DiscImage(path, DiscImageFormat.Mds, MdsImage.ReadTracks(mds, path), null), null);
    }

    private static DiscImage FromCcd(ImageSource source, string path)
    {
        string what = $"'{path}'";
        CcdFile ccd = CcdFile.Parse(ReadText(source, path, CcdFile.MaxLength, ErrorCodes.MalformedCcd), what);
        string img = DiscFiles.Beside(path, System.IO.Path.GetFileNameWithoutExtension(path) + ".img");
        string sub = DiscFiles.Beside(path, System.IO.Path.GetFileNameWithoutExtension(path) + ".sub");
        long length = DiscFiles.Length(img, "the CloneCD descriptor " + what);
        return Validated(new DiscImage(path, DiscImageFormat.CloneCd, ccd.ReadTracks(img, length, what), File.Exists(sub) ? sub : null), null);
    }

    /// <summary>A data file given without its descriptor: the .cue, .ccd or .mds beside it that names it.</summary>
    private static DiscImage? FromSiblingDescriptor(string path)
    {
        foreach (string extension in new[] { ".cue", ".ccd", ".mds" })
        {
            string descriptor = System.IO.Path.ChangeExtension(path, extension);
            if (descriptor == path || DiscFiles.Kind(descriptor) != FileSystemKind.Regular)
                continue;
            using ImageSource d = ImageSource.OpenFile(descriptor);
            DiscImage? image = TryRead(d, descriptor, lookBeside: false);
            if (image is not null && image.Format != DiscImageFormat.RawSectors &&
                image.Tracks.Any(t => t.File is not null && string.Equals(t.File, path, StringComparison.Ordinal)))
            {
                return image;
            }
        }
        return null;
    }

    /// <summary>
    /// Sectors with sync patterns and no descriptor (mdf2iso, ccd2iso and iat read these): 2352-byte sectors, or 2448
    /// with interleaved subchannel, one track whose mode is the first sector's.
    /// </summary>
    private static DiscImage? RawSectors(ImageSource source, string? path, byte[] head)
    {
        if (!CdSector.HasSync(head))
            return null;
        Span<byte> sync = stackalloc byte[CdSector.SyncLength];
        foreach (int stride in new[] { CdSector.RawSize, CdSector.RawSize + Subchannel.Size })
        {
            bool synced = true;
            for (int n = 1; n <= 3 && synced; n++)
            {
                long at = (long)n * stride;
                if (at + CdSector.SyncLength > source.Length)
                    break;
                source.ReadExactly(at, sync, ErrorCodes.ImageUnreadable, "A sector's sync");
                synced = CdSector.HasSync(sync);
            }
            if (!synced || head.Length < CdSector.RawSize)
                continue;
            DiscTrackMode mode = head[CdSector.ModeOffset] == 2 ? DiscTrackMode.Mode2 : DiscTrackMode.Mode1;
            // The first sector's address says where on the disc the track starts (0 for a first track).
            Msf? address = Msf.ReadBcd(head.AsSpan(CdSector.AddressOffset));
            var track = new DiscTrack
            {
                Number = 1, Mode = mode, SectorSize = CdSector.RawSize, SubchannelSize = stride - CdSector.RawSize,
                Start = address is Msf a ? a.TotalFrames - Msf.LbaOffset : 0, Sectors = source.Length / stride, File = path, FileOffset = 0,
            };
            return new DiscImage(path, DiscImageFormat.RawSectors, [track], null);
        }
        return null;
    }

    /// <summary>Every track must lie inside its file: a truncated image is reported here, not as a damaged file system.</summary>
    private static DiscImage Validated(DiscImage image, ImageSource? single)
    {
        var lengths = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (DiscTrack t in image.Tracks)
        {
            long length = t.File is null || (single is not null && t.File == image.Path) ? single!.Length
                : lengths.TryGetValue(t.File, out long known) ? known
                : lengths[t.File] = DiscFiles.Length(t.File, image.Describe());
            if (t.Sectors < 0 || t.FileOffset < 0 || t.FileOffset > length || t.Sectors > (length - t.FileOffset) / t.Stride)
            {
                IsoBuildException.Throw(ErrorCodes.TrackOutsideFile, string.Create(CultureInfo.InvariantCulture,
                    $"Track {t.Number} of {image.Describe()} ({t.Sectors} sectors of {t.Stride} bytes from byte {t.FileOffset}) lies beyond the end of '{t.File ?? image.Path}' ({length} bytes): the image is truncated or its descriptor is wrong."));
            }
        }
        return image;
    }
}
