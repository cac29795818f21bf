using NodaTime;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Validation;

namespace Settlement.Peppol.Sbdh;

/// <summary>
/// The PEPPOL envelope (Standard Business Document Header) of one document: sender and receiver
/// participant ids, the document type identifier and process identifier, the instance id and the
/// creation time — what an access point needs to route the document, per the PEPPOL Envelope
/// Specification (SBDH 1.2).
/// </summary>
public sealed record SbdhEnvelope(
    ParticipantId Sender,
    ParticipantId Receiver,
    string DocumentTypeIdentifier,
    string ProcessIdentifier,
    string InstanceIdentifier,
    Instant CreationDateAndTime,
    string Standard,
    string Type,
    string TypeVersion = "2.1",
    string? CountryC1 = "SE")
{
    /// <summary>The envelope for a document type the service sends, with PEPPOL's document type and process ids.</summary>
    public static SbdhEnvelope For(DocumentType type, ParticipantId sender, ParticipantId receiver, string instanceIdentifier,
        Instant created, string? countryC1 = "SE")
    {
        var (standard, root, customization, process) = Identifiers(type);
        return new SbdhEnvelope(sender, receiver, $"{standard}::{root}##{customization}::2.1", process, instanceIdentifier,
            created, standard, root, "2.1", countryC1);
    }

    /// <summary>UBL namespace, root name, customization id and process id per document type.</summary>
    public static (string Standard, string Root, string Customization, string Process) Identifiers(DocumentType type) => type switch
    {
        DocumentType.Order => (Ubl.UblNamespaces.Order, "Order", Ubl.Order.Customization, Ubl.Order.Profile),
        DocumentType.Invoice => (Ubl.UblNamespaces.Invoice, "Invoice", Ubl.Invoice.Customization, Ubl.Invoice.Profile),
        DocumentType.CreditNote => (Ubl.UblNamespaces.CreditNote, "CreditNote", Ubl.Invoice.Customization, Ubl.Invoice.Profile),
        DocumentType.ApplicationResponse => (Ubl.UblNamespaces.ApplicationResponse, "ApplicationResponse", Ubl.ApplicationResponse.Customization, Ubl.ApplicationResponse.Profile),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
