using Settlement.Engine.Primitives;
using Settlement.Peppol.Parties;
using Settlement.Peppol.Reading;

namespace Settlement.Worker.Matching;

/// <summary>
/// The matching rules of documents.md as small pure functions: one order line, one invoice. A
/// document that cannot be tied to exactly one line of one of the seller's orders is rejected (not
/// registered); one that can but is wrong is disputed (registered, to be fully credited and
/// re-issued) with the expected figures; one that is right is approved.
/// </summary>
internal static class InvoiceMatching
{
    /// <summary>Closing sentence of every dispute: the only way to correct an invoice.</summary>
    public const string CreditAndReissue = "Skicka en kreditnota på hela beloppet och en ny faktura.";

    /// <summary>
    /// The checks of documents.md that decide whether the invoice can be registered at all, in order.
    /// Returns the rejection, or null when the invoice names one line of one of the seller's orders.
    /// </summary>
    public static MatchDecision? Register(InvoiceFacts invoice, string buyerEndpoint, bool sellerKnown, bool lineExists, bool orderExists, string? orderProvider)
    {
        var seller = invoice.SellerOrganisationNumber;
        if (!sellerKnown)
            return MatchDecision.Reject("UNR", $"Säljaren {seller ?? "(saknas)"} är inte en känd leverantör med avtal.");
        if (invoice.BuyerEndpoint != buyerEndpoint)
            return MatchDecision.Reject("REC", $"Fakturan är ställd till {invoice.BuyerEndpoint ?? "(saknas)"}, inte till köparen {buyerEndpoint}.");
        // Orders are in SEK: an invoice in another currency is not registered (it would hold the
        // line, and only a credit note in its own currency could release it).
        if (invoice.Currency != Currency)
            return MatchDecision.Reject("PRI", $"Fakturan ska vara i {Currency}; den är i {invoice.Currency ?? "(saknas)"}.");
        if (invoice.Lines.Count != 1)
            return MatchDecision.Reject("ITM", $"Fakturan har {invoice.Lines.Count} rader; en faktura ska avse exakt en orderrad.");
        if (invoice.OrderNumber is null)
            return MatchDecision.Reject("REF", "Fakturan saknar ordernummer (OrderReference).");
        if (!orderExists)
            return MatchDecision.Reject("REF", $"Ordern {invoice.OrderNumber} finns inte.");
        if (orderProvider != seller)
            return MatchDecision.Reject("REF", $"Ordern {invoice.OrderNumber} är inte ställd till {seller}.");
        if (!lineExists)
            return MatchDecision.Reject("REF", $"Orderraden {invoice.Lines[0].OrderLineId ?? "(saknas)"} finns inte i order {invoice.OrderNumber}.");
        return null;
    }

    /// <summary>
    /// For a registered invoice: approved when quantity = delivered quantity, price = ordered
    /// price, the amounts and VAT right and the line not yet invoiced; otherwise disputed with every
    /// reason found. "Amounts right" is checked to the öre, because the payment run pays the
    /// invoice's own payable amount: the line amount is the delivered amount (round2(quantity ×
    /// price), so no line charges or allowances), its net total is that line
    /// (no charges or allowances on the document), its VAT is round2(net × rate) and its payable
    /// amount is net + VAT (no rounding, no prepayment).
    /// </summary>
    public static MatchDecision Judge(InvoiceFacts invoice, OrderLineState line)
    {
        var invoiced = invoice.Lines[0];
        var reasons = new List<Reason>();
        var quantity = invoiced.Quantity ?? 0m;
        if (line.OpenInvoiceNumber is { } earlier)
            reasons.Add(new Reason("REF", $"Orderraden {line.LineNo} i order {line.OrderNumber} är redan fakturerad med faktura {earlier}, som inte är krediterad."));
        var lineRight = false;
        if (line.Delivery is not { Delivered: true } delivery)
            reasons.Add(new Reason("DEL", $"Ingenting är levererat på orderraden ännu{(line.Delivery is { Delivered: false } ? " (månaden är stängd som ej levererad)" : "")}; fakturerat {Sv(quantity)} {InvoicedUnit(invoiced, line)}."));
        else
        {
            var quantityRight = quantity == delivery.Quantity && invoiced.UnitCode == line.UnitCode;
            if (!quantityRight)
                reasons.Add(new Reason("QTY", $"Levererat {Sv(delivery.Quantity)} {Unit(line)}{(delivery.Description.Length > 0 ? $" ({delivery.Description})" : "")}; fakturerat {Sv(quantity)} {InvoicedUnit(invoiced, line)}."));
            var priceRight = UnitPrice(invoiced) == line.Price;
            if (!priceRight)
                reasons.Add(new Reason("PRI", $"Beställt pris {Sv(line.Price)} kr per {UnitSingular(line)}; fakturerat {InvoicedPrice(invoiced, line)}."));
            var amountRight = invoiced.LineAmount == delivery.Amount;
            if (quantityRight && priceRight && !amountRight)
                reasons.Add(new Reason("PRI", $"Radbeloppet ska vara {Sv(delivery.Amount)} kr ({Sv(delivery.Quantity)} × {Sv(line.Price)}, utan avgifter eller rabatter); fakturerat {Sv(invoiced.LineAmount ?? 0m)} kr."));
            lineRight = quantityRight && priceRight && amountRight;
        }
        var vatRight = invoiced.VatCategory == line.VatCategory && invoiced.VatPercent == line.VatPercent;
        if (!vatRight)
            reasons.Add(new Reason("LEG", $"Momsen ska vara kategori {line.VatCategory} {Sv(line.VatPercent)} %; fakturerat {invoiced.VatCategory ?? "(saknas)"} {Sv(invoiced.VatPercent ?? 0m)} %."));
        if (lineRight && vatRight)
            reasons.AddRange(Totals(invoice, line.Delivery!.Amount, new VatRate(line.VatCategory, line.VatPercent)));
        return reasons.Count == 0 ? MatchDecision.Approve() : new MatchDecision(Outcome.Disputed, reasons);
    }

    /// <summary>Orders are in SEK; so are the invoices that answer them.</summary>
    public const string Currency = "SEK";

    /// <summary>The document's totals against the one right line: net = the line, VAT = round2(net × rate), payable = net + VAT.</summary>
    private static IEnumerable<Reason> Totals(InvoiceFacts invoice, decimal net, VatRate rate)
    {
        var vat = rate.TaxOn(net); // as the order and our own invoice builder compute it
        if (invoice.TaxExclusiveTotal != net)
            yield return new Reason("PRI", $"Fakturans belopp exklusive moms ska vara radens {Sv(net)} kr, utan avgifter eller rabatter på fakturanivå; fakturerat {Sv(invoice.TaxExclusiveTotal ?? 0m)} kr.");
        else if (invoice.TaxTotal != vat)
            yield return new Reason("LEG", $"Momsbeloppet ska vara {Sv(vat)} kr ({Sv(rate.Percent)} % av {Sv(net)} kr); fakturerat {Sv(invoice.TaxTotal ?? 0m)} kr.");
        else if (invoice.PayableAmount != net + vat)
            yield return new Reason("PRI", $"Att betala ska vara {Sv(net + vat)} kr; fakturerat {Sv(invoice.PayableAmount ?? 0m)} kr.");
    }

    /// <summary>The invoiced price of one unit: the price amount is for the base quantity (BT-149), one unless stated.</summary>
    private static decimal? UnitPrice(LineFacts l) => l.BaseQuantity switch
    {
        null => l.Price,
        > 0m when l.Price is { } p => p / l.BaseQuantity.Value,
        _ => null,
    };

    private static string InvoicedPrice(LineFacts l, OrderLineState line) => l.BaseQuantity is null or 1m
        ? $"{Sv(l.Price ?? 0m)} kr"
        : $"{Sv(l.Price ?? 0m)} kr per {Sv(l.BaseQuantity.Value)} {InvoicedUnit(l, line)}";

    private static string InvoicedUnit(LineFacts l, OrderLineState line) => l.UnitCode == line.UnitCode ? Unit(line) : l.UnitCode ?? "(ingen enhet)";

    /// <summary>The clarification text of a dispute: every reason, then what the provider must do.</summary>
    public static string DisputeText(IEnumerable<Reason> reasons) =>
        string.Join(" ", reasons.Select(r => r.Text)) + " " + CreditAndReissue;

    private static string Unit(OrderLineState line) => line.UnitCode == "DAY" ? "dagar" : "st";
    private static string UnitSingular(OrderLineState line) => line.UnitCode == "DAY" ? "dag" : "st";

    /// <summary>Swedish two-decimal figure: 16,50.</summary>
    public static string Sv(decimal value) => SwedishNumbers.Decimal2(value);
}
