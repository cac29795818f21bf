using Settlement.Peppol.Reading;
using Settlement.Peppol.Validation;

namespace Settlement.Worker.Outbox;

/// <summary>
/// Nothing is sent that fails validation: every document the service sends (orders, Invoice
/// Responses, the portal's invoices) is read back from its bytes and validated with the project's
/// own rules (the official rules and the release's data-model rules) before it is committed to the
/// outbox. A document that fails stops the work that made it, before anything is written.
/// The UBL 2.1 schema pass is left out here: the builders write the schema's structure from typed
/// classes, which the tests prove for every kind of document and every document of a demo run (xmllint
/// and the official artefacts), while it would cost a third of the check on every order at national
/// scale (docs/decisions.md). Inbound documents always get the schema.
/// </summary>
internal static class OutboundValidation
{
    private static readonly InboundOptions RulesOnly = new() { ValidateSchema = false };

    /// <summary>Throws <see cref="SettleException"/> (exit 1) naming the document and its first fatal finding when the document is not valid.</summary>
    public static void Require(byte[] document, string name)
    {
        var report = DocumentValidator.Validate(InboundReader.Read(document, RulesOnly));
        if (report.Valid) return;
        throw new SettleException(Describe(report, name), ExitCodes.Problem);
    }

    /// <summary>One line: the document, how many fatal findings, and the first with its location.</summary>
    internal static string Describe(ValidationReport report, string name)
    {
        var fatal = report.Findings.Where(f => f.IsFatal).ToList();
        var first = fatal.FirstOrDefault();
        var what = first is null ? "it is not a document the service can send" : $"{first.Rule}: {first.Message}{(first.Location is null ? "" : $" [{first.Location}]")}";
        return $"{name} fails validation and is not sent ({fatal.Count} fatal finding{(fatal.Count == 1 ? "" : "s")}; first {what})";
    }
}
