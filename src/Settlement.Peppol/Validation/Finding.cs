namespace Settlement.Peppol.Validation;

/// <summary>How bad a finding is: a fatal one rejects the document, a warning is reported only.</summary>
public enum Severity { Fatal, Warning }

/// <summary>The UBL document types the service reads and writes.</summary>
public enum DocumentType { Invoice, CreditNote, Order, ApplicationResponse }

/// <summary>
/// One validation finding: the official rule id (BR-…, PEPPOL-…, SE-R-…) or the service's own
/// <c>SETTLE-…</c> id, its severity, a message for people, and where in the document (an
/// XPath-like path, or a line and column for parse and schema errors).
/// </summary>
public sealed record Finding(string Rule, Severity Severity, string Message, string? Location)
{
    public bool IsFatal => Severity == Severity.Fatal;

    public override string ToString() =>
        $"{(IsFatal ? "fatal" : "warning")} {Rule}: {Message}{(Location is null ? "" : $" [{Location}]")}";
}

/// <summary>The service's own finding ids (everything that is not an official rule).</summary>
public static class SettleRules
{
    /// <summary>Not well-formed XML, or the bytes are not text.</summary>
    public const string Malformed = "SETTLE-XML-MALFORMED";
    /// <summary>A DOCTYPE (DTD) was found: prohibited, which also rules out entity expansion attacks.</summary>
    public const string Dtd = "SETTLE-XML-DTD";
    /// <summary>The document is larger than the configured limit.</summary>
    public const string Size = "SETTLE-XML-SIZE";
    /// <summary>Elements are nested deeper than the configured limit.</summary>
    public const string Depth = "SETTLE-XML-DEPTH";
    /// <summary>Not a UBL 2.1 Invoice, CreditNote, Order or ApplicationResponse (for example UN/CEFACT CII).</summary>
    public const string Unsupported = "SETTLE-DOC-UNSUPPORTED";
    /// <summary>The SBDH envelope is broken (no payload, two payloads, missing sender/receiver).</summary>
    public const string Sbdh = "SETTLE-SBDH";
    /// <summary>The document does not pass the OASIS UBL 2.1 schema.</summary>
    public const string Schema = "SETTLE-UBL-SCHEMA";
    /// <summary>The UBL 2.1 schemas could not be found, so schema validation did not run.</summary>
    public const string SchemaUnavailable = "SETTLE-UBL-SCHEMA-UNAVAILABLE";

    public static IReadOnlyList<string> All { get; } = [Malformed, Dtd, Size, Depth, Unsupported, Sbdh, Schema, SchemaUnavailable];
}
