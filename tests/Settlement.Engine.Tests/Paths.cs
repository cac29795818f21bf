namespace Settlement.Engine.Tests;

/// <summary>Where the repository and the shared specification are, found from the test binary.</summary>
internal static class Paths
{
    public static string Root { get; } = FindRoot();

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string SpecExample(string name) => Path.Combine(Shared, "spec", "examples", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Settlement.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Settlement.sln not found above " + AppContext.BaseDirectory);
    }
}
