using System.Text;

namespace Settlement.Peppol.Tests;

/// <summary>
/// A small golden-file comparer (Verify.Xunit is not available here): compares produced bytes with
/// an approved file in the repository. With SETTLEMENT_APPROVE=1 it rewrites the approved file
/// instead, so a deliberate change is one command and one reviewed diff.
/// </summary>
internal static class GoldenFile
{
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Settlement.sln"))) return dir.FullName;
            throw new DirectoryNotFoundException("The repository root (Settlement.sln) was not found above the test binaries.");
        }
    }

    public static void Verify(string repoRelativePath, byte[] actual)
    {
        var path = Path.Combine(RepoRoot, repoRelativePath);
        if (Environment.GetEnvironmentVariable("SETTLEMENT_APPROVE") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"Approved file {repoRelativePath} is missing; run the tests with SETTLEMENT_APPROVE=1 to create it, then review it.");
        var expected = File.ReadAllBytes(path);
        if (expected.AsSpan().SequenceEqual(actual)) return;
        var e = Encoding.UTF8.GetString(expected).Split('\n');
        var a = Encoding.UTF8.GetString(actual).Split('\n');
        var line = 0;
        while (line < e.Length && line < a.Length && e[line] == a[line]) line++;
        Assert.Fail($"{repoRelativePath} differs from the code's output at line {line + 1}:\n  approved: {(line < e.Length ? e[line] : "<end>")}\n  produced: {(line < a.Length ? a[line] : "<end>")}\n" +
                    "If the change is intended, run the tests with SETTLEMENT_APPROVE=1 and review the diff.");
    }
}
