using IsoBuild.Spec;

namespace IsoBuild.Options;

/// <summary>
/// Every option that shapes an image, in the order help lists them. The command line and the <c>IsoImage</c> item
/// both read this table; add an option here and both doors have it (docs/cli.md and docs/msbuild.md list them).
/// </summary>
public static class ImageOptions
{
    /// <summary>Volume identifier.</summary>
    public static ImageOption VolumeId { get; } = new("VolumeId", "--volume-id",
        $"Volume identifier: 1-32 characters of A-Z a-z 0-9 _ - . and space. Default: {ImageSpec.DefaultVolumeId}.",
        ImageOptionKind.Text, (s, v, _) => v is null ? s : s with { VolumeId = v }, helpName: "ID", cliAlias: "-V");

    /// <summary>Publisher identifier.</summary>
    public static ImageOption Publisher { get; } = new("Publisher", "--publisher",
        "Publisher recorded in the volume descriptors (printable ASCII, at most 128 characters).",
        ImageOptionKind.Text, (s, v, _) => v is null ? s : s with { Publisher = v }, helpName: "TEXT");

    /// <summary>Data preparer identifier.</summary>
    public static ImageOption Preparer { get; } = new("Preparer", "--preparer",
        "Data preparer recorded in the volume descriptors (printable ASCII, at most 128 characters).",
        ImageOptionKind.Text, (s, v, _) => v is null ? s : s with { DataPreparer = v }, helpName: "TEXT");

    /// <summary>Joliet on or off.</summary>
    public static ImageOption Joliet { get; } = new("Joliet", "--no-joliet",
        "Leave out the Joliet tree (the names Windows shows). On by default.",
        ImageOptionKind.Boolean, (s, v, c) => s with { Joliet = Joliet!.ParseBoolean(v, true, c) }, flagValue: false);

    /// <summary>Rock Ridge on or off.</summary>
    public static ImageOption RockRidge { get; } = new("RockRidge", "--no-rock-ridge",
        "Leave out Rock Ridge (exact POSIX names, modes, symbolic links). On by default.",
        ImageOptionKind.Boolean, (s, v, c) => s with { RockRidge = RockRidge!.ParseBoolean(v, true, c) }, flagValue: false);

    /// <summary>The build timestamp (SOURCE_DATE_EPOCH wins).</summary>
    public static ImageOption Timestamp { get; } = new("Timestamp", "--timestamp",
        "The date every date in the image derives from: Unix seconds or an ISO 8601 date. SOURCE_DATE_EPOCH, when set, takes precedence. Default: 1980-01-01T00:00:00Z.",
        ImageOptionKind.Text, (s, v, _) => s with { Timestamp = BuildTimestamp.Resolve(v) }, helpName: "T");

    /// <summary>Follow symbolic links in source directories (read by the front doors before sources are collected).</summary>
    public static ImageOption FollowSymlinks { get; } = new("FollowSymlinks", "--follow-symlinks",
        "Record what symbolic links in source directories point to, instead of the links.",
        ImageOptionKind.Boolean, (s, _, _) => s);

    /// <summary>All options, in help order.</summary>
    public static IReadOnlyList<ImageOption> All { get; } = [VolumeId, Publisher, Preparer, Joliet, RockRidge, Timestamp, FollowSymlinks];

    /// <summary>Applies every option; <paramref name="valueOf"/> returns an option's value, or null when it was not given.</summary>
    public static ImageSpec Apply(ImageSpec spec, Func<ImageOption, string?> valueOf, ImageOptionContext context)
    {
        ArgumentNullException.ThrowIfNull(valueOf);
        foreach (ImageOption option in All)
            spec = option.Apply(spec, valueOf(option), context);
        return spec;
    }
}
