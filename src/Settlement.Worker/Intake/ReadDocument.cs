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

    /// <summary>
    /// An archived document read and validated as the intake decides on it: one archived only as its
    /// head (<paramref name="size"/> over what is stored: refused by size) gets the size finding,
    /// any other is parsed with the schema and the release's rules. The intake and replay's verdict redo both read this way.
    /// </summary>
    public static ReadDocument Read(byte[] content, long size, InboundOptions? options = null) =>
        Of(DocumentValidator.Validate(size > content.LongLength ? InboundReader.TooLarge(size, options) : InboundReader.Read(content, options)));
}
