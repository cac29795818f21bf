using System.Xml.Serialization;
using static Settlement.Peppol.Ubl.UblNamespaces;

namespace Settlement.Peppol.Ubl;

/// <summary>UBL 2.1 ApplicationResponse as PEPPOL BIS Invoice Response 3 (T111) uses it.</summary>
[XmlRoot("ApplicationResponse", Namespace = UblNamespaces.ApplicationResponse)]
[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class ApplicationResponse
{
    public const string Customization = "urn:fdc:peppol.eu:poacc:trns:invoice_response:3";
    public const string Profile = "urn:fdc:peppol.eu:poacc:bis:invoice_response:3";

    [XmlElement(Namespace = Cbc)] public string? CustomizationID { get; set; } = Customization;
    [XmlElement(Namespace = Cbc)] public string? ProfileID { get; set; } = Profile;
    [XmlElement(Namespace = Cbc)] public string? ID { get; set; }
    [XmlElement(Namespace = Cbc)] public string? IssueDate { get; set; }
    [XmlElement(Namespace = Cbc)] public string? IssueTime { get; set; }
    [XmlElement(Namespace = Cbc)] public string? Note { get; set; }
    [XmlElement(Namespace = Cac)] public ResponseParty? SenderParty { get; set; }
    [XmlElement(Namespace = Cac)] public ResponseParty? ReceiverParty { get; set; }
    [XmlElement(Namespace = Cac)] public DocumentResponse? DocumentResponse { get; set; }
}

/// <summary>The sender/receiver party of an Invoice Response: endpoint and legal name only.</summary>
[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class ResponseParty
{
    [XmlElement(Namespace = Cbc)] public Identifier? EndpointID { get; set; }
    [XmlElement(Namespace = Cac)] public PartyIdentification? PartyIdentification { get; set; }
    [XmlElement(Namespace = Cac)] public PartyLegalEntity? PartyLegalEntity { get; set; }
}

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class DocumentResponse
{
    [XmlElement(Namespace = Cac)] public Response? Response { get; set; }
    [XmlElement(Namespace = Cac)] public DocumentReference? DocumentReference { get; set; }
    [XmlElement(Namespace = Cac)] public ResponseParty? IssuerParty { get; set; }
}

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class Response
{
    [XmlElement(Namespace = Cbc)] public string? ResponseCode { get; set; }
    [XmlElement(Namespace = Cbc)] public string? EffectiveDate { get; set; }
    [XmlElement(Namespace = Cac)] public List<Status> Status { get; set; } = [];
}

[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class Status
{
    [XmlElement(Namespace = Cbc)] public Code? StatusReasonCode { get; set; }
    [XmlElement(Namespace = Cbc)] public string? StatusReason { get; set; }
}
