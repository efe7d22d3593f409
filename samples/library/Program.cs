// Builds an ISO image of a directory with IsoBuild's library API alone, to a file or to standard output.
using IsoBuild;
using IsoBuild.Spec;

if (args.Length is < 2 or > 3)
{
    Console.Error.WriteLine("usage: library DIRECTORY OUTPUT.iso|- [VOLUME_ID]   ('-' writes the image to standard output)");
    return 2;
}
string directory = args[0];
string output = args[1];

// The directory's contents at the image root; every option is a property of the spec.
ImageSpec spec = new ImageSpecBuilder().AddDirectoryContents(string.Empty, directory).Build() with
{
    // As dotnet iso does, honour SOURCE_DATE_EPOCH; the library itself never reads the environment.
    Timestamp = BuildTimestamp.Resolve(null, Environment.GetEnvironmentVariable(BuildTimestamp.SourceDateEpochVariable)),
};
if (args.Length == 3)
    spec = spec with { VolumeId = args[2] };

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
try
{
    if (output == "-")
    {
        // Any stream will do, even one that cannot seek: the image is written front to back.
        using Stream stdout = Console.OpenStandardOutput();
        await IsoImageBuilder.WriteAsync(spec, stdout, cancellationToken: cancel.Token);
    }
    else
    {
        // The file is replaced only once the new image is complete.
        ImageBuildResult result = await IsoImageBuilder.BuildAsync(spec, output, cancellationToken: cancel.Token);
        Console.Error.WriteLine($"{result.OutputPath}: {result.Summary}");
    }
    return 0;
}
catch (IsoBuildException e)
{
    Console.Error.WriteLine($"error {e.Code}: {e.Message}");
    return 1;
}
