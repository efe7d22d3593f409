using System.CommandLine;
using IsoBuild.Reading;

namespace IsoBuild.Tool;

/// <summary><c>--names rock-ridge|joliet|iso9660|udf</c>: which tree of an image the reading commands name entries from.</summary>
internal static class NamesOption
{
    public static Option<string> Create(string what = "the image") => new("--names")
    {
        Description = $"The tree to read {what} through: rock-ridge, joliet, iso9660 or udf. Default: UDF when the ISO 9660 tree is only a stub (Windows media) or missing, else Rock Ridge, else Joliet, else ISO 9660.",
        HelpName = "rock-ridge|joliet|iso9660|udf",
    };

    /// <summary>The tree asked for, or null for the default.</summary>
    public static IsoNamespace? Parse(ParseResult parse, Option<string> option) => parse.GetValue(option) switch
    {
        null => null,
        "rock-ridge" or "rockridge" or "rr" => IsoNamespace.RockRidge,
        "joliet" => IsoNamespace.Joliet,
        "iso9660" or "iso" => IsoNamespace.Iso9660,
        "udf" => IsoNamespace.Udf,
        string other => throw new IsoBuildException(ErrorCodes.InvalidOption, $"--names {other} names no tree: give rock-ridge, joliet, iso9660 or udf."),
    };

    /// <summary>How <c>info</c> and <c>--json</c> name a tree.</summary>
    public static string Describe(IsoNamespace names) => names switch
    {
        IsoNamespace.RockRidge => "Rock Ridge",
        IsoNamespace.Joliet => "Joliet",
        IsoNamespace.Udf => "UDF",
        _ => "ISO 9660",
    };
}
