using System.Text;
using IsoBuild.Spec;
using IsoBuild.Udf;

namespace IsoBuild.Layout;

/// <summary>
/// What the layout decided for the image's UDF file system: its tree (the layout's tree without the generated boot
/// catalog, and without links unless asked for), the file system sized from it, where its areas lie, and for a
/// UDF-primary image the README that is all its ISO 9660 tree holds.
/// </summary>
/// <remarks>
/// The UDF structures share the image with ISO 9660 (docs/udf.md): the volume recognition sequence right after the
/// ISO 9660 terminator, the volume descriptor sequences after it, the anchor at sector 256 (which the allocator
/// never hands out), the metadata right before the file data (where the partition starts, never below 257), and the
/// closing anchor in the padding. File data is shared: each UDF file points at its node's extent.
/// </remarks>
internal sealed class UdfPlan
{
    private readonly List<(LayoutNode Node, UdfFile File)> _files;

    private UdfPlan(UdfSpec spec, UdfFileSystem fileSystem, LayoutNode? readme, List<(LayoutNode, UdfFile)> files)
    {
        Spec = spec;
        FileSystem = fileSystem;
        Readme = readme;
        _files = files;
    }

    public UdfSpec Spec { get; }
    public UdfFileSystem FileSystem { get; }

    /// <summary>The one file of the ISO 9660 tree of a UDF-primary image; null for a bridge image.</summary>
    public LayoutNode? Readme { get; }

    /// <summary>The first sector the partition may start at: right after the anchor.</summary>
    public const uint FirstPartitionSector = UdfFormat.AnchorSector + 1;

    public uint RecognitionSequence { get; private set; }
    public uint Descriptors { get; private set; }
    public uint PartitionStart { get; private set; }

    /// <summary>
    /// The sectors of the UDF volume, whose last one holds the closing anchor: the whole image, or with a hybrid GPT
    /// the image less 256 sectors, so that the anchor sits at N−257 (where readers look) and before the backup GPT.
    /// </summary>
    public uint VolumeSectors { get; private set; }

    /// <summary>Extra padding after the file data of an image with UDF and a GPT: room for the closing anchor at N−257.</summary>
    public static uint ExtraPadding(ImageSpec spec) => spec.Udf is not null && spec.Boot?.Gpt == true ? UdfFormat.AnchorSector : 0;

    /// <summary>Builds the UDF tree of <paramref name="layout"/>'s tree and sizes its file system; null without UDF.</summary>
    public static UdfPlan? Create(ImageLayout layout)
    {
        ImageSpec spec = layout.Spec;
        if (spec.Udf is not UdfSpec udf)
            return null;
        var root = new UdfDirectory(string.Empty, DirectoryMode);
        var files = new List<(LayoutNode, UdfFile)>();
        AddChildren(layout.Root, root, udf.Symlinks, files);
        var fileSystem = new UdfFileSystem(new UdfVolumeSpec
        {
            VolumeIdentifier = spec.VolumeId,
            Revision = udf.Revision,
            Timestamp = spec.Timestamp,
            Root = root,
            IdentitySeed = layout.IdentityHash,
        });
        return new UdfPlan(udf, fileSystem, udf.Primary ? MakeIsoStub(layout) : null, files);
    }

    private const uint DirectoryMode = RockRidgePlanner.DirectoryMode & 0xFFF;

    private static void AddChildren(LayoutDirectory from, UdfDirectory to, bool symlinks, List<(LayoutNode, UdfFile)> files)
    {
        foreach (LayoutNode child in from.Children)
        {
            switch (child)
            {
                case LayoutDirectory dir:
                    AddChildren(dir, to.Add(new UdfDirectory(dir.Name.ToString(), DirectoryMode)), symlinks, files);
                    break;
                case { IsGenerated: true }:
                    break; // the boot catalog: El Torito finds it by its sector
                case { Kind: EntryKind.Symlink }:
                    if (symlinks)
                        to.Add(new UdfSymlink(child.Name.ToString(), child.Entry!.LinkTarget!, RockRidgePlanner.SymlinkMode & 0xFFF));
                    break;
                default:
                    uint mode = (child.Entry?.Executable == true ? RockRidgePlanner.ExecutableMode : RockRidgePlanner.FileMode) & 0xFFF;
                    files.Add((child, to.Add(new UdfFile(child.Name.ToString(), child.Length, mode))));
                    break;
            }
        }
    }

    /// <summary>The ISO 9660 and Joliet trees of a UDF-primary image: the root and a README, nothing else.</summary>
    private static LayoutNode MakeIsoStub(ImageLayout layout)
    {
        byte[] text = Encoding.ASCII.GetBytes(UdfSpec.ReadmeText);
        var entry = new ImageEntry(UdfSpec.ReadmeName, EntryKind.File, ContentSource.FromBytes(text)) { Origin = "(README of a UDF-primary image)" };
        var readme = new LayoutNode(UdfSpec.ReadmeName, EntryKind.File, layout.Root, entry);
        readme.AssignNames(UdfSpec.ReadmeName + Iso9660.IsoNames.Version, UdfSpec.ReadmeName);
        readme.Number(uint.MaxValue);
        layout.Root.Order([readme], layout.Spec.Joliet ? [readme] : []);
        return readme;
    }

    /// <summary>Where the recognition sequence and the volume descriptors go: right after the ISO 9660 terminator.</summary>
    public uint PlaceDescriptors(uint afterTerminator)
    {
        RecognitionSequence = afterTerminator;
        Descriptors = afterTerminator + UdfFileSystem.RecognitionSequenceSectors;
        return Descriptors + UdfFileSystem.DescriptorSectors;
    }

    /// <summary>Where the metadata (and the partition) starts: at <paramref name="next"/>, but never below sector 257.</summary>
    /// <returns>The first sector after the metadata.</returns>
    public uint PlaceMetadata(uint next)
    {
        PartitionStart = Math.Max(next, FirstPartitionSector);
        return checked(PartitionStart + FileSystem.MetadataSectors);
    }

    /// <summary>
    /// With every file placed and the image's size known: points each UDF file at its node's data and places the
    /// file system's areas.
    /// </summary>
    public void Place(ImageLayout layout)
    {
        foreach ((LayoutNode node, UdfFile file) in _files)
            file.DataSector = node.DataExtent;
        VolumeSectors = layout.TotalSectors - ExtraPadding(layout.Spec);
        FileSystem.Place(new UdfPlacement(RecognitionSequence, Descriptors, PartitionStart, PartitionStart, VolumeSectors));
    }

    /// <summary>What the UDF options add to the image's identity.</summary>
    public static string Identity(UdfSpec udf) => $"udf {(ushort)udf.Revision:x4} {udf.Primary} {udf.Symlinks}";
}
