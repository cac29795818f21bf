namespace Settlement.Worker.Matching;

/// <summary>
/// What the service knows about the order line an invoice claims: what was ordered, what was
/// delivered (the engine's quantity), and whether a registered invoice already holds the line.
/// </summary>
internal sealed record OrderLineState(
    string OrderNumber,
    int LineNo,
    string ProviderOrg,
    string Article,
    decimal OrderedQuantity,
    string UnitCode,
    decimal Price,
    decimal OrderedAmount,
    string VatCategory,
    decimal VatPercent,
    DeliveryState? Delivery,
    string? OpenInvoiceNumber);

/// <summary>
/// A registered delivery: its quantity and amount (decided by the engine, never by the provider)
/// and a short Swedish description of how the quantity came about, for dispute texts
/// ("2024-05-01–2024-05-19, avbrott 2024-05-20, praktik 5 dagar à 50 %").
/// </summary>
internal sealed record DeliveryState(bool Delivered, decimal Quantity, decimal Amount, string Description);
