using System.Xml.Linq;
using Settlement.Peppol.Sbdh;
using Settlement.Peppol.Validation;

namespace Settlement.Peppol.Reading;

/// <summary>
/// What reading an inbound document gave: the UBL document (unwrapped from its SBDH when there was
/// one), its type, the envelope, and every finding so far (parse, size, depth, DTD, envelope,
/// schema). <see cref="Document"/> is null when nothing usable could be read.
/// </summary>
public sealed record ReadResult(DocumentType? Type, XElement? Document, SbdhEnvelope? Envelope, IReadOnlyList<Finding> Findings, bool SchemaValidated)
{
    public bool HasFatal => Findings.Any(f => f.IsFatal);
}
