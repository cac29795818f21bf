using Settlement.Peppol.Reading;

namespace Settlement.Worker.Matching;

/// <summary>A registered invoice as a credit note sees it.</summary>
internal sealed record CreditedInvoice(string Number, string SellerOrg, decimal LineExtensionTotal, decimal TaxTotal, decimal Payable, bool AlreadyCredited, bool Paid = false);

/// <summary>
/// Only a full credit is accepted: a type 381 credit note in SEK whose referenced invoice is a
/// registered, not yet credited invoice of the same seller, with the same totals. Anything else is rejected with the reason.
/// </summary>
internal static class CreditMatching
{
    /// <summary>documents.md: credit notes are `CreditNote`, type 381 (UNCL1001 "credit note"); other credit types (debit-note corrections, factored credits…) are not part of the profile.</summary>
    public const string CreditNoteTypeCode = "381";

    public static MatchDecision Decide(InvoiceFacts credit, bool sellerKnown, string buyerEndpoint, CreditedInvoice? invoice)
    {
        var seller = credit.SellerOrganisationNumber;
        if (!sellerKnown)
            return MatchDecision.Reject("UNR", $"Säljaren {seller ?? "(saknas)"} är inte en känd leverantör med avtal.");
        if (credit.BuyerEndpoint != buyerEndpoint)
            return MatchDecision.Reject("REC", $"Kreditnotan är ställd till {credit.BuyerEndpoint ?? "(saknas)"}, inte till köparen {buyerEndpoint}.");
        if (credit.TypeCode != CreditNoteTypeCode)
            return MatchDecision.Reject("OTH", $"Kreditnotan har typkod {credit.TypeCode ?? "(saknas)"}; endast kreditnotor av typ {CreditNoteTypeCode} godtas.");
        if (credit.Currency != InvoiceMatching.Currency)
            return MatchDecision.Reject("PRI", $"Kreditnotan ska vara i {InvoiceMatching.Currency}; den är i {credit.Currency ?? "(saknas)"}.");
        if (credit.CreditedInvoiceId is not { } referenced)
            return MatchDecision.Reject("REF", "Kreditnotan anger inte vilken faktura den krediterar (BillingReference/InvoiceDocumentReference).");
        if (invoice is null || invoice.SellerOrg != seller)
            return MatchDecision.Reject("REF", $"Faktura {referenced} är inte en registrerad faktura från {seller}.");
        if (invoice.AlreadyCredited)
            return MatchDecision.Reject("REF", $"Faktura {referenced} är redan krediterad.");
        // Crediting a paid invoice would open its line again for a new invoice to be approved and
        // paid: the line paid twice, with nothing asking the first payment back.
        if (invoice.Paid)
            return MatchDecision.Reject("REF", $"Faktura {referenced} är redan betald och kan inte krediteras med en kreditnota här; kontakta ekonomifunktionen.");
        if (credit.LineExtensionTotal != invoice.LineExtensionTotal || credit.TaxTotal != invoice.TaxTotal || credit.PayableAmount != invoice.Payable)
            return MatchDecision.Reject("PRI",
                $"Endast full kreditering godtas: faktura {referenced} är {InvoiceMatching.Sv(invoice.Payable)} kr att betala " +
                $"({InvoiceMatching.Sv(invoice.LineExtensionTotal)} kr + moms {InvoiceMatching.Sv(invoice.TaxTotal)} kr); " +
                $"kreditnotan är {InvoiceMatching.Sv(credit.PayableAmount ?? 0m)} kr.");
        return new MatchDecision(Outcome.Credited, []);
    }
}
