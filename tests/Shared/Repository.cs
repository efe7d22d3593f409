namespace IsoBuild.Testing;

/// <summary>Paths inside this repository, found from the test assembly's location.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "IsoBuild.sln")))
            dir = Path.GetDirectoryName(dir);
        return dir ?? throw new InvalidOperationException("IsoBuild.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The configuration these tests were built in ("debug" or "release"), as the artifacts folders name it.</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory).Name.ToLowerInvariant();

    /// <summary>The built dotnet-iso.dll of the same configuration.</summary>
    public static string ToolDll => Path.Combine(Root, "artifacts", "bin", "IsoBuild.Tool", Configuration, "dotnet-iso.dll");

    /// <summary>The built task assembly of the same configuration.</summary>
    public static string TasksDll => Path.Combine(Root, "artifacts", "bin", "IsoBuild.Tasks", Configuration, "IsoBuild.Tasks.dll");
}
