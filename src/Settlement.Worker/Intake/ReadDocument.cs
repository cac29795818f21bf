using Settlement.Peppol.Reading;
using Settlement.Peppol.Validation;

namespace Settlement.Worker.Intake;

/// <summary>
/// An inbound document as read on the processor before its chunk is decided: the validation's
/// findings and envelope (the parsed tree is dropped once the facts are taken from it, so a chunk
/// never holds hundreds of document trees while it waits for the database), and the invoice facts.
/// </summary>
internal sealed record ReadDocument(ValidationReport Report, InvoiceFacts? Facts)
{
    public static ReadDocument Of(ValidationReport report) =>
        new(report with { Document = null }, report.Document is { } root ? InvoiceFacts.From(root) : null);
}
