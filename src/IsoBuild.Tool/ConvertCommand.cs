using System.CommandLine;
using System.Globalization;
using IsoBuild.Disc;

namespace IsoBuild.Tool;

/// <summary><c>dotnet iso convert INPUT OUTPUT [--track N]</c>: raw disc images to ISO, ISO to BIN/CUE.</summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("INPUT") { Description = "A BIN/CUE, NRG, MDF/MDS, CCD/IMG or raw-sector image, or an ISO image." };
        var output = new Argument<string>("OUTPUT") { Description = "OUTPUT.iso: the data track's 2048-byte sectors. OUTPUT.cue: a cue sheet and OUTPUT.bin of Mode 1/2352 sectors." };
        var track = new Option<int?>("--track") { Description = "The data track to convert (default: the first data track)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing but errors." };
        var command = new Command("convert", "Convert a raw disc image's data track to an ISO image, or an ISO image to BIN/CUE.");
        command.Add(input);
        command.Add(output);
        command.Add(track);
        command.Add(quiet);
        command.SetAction((parse, cancellationToken) => IsoCommandLine.RunAsync(parse, async (stdout, ct) =>
        {
            string from = parse.GetValue(input)!, to = parse.GetValue(output)!;
            int? number = parse.GetValue(track);
            string extension = Path.GetExtension(to).ToLowerInvariant();
            DiscConversion result;
            try
            {
                result = extension switch
                {
                    ".iso" => DiscImageConverter.ToIso(from, to, number, ct),
                    ".cue" => DiscImageConverter.ToBinCue(from, to, number, ct),
                    _ => throw new IsoBuildException(ErrorCodes.UnsupportedConversion,
                        $"'{to}': convert writes an ISO image (OUTPUT.iso) or a BIN/CUE pair (OUTPUT.cue), chosen by the extension."),
                };
            }
            catch (OperationCanceledException e)
            {
                throw new IsoBuildException(ErrorCodes.Cancelled, "The conversion was cancelled; no output was written.", e);
            }
            if (parse.GetValue(quiet))
                return IsoCommandLine.ExitSuccess;
            string what = result.Track is DiscTrack t
                ? string.Create(CultureInfo.InvariantCulture, $"track {t.Number} ({t.Describe()})")
                : "the ISO image";
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{string.Join(" and ", result.Outputs)}: {what}, {result.Sectors} sectors")).ConfigureAwait(false);
            foreach (string left in result.LeftBehind)
                await stdout.WriteLineAsync("dropped: " + left).ConfigureAwait(false);
            return IsoCommandLine.ExitSuccess;
        }, cancellationToken));
        return command;
    }
}
