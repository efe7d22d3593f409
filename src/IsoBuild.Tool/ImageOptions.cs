using System.CommandLine;
using IsoBuild.Spec;

namespace IsoBuild.Tool;

/// <summary>The options that shape an image; shared by every command that writes one. Same names as the IsoImage item's metadata.</summary>
internal sealed class ImageOptions
{
    public Option<string> VolumeId { get; } = new("--volume-id", "-V")
    {
        Description = $"Volume identifier, 1-32 characters of A-Z a-z 0-9 _ - . and space. Default: {ImageSpec.DefaultVolumeId}.",
        HelpName = "ID",
    };

    public Option<string> Publisher { get; } = new("--publisher") { Description = "Publisher recorded in the volume descriptor.", HelpName = "TEXT" };

    public Option<string> Preparer { get; } = new("--preparer") { Description = "Data preparer recorded in the volume descriptor.", HelpName = "TEXT" };

    public Option<bool> NoJoliet { get; } = new("--no-joliet") { Description = "Leave out the Joliet tree (Windows names)." };

    public Option<bool> NoRockRidge { get; } = new("--no-rock-ridge") { Description = "Leave out Rock Ridge (exact POSIX names, modes, symbolic links)." };

    public Option<string> Timestamp { get; } = new("--timestamp")
    {
        Description = "The date every date in the image derives from: Unix seconds or an ISO 8601 date. SOURCE_DATE_EPOCH, when set, takes precedence. Default: 1980-01-01T00:00:00Z.",
        HelpName = "T",
    };

    public Option<bool> FollowSymlinks { get; } = new("--follow-symlinks") { Description = "Record what symbolic links in source directories point to, instead of the links." };

    public void AddTo(Command command)
    {
        command.Add(VolumeId);
        command.Add(Publisher);
        command.Add(Preparer);
        command.Add(NoJoliet);
        command.Add(NoRockRidge);
        command.Add(Timestamp);
        command.Add(FollowSymlinks);
    }

    public ImageSpec Apply(ParseResult parse, ImageSpec spec) => spec with
    {
        VolumeId = parse.GetValue(VolumeId) ?? spec.VolumeId,
        Publisher = parse.GetValue(Publisher) ?? spec.Publisher,
        DataPreparer = parse.GetValue(Preparer) ?? spec.DataPreparer,
        Joliet = !parse.GetValue(NoJoliet),
        RockRidge = !parse.GetValue(NoRockRidge),
        Timestamp = BuildTimestamp.Resolve(parse.GetValue(Timestamp)),
    };
}
