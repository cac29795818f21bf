using Settlement.Engine.Primitives;
using Settlement.Peppol.Reading;

namespace Settlement.Worker.Matching;

/// <summary>
/// The matching rules of documents.md as small pure functions: one order line, one invoice. A
/// document that cannot be tied to exactly one line of one of the seller's orders is rejected (not
/// registered); one that can but is wrong is disputed (registered, to be fully credited and
/// re-issued) with the expected figures; one that is right is approved.
/// </summary>
public static class InvoiceMatching
{
    /// <summary>Closing sentence of every dispute: the only way to correct an invoice.</summary>
    public const string CreditAndReissue = "Skicka en kreditnota på hela beloppet och en ny faktura.";

    /// <summary>
    /// SETTLE-MATCH-*: the checks that decide whether the invoice can be registered at all, in order.
    /// Returns the rejection, or null when the invoice names one line of one of the seller's orders.
    /// </summary>
    public static MatchDecision? Register(InvoiceFacts invoice, string buyerEndpoint, bool sellerKnown, OrderLineState? line, bool orderExists, string? orderProvider)
    {
        var seller = invoice.SellerOrganisationNumber;
        if (!sellerKnown)
            return MatchDecision.Reject("UNR", $"Säljaren {seller ?? "(saknas)"} är inte en känd leverantör med avtal.");
        if (invoice.BuyerEndpoint != buyerEndpoint)
            return MatchDecision.Reject("REC", $"Fakturan är ställd till {invoice.BuyerEndpoint ?? "(saknas)"}, inte till köparen {buyerEndpoint}.");
        if (invoice.Lines.Count != 1)
            return MatchDecision.Reject("ITM", $"Fakturan har {invoice.Lines.Count} rader; en faktura ska avse exakt en orderrad.");
        if (invoice.OrderNumber is null)
            return MatchDecision.Reject("REF", "Fakturan saknar ordernummer (OrderReference).");
        if (!orderExists)
            return MatchDecision.Reject("REF", $"Ordern {invoice.OrderNumber} finns inte.");
        if (orderProvider != seller)
            return MatchDecision.Reject("REF", $"Ordern {invoice.OrderNumber} är inte ställd till {seller}.");
        if (line is null)
            return MatchDecision.Reject("REF", $"Orderraden {invoice.Lines[0].OrderLineId ?? "(saknas)"} finns inte i order {invoice.OrderNumber}.");
        return null;
    }

    /// <summary>
    /// For a registered invoice: approved when quantity = delivered quantity, price = ordered price,
    /// VAT as ordered and the line not yet invoiced; otherwise disputed with every reason found.
    /// </summary>
    public static MatchDecision Judge(LineFacts invoiced, OrderLineState line)
    {
        var reasons = new List<Reason>();
        var quantity = invoiced.Quantity ?? 0m;
        var price = invoiced.Price ?? 0m;
        if (line.OpenInvoiceNumber is { } earlier)
            reasons.Add(new Reason("REF", $"Orderraden {line.LineNo} i order {line.OrderNumber} är redan fakturerad med faktura {earlier}, som inte är krediterad."));
        if (line.Delivery is not { Delivered: true } delivery)
            reasons.Add(new Reason("DEL", $"Ingenting är levererat på orderraden ännu{(line.Delivery is { Delivered: false } ? " (månaden är stängd som ej levererad)" : "")}; fakturerat {Sv(quantity)} {Unit(line)}."));
        else if (quantity != delivery.Quantity)
            reasons.Add(new Reason("QTY", $"Levererat {Sv(delivery.Quantity)} {Unit(line)} ({delivery.Description}); fakturerat {Sv(quantity)} {Unit(line)}."));
        if (price != line.Price)
            reasons.Add(new Reason("PRI", $"Beställt pris {Sv(line.Price)} kr per {UnitSingular(line)}; fakturerat {Sv(price)} kr."));
        if (invoiced.VatCategory != line.VatCategory || invoiced.VatPercent != line.VatPercent)
            reasons.Add(new Reason("LEG", $"Momsen ska vara kategori {line.VatCategory} {Sv(line.VatPercent)} %; fakturerat {invoiced.VatCategory ?? "(saknas)"} {Sv(invoiced.VatPercent ?? 0m)} %."));
        return reasons.Count == 0 ? MatchDecision.Approve() : new MatchDecision(Outcome.Disputed, reasons);
    }

    /// <summary>The clarification text of a dispute: every reason, then what the provider must do.</summary>
    public static string DisputeText(IEnumerable<Reason> reasons) =>
        string.Join(" ", reasons.Select(r => r.Text)) + " " + CreditAndReissue;

    private static string Unit(OrderLineState line) => line.UnitCode == "DAY" ? "dagar" : "st";
    private static string UnitSingular(OrderLineState line) => line.UnitCode == "DAY" ? "dag" : "st";

    /// <summary>Swedish two-decimal figure: 16,50.</summary>
    public static string Sv(decimal value) => SwedishNumbers.Decimal2(value);
}
