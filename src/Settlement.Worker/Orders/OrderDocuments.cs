using NodaTime;
using Settlement.Engine.Primitives;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Orders;
using Settlement.Peppol.Parties;
using Settlement.Peppol.Sbdh;
using Settlement.Peppol.Ubl;
using Settlement.Peppol.Validation;

namespace Settlement.Worker.Orders;

/// <summary>Everything an order document is made from.</summary>
internal sealed record OrderDocumentRequest(PurchaseOrderNumber Number, LocalDate IssueDate, string Placement, DueOrder Due, Provider Provider, VatRate Vat);

/// <summary>
/// Turns an order into the bytes that go to the outbox. The worker owns this seam so the order
/// run (numbers, transactions, outbox) is independent of how documents are built; the
/// implementation is Settlement.Peppol's.
/// </summary>
internal interface IOrderDocuments
{
    byte[] Render(OrderDocumentRequest request);
}

/// <summary>PEPPOL BIS Order only 3 from Settlement.Peppol's builders, wrapped in its SBDH, buyer to provider.</summary>
internal sealed class PeppolOrderDocuments(BuyerConfiguration buyer, IClock clock) : IOrderDocuments
{
    public BuyerConfiguration Buyer => buyer;

    public byte[] Render(OrderDocumentRequest r)
    {
        var due = r.Due;
        Peppol.Ubl.Order order = due.Kind == "base"
            ? OrderBuilder.BuildBasePayOrder(buyer, new BasePayOrderRequest(r.Number, r.IssueDate, r.Placement, due.Period!.Value,
                due.Lines[0].From, due.Lines[^1].To, due.Lines[0].Price,
                due.Lines.Select(l => new BasePayMonth(Month(l.Month!), l.From, l.To, (int)l.Quantity, l.Amount)).ToList(), r.Provider, r.Vat))
            : OrderBuilder.BuildResultOrder(buyer, new ResultOrderRequest(r.Number, r.IssueDate, r.Placement,
                due.Kind switch { "speed" => ResultPayment.SpeedBonus, "result" => ResultPayment.Result, _ => ResultPayment.Supplement },
                due.Stage, due.Total, due.EarnedOn, r.Provider, r.Vat));
        var envelope = SbdhEnvelope.For(DocumentType.Order, buyer.Party.ParticipantId, r.Provider.Party.ParticipantId,
            StableIds.Uuid(r.Number.ToString()), clock.GetCurrentInstant());
        return SbdhCodec.Wrap(UblWriter.Write(order), envelope);
    }

    private static YearMonth Month(string text) => Dates.TryParseMonth(text, out var m) ? m : throw new InvalidOperationException($"not a month: {text}");
}
