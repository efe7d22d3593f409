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
}
