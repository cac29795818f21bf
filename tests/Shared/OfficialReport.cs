using Settlement.Peppol.Validation;

namespace Settlement.Tests.Shared;

/// <summary>
/// What the tests built on <see cref="OfficialArtefacts"/> assert and print: the documents that
/// fail officially (each with its rule ids and locations, then a count per rule, since one builder
/// mistake fails hundreds of documents the same way), and where our own validator
/// (<see cref="DocumentValidator"/>) disagrees with the official artefacts.
/// </summary>
internal static class OfficialReport
{
    /// <summary>How many documents a message lists one by one before it only counts.</summary>
    private const int Listed = 60;

    /// <summary>Empty when every document passes officially; otherwise a message naming each failing document, rule and location.</summary>
    public static string Failures(IReadOnlyList<OfficialVerdict> verdicts)
    {
        var failing = verdicts.Where(v => !v.Valid).ToList();
        if (failing.Count == 0) return "";
        var lines = new List<string> { $"{failing.Count} of {verdicts.Count} documents fail the official PEPPOL validation:" };
        lines.AddRange(failing.Take(Listed).Select(v => "  " + string.Join("\n    ",
            new[] { $"{v.Name} ({v.Type?.ToString() ?? "unknown type"})" }
                .Concat(v.SchemaErrors.Select(e => $"{(v.Type is null ? "not validated" : "schema (xmllint)")}: {e}"))
                .Concat(v.Fatal.Select(a => $"{a.Id} at {a.ShortLocation}: {a.Text}")))));
        if (failing.Count > Listed) lines.Add($"  … and {failing.Count - Listed} more");
        lines.Add("Per rule (documents; an example):");
        var perRule = failing.SelectMany(v => v.SchemaErrors.Take(1)
                .Select(e => (Rule: v.Type is null ? "not a UBL document" : "UBL 2.1 schema (xmllint)", Example: $"{v.Name}: {e}"))
                .Concat(v.Fatal.DistinctBy(a => a.Id).Select(a => (Rule: a.Id, Example: $"{v.Name} at {a.ShortLocation}"))))
            .GroupBy(x => x.Rule).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal);
        lines.AddRange(perRule.Select(g => $"  {g.Key}: {g.Count()} (e.g. {g.First().Example})"));
        return string.Join("\n", lines);
    }

    /// <summary>
    /// Where <see cref="DocumentValidator"/> and the official verdict differ, one entry per document
    /// with both verdicts: the pass/fail verdict; for the rule ids our validator claims to implement
    /// (<see cref="RuleCatalog.Ids"/>), the set of ids that fired (warnings included; an official id
    /// we do not implement is not compared); and our SETTLE-UBL-SCHEMA finding against xmllint's
    /// schema verdict. Our other SETTLE-* ids have no official counterpart and are ignored.
    /// </summary>
    public static IReadOnlyList<string> Disagreements(IReadOnlyList<OfficialDocument> documents, IReadOnlyList<OfficialVerdict> verdicts)
    {
        var claimed = RuleCatalog.Ids.ToHashSet(StringComparer.Ordinal);
        var result = new List<string>();
        for (var i = 0; i < documents.Count; i++)
        {
            var official = verdicts[i];
            var ours = DocumentValidator.Validate(documents[i].Bytes);
            var officialFired = official.Asserts.Select(a => a.Id).Where(claimed.Contains).ToHashSet();
            var ourFired = ours.Findings.Select(f => f.Rule).Where(claimed.Contains).ToHashSet();
            var ourSchema = ours.Findings.Any(f => f.Rule == SettleRules.Schema);
            var problems = new List<string>();
            if (ours.Valid != official.Valid)
                problems.Add($"verdict: official {(official.Valid ? "valid" : "invalid")}, ours {(ours.Valid ? "valid" : "invalid")}");
            // An artefact that stopped with an error gave no ids: only the verdict compares.
            if (official.StoppedArtefacts.Count == 0)
            {
                if (officialFired.Except(ourFired).Order(StringComparer.Ordinal).ToList() is { Count: > 0 } missed)
                    problems.Add($"fired officially but not by us: {string.Join(", ", missed)}");
                if (ourFired.Except(officialFired).Order(StringComparer.Ordinal).ToList() is { Count: > 0 } extra)
                    problems.Add($"fired by us but not officially: {string.Join(", ", extra)}");
            }
            if (official.Type is not null && ourSchema != official.SchemaErrors.Count > 0) // xmllint ran (a UBL document of a known type)
                problems.Add($"schema: xmllint {(official.SchemaErrors.Count > 0 ? "rejects" : "accepts")}, ours {(ourSchema ? "rejects" : "accepts")}");
            if (problems.Count == 0) continue;
            result.Add($"{documents[i].Name}: {string.Join("; ", problems)}\n    official: {Indent(official.ToString())}\n    ours: " +
                       $"{(ours.Valid ? "valid" : "INVALID")} ({ours.DocumentType?.ToString() ?? "unknown type"})" +
                       string.Concat(ours.Findings.Select(f => $"\n      {f}")));
        }
        return result;
    }

    /// <summary>The disagreements as one failure message (the first ones in full, then a count per kind of difference).</summary>
    public static string Describe(IReadOnlyList<string> disagreements, int documents)
    {
        if (disagreements.Count == 0) return "";
        var head = $"Our validator disagrees with the official artefacts on {disagreements.Count} of {documents} documents:\n";
        var listed = string.Join("\n", disagreements.Take(Listed / 3).Select(d => "  " + d));
        var more = disagreements.Count > Listed / 3 ? $"\n  … and {disagreements.Count - Listed / 3} more" : "";
        var kinds = disagreements.Select(d => d[(d.IndexOf(": ", StringComparison.Ordinal) + 2)..].Split('\n')[0])
            .GroupBy(k => k).OrderByDescending(g => g.Count()).Select(g => $"  {g.Count()} × {g.Key}");
        return head + listed + more + "\nPer difference:\n" + string.Join("\n", kinds);
    }

    private static string Indent(string text) => text.Replace("\n", "\n      ");
}
