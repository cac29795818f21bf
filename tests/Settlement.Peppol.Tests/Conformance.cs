using Settlement.Peppol.Conformance;

namespace Settlement.Peppol.Tests;

/// <summary>Paths into the read-only conformance folder beside the repository.</summary>
internal static class Conformance
{
    public static string Folder => ConformanceLocator.Require();

    public static string PathTo(params string[] parts) => Path.Combine([Folder, .. parts]);

    /// <summary>Every file under a conformance sub-folder (all extensions: one official file is named *.xm).</summary>
    public static IEnumerable<string> FilesUnder(params string[] parts) =>
        Directory.EnumerateFiles(PathTo(parts), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    public static string Relative(string path) => Path.GetRelativePath(Folder, path);
}
