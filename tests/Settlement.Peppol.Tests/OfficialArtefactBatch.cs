using Settlement.Tests.Shared;

namespace Settlement.Peppol.Tests;

/// <summary>
/// Builds every document of <see cref="OfficialArtefactDocuments"/> and the B07204 fixture, and
/// runs the official artefacts over all of them once (a class fixture): a JVM and an artefact
/// compilation cost seconds each, a document a few milliseconds.
/// </summary>
public sealed class OfficialArtefactBatch
{
    /// <summary>The kinds the tests assert on, one by one.</summary>
    public const string Orders = "orders", Responses = "invoice responses", Invoices = "invoices", CreditNotes = "credit notes", Fixture = "fixture";

    internal IReadOnlyDictionary<string, (IReadOnlyList<OfficialDocument> Documents, IReadOnlyList<OfficialVerdict> Verdicts)> ByKind { get; }

    public OfficialArtefactBatch()
    {
        var kinds = new (string Kind, List<OfficialDocument> Documents)[]
        {
            (Orders, OfficialArtefactDocuments.Orders().ToList()),
            (Responses, OfficialArtefactDocuments.Responses().ToList()),
            (Invoices, OfficialArtefactDocuments.Invoices().ToList()),
            (CreditNotes, OfficialArtefactDocuments.CreditNotes().ToList()),
            (Fixture, [new OfficialDocument(OfficialArtefactDocuments.SellerTaxSchemeFixture,
                File.ReadAllBytes(Path.Combine(GoldenFile.RepoRoot, OfficialArtefactDocuments.SellerTaxSchemeFixture)))]),
        };
        var verdicts = OfficialArtefacts.Check(kinds.SelectMany(k => k.Documents).ToList());
        var at = 0;
        var byKind = new Dictionary<string, (IReadOnlyList<OfficialDocument>, IReadOnlyList<OfficialVerdict>)>();
        foreach (var (kind, documents) in kinds)
        {
            byKind[kind] = (documents, verdicts.Skip(at).Take(documents.Count).ToList());
            at += documents.Count;
        }
        ByKind = byKind;
    }
}
