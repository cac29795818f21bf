using Settlement.Tests.Shared;
using Xunit.Abstractions;

namespace Settlement.Peppol.Tests;

/// <summary>
/// The official verdict over a corpus the project assembles itself (<see cref="ConformanceCorpus"/>):
/// on every document the official artefacts (UBL 2.1 schema, CEN-EN16931-UBL, PEPPOL-EN16931-UBL of
/// the newest release here) and <c>settle validate</c> give the same verdict and fire the same ids of
/// every rule we claim. That every fatal rule is claimed at all, <see cref="GeneratedRulesTests"/> checks.
/// </summary>
[Trait("Category", "OfficialArtefacts")]
public sealed class ConformanceCorpusTests(ITestOutputHelper output)
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
}
