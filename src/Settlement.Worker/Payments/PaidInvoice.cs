using NodaTime;

namespace Settlement.Worker.Payments;

/// <summary>One invoice the payment run paid.</summary>
internal sealed record PaidInvoice(long InvoiceId, string Seller, string InvoiceNumber, LocalDate DueDate, decimal Payable);
