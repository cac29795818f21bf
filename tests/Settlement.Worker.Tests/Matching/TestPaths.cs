namespace Settlement.Worker.Tests.Matching;

internal static class TestPaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Settlement.sln"))) return dir.FullName;
        throw new InvalidOperationException("Settlement.sln not found");
    }
}
