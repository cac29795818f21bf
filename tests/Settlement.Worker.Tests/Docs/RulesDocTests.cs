using System.Text;
using System.Text.RegularExpressions;
using Settlement.Peppol.Validation;
using Settlement.Worker.Tests.Database;

namespace Settlement.Worker.Tests.Docs;

/// <summary>
/// docs/rules.md, kept current: every rule code the service implements (the official BR-*, PEPPOL-*
/// and the service's own SETTLE-*) with the file that implements it and the tests that show it,
/// found by reading the sources, never typed by hand. The test fails when the file is stale;
/// SETTLEMENT_APPROVE=1 rewrites it.
/// </summary>
public sealed partial class RulesDocTests
{
    private static readonly string DocPath = Repo.Path("docs", "rules.md");

    [Fact]
    public void Rules_md_lists_every_rule_code_with_its_file_and_tests()
    {
        var expected = Build();
        if (Environment.GetEnvironmentVariable("SETTLEMENT_APPROVE") is "1")
            File.WriteAllText(DocPath, expected);
        Assert.True(File.Exists(DocPath), "docs/rules.md is missing: run the tests with SETTLEMENT_APPROVE=1");
        var actual = File.ReadAllText(DocPath);
        if (actual == expected) return;
        var firstDifference = actual.Zip(expected).TakeWhile(p => p.First == p.Second).Count();
        Assert.Fail($"docs/rules.md is stale (first difference at character {firstDifference}: " +
                    $"'{Excerpt(actual, firstDifference)}' vs '{Excerpt(expected, firstDifference)}'); run the tests with SETTLEMENT_APPROVE=1");
    }

    [Fact]
    public void Every_service_rule_is_shown_by_a_test()
    {
        var untested = ServiceCodes().Where(c => TestFilesFor(c.Code, c.Constant).Count == 0).Select(c => c.Code).ToList();
        Assert.True(untested.Count == 0, "SETTLE codes no test names: " + string.Join(", ", untested));
    }

    private static string Excerpt(string s, int at) => s.Substring(Math.Min(at, s.Length), Math.Min(40, Math.Max(0, s.Length - at))).ReplaceLineEndings("⏎");

    private static readonly Lazy<Dictionary<string, string>> Sources = new(() => Read("src"));
    private static readonly Lazy<Dictionary<string, string>> Tests = new(() => Read("tests"));

    /// <summary>The official unit-test files OfficialUnitTests runs (their text, to count the rules each lists).</summary>
    private static readonly Lazy<List<string>> OfficialUnitFiles = new(() =>
        new[] { ("peppol-billing-3", "unit"), ("peppol-billing-3", "unit-national"), ("peppol-ordering-3", "unit") }
            .Select(d => Repo.Shared("conformance", d.Item1, d.Item2)).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.xml", SearchOption.AllDirectories)).Order(StringComparer.Ordinal)
            .Select(File.ReadAllText).ToList());

    private static Dictionary<string, string> Read(string folder) =>
        Directory.EnumerateFiles(Repo.Path(folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Where(f => !f.EndsWith("RulesDocTests.cs", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToDictionary(f => Path.GetRelativePath(Repo.Root, f).Replace('\\', '/'), File.ReadAllText);

    [GeneratedRegex(@"(?<name>\w+)\s*=\s*""(?<code>SETTLE-[A-Z0-9]+(?:-[A-Z0-9]+)*)""")]
    private static partial Regex ConstantDefinition();

    [GeneratedRegex(@"SETTLE-[A-Z0-9]+(?:-[A-Z0-9]+)*")]
    private static partial Regex ServiceCode();

    /// <summary>A constant that holds a code: its class and name.</summary>
    private sealed record Constant(string Class, string Name);

    [GeneratedRegex(@"\bclass\s+(\w+)")]
    private static partial Regex ClassDeclaration();

    /// <summary>The service's own codes: those named in the sources, with the constant that holds the code where there is one.</summary>
    private static List<(string Code, Constant? Constant)> ServiceCodes()
    {
        var constants = new Dictionary<string, Constant>();
        foreach (var text in Sources.Value.Values)
            foreach (Match m in ConstantDefinition().Matches(text))
            {
                var owner = ClassDeclaration().Matches(text[..m.Index]).LastOrDefault()?.Groups[1].Value;
                if (owner is not null) constants.TryAdd(m.Groups["code"].Value, new Constant(owner, m.Groups["name"].Value));
            }
        return Sources.Value.Values.SelectMany(t => ServiceCode().Matches(t)).Select(m => m.Value)
            .Distinct().Order(StringComparer.Ordinal).Select(c => (c, constants.GetValueOrDefault(c))).ToList();
    }

    /// <summary>Whether a file uses the constant: as Class.Name, or as Name under <c>using static …Class;</c> (its own class's file counts only beyond the definition).</summary>
    private static bool Uses(string text, Constant c) =>
        Regex.IsMatch(text, $@"\b{c.Class}\.{c.Name}\b")
        || ((Regex.IsMatch(text, $@"using static [\w.]*\b{c.Class};") || Regex.IsMatch(text, $@"\bclass {c.Class}\b"))
            && Regex.IsMatch(text, $@"(?<![\w.""])\b{c.Name}\b(?!\s*=)"));

    private static bool Names(string text, string code, Constant? constant) =>
        text.Contains(code, StringComparison.Ordinal) || (constant is not null && Uses(text, constant));

    /// <summary>Files that implement a code: those using its constant, else those naming it as a literal.</summary>
    private static List<string> ImplementedIn(string code, Constant? constant)
    {
        if (constant is not null)
        {
            var using_ = Sources.Value.Where(s => Uses(s.Value, constant)).Select(s => s.Key).ToList();
            if (using_.Count > 0) return using_;
        }
        var literal = Sources.Value.Where(s => s.Value.Contains($"\"{code}\"", StringComparison.Ordinal) || s.Value.Contains($"[{code}]", StringComparison.Ordinal))
            .Select(s => s.Key).ToList();
        return literal.Count > 0 ? literal : Sources.Value.Where(s => s.Value.Contains(code, StringComparison.Ordinal)).Select(s => s.Key).ToList();
    }

    private static List<string> TestFilesFor(string code, Constant? constant) =>
        Tests.Value.Where(t => Names(t.Value, code, constant)).Select(t => Path.GetFileNameWithoutExtension(t.Key)).Distinct().ToList();

    private static string Build()
    {
        var b = new StringBuilder();
        b.AppendLine("# Rule codes: where each is implemented and which tests show it");
        b.AppendLine();
        b.AppendLine($"Generated from the sources by `RulesDocTests` (run the tests with `SETTLEMENT_APPROVE=1` to rewrite it); do not edit by hand. " +
                     $"The official rules are those of PEPPOL release {RuleCatalog.Release}; `settle validate --list-rules` prints them.");
        b.AppendLine();
        b.AppendLine("## The service's own codes (SETTLE-*)");
        b.AppendLine();
        b.AppendLine("| Code | Implemented in | Tests |");
        b.AppendLine("|---|---|---|");
        foreach (var (code, constant) in ServiceCodes())
            b.AppendLine($"| `{code}` | {string.Join("<br>", ImplementedIn(code, constant).Select(f => $"`{f}`"))} | {Join(TestFilesFor(code, constant))} |");
        b.AppendLine();

        var handWritten = RuleCatalog.All.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        b.AppendLine("## Official rules written in C# (BR-*, PEPPOL-*)");
        b.AppendLine();
        b.AppendLine("Every one is also run against the official unit tests that list it (`OfficialUnitTests`, over `peppol-billing-3/unit` and " +
                     "`peppol-ordering-3/unit`) and, on every document the service writes, against the official artefacts (`OfficialArtefactTests`).");
        b.AppendLine();
        b.AppendLine("| Rule | Implemented in | Official unit-test files listing it | Our tests naming it |");
        b.AppendLine("|---|---|---|---|");
        foreach (var id in handWritten.Order(StringComparer.Ordinal))
        {
            var file = Sources.Value.FirstOrDefault(s => s.Key.StartsWith("src/Settlement.Peppol/", StringComparison.Ordinal) && s.Value.Contains($"\"{id}\"", StringComparison.Ordinal)).Key;
            var official = OfficialUnitFiles.Value.Count(f => Regex.IsMatch(f, $@"(?<![\w-]){Regex.Escape(id)}(?![\w-])"));
            b.AppendLine($"| `{id}` | {(file is null ? "—" : $"`{file}`")} | {(official == 0 ? "—" : official)} | {Join(TestFilesFor(id, null))} |");
        }
        b.AppendLine();

        b.AppendLine("## Official data-model rules generated from the release");
        b.AppendLine();
        b.AppendLine("| Rules | Generated into | Count | Tests |");
        b.AppendLine("|---|---|---|---|");
        foreach (var group in RuleCatalog.Ids.Where(id => !handWritten.Contains(id)).GroupBy(id => id[..id.LastIndexOf('-')]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var tsv = group.Key.Replace("PEPPOL-", "PEPPOLBIS-") + ".tsv";
            b.AppendLine($"| `{group.Key}-B*` | `src/Settlement.Peppol/Validation/Release/{tsv}` (by `tools/Settlement.RuleGen`) | {group.Count()} | GeneratedRulesTests, OfficialArtefactTests |");
        }
        return b.ToString();
    }

    private static string Join(List<string> tests) => tests.Count == 0 ? "—" : string.Join(", ", tests.Order(StringComparer.Ordinal));
}
