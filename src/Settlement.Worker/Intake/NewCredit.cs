using NodaTime;

namespace Settlement.Worker.Intake;

/// <summary>A full credit registered in the chunk: the invoice it credits and the credit note.</summary>
internal sealed record NewCredit(ChunkInvoice Invoice, long ArchiveId, string Number, LocalDate Issue);
