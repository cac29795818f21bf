using NodaTime;

namespace Settlement.Worker.Replay;

/// <summary>
/// An invoices row as read, with its archived document's bytes: <see cref="ReplayData"/> reads the
/// facts again from <see cref="Content"/> and keeps a <see cref="StoredInvoice"/>, never the bytes.
/// </summary>
internal sealed record InvoiceRow(long Id, long DocumentId, string InvoiceNumber, string OrderNumber, int LineNo, decimal Quantity,
    decimal Price, decimal Amount, decimal Vat, decimal Payable, string Status, Instant ProcessedAt, long? CreditDocumentId, string Sha256, byte[] Content,
    LocalDate DueDate, LocalDate? PaidOn, decimal? PaidAmount, bool? DeliverySeen);
