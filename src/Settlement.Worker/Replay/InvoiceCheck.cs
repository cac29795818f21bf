using Settlement.Worker.Matching;
using static Settlement.Worker.Replay.Replayer;

namespace Settlement.Worker.Replay;

/// <summary>
/// The invoices, in the order they were decided. The figures stored must be those its archived
/// document states (and the document its recorded bytes). The verdict is redone by the intake's
/// own rule (<see cref="InvoiceMatching.Judge"/>) on those facts against the recomputed line: the
/// recomputed price (<see cref="OrderCheck"/>), the recomputed delivery (<see cref="DeliveryCheck"/>)
/// if it was registered before the invoice was judged, and an earlier invoice that still held the
/// line then. A paid invoice's payment is checked too (<see cref="PaymentCheck"/>).
/// </summary>
internal static class InvoiceCheck
{
    public static void Check(PlacementReplay replay)
    {
        var book = replay.Book;
        var lines = book.Orders.SelectMany(o => o.Lines.Select(l => (Order: o, Line: l))).ToDictionary(x => (x.Order.Number, x.Line.LineNo));
        foreach (var inv in book.Invoices)
        {
            replay.Count();
            var key = (inv.OrderNumber, inv.LineNo);
            var doc = $"invoice {inv.InvoiceNumber} on {inv.OrderNumber} line {inv.LineNo}";
            if (!inv.ContentIntact)
                replay.Diff($"{doc} archived document", "bytes changed", "the bytes with the recorded SHA-256", "the archive keeps every inbound document byte for byte");
            if (inv.Facts is not { Lines.Count: 1 } facts)
            {
                replay.Diff($"{doc} archived document", "not an invoice with one line", "the registered invoice", "a registered invoice is read from its archived document");
                continue;
            }
            var read = facts.Lines[0];
            void Same(string figure, decimal stored, decimal? stated)
            {
                if (stored != (stated ?? 0m)) replay.Diff($"{doc} {figure}", Money2(stored), Money2(stated ?? 0m), "as the archived document states it");
            }
            Same("quantity", inv.Quantity, read.Quantity);
            Same("price", inv.Price, read.Price);
            Same("amount", inv.Amount, read.LineAmount);
            Same("VAT", inv.Vat, facts.TaxTotal);
            Same("payable", inv.Payable, facts.PayableAmount);
            if (inv.PaidOn is { } paidOn) PaymentCheck.Check(replay, doc, inv, paidOn);
            if (!lines.TryGetValue(key, out var ordered)) continue; // the order's own check names a missing line

            // Whether the delivery was there when the invoice was judged: as the intake recorded it
            // (a delivery it saw must exist), or, for invoices judged before it was recorded, by the timestamps.
            var delivery = book.Deliveries.GetValueOrDefault(key);
            if (inv.DeliverySeen == true && delivery is null)
                replay.Diff($"{doc} delivery", "(none)", "the delivery the invoice was judged against", "deliveries are never removed");
            var judgedAfterDelivery = delivery is not null && (inv.DeliverySeen ?? delivery.CreatedAt < inv.ProcessedAt);
            replay.RecomputedDeliveries.TryGetValue(key, out var rd);
            var open = book.Invoices.FirstOrDefault(e => e.DocumentId < inv.DocumentId && e.OrderNumber == inv.OrderNumber && e.LineNo == inv.LineNo
                                                         && (e.CreditDocumentId is not { } cd || cd > inv.DocumentId));
            var price = replay.RecomputedPrices.TryGetValue(key, out var p) ? p : ordered.Line.Price;
            var state = new OrderLineState(inv.OrderNumber, inv.LineNo, ordered.Order.ProviderOrg, ordered.Line.Article, ordered.Line.Quantity,
                ordered.Line.UnitCode, price, ordered.Line.Amount, ordered.Order.VatCategory, ordered.Order.VatPercent,
                judgedAfterDelivery && rd.Status is not null ? new DeliveryState(rd.Status == "delivered", rd.Quantity, rd.Amount, "") : null,
                open?.InvoiceNumber);
            var verdict = InvoiceMatching.Judge(facts, state);
            var expected = verdict.Outcome == Outcome.Approved ? "approved" : "disputed";
            if (expected == inv.Status) continue;
            var explained = new List<string> { $"invoiced {Money2(read.Quantity ?? 0m)} × {Money2(read.Price ?? 0m)} = {Money2(read.LineAmount ?? 0m)}" };
            explained.Add(rd.Status is null ? "no recomputed delivery for the line" : $"recomputed delivery: {rd.Status.Replace('_', ' ')} {Money2(rd.Quantity)}, {Money2(rd.Amount)}");
            if (delivery is not null && !judgedAfterDelivery) explained.Add("the delivery was registered after the invoice was judged");
            explained.Add($"recomputed ordered price {Money2(price)}");
            if (open is not null) explained.Add($"invoice {open.InvoiceNumber} still held the line");
            replay.Diff($"{doc} verdict", inv.Status, expected == "approved" ? "approved" : $"disputed ({string.Join(", ", verdict.Reasons.Select(r => r.Code))})",
                string.Join("; ", explained) + (rd.Derivation is { } der ? "\n" + der() : ""));
        }
    }
}
