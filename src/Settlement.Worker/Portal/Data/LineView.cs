using NodaTime;

namespace Settlement.Worker.Portal.Data;

/// <summary>An order line with its delivery, if one is registered.</summary>
internal sealed class LineView
{
    public string OrderNumber { get; init; } = "";
    public int LineNo { get; init; }
    public string Article { get; init; } = "";
    public string? Month { get; init; }
    public decimal Quantity { get; init; }
    public string UnitCode { get; init; } = "";
    public decimal Price { get; init; }
    public decimal Amount { get; init; }
    public LocalDate? PeriodFrom { get; init; }
    public LocalDate? PeriodTo { get; init; }
    public string? DeliveryStatus { get; init; }
    public decimal? DeliveredQuantity { get; init; }
    public decimal? DeliveredAmount { get; init; }
    public LocalDate? DeliveredOn { get; init; }
    public string? DeliveryDerivation { get; init; }
    /// <summary>The line's latest registered invoice, if any.</summary>
    public long? InvoiceId { get; init; }
    public string? InvoiceNumber { get; init; }
    public string? InvoiceStatus { get; init; }
    public bool? InvoiceCredited { get; init; }
    public bool? InvoicePaid { get; init; }
    public long? InvoiceDocumentId { get; init; }

    /// <summary>An invoice that holds the line: registered and not credited.</summary>
    public bool HasOpenInvoice => InvoiceId is not null && InvoiceCredited != true;

    /// <summary>Delivered and not held by an invoice: the provider may invoice it ("Skapa faktura").</summary>
    public bool CanInvoice => DeliveryStatus == "delivered" && !HasOpenInvoice;

    /// <summary>The line's status: the latest invoice's state when one is open, else the delivery's.</summary>
    public (string Code, string Text) Status =>
        HasOpenInvoice
            ? InvoicePaid == true ? ("paid", "Betald") : InvoiceStatus == "approved" ? ("approved", "Godkänd") : ("disputed", "Bestriden")
            : InvoiceId is not null && DeliveryStatus == "delivered" ? ("credited", "Krediterad, kan faktureras igen")
            : DeliveryStatus switch
            {
                "delivered" => ("delivered", "Levererad"),
                "not_delivered" => ("not_delivered", "Ej levererad"),
                _ => ("ordered", "Beställd"),
            };
}
