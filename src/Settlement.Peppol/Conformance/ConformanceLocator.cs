namespace Settlement.Peppol.Conformance;

/// <summary>
/// Finds the read-only conformance material (<c>../shared/conformance</c> beside the repository):
/// the UBL 2.1 schemas and the official PEPPOL examples and unit tests. It is never copied into
/// the repository. Order: <c>SETTLEMENT_CONFORMANCE</c>; <c>SETTLEMENT_HOME/../shared/conformance</c>
/// (the ./settle launcher sets SETTLEMENT_HOME); then walking up from the program's directory.
/// </summary>
public static class ConformanceLocator
{
    public const string OverrideVariable = "SETTLEMENT_CONFORMANCE";
    public const string HomeVariable = "SETTLEMENT_HOME";

    private static readonly Lazy<string?> Cached = new(Locate);

    /// <summary>The conformance folder, or null when there is none.</summary>
    public static string? Folder => Cached.Value;

    /// <summary>The conformance folder; throws with a clear message when it cannot be found.</summary>
    public static string Require() => Folder ?? throw new DirectoryNotFoundException(
        $"The conformance folder (../shared/conformance beside the repository) was not found; set {OverrideVariable}.");

    private static string? Locate()
    {
        var explicitPath = Environment.GetEnvironmentVariable(OverrideVariable);
        if (!string.IsNullOrWhiteSpace(explicitPath) && Directory.Exists(explicitPath)) return Path.GetFullPath(explicitPath);
        var home = Environment.GetEnvironmentVariable(HomeVariable);
        if (!string.IsNullOrWhiteSpace(home))
        {
            var candidate = Path.GetFullPath(Path.Combine(home, "..", "shared", "conformance"));
            if (IsConformance(candidate)) return candidate;
        }
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "conformance");
                if (IsConformance(candidate)) return candidate;
            }
        }
        return null;
    }

    private static bool IsConformance(string path) => Directory.Exists(Path.Combine(path, "ubl-2.1"));
}
