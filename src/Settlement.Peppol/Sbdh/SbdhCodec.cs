using System.Text;
using System.Xml;
using System.Xml.Linq;
using NodaTime;
using NodaTime.Text;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Validation;

namespace Settlement.Peppol.Sbdh;

/// <summary>
/// Wraps a UBL document in a Standard Business Document (PEPPOL envelope) and unwraps one.
/// Wrapping is deterministic (the instance id and creation time are passed in); unwrapping reports
/// problems as findings instead of throwing.
/// </summary>
public static class SbdhCodec
{
    public const string Namespace = "http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader";
    private static readonly XNamespace Ns = Namespace;
    public static readonly XName DocumentName = Ns + "StandardBusinessDocument";
    private static readonly InstantPattern Time = InstantPattern.ExtendedIso;

    private static readonly XmlWriterSettings WriterSettings = new()
    {
        Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "  ", NewLineChars = "\n", NewLineHandling = NewLineHandling.Replace,
    };

    /// <summary>
    /// Wraps UBL bytes in an SBDH; the payload's content is kept as is. Documents as
    /// <see cref="Ubl.UblWriter"/> writes them (an XML declaration, then the root element) are
    /// spliced into the envelope byte for byte instead of being parsed and written again: a
    /// national month wraps a quarter of a million documents, and the result is the same bytes.
    /// Anything else (comments or a byte order mark before the root, say) takes the parsing path.
    /// </summary>
    public static byte[] Wrap(byte[] ublDocument, SbdhEnvelope envelope)
    {
        if (RootElementRange(ublDocument) is not var (start, end))
        {
            var payload = XDocument.Parse(Encoding.UTF8.GetString(ublDocument), LoadOptions.PreserveWhitespace).Root!;
            return Write(Wrap(payload, envelope));
        }
        var shell = Write(Wrap(new XComment(PayloadMarker), envelope));
        var at = shell.AsSpan().IndexOf(PayloadMarkerBytes);
        var result = new byte[shell.Length - PayloadMarkerBytes.Length + (end - start)];
        shell.AsSpan(0, at).CopyTo(result);
        ublDocument.AsSpan(start, end - start).CopyTo(result.AsSpan(at));
        shell.AsSpan(at + PayloadMarkerBytes.Length).CopyTo(result.AsSpan(at + end - start));
        return result;
    }

    /// <summary>Stands where the payload goes; written as a comment at the payload's place and indentation.</summary>
    private const string PayloadMarker = "SETTLEMENT-PAYLOAD";
    private static readonly byte[] PayloadMarkerBytes = "<!--SETTLEMENT-PAYLOAD-->"u8.ToArray();

    /// <summary>
    /// Where the root element of a document that is exactly an XML declaration, one line end and
    /// the root (with trailing whitespace) starts and ends; null for any other shape.
    /// </summary>
    private static (int Start, int End)? RootElementRange(byte[] document)
    {
        var span = document.AsSpan();
        if (!span.StartsWith("<?xml "u8)) return null;
        int declarationEnd = span.IndexOf("?>"u8);
        if (declarationEnd < 0) return null;
        int start = declarationEnd + 2;
        if (start < span.Length && span[start] == (byte)'\r') start++;
        if (start < span.Length && span[start] == (byte)'\n') start++;
        if (start + 1 >= span.Length || span[start] != (byte)'<' || !char.IsAsciiLetter((char)span[start + 1])) return null;
        int end = span.Length;
        while (end > start && span[end - 1] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t') end--;
        if (end <= start || span[end - 1] != (byte)'>' || span.Slice(start, end - start).IndexOf("<!--SETTLEMENT-PAYLOAD-->"u8) >= 0) return null;
        return (start, end);
    }

    /// <summary>Wraps a UBL root element in an SBDH document.</summary>
    public static XDocument Wrap(XElement payload, SbdhEnvelope envelope) => Wrap((XNode)payload, envelope);

    private static XDocument Wrap(XNode payload, SbdhEnvelope envelope)
    {
        var scopes = new List<XElement>
        {
            Scope("DOCUMENTID", envelope.DocumentTypeIdentifier, "busdox-docid-qns"),
            Scope("PROCESSID", envelope.ProcessIdentifier, "cenbii-procid-ubl"),
        };
        if (envelope.CountryC1 is not null) scopes.Add(Scope("COUNTRY_C1", envelope.CountryC1, null));
        var header = new XElement(Ns + "StandardBusinessDocumentHeader",
            new XElement(Ns + "HeaderVersion", "1.0"),
            new XElement(Ns + "Sender", new XElement(Ns + "Identifier", new XAttribute("Authority", ParticipantId.Authority), envelope.Sender.ToString())),
            new XElement(Ns + "Receiver", new XElement(Ns + "Identifier", new XAttribute("Authority", ParticipantId.Authority), envelope.Receiver.ToString())),
            new XElement(Ns + "DocumentIdentification",
                new XElement(Ns + "Standard", envelope.Standard),
                new XElement(Ns + "TypeVersion", envelope.TypeVersion),
                new XElement(Ns + "InstanceIdentifier", envelope.InstanceIdentifier),
                new XElement(Ns + "Type", envelope.Type),
                new XElement(Ns + "CreationDateAndTime", Time.Format(envelope.CreationDateAndTime))),
            new XElement(Ns + "BusinessScope", scopes));
        return new XDocument(new XDeclaration("1.0", "UTF-8", null),
            new XElement(DocumentName, new XAttribute("xmlns", Namespace), header, payload is XElement e ? new XElement(e) : payload));
    }

    private static XElement Scope(string type, string instance, string? identifier) => new(Ns + "Scope",
        new XElement(Ns + "Type", type),
        new XElement(Ns + "InstanceIdentifier", instance),
        identifier is null ? null : new XElement(Ns + "Identifier", identifier));

    public static byte[] Write(XDocument document)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, WriterSettings)) document.Save(writer);
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>True when the element is an SBDH StandardBusinessDocument.</summary>
    public static bool IsEnvelope(XElement root) => root.Name == DocumentName;

    /// <summary>
    /// Splits a StandardBusinessDocument into its envelope and its single payload element. Missing or
    /// unreadable header fields give <see cref="SettleRules.Sbdh"/> findings; the payload is returned
    /// whenever there is exactly one.
    /// </summary>
    public static (SbdhEnvelope? Envelope, XElement? Payload) Unwrap(XElement root, List<Finding> findings)
    {
        var header = root.Element(Ns + "StandardBusinessDocumentHeader");
        var payloads = root.Elements().Where(e => e.Name != Ns + "StandardBusinessDocumentHeader").ToList();
        XElement? payload = null;
        if (payloads.Count == 1) payload = payloads[0];
        else findings.Add(new Finding(SettleRules.Sbdh, Severity.Fatal,
            payloads.Count == 0 ? "The SBDH envelope carries no document." : $"The SBDH envelope carries {payloads.Count} documents; exactly one is allowed.", "/StandardBusinessDocument"));
        if (header is null)
        {
            findings.Add(new Finding(SettleRules.Sbdh, Severity.Fatal, "The SBDH has no StandardBusinessDocumentHeader.", "/StandardBusinessDocument"));
            return (null, payload);
        }
        var sender = Participant(header.Element(Ns + "Sender")?.Element(Ns + "Identifier"), "Sender", findings);
        var receiver = Participant(header.Element(Ns + "Receiver")?.Element(Ns + "Identifier"), "Receiver", findings);
        var ident = header.Element(Ns + "DocumentIdentification");
        var scopes = header.Element(Ns + "BusinessScope")?.Elements(Ns + "Scope").ToList() ?? [];
        string? ScopeValue(string type) => scopes.FirstOrDefault(s => (string?)s.Element(Ns + "Type") == type)?.Element(Ns + "InstanceIdentifier")?.Value.Trim();
        var created = Instant.MinValue;
        var createdText = ident?.Element(Ns + "CreationDateAndTime")?.Value.Trim();
        if (createdText is not null)
        {
            var parsed = OffsetDateTimePattern.ExtendedIso.Parse(createdText);
            if (parsed.Success) created = parsed.Value.ToInstant();
            else if (Time.Parse(createdText) is { Success: true } utc) created = utc.Value;
        }
        var docType = ScopeValue("DOCUMENTID");
        var process = ScopeValue("PROCESSID");
        if (docType is null) findings.Add(new Finding(SettleRules.Sbdh, Severity.Warning, "The SBDH names no DOCUMENTID scope.", "/StandardBusinessDocument/StandardBusinessDocumentHeader/BusinessScope"));
        if (sender is null || receiver is null) return (null, payload);
        return (new SbdhEnvelope(sender.Value, receiver.Value, docType ?? "", process ?? "",
            ident?.Element(Ns + "InstanceIdentifier")?.Value.Trim() ?? "", created,
            ident?.Element(Ns + "Standard")?.Value.Trim() ?? "", ident?.Element(Ns + "Type")?.Value.Trim() ?? "",
            ident?.Element(Ns + "TypeVersion")?.Value.Trim() ?? "", ScopeValue("COUNTRY_C1")), payload);
    }

    private static ParticipantId? Participant(XElement? identifier, string role, List<Finding> findings)
    {
        if (identifier is not null && ParticipantId.TryParse(identifier.Value, out var id)) return id;
        findings.Add(new Finding(SettleRules.Sbdh, Severity.Fatal,
            identifier is null ? $"The SBDH has no {role} identifier." : $"The SBDH {role} identifier '{identifier.Value.Trim()}' is not a PEPPOL participant id.",
            $"/StandardBusinessDocument/StandardBusinessDocumentHeader/{role}"));
        return null;
    }
}
