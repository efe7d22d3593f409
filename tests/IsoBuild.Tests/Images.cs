using IsoBuild.Spec;

namespace IsoBuild.Tests;

/// <summary>Builds images through the engine's public API, as the front doors do.</summary>
internal static class Images
{
    public static ImageBuildResult Pack(string sourceDirectory, string output, Func<ImageSpec, ImageSpec>? configure = null, bool followSymlinks = false)
    {
        ImageSpec spec = new ImageSpecBuilder(sourceDirectory) { FollowSymlinks = followSymlinks }.AddSource(".").Build();
        if (configure is not null)
            spec = configure(spec);
        return IsoImageBuilder.Build(spec, output);
    }
}
