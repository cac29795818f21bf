using Settlement.Peppol.Reading;
using Settlement.Peppol.Validation;

namespace Settlement.Worker.Matching;

/// <summary>
/// The verdict on one inbound document, in the order documents.md decides it: a copy of a document
/// already decided is a duplicate; then the checks before any record (<see cref="Admission"/>); then
/// a known seller's document from an id the seller has not registered; a number the seller has used before; then a credit note is decided by <see cref="CreditMatching"/>
/// and an invoice registered by <see cref="InvoiceMatching.Register"/>. Pure: the records are asked
/// through <see cref="IVerdictRecords"/>, so the intake and replay's verdict redo run this one
/// function, and its tests need no database.
/// </summary>
internal static class DocumentDecider
{
    public static Verdict Decide(string sha256, ValidationReport report, InvoiceFacts? facts, string buyerEndpoint, IVerdictRecords records)
    {
        // Any decided document with the same bytes, earlier or later in the archive: a document
        // recovered after a crash may have been resent and decided meanwhile, and must not be
        // decided again (it would get RE for a number already used, after its resend got AP).
        if (records.FirstWithBytes(sha256) is { } first)
            return new Verdict.Duplicate(first, new Reason("NON", $"Samma dokument mottogs redan (arkiv-id {first}); det registreras inte igen och får samma svar."));
        if (Admission.Refusal(report, facts, buyerEndpoint) is { } refusal)
            return new Verdict.Refused(refusal);

        var seller = facts!.SellerOrganisationNumber;
        var sellerKnown = seller is not null && records.IsProvider(seller);
        // The seller is who its legal identity says; the document may come from any id that seller
        // registered (Admission has checked that the envelope's sender is the document's endpoint).
        if (sellerKnown && !(facts.SellerEndpoint is { } endpoint && records.IsProviderId(seller!, endpoint)))
            return new Verdict.Refused(MatchDecision.Reject("UNR",
                $"Säljarens PEPPOL-id {facts.SellerEndpoint ?? "(saknas)"} är inte registrerat för leverantör {seller}; skicka från ett av leverantörens registrerade id."));
        if (sellerKnown && facts.Id is { } number && records.NumberUsedAt(seller!, number) is { } earlier)
            return new Verdict.Refused(MatchDecision.Reject("REF", $"Nummer {number} är redan använt av {seller} för ett annat dokument (mottaget {earlier})."));

        if (facts.Type == DocumentType.CreditNote)
        {
            var invoice = facts.CreditedInvoiceId is { } referenced && seller is not null ? records.Invoice(seller, referenced) : null;
            return new Verdict.Credit(CreditMatching.Decide(facts, sellerKnown, buyerEndpoint, invoice), invoice);
        }

        var orderProvider = facts.OrderNumber is { } o ? records.OrderProvider(o) : null;
        int? lineNo = facts.Lines.Count == 1 && int.TryParse(facts.Lines[0].OrderLineId, out var n) ? n : null;
        var lineExists = orderProvider is not null && lineNo is { } ln && records.LineExists(facts.OrderNumber!, ln);
        return InvoiceMatching.Register(facts, buyerEndpoint, sellerKnown, lineExists, orderProvider is not null, orderProvider) is { } rejection
            ? new Verdict.Refused(rejection)
            : new Verdict.Registered(facts.OrderNumber!, lineNo!.Value);
    }
}
