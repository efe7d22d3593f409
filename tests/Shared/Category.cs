namespace IsoBuild.Testing;

/// <summary>
/// The trait that marks tests needing programs beyond the .NET SDK (other ISO readers, QEMU, GRUB, disc tools):
/// <c>[Trait(Category.Name, Category.External)]</c>. A contributor without them runs the rest with
/// <c>build/test.sh --filter "Category!=External"</c>; CI runs everything.
/// </summary>
public static class Category
{
    public const string Name = "Category";
    public const string External = "External";
}
