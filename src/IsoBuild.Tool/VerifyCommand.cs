using System.CommandLine;
using IsoBuild.Reading;

namespace IsoBuild.Tool;

/// <summary><c>dotnet iso verify IMAGE</c>.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "The image to check." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing when the image is sound." };
        var command = new Command("verify",
            "Check an image's structure: descriptors, path tables against the trees, extents inside the image and not overlapping, boot catalog, GPT CRCs, UDF descriptor tags, CRCs and extents; of a raw disc image also every sector's EDC and ECC. Exit 0 when sound.");
        command.Add(image);
        command.Add(quiet);
        command.SetAction((parse, cancellationToken) => IsoCommandLine.RunAsync(parse, async (stdout, ct) =>
        {
            string path = parse.GetValue(image)!;
            IReadOnlyList<IsoProblem> problems = IsoImageVerifier.Verify(path, ct);
            if (problems.Count == 0)
            {
                if (!parse.GetValue(quiet))
                    await stdout.WriteLineAsync($"{Path.GetFullPath(path)}: sound").ConfigureAwait(false);
                return IsoCommandLine.ExitSuccess;
            }
            foreach (IsoProblem problem in problems)
                await stdout.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
            throw new IsoBuildException(ErrorCodes.VerifyFailed,
                $"'{Path.GetFullPath(path)}' has {IsoCommandLine.Count(problems.Count, "problem")} (listed above).");
        }, cancellationToken));
        return command;
    }
}
