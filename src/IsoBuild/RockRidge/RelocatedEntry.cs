namespace IsoBuild.RockRidge;

/// <summary>
/// RRIP 4.1.5.3 "RE": marks a relocated directory's own record in the relocation directory, so that readers skip it
/// there and show the directory where its <see cref="DirectoryLinkEntry"/> CL placeholder is. It has no data.
/// </summary>
internal static class RelocatedEntry
{
    public const int Length = SuspEntry.HeaderLength;

    public static byte[] Write() => SuspEntry.Entry(SuspSignature.Relocated, 0, out _);
}
