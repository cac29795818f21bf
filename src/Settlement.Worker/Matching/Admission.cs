using Settlement.Peppol.Reading;
using Settlement.Peppol.Validation;

namespace Settlement.Worker.Matching;

/// <summary>
/// The checks a document passes before any record is looked at, in order: it validates with no
/// fatal finding and is an invoice or credit note; its envelope (when it has one) is addressed to
/// the buyer and sent by the document's own seller; every figure fits the columns that record it
/// (<see cref="StoredRanges"/>). The intake decides with it and replay redoes every verdict with it,
/// so the two cannot drift apart.
/// </summary>
internal static class Admission
{
    /// <summary>The rejection, or null when the document may go on to matching.</summary>
    public static MatchDecision? Refusal(ValidationReport report, InvoiceFacts? facts, string buyerEndpoint)
    {
        var fatal = report.Findings.Where(f => f.IsFatal).ToList();
        if (fatal.Count > 0)
            return new MatchDecision(Outcome.Rejected,
                fatal.Take(10).Select(f => new Reason("OTH", $"[{f.Rule}] {f.Message}{(f.Location is { } l ? $" ({l})" : "")}")).ToList());
        if (facts is null)
            return MatchDecision.Reject("OTH", $"Dokumentet är {(report.DocumentType is { } t ? $"en {t}" : "inget UBL-dokument")}, inte en faktura eller kreditnota.");
        if (report.Envelope is { } envelope && envelope.Receiver.ToString() != buyerEndpoint)
            return MatchDecision.Reject("REC", $"Kuvertets mottagare är {envelope.Receiver}, inte köparen {buyerEndpoint}.");
        // A wrong seller (documents.md): one provider's envelope carrying another's invoice is never registered under either.
        if (report.Envelope is { } sent && facts.SellerEndpoint is { } sellerEndpoint && sent.Sender.ToString() != sellerEndpoint)
            return MatchDecision.Reject("UNR", $"Kuvertets avsändare är {sent.Sender}, men dokumentets säljare är {sellerEndpoint}.");
        return StoredRanges.Check(facts);
    }
}
