using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Settlement.Peppol.Sbdh;
using Settlement.Peppol.Ubl;
using Settlement.Peppol.Validation;

namespace Settlement.Peppol.Reading;

/// <summary>
/// Reads documents that come from outside safely: DTDs prohibited (so no entity expansion and no
/// external entities), no resolver (nothing is ever fetched), a size limit and a nesting limit.
/// The UBL 2.1 schema is validated in the same pass. Every failure becomes a finding with a clear
/// message; no exception escapes.
/// </summary>
public static class InboundReader
{
    public const string CiiNamespace = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";

    public static ReadResult Read(string path, InboundOptions? options = null)
    {
        options ??= InboundOptions.Default;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > options.MaxBytes) return TooLargeFor(info.Length, options);
            return Read(File.ReadAllBytes(path), options);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ReadResult(null, null, null, [new Finding(SettleRules.Malformed, Severity.Fatal, $"The file cannot be read: {ex.Message}", null)], false);
        }
    }

    /// <summary>
    /// One name table per thread, reused across documents: UBL documents use the same few hundred
    /// names, so after the first document atomizing a name is a lookup, not an allocation.
    /// NameTable is not thread-safe, hence one per thread.
    /// </summary>
    [ThreadStatic] private static NameTable? _names;

    public static ReadResult Read(byte[] bytes, InboundOptions? options = null)
    {
        options ??= InboundOptions.Default;
        var findings = new List<Finding>();
        if (bytes.LongLength > options.MaxBytes) return TooLargeFor(bytes.LongLength, options);
        if (bytes.Length == 0)
            return new ReadResult(null, null, null, [new Finding(SettleRules.Malformed, Severity.Fatal, "The document is empty.", null)], false);

        var schemas = options.ValidateSchema ? UblSchemas.Set : null;
        var schemaFindings = new List<Finding>();
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = options.MaxBytes,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = true,
            NameTable = _names ??= new NameTable(),
        };
        XmlReaderSettings? validation = null;
        if (schemas is not null)
        {
            validation = new XmlReaderSettings { Schemas = schemas, ValidationType = ValidationType.Schema, ValidationFlags = XmlSchemaValidationFlags.None };
            validation.ValidationEventHandler += (_, e) => AddSchemaFinding(schemaFindings, e, options);
        }

        XElement root;
        try
        {
            using var inner = XmlReader.Create(new MemoryStream(bytes, writable: false), settings);
            using var reader = new DepthLimitingReader(inner, options.MaxDepth);
            root = Load(reader, validation);
        }
        catch (Exception ex)
        {
            return new ReadResult(null, null, null, [ParseFailure(ex, options)], false);
        }

        SbdhEnvelope? envelope = null;
        var payload = root;
        if (SbdhCodec.IsEnvelope(root))
        {
            (envelope, var inside) = SbdhCodec.Unwrap(root, findings);
            if (inside is null) return new ReadResult(null, null, envelope, findings, false);
            payload = inside;
        }

        var type = TypeOf(payload);
        if (type is null)
        {
            findings.Add(new Finding(SettleRules.Unsupported, Severity.Fatal, UnsupportedMessage(payload), "/" + payload.Name.LocalName));
            return new ReadResult(null, null, envelope, findings, false);
        }
        if (options.ValidateSchema && schemas is null)
            findings.Add(new Finding(SettleRules.SchemaUnavailable, Severity.Warning,
                "The UBL 2.1 schemas were not found (../shared/conformance); the schema was not checked.", null));
        findings.AddRange(schemaFindings);
        return new ReadResult(type, payload, envelope, findings, schemas is not null);
    }

    /// <summary>The UBL document type of a root element, or null for anything else.</summary>
    public static DocumentType? TypeOf(XElement root) => (root.Name.NamespaceName, root.Name.LocalName) switch
    {
        (UblNamespaces.Invoice, "Invoice") => DocumentType.Invoice,
        (UblNamespaces.CreditNote, "CreditNote") => DocumentType.CreditNote,
        (UblNamespaces.Order, "Order") => DocumentType.Order,
        (UblNamespaces.ApplicationResponse, "ApplicationResponse") => DocumentType.ApplicationResponse,
        _ => null,
    };

    private static string UnsupportedMessage(XElement root)
    {
        if (root.Name.NamespaceName == CiiNamespace || root.Name.LocalName == "CrossIndustryInvoice")
            return "UN/CEFACT Cross Industry Invoice (CII) is not supported: send a UBL 2.1 Invoice or CreditNote (PEPPOL BIS Billing 3).";
        return $"Root element '{root.Name.LocalName}' in namespace '{root.Name.NamespaceName}' is not supported: " +
               "expected a UBL 2.1 Invoice, CreditNote, Order or ApplicationResponse.";
    }

    /// <summary>
    /// Reads the document in one pass. The UBL document (the root, or each element an SBDH envelope
    /// carries beside its header) is read through a schema-validating reader, so the schema is
    /// checked while parsing and only on the UBL part: an envelope is never parsed twice nor its
    /// payload copied to be validated on its own.
    /// </summary>
    private static XElement Load(XmlReader reader, XmlReaderSettings? validation)
    {
        reader.MoveToContent();
        XElement root;
        if (reader.NodeType == XmlNodeType.Element && reader.LocalName == SbdhCodec.DocumentName.LocalName && reader.NamespaceURI == SbdhCodec.Namespace)
        {
            root = new XElement(SbdhCodec.DocumentName);
            if (!reader.IsEmptyElement)
            {
                reader.Read();
                while (reader.NodeType != XmlNodeType.EndElement)
                {
                    if (reader.NodeType != XmlNodeType.Element) { if (!reader.Read()) break; continue; }
                    if (reader.NamespaceURI == SbdhCodec.Namespace) root.Add(XNode.ReadFrom(reader)); // the header: past the element
                    else
                    {
                        root.Add(Validated(reader, validation));
                        reader.Read();
                    }
                }
            }
        }
        else root = Validated(reader, validation);
        while (reader.Read()) { } // the rest must be well-formed too
        return root;
    }

    /// <summary>The element the reader is on, read through the validating reader; the reader is left on its end.</summary>
    private static XElement Validated(XmlReader reader, XmlReaderSettings? validation)
    {
        if (validation is null)
        {
            using var plain = reader.ReadSubtree();
            plain.MoveToContent();
            return (XElement)XNode.ReadFrom(plain);
        }
        using var validating = XmlReader.Create(reader.ReadSubtree(), validation);
        validating.MoveToContent();
        return (XElement)XNode.ReadFrom(validating);
    }

    private static void AddSchemaFinding(List<Finding> findings, ValidationEventArgs e, InboundOptions options)
    {
        if (e.Severity != XmlSeverityType.Error) return;
        if (findings.Count == options.MaxSchemaFindings)
        {
            findings.Add(new Finding(SettleRules.Schema, Severity.Fatal, "More schema errors follow; only the first ones are listed.", null));
            return;
        }
        if (findings.Count > options.MaxSchemaFindings) return;
        var ex = e.Exception;
        var location = ex is not null && ex.LineNumber > 0 ? $"line {ex.LineNumber}, column {ex.LinePosition}" : null;
        findings.Add(new Finding(SettleRules.Schema, Severity.Fatal, $"UBL 2.1 schema: {e.Message}", location));
    }

    /// <summary>The verdict on a document of <paramref name="size"/> bytes over the limit, reached without reading it (SETTLE-XML-SIZE).</summary>
    public static ReadResult TooLarge(long size, InboundOptions? options = null) => TooLargeFor(size, options ?? InboundOptions.Default);

    private static ReadResult TooLargeFor(long size, InboundOptions options) => new(null, null, null,
        [new Finding(SettleRules.Size, Severity.Fatal, $"The document is {size:N0} bytes; the limit is {options.MaxBytes:N0} bytes.", null)], false);

    private static Finding ParseFailure(Exception ex, InboundOptions options)
    {
        var location = ex is XmlException { LineNumber: > 0 } x ? $"line {x.LineNumber}, column {x.LinePosition}" : null;
        return ex switch
        {
            XmlDepthExceededException d => new Finding(SettleRules.Depth, Severity.Fatal,
                $"Elements are nested deeper than {d.MaxDepth} levels; refused.", location),
            XmlException when ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("DOCTYPE", StringComparison.OrdinalIgnoreCase) =>
                new Finding(SettleRules.Dtd, Severity.Fatal, "The document has a DOCTYPE (DTD); DTDs and entity declarations are not allowed.", location),
            XmlException when ex.Message.Contains("MaxCharactersInDocument", StringComparison.Ordinal) =>
                new Finding(SettleRules.Size, Severity.Fatal, $"The document is longer than the limit of {options.MaxBytes:N0} characters.", location),
            XmlException when ex.Message.Contains("MaxCharactersFromEntities", StringComparison.Ordinal) =>
                new Finding(SettleRules.Dtd, Severity.Fatal, "Entity expansion is not allowed.", location),
            XmlException => new Finding(SettleRules.Malformed, Severity.Fatal, $"Not well-formed XML: {ex.Message}", location),
            _ => new Finding(SettleRules.Malformed, Severity.Fatal, $"The document cannot be read as XML: {ex.Message}", location),
        };
    }
}
