namespace IsoBuild.Spec;

/// <summary>Validation of the strings recorded in volume descriptors.</summary>
internal static class DescriptorStrings
{
    public const int VolumeIdLength = 32;
    public const int LongFieldLength = 128;

    public static void Validate(ImageSpec spec)
    {
        string v = spec.VolumeId;
        if (v.Length is 0 or > VolumeIdLength || !v.All(IsVolumeIdCharacter) || v.Trim().Length == 0)
        {
            IsoBuildException.Throw(ErrorCodes.InvalidDescriptorString,
                $"The volume id '{v}' is not valid: use 1 to {VolumeIdLength} characters from A-Z, a-z, 0-9, '_', '-', '.' and space (for example APP_1_0).");
        }
        ValidateLong(spec.Publisher, "publisher");
        ValidateLong(spec.DataPreparer, "data preparer");
        if (spec.Timestamp < BuildTimestamp.Minimum || spec.Timestamp > BuildTimestamp.Maximum)
        {
            IsoBuildException.Throw(ErrorCodes.InvalidTimestamp,
                $"The build timestamp {spec.Timestamp:O} is out of range: image dates must lie between 1980-01-01 and 2155-12-31 (UTC).");
        }
    }

    private static bool IsVolumeIdCharacter(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-' or '.' or ' ';

    private static void ValidateLong(string? value, string what)
    {
        if (value is null)
            return;
        if (value.Length > LongFieldLength || value.Any(c => c is < ' ' or > '~'))
        {
            IsoBuildException.Throw(ErrorCodes.InvalidDescriptorString,
                $"The {what} '{value}' is not valid: use at most {LongFieldLength} printable ASCII characters.");
        }
    }
}
