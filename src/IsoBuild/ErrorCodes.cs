namespace IsoBuild;

/// <summary>
/// Every error code IsoBuild reports. Codes are stable: a code is never reused for another meaning.
/// docs/errors.md describes each one and what to do about it.
/// </summary>
public static class ErrorCodes
{
    /// <summary>A source file or directory does not exist.</summary>
    public const string SourceNotFound = "ISO0001";
    /// <summary>Two sources claim the same path in the image, or a file and a directory share one path.</summary>
    public const string DuplicateImagePath = "ISO0002";
    /// <summary>A path inside the image is empty, absolute, or has empty, <c>.</c> or <c>..</c> segments.</summary>
    public const string InvalidImagePath = "ISO0003";
    /// <summary>The output image would be written inside one of its own source directories.</summary>
    public const string OutputInsideSource = "ISO0004";
    /// <summary>A volume identifier or other descriptor string is empty, too long or has characters it may not.</summary>
    public const string InvalidDescriptorString = "ISO0005";
    /// <summary>The build timestamp (option or SOURCE_DATE_EPOCH) cannot be parsed or is out of range.</summary>
    public const string InvalidTimestamp = "ISO0006";
    /// <summary>The output path is a directory, or its directory cannot be written.</summary>
    public const string OutputNotWritable = "ISO0007";
    /// <summary>A source tree holds a FIFO, device or socket, which an ISO image cannot hold.</summary>
    public const string SpecialFile = "ISO0008";
    /// <summary>A symbolic link cannot be recorded: Rock Ridge is off, or following it loops or dangles.</summary>
    public const string UnsupportedSymlink = "ISO0009";
    /// <summary>A source file changed size or disappeared while the image was being written.</summary>
    public const string SourceChanged = "ISO0010";
    /// <summary>A file is larger than the image format allows.</summary>
    public const string FileTooLarge = "ISO0011";
    /// <summary>The image has more directories than an ISO 9660 path table can number (65,535).</summary>
    public const string TooManyDirectories = "ISO0012";
    /// <summary>No unique ISO 9660 or Joliet name could be made for a file.</summary>
    public const string NameCollision = "ISO0013";
    /// <summary>A source file or directory cannot be read (permissions, I/O error).</summary>
    public const string SourceUnreadable = "ISO0014";
    /// <summary>Writing the image failed (disk full, I/O error); the previous image is untouched.</summary>
    public const string WriteFailed = "ISO0015";
    /// <summary>The build was cancelled; the previous image is untouched.</summary>
    public const string Cancelled = "ISO0016";
    /// <summary>A name in the source tree cannot be recorded (for example it holds a NUL character).</summary>
    public const string InvalidName = "ISO0017";
    /// <summary>An option value is not valid (for example an unknown boolean or an empty output path).</summary>
    public const string InvalidOption = "ISO0018";
    /// <summary>A directory is deeper, or a path longer, than the chosen ISO 9660 level allows (levels 1 and 2: 8 levels, 255 characters).</summary>
    public const string PathBeyondLevel = "ISO0019";
    /// <summary>A volume UUID is not a date written YYYY-MM-DD-HH-MM-SS-cc (or 16 digits), or not a real date.</summary>
    public const string InvalidVolumeUuid = "ISO0020";

    // Boot (El Torito, hybrid MBR/GPT): ISO01xx.

    /// <summary>A boot image named by --bios-boot or --efi-boot is not a file in the image.</summary>
    public const string BootImageNotInImage = "ISO0100";
    /// <summary>A boot image has the wrong size for what is asked of it (load size, boot info table, GRUB2 boot info).</summary>
    public const string BootImageSize = "ISO0101";
    /// <summary>The UEFI boot image is not a FAT file system.</summary>
    public const string EfiImageNotFat = "ISO0102";
    /// <summary>MBR boot code is missing or not 432 to 512 bytes long.</summary>
    public const string MbrCodeInvalid = "ISO0103";
    /// <summary>--gpt needs a UEFI boot image to become the EFI system partition.</summary>
    public const string GptWithoutEfiImage = "ISO0104";
    /// <summary>The boot catalog's path is taken by another file or directory.</summary>
    public const string BootCatalogPathTaken = "ISO0105";
    /// <summary>A boot option needs another one (for example --boot-info-table needs --bios-boot) or excludes it.</summary>
    public const string BootOptionsConflict = "ISO0106";
    /// <summary>An El Torito entry cannot be made as given: no image or two, an appended partition that is missing or emulated, a load size out of range.</summary>
    public const string BootEntryInvalid = "ISO0120";
    /// <summary>A hard-disk emulation boot image has no MBR with exactly one partition.</summary>
    public const string HardDiskImageInvalid = "ISO0121";
    /// <summary>The system area cannot be made as given: a partition number twice or out of range, a marked image without the isohybrid table, GRUB2 MBR code whose first boot image is an appended partition.</summary>
    public const string SystemAreaInvalid = "ISO0122";
    /// <summary>A partition offset out of range (0, or a block from 16 on), or combined with libisofs MD5 records.</summary>
    public const string PartitionOffsetInvalid = "ISO0123";

    // Reading images (ISO02xx): the reader, ls, info, extract, verify, diff, edit.

    /// <summary>An image cannot be opened: it does not exist or cannot be read.</summary>
    public const string ImageUnreadable = "ISO0200";
    /// <summary>The file is not an ISO 9660 image (no CD001 volume descriptor at sector 16, or too short).</summary>
    public const string NotAnImage = "ISO0201";
    /// <summary>A volume descriptor is damaged: bad block size, inconsistent numbers, no terminator.</summary>
    public const string MalformedVolumeDescriptor = "ISO0202";
    /// <summary>A directory record or a directory extent is damaged or lies outside the image.</summary>
    public const string MalformedDirectory = "ISO0203";
    /// <summary>System use (SUSP / Rock Ridge) data is damaged: a continuation area outside the image, loops, or is too long.</summary>
    public const string MalformedSystemUse = "ISO0204";
    /// <summary>The directory tree loops (a directory is its own ancestor).</summary>
    public const string DirectoryLoop = "ISO0205";
    /// <summary>The image exceeds a reader limit (depth, entries per directory, records, name length).</summary>
    public const string ReaderLimitExceeded = "ISO0206";
    /// <summary>The El Torito boot catalog is damaged.</summary>
    public const string MalformedBootCatalog = "ISO0207";
    /// <summary>The MBR or GPT partition table in the system area is damaged.</summary>
    public const string MalformedPartitionTable = "ISO0208";
    /// <summary>A path given on the command line or in RemovePaths is not in the image.</summary>
    public const string PathNotInImage = "ISO0209";
    /// <summary>Extraction refused entries whose names or link targets would write outside the target directory.</summary>
    public const string ExtractRefused = "ISO0210";
    /// <summary>A file's data lies outside the image (the image is truncated or its records are damaged).</summary>
    public const string DataOutsideImage = "ISO0211";
    /// <summary>verify found problems in an image.</summary>
    public const string VerifyFailed = "ISO0212";
    /// <summary>The image uses a feature the reader does not support (interleaved files, block size other than 2048).</summary>
    public const string UnsupportedImage = "ISO0213";
    /// <summary>An entry of a base image cannot be carried into a new image (an unusable name).</summary>
    public const string BaseImageEntryUnusable = "ISO0214";
    /// <summary>The extraction target cannot be created or written.</summary>
    public const string ExtractTargetUnusable = "ISO0215";
    /// <summary>A checksum the image records (libisofs MD5 tags) does not match the data it covers.</summary>
    public const string ChecksumMismatch = "ISO0216";
    /// <summary>The names asked for (Rock Ridge or Joliet) are not in the image.</summary>
    public const string NamespaceMissing = "ISO0217";
    /// <summary>A base image holds something an edit cannot carry into the new image (an Apple partition map, HFS+), and no option drops it.</summary>
    public const string BaseImagePartUncarried = "ISO0218";
    /// <summary>An edit would remove or replace what the base image's boot setup needs (a boot image, the boot catalog).</summary>
    public const string BaseBootPartRemoved = "ISO0219";
    /// <summary>A base image's MBR or GPT entry points at sectors no rule of the new layout can follow, and no option drops it.</summary>
    public const string BasePartitionUncarried = "ISO0225";

    // MSBuild integration (ISO03xx): misconfigured items and properties.

    /// <summary>Warning: an <c>IsoImage</c> item has metadata IsoBuild does not know (a misspelt or guessed name).</summary>
    public const string UnknownItemMetadata = "ISO0300";
    /// <summary><c>IsoImagesRunAfter</c> is neither <c>Build</c> nor <c>Publish</c>, so no image would ever be built.</summary>
    public const string InvalidRunAfter = "ISO0301";
    /// <summary>Warning: an <c>IsoContent</c> item's <c>Image</c> names no <c>IsoImage</c> of the project.</summary>
    public const string ContentForNoImage = "ISO0302";
    /// <summary><c>RemovePaths</c> is given without a <c>BaseImage</c> to remove them from.</summary>
    public const string RemovePathsWithoutBaseImage = "ISO0303";
    /// <summary>The worker that builds a project's images outside MSBuild's process is missing or ended without finishing.</summary>
    public const string WorkerFailed = "ISO0304";

    // Incremental builds (ISO04xx).

    /// <summary>The image is incomplete: an incremental build was interrupted while it patched the image in place.</summary>
    public const string InterruptedPatch = "ISO0400";

    // UDF (ISO06xx): writing the UDF file system of a bridge or UDF-only image, and reading UDF.

    /// <summary>A name cannot be recorded in UDF: longer than 255 bytes in OSTA CS0, or twice in one directory.</summary>
    public const string UdfNameUnrecordable = "ISO0600";
    /// <summary>A symbolic link's target cannot be recorded in UDF (empty, or a component longer than 255 bytes).</summary>
    public const string UdfLinkUnrecordable = "ISO0601";
    /// <summary>The UDF file system would be larger than UDF's 32-bit block numbers address.</summary>
    public const string UdfVolumeTooLarge = "ISO0602";
    /// <summary>The image has no UDF file system (no NSR02/NSR03 descriptor, no anchor at sector 256 or at the end).</summary>
    public const string NotUdf = "ISO0610";
    /// <summary>A UDF volume descriptor is damaged or missing (anchor, partition, logical volume, file set descriptor).</summary>
    public const string MalformedUdfVolume = "ISO0611";
    /// <summary>A UDF file entry or its allocation descriptors are damaged.</summary>
    public const string MalformedUdfFileEntry = "ISO0612";
    /// <summary>A UDF directory (its file identifier descriptors) is damaged.</summary>
    public const string MalformedUdfDirectory = "ISO0613";
    /// <summary>A UDF extent lies outside its partition or the image.</summary>
    public const string UdfExtentOutsidePartition = "ISO0614";
    /// <summary>A UDF image exceeds a reader limit (depth, entries, extents, directory size, chained descriptors).</summary>
    public const string UdfReaderLimitExceeded = "ISO0615";
    /// <summary>The UDF directory tree loops (a directory is its own ancestor).</summary>
    public const string UdfDirectoryLoop = "ISO0616";
    /// <summary>The UDF image uses something the reader does not support (block size, several volumes, an unknown partition type).</summary>
    public const string UnsupportedUdf = "ISO0617";
    /// <summary>A UDF descriptor's tag checksum, CRC or recorded location is wrong.</summary>
    public const string UdfDescriptorDamaged = "ISO0618";
    /// <summary>The UDF 2.50 metadata partition's file, or a virtual or sparable partition's table, is damaged.</summary>
    public const string UdfPartitionTableDamaged = "ISO0619";

    // Disc image formats (ISO07xx): BIN/CUE, NRG, MDF/MDS, CCD/IMG/SUB, raw sectors; convert.

    /// <summary>A cue sheet cannot be read: an unknown command or track type, a bad time, tracks or indexes out of order.</summary>
    public const string MalformedCueSheet = "ISO0700";
    /// <summary>A Nero image (.nrg) is damaged: its footer or chunks are out of place, too long or inconsistent.</summary>
    public const string MalformedNrg = "ISO0701";
    /// <summary>An Alcohol 120% descriptor (.mds) is damaged: its header, session, track or file name blocks are out of place.</summary>
    public const string MalformedMds = "ISO0702";
    /// <summary>A CloneCD descriptor (.ccd) is damaged: a missing section or key, a value out of range.</summary>
    public const string MalformedCcd = "ISO0703";
    /// <summary>A file a descriptor names (BIN, MDF, IMG) does not exist, is not a regular file or cannot be read.</summary>
    public const string DiscFileMissing = "ISO0704";
    /// <summary>The disc image has no data track, or the track asked for does not exist or holds audio.</summary>
    public const string NoDataTrack = "ISO0705";
    /// <summary>The disc image uses something IsoBuild does not read (audio files, an unknown sector layout, a DVD layer descriptor).</summary>
    public const string UnsupportedDiscImage = "ISO0706";
    /// <summary>A descriptor exceeds a reader limit (its size, tracks, sessions, chunks): the image is damaged or hostile.</summary>
    public const string DiscLimitExceeded = "ISO0707";
    /// <summary>A track's sectors lie beyond the end of its file: the image is truncated.</summary>
    public const string TrackOutsideFile = "ISO0708";
    /// <summary>Raw sectors whose sync, header, EDC or ECC are wrong (reported by verify, one line per sector).</summary>
    public const string BadSector = "ISO0709";
    /// <summary>convert was asked for an output it does not write (an extension other than .iso or .cue).</summary>
    public const string UnsupportedConversion = "ISO0710";

    // Compression and embedded checksums (ISO08xx): zisofs, isomd5sum, libisofs MD5 tags.

    /// <summary>A zisofs-compressed file is damaged: a bad header, block pointers outside its data, or invalid zlib data.</summary>
    public const string ZisofsDamaged = "ISO0800";
    /// <summary>A file is compressed with a zisofs2 algorithm other than zlib (xz, lz4, zstd, bzip2), which IsoBuild does not decompress.</summary>
    public const string ZisofsUnsupported = "ISO0801";
    /// <summary>A zisofs option is not valid: a block size other than 32, 64 or 128 KiB.</summary>
    public const string InvalidZisofsOption = "ISO0802";
    /// <summary>zisofs compression or libisofs MD5 records were asked for without Rock Ridge, whose entries carry them.</summary>
    public const string NeedsRockRidge = "ISO0803";
    /// <summary>The isomd5sum checksum implanted in the primary volume descriptor (implantisomd5) does not match the image.</summary>
    public const string ImplantedMd5Mismatch = "ISO0810";
    /// <summary>An isomd5sum checksum cannot be implanted: the application use area holds other data, or the image is too small.</summary>
    public const string ImplantedMd5Unusable = "ISO0811";
    /// <summary>A checksum record of the image (a libisofs MD5 tag, the checksum array, its isofs.ca attribute) is unreadable or inconsistent.</summary>
    public const string ChecksumRecordDamaged = "ISO0812";
    /// <summary>A file's recorded MD5 (libisofs isofs.cx, as xorriso -md5 on writes it) does not match its data.</summary>
    public const string FileChecksumMismatch = "ISO0813";
    /// <summary>isomd5sum and libisofs MD5 records were both asked for: each covers the other, so one would not match.</summary>
    public const string ChecksumSchemesExclusive = "ISO0814";
    /// <summary>zisofs compression or libisofs MD5 records were asked for in an image with UDF.</summary>
    public const string NotWithUdf = "ISO0815";
}
