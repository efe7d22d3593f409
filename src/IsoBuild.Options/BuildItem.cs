namespace IsoBuild.Options;

/// <summary>An MSBuild item as IsoBuild reads it: its spec, its custom metadata and its full path.</summary>
internal interface IBuildItem
{
    string ItemSpec { get; }

    /// <summary>The names of the metadata the project gave the item.</summary>
    IEnumerable<string> CustomMetadataNames { get; }

    /// <summary>A custom metadata value, or the well-known <c>FullPath</c>; empty when unset.</summary>
    string GetMetadata(string name);
}

/// <summary>An item as the MSBuild worker receives it (<see cref="WorkerProtocol"/>).</summary>
internal sealed class BuildItem(string itemSpec, string fullPath) : IBuildItem
{
    public const string FullPath = "FullPath";

    private readonly Dictionary<string, string> _metadata = new(StringComparer.OrdinalIgnoreCase);

    public string ItemSpec { get; } = itemSpec;

    public IEnumerable<string> CustomMetadataNames => _metadata.Keys;

    public string GetMetadata(string name) =>
        name.Equals(FullPath, StringComparison.OrdinalIgnoreCase) ? fullPath : _metadata.GetValueOrDefault(name, string.Empty);

    public void SetMetadata(string name, string value) => _metadata[name] = value;
}
