using System.Text.RegularExpressions;
using Settlement.Peppol.Validation;
using Settlement.Tests.Shared;
using Xunit.Abstractions;

namespace Settlement.Peppol.Tests;

/// <summary>
/// The official verdict over a corpus the project assembles itself (<see cref="ConformanceCorpus"/>):
/// on every document the official artefacts (UBL 2.1 schema, CEN-EN16931-UBL, PEPPOL-EN16931-UBL of
/// the newest release here) and <c>settle validate</c> give the same verdict and fire the same ids of
/// every rule we claim. And every fatal rule of those artefacts is claimed.
/// </summary>
[Trait("Category", "OfficialArtefacts")]
public sealed partial class ConformanceCorpusTests(ITestOutputHelper output)
{
    [Fact]
    public void On_every_document_of_the_corpus_the_verdict_and_the_rule_ids_are_the_official_ones()
    {
        var documents = ConformanceCorpus.Documents();
        var verdicts = OfficialArtefacts.Check(documents, allowStops: true);
        var valid = verdicts.Count(v => v.Valid);
        var firedOfficially = verdicts.SelectMany(v => v.Asserts.Select(a => a.Id)).ToHashSet();
        var stopped = verdicts.Count(v => v.StoppedArtefacts.Count > 0);
        output.WriteLine($"{documents.Count} documents: {valid} valid, {documents.Count - valid} invalid officially ({stopped} on which an artefact stopped with an error); {firedOfficially.Count} distinct official ids fired");
        // A corpus of only valid or only invalid documents would compare little.
        Assert.True(documents.Count >= 800 && valid >= 100 && documents.Count - valid >= 300, $"{documents.Count} documents, {valid} valid");
        var disagreements = OfficialReport.Disagreements(documents, verdicts);
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {documents.Count} documents judged differently:\n" + string.Join("\n", disagreements.Take(40)));
    }

    [Theory]
    [InlineData("CEN-EN16931-UBL.xslt")]
    [InlineData("PEPPOL-EN16931-UBL.xslt")]
    public void Every_fatal_rule_of_the_release_is_claimed(string artefact)
    {
        var fatal = FatalIds(Conformance.PathTo(OfficialArtefacts.ArtefactFolder, artefact));
        var unclaimed = fatal.Where(id => !RuleCatalog.Ids.Contains(id)).Order(StringComparer.Ordinal).ToList();
        output.WriteLine($"{artefact}: {fatal.Count} fatal rules, {fatal.Count - unclaimed.Count} claimed");
        Assert.True(unclaimed.Count == 0, $"{artefact}: {unclaimed.Count} of {fatal.Count} fatal rules not claimed: {string.Join(", ", unclaimed)}");
    }

    [GeneratedRegex("""<svrl:failed-assert\b.*?</svrl:failed-assert>""", RegexOptions.Singleline)]
    private static partial Regex FailedAssert();

    [GeneratedRegex("""name="(id|flag)">\s*([^<\s]+)\s*<""")]
    private static partial Regex IdOrFlag();

    /// <summary>The ids the compiled artefact can report with flag fatal.</summary>
    private static HashSet<string> FatalIds(string path) =>
        FailedAssert().Matches(File.ReadAllText(path))
            .Select(m => IdOrFlag().Matches(m.Value).ToDictionary(a => a.Groups[1].Value, a => a.Groups[2].Value))
            .Where(a => a.GetValueOrDefault("flag") == "fatal" && a.ContainsKey("id"))
            .Select(a => a["id"]).ToHashSet(StringComparer.Ordinal);
}
