using NodaTime;
using Settlement.Peppol.Reading;

namespace Settlement.Worker.Replay;

/// <summary>
/// A registered invoice as stored, and the facts its archived document states (read again by
/// replay, so a stored figure edited afterwards shows; <see cref="ContentIntact"/>: the archived
/// bytes still have their recorded SHA-256).
/// </summary>
internal sealed record StoredInvoice(long Id, long DocumentId, string InvoiceNumber, string OrderNumber, int LineNo, decimal Quantity,
    decimal Price, decimal Amount, decimal Vat, decimal Payable, string Status, Instant ProcessedAt, long? CreditDocumentId,
    InvoiceFacts? Facts, bool ContentIntact, LocalDate DueDate, LocalDate? PaidOn, decimal? PaidAmount, bool? DeliverySeen);
