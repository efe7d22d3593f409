using IsoBuild.Spec;

namespace IsoBuild.Layout;

/// <summary>What a node keeps of its record in an edit's base image: the root and the boot catalog keep theirs through the spec's <see cref="BaseVolume"/>.</summary>
internal static class KeptAttributes
{
    /// <summary>The node's kept attributes, or null when IsoBuild normalises them (a new image, an added file).</summary>
    public static EntryAttributes? Of(LayoutNode node, BaseVolume? volume) =>
        node.IsRoot ? volume?.Root : node.IsGenerated ? volume?.Catalog : node.Entry?.Attributes;
}
