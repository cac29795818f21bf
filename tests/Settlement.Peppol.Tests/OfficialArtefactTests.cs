using Settlement.Peppol.Validation;
using Settlement.Tests.Shared;
using Xunit.Abstractions;

namespace Settlement.Peppol.Tests;

/// <summary>
/// The official PEPPOL validation artefacts (release 2026.5, run by Saxon-HE, and the UBL 2.1
/// schema by xmllint) as the oracle for every kind of document the builders write. Our own
/// validator implements the rules in C# and can only be as right as our reading of them; these
/// tests are the check that our documents pass PEPPOL itself, and that our validator gives the
/// same verdict and fires the same rules (for the rules it claims) as the official one.
/// </summary>
[Trait("Category", "OfficialArtefacts")]
public sealed class OfficialArtefactTests(OfficialArtefactBatch batch, ITestOutputHelper output) : IClassFixture<OfficialArtefactBatch>
{
    public static TheoryData<string> Kinds() => new()
    {
        OfficialArtefactBatch.Orders, OfficialArtefactBatch.Responses, OfficialArtefactBatch.Invoices, OfficialArtefactBatch.CreditNotes,
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_written_document_passes_the_schema_and_the_official_artefacts(string kind)
    {
        var (documents, verdicts) = batch.ByKind[kind];
        Assert.NotEmpty(documents);
        output.WriteLine($"{kind}: {documents.Count} documents, {verdicts.Count(v => v.Valid)} pass officially");
        foreach (var warning in verdicts.SelectMany(v => v.Asserts.Where(a => !a.IsFatal)).GroupBy(a => a.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
            output.WriteLine($"  official warning {warning.Key}: {warning.Count()} times, e.g. at {warning.First().ShortLocation}: {warning.First().Text}");
        var failures = OfficialReport.Failures(verdicts);
        Assert.True(failures.Length == 0, $"{kind}: {failures}");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Our_validator_agrees_with_the_official_artefacts(string kind)
    {
        var (documents, verdicts) = batch.ByKind[kind];
        var disagreements = OfficialReport.Disagreements(documents, verdicts);
        Assert.True(disagreements.Count == 0, $"{kind}: {OfficialReport.Describe(disagreements, documents.Count)}");
    }

    private const string B07204 = "PEPPOL-T01-B07204";

    /// <summary>The fixture is an order as OrderBuilder wrote them before the fix: the seller party with a PartyTaxScheme.</summary>
    [Fact]
    public void The_official_T01_artefact_reports_B07204_on_a_seller_party_with_PartyTaxScheme()
    {
        var verdict = Assert.Single(batch.ByKind[OfficialArtefactBatch.Fixture].Verdicts);
        Assert.Equal(DocumentType.Order, verdict.Type);
        Assert.Empty(verdict.SchemaErrors);
        Assert.Contains(verdict.Fatal, a => a.Id == B07204 && a.ShortLocation.EndsWith("/SellerSupplierParty[1]/Party[1]/PartyTaxScheme[1]", StringComparison.Ordinal));
    }

    /// <summary>Our validator must catch what PEPPOL rejects: an element outside the BIS Order 3 data model.</summary>
    [Fact]
    public void Our_validator_reports_B07204_on_a_seller_party_with_PartyTaxScheme()
    {
        var document = Assert.Single(batch.ByKind[OfficialArtefactBatch.Fixture].Documents);
        var report = DocumentValidator.Validate(document.Bytes);
        Assert.True(report.Findings.Any(f => f.Rule == B07204 && f.IsFatal),
            $"{document.Name}: our validator does not report {B07204}; its findings: {(report.Findings.Count == 0 ? "none" : string.Join("; ", report.Findings))}");
        Assert.False(report.Valid);
    }
}
